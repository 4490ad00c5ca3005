#include "observe/thresholds.h"

#include <boost/json.hpp>

#include "health/destination_health.h"

namespace gatehouse::gateway {

const char* serviceStatusName(ServiceStatus status) {
    switch (status) {
    case ServiceStatus::green: return "green";
    case ServiceStatus::idle: return "idle";
    case ServiceStatus::amber: return "amber";
    case ServiceStatus::red: return "red";
    }
    return "?";
}

std::vector<ThresholdInfo> describeThresholds(const Thresholds& t) {
    return {
        {"error_ratio", t.errorRatioWarning, t.errorRatioCritical, "ratio",
         "The share of requests the service itself answered with a 5xx status over the window. The gateway's own "
         "502/503/504 (the service did not answer) are not in it: they are the gateway failure ratio.",
         "Open the service's trail filtered to 5xx: one route or one destination failing points at a deploy or a "
         "dependency; all of them at the service itself."},
        {"gateway_failure_ratio", t.gatewayFailureRatioWarning, t.gatewayFailureRatioCritical, "ratio",
         "The share of requests the gateway answered itself because the service did not: connection refused or reset "
         "(502), no healthy destination (503), no answer within the service timeout (504).",
         "Check the destinations' health and the termination causes in the trail summary: 504s mean slowness, 502s "
         "crashes or restarts, 503s every destination ejected."},
        {"p99_latency", t.p99TimeoutWarning, t.p99TimeoutCritical, "fraction of the service timeout",
         "The 99th percentile of request duration, compared with the service's timeout_seconds: near the timeout, "
         "slow requests are about to become 504s.",
         "Look at the slowest routes in the trail summary and at the service's own dependencies (database, queues)."},
        {"destinations", 1, 0, "healthy destinations",
         "Amber when some destinations fail their health checks, red when none is healthy.",
         "See each destination's last check result, since when it is unhealthy and its health history on the "
         "service page."},
        {"destination_flapping", static_cast<double>(t.flappingChanges), static_cast<double>(t.flappingChanges),
         "health changes within the flapping window",
         "A destination keeps changing between healthy and unhealthy: requests to it fail intermittently, and each "
         "ejection moves its share of the traffic onto the others.",
         "Read the destination's health history for the failing check's result: a crash loop, a health check timing "
         "out near its limit, or a dependency that fails now and then."},
    };
}

DestinationCounts countDestinations(const std::vector<std::shared_ptr<DestinationHealth>>& destinations, const Thresholds& t,
                                    std::int64_t nowMs) {
    DestinationCounts out;
    out.total = destinations.size();
    const std::int64_t since = nowMs - t.flappingWindowSeconds * 1000;
    for (const auto& d : destinations) {
        out.healthy += d->healthy.load() ? 1 : 0;
        out.flapping += static_cast<std::int64_t>(d->changesSince(since)) >= t.flappingChanges ? 1 : 0;
    }
    return out;
}

ServiceAssessment assessService(const SeriesRing::Totals& totals, const Thresholds& t, int timeoutSeconds,
                                DestinationCounts destinations) {
    ServiceAssessment out;
    auto raise = [&](ServiceStatus level, const std::string& key) {
        out.status = std::max(out.status, level);
        out.reasons.push_back(key + (level == ServiceStatus::red ? ":critical" : ":warning"));
    };
    out.requestRate = static_cast<double>(totals.requests) / static_cast<double>(std::max<std::int64_t>(1, t.windowSeconds));
    out.p99Ms = totals.percentileMs(0.99);
    if (totals.requests > 0) {
        out.errorRatio = static_cast<double>(totals.service5xx) / static_cast<double>(totals.requests);
        out.gatewayFailureRatio = static_cast<double>(totals.gatewayFailures) / static_cast<double>(totals.requests);
    }
    out.enoughTraffic = static_cast<std::int64_t>(totals.requests) >= t.minRequests;
    if (!out.enoughTraffic) out.status = ServiceStatus::idle;
    if (out.enoughTraffic) {
        if (*out.errorRatio >= t.errorRatioCritical) raise(ServiceStatus::red, "error_ratio");
        else if (*out.errorRatio >= t.errorRatioWarning) raise(ServiceStatus::amber, "error_ratio");
        if (*out.gatewayFailureRatio >= t.gatewayFailureRatioCritical) raise(ServiceStatus::red, "gateway_failure_ratio");
        else if (*out.gatewayFailureRatio >= t.gatewayFailureRatioWarning) raise(ServiceStatus::amber, "gateway_failure_ratio");
        if (out.p99Ms && timeoutSeconds > 0) {
            const double fraction = static_cast<double>(*out.p99Ms) / (timeoutSeconds * 1000.0);
            if (fraction >= t.p99TimeoutCritical) raise(ServiceStatus::red, "p99_latency");
            else if (fraction >= t.p99TimeoutWarning) raise(ServiceStatus::amber, "p99_latency");
        }
    }
    // A flapping destination is one condition, held while it flaps (critical while nothing
    // is healthy), instead of an alert that restarts at every change.
    const bool noneHealthy = destinations.total > 0 && destinations.healthy == 0;
    if (destinations.flapping > 0) raise(noneHealthy ? ServiceStatus::red : ServiceStatus::amber, "destination_flapping");
    else if (noneHealthy) raise(ServiceStatus::red, "destinations");
    else if (destinations.healthy < destinations.total) raise(ServiceStatus::amber, "destinations");
    return out;
}

boost::json::object assessmentJson(const ServiceAssessment& a, const SeriesRing::Totals& totals) {
    namespace json = boost::json;
    const auto optional = [](const auto& value) { return value ? json::value(*value) : json::value(nullptr); };
    json::array reasons;
    for (const std::string& reason : a.reasons) reasons.push_back(json::string(reason));
    return json::object{{"status", serviceStatusName(a.status)},
                        {"reasons", std::move(reasons)},
                        {"request_rate", a.requestRate},
                        {"enough_traffic", a.enoughTraffic},
                        {"error_ratio", optional(a.errorRatio)},
                        {"gateway_failure_ratio", optional(a.gatewayFailureRatio)},
                        {"p99_ms", optional(a.p99Ms)},
                        {"requests", totals.requests},
                        {"status_5xx", totals.status5xx},
                        {"service_5xx", totals.service5xx},
                        {"gateway_failures", totals.gatewayFailures},
                        {"latency_counts", json::array(totals.latency.begin(), totals.latency.end())}};
}

boost::json::object thresholdsJson(const Thresholds& t) {
    namespace json = boost::json;
    json::array list;
    for (const ThresholdInfo& info : describeThresholds(t)) {
        list.push_back(json::object{{"key", info.key}, {"warning", info.warning}, {"critical", info.critical}, {"unit", info.unit},
                                    {"meaning", info.meaning}, {"hint", info.hint}});
    }
    return json::object{{"thresholds", std::move(list)}, {"window_seconds", t.windowSeconds}, {"min_requests", t.minRequests},
                        {"flapping_window_seconds", t.flappingWindowSeconds}};
}

boost::json::object serviceThresholdsJson(const Thresholds& t, int timeoutSeconds) {
    namespace json = boost::json;
    const auto band = [](double warning, double critical) { return json::object{{"warning", warning}, {"critical", critical}}; };
    return json::object{{"error_ratio", band(t.errorRatioWarning, t.errorRatioCritical)},
                        {"gateway_failure_ratio", band(t.gatewayFailureRatioWarning, t.gatewayFailureRatioCritical)},
                        {"p99_latency_ms", band(t.p99TimeoutWarning * timeoutSeconds * 1000, t.p99TimeoutCritical * timeoutSeconds * 1000)},
                        {"min_requests", t.minRequests},
                        {"window_seconds", t.windowSeconds},
                        {"flapping_changes", t.flappingChanges},
                        {"flapping_window_seconds", t.flappingWindowSeconds}};
}

} // namespace gatehouse::gateway
