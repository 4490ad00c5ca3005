// Alerts, acknowledgements, change annotations and the audit log.
#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "common/text_util.h"
#include "state/gateway_state.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace gatehouse::gateway {
namespace json = boost::json;

AdminResponse AdminApi::alerts(const std::string& query) const {
    auto params = QueryParams::parse(query, {"state"});
    if (!params) return params.error();
    const std::string state = params->raw("state");
    if (!state.empty() && state != "pending" && state != "firing" && state != "resolved") {
        return adminError(400, "bad_request", "'state' must be pending, firing or resolved");
    }
    json::array alerts = alerts_ ? alerts_->list(state) : json::array{};
    const auto infos = describeThresholds(state_.config.thresholds);
    for (json::value& alert : alerts) { // what it means and what to check first, with every alert
        // A copy: adding members below may move the object's storage, and the rule with it.
        const std::string rule(alert.at("rule").as_string());
        for (const ThresholdInfo& info : infos) {
            if (info.key == rule) {
                alert.as_object()["meaning"] = info.meaning;
                alert.as_object()["hint"] = info.hint;
            }
        }
    }
    json::array history;
    if (store_) {
        for (const AdminStore::AlertChange& change : store_->alertHistory(100)) {
            history.push_back(json::object{{"id", change.id}, {"at", change.at}, {"service", change.service}, {"rule", change.rule},
                                           {"severity", change.severity}, {"state", change.state}});
        }
    }
    return apiOk(json::object{{"alerts", std::move(alerts)}, {"history", std::move(history)}});
}

AdminResponse AdminApi::acknowledge(const AdminToken& who, const std::string& body) {
    boost::system::error_code ec;
    const json::value document = json::parse(body, ec);
    const json::object* obj = ec ? nullptr : document.if_object();
    auto text = [&](std::string_view key) -> std::optional<std::string> {
        const json::value* v = obj ? obj->if_contains(key) : nullptr;
        if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 500) return std::nullopt;
        return std::string(v->as_string());
    };
    const auto service = text("service"), rule = text("rule"), note = text("note");
    if (!service || !rule) return adminError(400, "bad_request", "body: 'service' and 'rule' name the alert");
    if (!note) return adminError(400, "bad_request", "body: 'note' must say what is being done, in 1 to 500 characters");
    if (!alerts_) return adminError(503, "alerts_unavailable", "alerts are not evaluated by this gateway");
    if (!store_) return adminError(503, "store_unavailable", "the state database could not be opened; see the gateway log");
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (!alerts_->isOpen(*service, *rule)) {
        return adminError(404, "not_found", fmt::format("no pending or firing alert {} for '{}'", printable(*rule), printable(*service)));
    }
    // Audited first: an acknowledgement that is not in the audit log did not happen.
    const std::string target = *service + "/" + *rule;
    if (auto saved = store_->recordAudit(who.name, adminRoleName(who.role), "alert.acknowledge", target,
                                         json::serialize(json::object{{"note", *note}}));
        !saved) {
        return adminError(500, "store_failed", fmt::format("the acknowledgement was not saved: {}", saved.error()));
    }
    alerts_->acknowledge(*service, *rule, who.name, *note, now);
    return apiOk(json::object{{"service", *service}, {"rule", *rule}, {"acknowledged", json::object{{"by", who.name}, {"note", *note}, {"at_ms", now}}}});
}

namespace {
// The admin store's timestamps ("2026-12-01T10:43:18.058Z") as epoch ms; 0 if not one.
std::int64_t isoToEpochMs(const std::string& text) {
    const auto at = parseIso8601(text);
    return at ? std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count() : 0;
}
} // namespace

AdminResponse AdminApi::annotations(const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "from_ms"});
    if (!params) return params.error();
    auto fromMs = params->integer("from_ms", 0, std::numeric_limits<std::int64_t>::max());
    if (!fromMs) return fromMs.error();
    const std::string service = params->raw("service");
    const std::int64_t from = fromMs->value_or(0);
    json::array out = state_.tableChanges.annotations(from, service);
    // The fleet's switches as applied here: the newest change of each (the collector's
    // audit has every one).
    for (const routing::FilterSwitchState& s : state_.tableSource.switches) {
        const std::int64_t at = isoToEpochMs(s.changedAt);
        if (!state_.config.collector || at < from) continue;
        out.push_back(json::object{{"at_ms", at},
                                   {"kind", "filter_switch"},
                                   {"filter", s.name},
                                   {"enabled", s.enabled},
                                   {"actor", s.changedBy},
                                   {"title", fmt::format("{} switched {} for the fleet by {}: {}", s.name, s.enabled ? "on" : "off",
                                                         s.changedBy, s.reason)}});
    }
    if (store_) {
        for (const AdminStore::AuditEntry& entry : store_->audit(200)) {
            const std::int64_t at = isoToEpochMs(entry.at);
            if (at < from || !entry.action.starts_with("default_filter.")) continue;
            boost::system::error_code ec;
            const json::value detail = json::parse(entry.detail, ec);
            const json::value* reason = !ec && detail.is_object() ? detail.as_object().if_contains("reason") : nullptr;
            const bool off = entry.action == "default_filter.disable";
            out.push_back(json::object{
                {"at_ms", at},
                {"kind", "filter_switch"},
                {"filter", entry.target},
                {"enabled", !off},
                {"actor", entry.actor},
                {"title", fmt::format("{} switched {} by {}{}", entry.target, off ? "off" : "on", entry.actor,
                                      reason && reason->is_string() ? fmt::format(": {}", std::string_view(reason->as_string())) : "")}});
        }
        for (const AdminStore::AlertChange& change : store_->alertHistory(500)) {
            const std::int64_t at = isoToEpochMs(change.at);
            if (at < from || (!service.empty() && change.service != service)) continue;
            out.push_back(json::object{{"at_ms", at},
                                       {"kind", "alert"},
                                       {"service", change.service},
                                       {"rule", change.rule},
                                       {"severity", change.severity},
                                       {"state", change.state},
                                       {"title", fmt::format("{} {} ({}) {}", change.service, change.rule, change.severity, change.state)}});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const json::value& a, const json::value& b) {
        return a.at("at_ms").to_number<std::int64_t>() < b.at("at_ms").to_number<std::int64_t>();
    });
    return apiOk(json::object{{"annotations", std::move(out)}});
}

AdminResponse AdminApi::audit(const std::string& query) const {
    auto params = QueryParams::parse(query, {"limit"});
    if (!params) return params.error();
    auto requested = params->integer("limit", 1, 10000);
    if (!requested) return requested.error();
    const auto limit = static_cast<std::size_t>(requested->value_or(100));
    json::array list;
    if (store_) {
        for (const AdminStore::AuditEntry& entry : store_->audit(limit)) {
            boost::system::error_code ec;
            json::value detail = json::parse(entry.detail, ec);
            list.push_back(json::object{{"id", entry.id}, {"at", entry.at}, {"actor", entry.actor}, {"role", entry.role},
                                        {"action", entry.action}, {"target", entry.target},
                                        {"detail", ec ? json::value(entry.detail) : std::move(detail)}});
        }
    }
    return apiOk(json::object{{"audit", std::move(list)}});
}

} // namespace gatehouse::gateway
