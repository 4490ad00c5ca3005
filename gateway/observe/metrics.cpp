#include "observe/metrics.h"

#include "common/clock.h"
#include "observe/service_series.h"
#include "observe/trail.h"


#include <algorithm>
#include <chrono>

namespace gatehouse::gateway {
namespace {

// 1 ms to 60 s: the range between a cache hit and the longest service timeout.
const prometheus::Histogram::BucketBoundaries kSeconds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                          0.5,   1,      2.5,   5,    10,    20,   30,  60};

std::string statusClass(int status) {
    return status == 0 ? "none" : std::string(1, static_cast<char>('0' + status / 100)) + "xx";
}

} // namespace

RequestMetrics::RequestMetrics() {
    prometheus::Registry& r = *registry_;
    requests = &prometheus::BuildCounter()
                    .Name("gatehouse_requests_total")
                    .Help("Requests answered, by service, route (JSON path in the service config) and status code.")
                    .Register(r);
    duration = &prometheus::BuildHistogram()
                    .Name("gatehouse_request_duration_seconds")
                    .Help("From the request head read to the last response byte written.")
                    .Register(r);
    upstream = &prometheus::BuildHistogram()
                    .Name("gatehouse_upstream_response_seconds")
                    .Help("From the request sent upstream to the response head received.")
                    .Register(r);
    bytesIn = &prometheus::BuildCounter()
                   .Name("gatehouse_request_bytes_total")
                   .Help("Bytes read from clients (head and body).")
                   .Register(r);
    bytesOut = &prometheus::BuildCounter()
                    .Name("gatehouse_response_bytes_total")
                    .Help("Bytes written to clients.")
                    .Register(r);
    failures = &prometheus::BuildCounter()
                    .Name("gatehouse_gateway_failures_total")
                    .Help("Requests the gateway ended itself, by termination cause (no route, filter denied, upstream timeout, ...).")
                    .Register(r);
    active = &prometheus::BuildGauge()
                  .Name("gatehouse_active_requests")
                  .Help("Requests in progress.")
                  .Register(r)
                  .Add({});
}

void WorkerMetrics::record(const TrailEntry& request) {
    // Views: label strings are made only when a label set is seen for the first time.
    const std::string_view serviceView = request.service.empty() ? std::string_view("(none)") : request.service;
    const std::string_view routeView = request.route.empty() ? std::string_view("(none)") : request.route;
    auto labelsOf = [&] { return std::pair{std::string(serviceView), std::string(routeView)}; };
    key_.assign(serviceView).append("\x1f").append(routeView);
    auto it = routes_.find(key_);
    if (it == routes_.end()) {
        Route route;
        const auto [service, routeName] = labelsOf();
        const prometheus::Labels labels{{"service", service}, {"route", routeName}};
        route.duration = &metrics_.duration->Add(labels, kSeconds);
        route.upstream = &metrics_.upstream->Add(labels, kSeconds);
        route.bytesIn = &metrics_.bytesIn->Add(labels);
        route.bytesOut = &metrics_.bytesOut->Add(labels);
        if (!request.service.empty()) route.series = &series_.get(std::string(request.service));
        it = routes_.emplace(key_, std::move(route)).first;
    }
    Route& route = it->second;
    auto code = route.byStatus.find(request.status);
    if (code == route.byStatus.end()) {
        const auto [service, routeName] = labelsOf();
        code = route.byStatus
                   .emplace(request.status,
                            &metrics_.requests->Add({{"service", service}, {"route", routeName},
                                                     {"code", std::to_string(request.status)}, {"class", statusClass(request.status)}}))
                   .first;
    }
    code->second->Increment();
    route.duration->Observe(static_cast<double>(request.durationUs) / 1e6);
    if (route.series) route.series->add(request.timeMs / 1000, request.status, gatewayFailureOf(request.termination), request.durationUs,
                                       request.ttfbUs >= 0);
    if (request.ttfbUs >= 0) route.upstream->Observe(static_cast<double>(request.ttfbUs) / 1e6);
    route.bytesIn->Increment(static_cast<double>(request.bytesIn));
    route.bytesOut->Increment(static_cast<double>(request.bytesOut));
    // A WebSocket tunnel's end (either side closing, its idle or maximum time) is its life, not a failure.
    if (request.termination != "completed" && !request.termination.starts_with("websocket_")) {
        const std::string termination(request.termination);
        auto failure = route.failures.find(termination);
        if (failure == route.failures.end()) {
            const auto [service, routeName] = labelsOf();
            failure = route.failures
                          .emplace(termination,
                                   &metrics_.failures->Add({{"service", service}, {"route", routeName}, {"cause", termination}}))
                          .first;
        }
        failure->second->Increment();
    }
}

} // namespace gatehouse::gateway
