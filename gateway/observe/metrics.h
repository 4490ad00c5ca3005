#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace gatehouse::gateway {

struct TrailEntry;
class SeriesStore;
struct ServiceSeries;

// The request-path metrics (prometheus-cpp core), shared by every worker. Label sets
// are bounded: service and route (a JSON path of the service's config), status code
// and class, termination cause — never raw paths or user ids (docs/metrics.md).
class RequestMetrics {
public:
    RequestMetrics();

    prometheus::Registry& registry() { return *registry_; }

    std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
    prometheus::Family<prometheus::Counter>* requests = nullptr;    // service, route, code, class
    prometheus::Family<prometheus::Histogram>* duration = nullptr;  // service, route
    prometheus::Family<prometheus::Histogram>* upstream = nullptr;  // service, route: time to the response head
    prometheus::Family<prometheus::Counter>* bytesIn = nullptr;     // service, route
    prometheus::Family<prometheus::Counter>* bytesOut = nullptr;    // service, route
    prometheus::Family<prometheus::Counter>* failures = nullptr;    // service, route, cause: answers the gateway made
    prometheus::Gauge* active = nullptr;                            // requests in progress
};

// One worker's handles into RequestMetrics: a label set is looked up (under the
// family's lock) once, then reused without locks.
class WorkerMetrics {
public:
    WorkerMetrics(RequestMetrics& metrics, SeriesStore& series) : metrics_(metrics), series_(series) {}
    void record(const TrailEntry& request);

private:
    struct Route {
        prometheus::Histogram* duration = nullptr;
        prometheus::Histogram* upstream = nullptr;
        prometheus::Counter* bytesIn = nullptr;
        prometheus::Counter* bytesOut = nullptr;
        std::unordered_map<int, prometheus::Counter*> byStatus;
        std::unordered_map<std::string, prometheus::Counter*> failures;
        ServiceSeries* series = nullptr; // null for requests without a route
    };
    RequestMetrics& metrics_;
    SeriesStore& series_;
    std::unordered_map<std::string, Route> routes_; // "service\x1froute"
    std::string key_;
};


} // namespace gatehouse::gateway
