#pragma once

#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace gatehouse::gateway {

// Families built at scrape time from the process's own counters (no registry): what
// /metrics pages are made of.
prometheus::MetricFamily metricFamily(std::string name, std::string help, prometheus::MetricType type);
// One sample; labels sorted as prometheus-cpp's own families print them.
void addSample(prometheus::MetricFamily& family, std::vector<prometheus::ClientMetric::Label> labels, double value);

} // namespace gatehouse::gateway
