#pragma once

#include "observe/service_series.h"

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {
struct DestinationHealth;

// When a service turns amber or red on the dashboards, and why (docs/observability.md).
// Ratios and p99 are taken over the last `window_seconds`; ratios only count once the
// window holds `min_requests` (a single failure of two is not an outage).
struct Thresholds {
    double errorRatioWarning = 0.01;            // "error_ratio": 5xx the service answered / requests
    double errorRatioCritical = 0.05;
    double gatewayFailureRatioWarning = 0.01;   // "gateway_failure_ratio": answers the gateway made itself
    double gatewayFailureRatioCritical = 0.05;
    double p99TimeoutWarning = 0.5;             // "p99_latency": p99 as a fraction of the service timeout
    double p99TimeoutCritical = 0.8;
    std::int64_t minRequests = 20;
    std::int64_t windowSeconds = 300;
    std::int64_t alertForSeconds = 60;  // a condition held this long fires
    std::int64_t evaluateSeconds = 5;   // how often alerts are evaluated
    // A destination whose health changed this often within the window is flapping: one
    // alert that holds while it flaps, instead of one that restarts at every change.
    std::int64_t flappingChanges = 4;
    std::int64_t flappingWindowSeconds = 600;
};

// `idle`: fewer than min_requests in the window and nothing else wrong: not known to be
// healthy (no traffic is not evidence), shown as "no data" and never as green.
enum class ServiceStatus { green, idle, amber, red };
const char* serviceStatusName(ServiceStatus status);

// Every threshold with its explanation, in English, under stable keys (the console
// translates by key).
struct ThresholdInfo {
    std::string key;
    double warning = 0;
    double critical = 0;
    std::string unit;
    std::string meaning;
    std::string hint;
};
std::vector<ThresholdInfo> describeThresholds(const Thresholds& thresholds);

struct ServiceAssessment {
    ServiceStatus status = ServiceStatus::green;
    bool enoughTraffic = false;       // min_requests in the window: the ratios and p99 were judged
    std::vector<std::string> reasons; // "error_ratio:critical", "destinations:warning", ...
    double requestRate = 0;           // per second over the window
    std::optional<double> errorRatio;  // the service's own 5xx
    std::optional<double> gatewayFailureRatio;
    std::optional<std::int64_t> p99Ms;
};

struct DestinationCounts {
    std::size_t healthy = 0;
    std::size_t total = 0;
    std::size_t flapping = 0;
};

// Flapping: at least flapping_changes health changes within flapping_window_seconds.
DestinationCounts countDestinations(const std::vector<std::shared_ptr<DestinationHealth>>& destinations,
                                    const Thresholds& thresholds, std::int64_t nowMs);

// A service's figures as the admin API and the collector's fleet view write them: the
// assessment with the counts it was made from (latency_counts: mergeable buckets).
boost::json::object assessmentJson(const ServiceAssessment& assessment, const SeriesRing::Totals& totals);

// GET /api/v1/thresholds and the collector's /v1/thresholds: every threshold explained,
// with the window they are judged over.
boost::json::object thresholdsJson(const Thresholds& thresholds);
// The bands one service is judged by (its p99 bands follow its timeout).
boost::json::object serviceThresholdsJson(const Thresholds& thresholds, int timeoutSeconds);

ServiceAssessment assessService(const SeriesRing::Totals& totals, const Thresholds& thresholds, int timeoutSeconds,
                                DestinationCounts destinations);

} // namespace gatehouse::gateway
