#include "observe/alerts.h"

#include "health/destination_health.h"
#include "observe/service_series.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace json = boost::json;

std::string AlertEvaluator::historyState(const Alert& alert) {
    if (alert.state == "resolved") return alert.resolution == "no_traffic" ? "resolved_no_traffic" : "resolved";
    if (alert.state == "firing" && alert.noTrafficSinceMs != 0) return "no_traffic";
    return alert.state;
}

void AlertEvaluator::observe(const std::string& service, const std::string& rule, const std::string& severity,
                             Condition condition, std::int64_t nowMs, std::int64_t windowMs) {
    const auto key = std::make_pair(service, rule);
    auto it = open_.find(key);
    if (condition == Condition::holds) {
        if (it == open_.end()) {
            Alert alert{service, rule, severity, "pending", nowMs, 0, 0, 0, {}, {}, {}, 0};
            it = open_.emplace(key, alert).first;
            spdlog::info("alert: {} {} ({}) pending", service, rule, severity);
            onChange_(it->second);
        }
        Alert& alert = it->second;
        alert.noTrafficSinceMs = 0;
        if (alert.severity != severity && alert.state == "firing") { // escalated or eased while firing
            alert.severity = severity;
            spdlog::warn("alert: {} {} now {}", service, rule, severity);
            onChange_(alert);
        }
        alert.severity = severity;
        if (alert.state == "pending" && nowMs - alert.sinceMs >= forSeconds_ * 1000) {
            alert.state = "firing";
            alert.firedMs = nowMs;
            spdlog::warn("alert: {} {} ({}) firing", service, rule, severity);
            onChange_(alert);
        }
        return;
    }
    if (it == open_.end()) return;
    if (condition == Condition::clear) {
        resolve(it, "healthy", nowMs);
        return;
    }
    // Unknown: too little traffic to tell. A pending alert never fired and is dropped; a
    // firing one waits for evidence, for at most a window.
    Alert& alert = it->second;
    if (alert.state != "firing") {
        open_.erase(it);
        return;
    }
    if (alert.noTrafficSinceMs == 0) {
        alert.noTrafficSinceMs = nowMs;
        spdlog::info("alert: {} {} firing without traffic to judge it", service, rule);
        onChange_(alert);
    }
    if (nowMs - alert.noTrafficSinceMs >= windowMs) resolve(it, "no_traffic", nowMs);
}

void AlertEvaluator::resolve(std::map<std::pair<std::string, std::string>, Alert>::iterator it, std::string resolution,
                             std::int64_t nowMs) {
    Alert alert = it->second;
    open_.erase(it);
    if (alert.state != "firing") return; // a condition that cleared before firing leaves no alert
    alert.state = "resolved";
    alert.resolvedMs = nowMs;
    alert.resolution = std::move(resolution);
    spdlog::info("alert: {} {} resolved ({})", alert.service, alert.rule, alert.resolution);
    onChange_(alert);
    resolved_.push_front(alert);
    if (resolved_.size() > 100) resolved_.pop_back();
}

void AlertEvaluator::judge(const std::string& service, const ServiceAssessment& assessment, std::int64_t nowMs,
                           std::int64_t windowMs) {
    for (const std::string rule : {"error_ratio", "gateway_failure_ratio", "p99_latency", "destinations", "destination_flapping"}) {
        std::string severity;
        for (const std::string& reason : assessment.reasons) {
            if (reason == rule + ":critical") severity = "critical";
            else if (reason == rule + ":warning" && severity.empty()) severity = "warning";
        }
        const bool judgedOnTraffic = rule != "destinations" && rule != "destination_flapping";
        const Condition condition = !severity.empty()                                 ? Condition::holds
                                    : judgedOnTraffic && !assessment.enoughTraffic ? Condition::unknown
                                                                                    : Condition::clear;
        observe(service, rule, severity.empty() ? "warning" : severity, condition, nowMs, windowMs);
    }
}

void AlertEvaluator::evaluate(const TableSnapshot& snapshot, const Thresholds& t, const SeriesStore& seriesStore,
                              const std::map<std::string, std::uint64_t>& mismatches, std::int64_t nowMs) {
    const std::int64_t windowMs = t.windowSeconds * 1000;
    for (const config::ServiceConfig& service : snapshot.table->services()) {
        const DestinationCounts destinations = countDestinations(*snapshot.destinations(&service), t, nowMs);
        const ServiceSeries* series = seriesStore.find(service.name);
        const SeriesRing::Totals totals = series ? series->hour.totals(nowMs / 1000, t.windowSeconds) : SeriesRing::Totals{};
        judge(service.name, assessService(totals, t, service.timeoutSeconds, destinations), nowMs, windowMs);
        const auto counted = mismatches.find(service.name);
        const std::uint64_t seen = counted == mismatches.end() ? 0 : counted->second;
        auto [last, inserted] = mismatchesSeen_.try_emplace(service.name, seen);
        observe(service.name, "shadow_mismatches", "warning", !inserted && seen > last->second ? Condition::holds : Condition::clear,
                nowMs, windowMs);
        last->second = seen;
    }
}

bool AlertEvaluator::acknowledge(const std::string& service, const std::string& rule, const std::string& by, const std::string& note,
                                 std::int64_t nowMs) {
    auto it = open_.find(std::make_pair(service, rule));
    if (it == open_.end()) return false;
    it->second.ackBy = by;
    it->second.ackNote = note;
    it->second.ackAtMs = nowMs;
    spdlog::info("alert: {} {} acknowledged by {}", service, rule, by);
    return true;
}

json::array AlertEvaluator::list(const std::string& stateFilter) const {
    json::array out;
    auto add = [&](const Alert& a) {
        if (!stateFilter.empty() && a.state != stateFilter) return;
        out.push_back(json::object{{"service", a.service},
                                   {"rule", a.rule},
                                   {"severity", a.severity},
                                   {"state", a.state},
                                   {"since_ms", a.sinceMs},
                                   {"fired_ms", a.firedMs ? json::value(a.firedMs) : json::value(nullptr)},
                                   {"resolved_ms", a.resolvedMs ? json::value(a.resolvedMs) : json::value(nullptr)},
                                   {"no_traffic_since_ms", a.noTrafficSinceMs ? json::value(a.noTrafficSinceMs) : json::value(nullptr)},
                                   {"resolution", a.resolution.empty() ? json::value(nullptr) : json::value(a.resolution)},
                                   {"acknowledged", a.ackBy.empty() ? json::value(nullptr)
                                                                    : json::value(json::object{{"by", a.ackBy},
                                                                                               {"note", a.ackNote},
                                                                                               {"at_ms", a.ackAtMs}})}});
    };
    for (const auto& [key, alert] : open_) {
        if (alert.state == "firing") add(alert);
    }
    for (const auto& [key, alert] : open_) {
        if (alert.state == "pending") add(alert);
    }
    for (const Alert& alert : resolved_) add(alert);
    return out;
}

} // namespace gatehouse::gateway
