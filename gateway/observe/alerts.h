#pragma once

#include "observe/thresholds.h"

#include <boost/json/array.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gatehouse::gateway {

struct GatewayState;

// The gateway's own alerts: the threshold bands of every service, evaluated on the
// control thread every few seconds. A condition that holds becomes `pending`; held for
// `for_seconds` it is `firing`; when it clears, a firing alert is `resolved`. Every
// state change is logged and handed to `onChange` (the admin store keeps the history).
class AlertEvaluator {
public:
    struct Alert {
        std::string service;
        std::string rule;      // threshold key: error_ratio, gateway_failure_ratio, p99_latency, destinations, shadow_mismatches
        std::string severity;  // warning | critical
        std::string state;     // pending | firing | resolved
        std::int64_t sinceMs = 0;     // the condition began
        std::int64_t firedMs = 0;     // 0: not (yet) fired
        std::int64_t resolvedMs = 0;  // 0: not resolved
    };
    using Listener = std::function<void(const Alert&)>;

    AlertEvaluator(std::int64_t forSeconds, Listener onChange) : forSeconds_(forSeconds), onChange_(std::move(onChange)) {}

    // One evaluation of every service of the current table at `nowMs`.
    void evaluate(GatewayState& state, std::int64_t nowMs);
    // Pending and firing alerts, then the most recently resolved (at most 100), as JSON;
    // `stateFilter` empty for all.
    boost::json::array list(const std::string& stateFilter) const;

private:
    void observe(const std::string& service, const std::string& rule, const std::string& severity, bool active, std::int64_t nowMs);

    std::int64_t forSeconds_;
    Listener onChange_;
    std::map<std::pair<std::string, std::string>, Alert> open_; // (service, rule) -> pending or firing
    std::deque<Alert> resolved_;
    std::map<std::string, std::uint64_t> mismatchesSeen_; // service -> shadow mismatch count at the last evaluation
};

} // namespace gatehouse::gateway
