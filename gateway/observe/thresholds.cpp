#include "observe/thresholds.h"

namespace gatehouse::gateway {

const char* serviceStatusName(ServiceStatus status) {
    switch (status) {
    case ServiceStatus::green: return "green";
    case ServiceStatus::amber: return "amber";
    case ServiceStatus::red: return "red";
    }
    return "?";
}

std::vector<ThresholdInfo> describeThresholds(const Thresholds& t) {
    return {
        {"error_ratio", t.errorRatioWarning, t.errorRatioCritical, "ratio",
         "The share of requests the service answered with a 5xx status over the window.",
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
         "See each destination's last check result and consecutive failures on the service page."},
    };
}

ServiceAssessment assessService(const SeriesRing::Totals& totals, const Thresholds& t, int timeoutSeconds,
                                std::size_t healthy, std::size_t destinations) {
    ServiceAssessment out;
    auto raise = [&](ServiceStatus level, const std::string& key) {
        out.status = std::max(out.status, level);
        out.reasons.push_back(key + (level == ServiceStatus::red ? ":critical" : ":warning"));
    };
    out.requestRate = static_cast<double>(totals.requests) / static_cast<double>(std::max<std::int64_t>(1, t.windowSeconds));
    out.p99Ms = totals.percentileMs(0.99);
    if (totals.requests > 0) {
        out.errorRatio = static_cast<double>(totals.status5xx) / static_cast<double>(totals.requests);
        out.gatewayFailureRatio = static_cast<double>(totals.gatewayFailures) / static_cast<double>(totals.requests);
    }
    if (static_cast<std::int64_t>(totals.requests) >= t.minRequests) {
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
    if (destinations > 0 && healthy == 0) raise(ServiceStatus::red, "destinations");
    else if (healthy < destinations) raise(ServiceStatus::amber, "destinations");
    return out;
}

} // namespace gatehouse::gateway
