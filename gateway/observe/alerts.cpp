#include "observe/alerts.h"

#include "server/gateway_state.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace json = boost::json;

void AlertEvaluator::observe(const std::string& service, const std::string& rule, const std::string& severity, bool active,
                             std::int64_t nowMs) {
    const auto key = std::make_pair(service, rule);
    auto it = open_.find(key);
    if (active) {
        if (it == open_.end()) {
            Alert alert{service, rule, severity, "pending", nowMs, 0, 0};
            it = open_.emplace(key, alert).first;
            spdlog::info("alert: {} {} ({}) pending", service, rule, severity);
            onChange_(it->second);
        }
        Alert& alert = it->second;
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
    Alert alert = it->second;
    open_.erase(it);
    if (alert.state != "firing") return; // a condition that cleared before firing leaves no alert
    alert.state = "resolved";
    alert.resolvedMs = nowMs;
    spdlog::info("alert: {} {} resolved", service, rule);
    onChange_(alert);
    resolved_.push_front(alert);
    if (resolved_.size() > 100) resolved_.pop_back();
}

void AlertEvaluator::evaluate(GatewayState& state, std::int64_t nowMs) {
    const auto snapshot = state.snapshot.load();
    if (!snapshot) return;
    const Thresholds& t = state.config.thresholds;
    // Shadow mismatches per service, since the last evaluation.
    std::map<std::string, std::uint64_t> mismatches;
    for (const auto& stats : state.filters->stats.all()) mismatches[stats->service] += stats->shadowMismatches.load();
    for (const config::ServiceConfig& service : snapshot->table->services()) {
        const auto& destinations = *snapshot->destinations(&service);
        std::size_t healthy = 0;
        for (const auto& d : destinations) healthy += d->healthy.load() ? 1 : 0;
        const ServiceSeries* series = state.series.find(service.name);
        const SeriesRing::Totals totals = series ? series->hour.totals(nowMs / 1000, t.windowSeconds) : SeriesRing::Totals{};
        const ServiceAssessment assessment = assessService(totals, t, service.timeoutSeconds, healthy, destinations.size());
        for (const std::string rule : {"error_ratio", "gateway_failure_ratio", "p99_latency", "destinations"}) {
            std::string severity;
            for (const std::string& reason : assessment.reasons) {
                if (reason == rule + ":critical") severity = "critical";
                else if (reason == rule + ":warning" && severity.empty()) severity = "warning";
            }
            observe(service.name, rule, severity.empty() ? "warning" : severity, !severity.empty(), nowMs);
        }
        const std::uint64_t seen = mismatches[service.name];
        auto [last, inserted] = mismatchesSeen_.try_emplace(service.name, seen);
        observe(service.name, "shadow_mismatches", "warning", !inserted && seen > last->second, nowMs);
        last->second = seen;
    }
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
                                   {"resolved_ms", a.resolvedMs ? json::value(a.resolvedMs) : json::value(nullptr)}});
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
