#include "observe/metric_family.h"

#include <algorithm>

namespace gatehouse::gateway {

prometheus::MetricFamily metricFamily(std::string name, std::string help, prometheus::MetricType type) {
    prometheus::MetricFamily f;
    f.name = std::move(name);
    f.help = std::move(help);
    f.type = type;
    return f;
}

void addSample(prometheus::MetricFamily& f, std::vector<prometheus::ClientMetric::Label> labels, double value) {
    prometheus::ClientMetric metric;
    std::sort(labels.begin(), labels.end());
    metric.label = std::move(labels);
    if (f.type == prometheus::MetricType::Counter) metric.counter.value = value;
    else metric.gauge.value = value;
    f.metric.push_back(std::move(metric));
}

} // namespace gatehouse::gateway
