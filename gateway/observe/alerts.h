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

struct TableSnapshot;
class SeriesStore;

// The gateway's own alerts: the threshold bands of every service, evaluated on the
// control thread every few seconds. A condition that holds becomes `pending`; held for
// `for_seconds` it is `firing`; when it clears, a firing alert is `resolved`. Every
// state change is logged and handed to `onChange` (the admin store keeps the history).
// Silence is not health: a rule judged on traffic (ratios, p99) cannot clear without
// min_requests in the window. A firing alert without that evidence stays firing (marked
// no_traffic_since) and resolves as `no_traffic` only after a whole window of silence.
class AlertEvaluator {
public:
    struct Alert {
        std::string service;
        std::string rule;      // threshold key: error_ratio, gateway_failure_ratio, p99_latency, destinations,
                               // destination_flapping, shadow_mismatches
        std::string severity;  // warning | critical
        std::string state;     // pending | firing | resolved
        std::int64_t sinceMs = 0;     // the condition began
        std::int64_t firedMs = 0;     // 0: not (yet) fired
        std::int64_t resolvedMs = 0;  // 0: not resolved
        std::int64_t noTrafficSinceMs = 0; // firing without enough traffic to judge it since
        std::string resolution;       // resolved: "healthy" (evidence) or "no_traffic"
        std::string ackBy, ackNote;   // acknowledged by someone on call, with a note
        std::int64_t ackAtMs = 0;
    };
    enum class Condition { holds, clear, unknown };
    using Listener = std::function<void(const Alert&)>;
    // The state as the history records it: pending, firing, no_traffic (firing without
    // traffic to judge it), resolved, resolved_no_traffic.
    static std::string historyState(const Alert& alert);

    AlertEvaluator(std::int64_t forSeconds, Listener onChange) : forSeconds_(forSeconds), onChange_(std::move(onChange)) {}

    // One evaluation of every service of `snapshot`'s table at `nowMs`.
    // `shadowMismatches`: each service's shadow-mode mismatches counted so far.
    void evaluate(const TableSnapshot& snapshot, const Thresholds& thresholds, const SeriesStore& series,
                  const std::map<std::string, std::uint64_t>& shadowMismatches, std::int64_t nowMs);
    // The traffic and destination rules of one service, from its assessment.
    void judge(const std::string& service, const ServiceAssessment& assessment, std::int64_t nowMs, std::int64_t windowMs);
    // Someone is on it: marks the open alert (service, rule) acknowledged, with who and a
    // note shown to everyone; the mark stays with it when it resolves. False when there is
    // no such open alert.
    bool acknowledge(const std::string& service, const std::string& rule, const std::string& by, const std::string& note,
                     std::int64_t nowMs);
    bool isOpen(const std::string& service, const std::string& rule) const { return open_.contains(std::make_pair(service, rule)); }
    // Pending and firing alerts, then the most recently resolved (at most 100), as JSON;
    // `stateFilter` empty for all.
    boost::json::array list(const std::string& stateFilter) const;

private:
    void observe(const std::string& service, const std::string& rule, const std::string& severity, Condition condition,
                 std::int64_t nowMs, std::int64_t windowMs);
    void resolve(std::map<std::pair<std::string, std::string>, Alert>::iterator it, std::string resolution, std::int64_t nowMs);

    std::int64_t forSeconds_;
    Listener onChange_;
    std::map<std::pair<std::string, std::string>, Alert> open_; // (service, rule) -> pending or firing
    std::deque<Alert> resolved_;
    std::map<std::string, std::uint64_t> mismatchesSeen_; // service -> shadow mismatch count at the last evaluation
};

} // namespace gatehouse::gateway
