// The fleet's default-filter switches and the collector's audit.
#include "collector/collector_api.h"

#include "common/clock.h"
#include "core/catalogue/filter_catalogue.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {
constexpr std::string_view kRealm = "gatehouse-collector";
constexpr std::size_t kMaxReason = 500;

json::value orNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

} // namespace

// Every filter that may run by default, with the fleet's state of its switch and, per
// switch, which live gateways run that state: a gateway has applied a switch once the
// switch version it reports is at least that switch's. Gateways of an earlier release
// report none and stay pending.
ApiResponse CollectorApi::securityFilters() {
    const std::vector<GatewayRoster::Entry> gateways = roster_.list(epochMs());
    const auto& switches = registry_.switches();
    std::size_t live = 0;
    std::size_t current = 0; // live and at the newest switch version
    for (const GatewayRoster::Entry& e : gateways) {
        live += e.live;
        current += e.live && static_cast<std::uint64_t>(e.report.switchVersion) >= registry_.switchVersion();
    }
    json::array list;
    for (std::string_view name : catalogue::defaultFilterNames()) {
        const auto found = std::find_if(switches.begin(), switches.end(), [&](const auto& s) { return s.name == name; });
        const routing::FilterSwitchState state = found != switches.end() ? *found : routing::FilterSwitchState{std::string(name)};
        json::array applied;
        json::array pending;
        json::array configured; // live gateways whose default chains have it: where the switch has an effect
        for (const GatewayRoster::Entry& e : gateways) {
            if (!e.live) continue;
            (static_cast<std::uint64_t>(e.report.switchVersion) >= state.version ? applied : pending).push_back(json::value(e.report.id));
            const auto& defaults = e.report.defaultFilters;
            if (defaults && std::find(defaults->begin(), defaults->end(), name) != defaults->end()) configured.push_back(json::value(e.report.id));
        }
        list.push_back(json::object{{"name", state.name},
                                    {"enabled", state.enabled},
                                    {"version", state.version},
                                    {"changed_by", orNull(state.changedBy)},
                                    {"changed_at", orNull(state.changedAt)},
                                    {"reason", orNull(state.reason)},
                                    {"applied_by", std::move(applied)},
                                    {"pending", std::move(pending)},
                                    {"configured_on", std::move(configured)}});
    }
    return apiOk(json::object{{"switch_version", registry_.switchVersion()},
                              {"gateways", json::object{{"live", live}, {"current", current}}},
                              {"default_filters", std::move(list)}});
}

ApiResponse CollectorApi::setSecurityFilter(const ApiRequest& request, const std::string& name, const CollectorToken& who) {
    if (auto bad = apiUnknownParameter(request.query, {})) return *bad;
    const catalogue::FilterSpec* spec = catalogue::findFilter(name);
    if (!spec || !catalogue::canRunByDefault(*spec)) {
        return apiError(404, "not_found",
                        fmt::format("'{}' is not a filter that runs by default; these are: {}", printable(name),
                                    fmt::join(catalogue::defaultFilterNames(), ", ")),
                        kRealm);
    }
    boost::system::error_code ec;
    const json::value document = json::parse(request.body, ec);
    const json::object* obj = ec ? nullptr : document.if_object();
    if (!obj) return apiError(400, "bad_request", "body: a JSON object {\"enabled\": true|false, \"reason\": \"...\"}", kRealm);
    for (const auto& member : *obj) {
        if (member.key() != "enabled" && member.key() != "reason") {
            return apiError(400, "bad_request", fmt::format("body.{}: unknown; only 'enabled' and 'reason'", printable(member.key())), kRealm);
        }
    }
    const json::value* enabled = obj->if_contains("enabled");
    const json::value* reason = obj->if_contains("reason");
    if (!enabled || !enabled->is_bool()) return apiError(400, "bad_request", "body.enabled: must be true or false", kRealm);
    if (!reason || !reason->is_string() || reason->as_string().empty() || reason->as_string().size() > kMaxReason) {
        return apiError(400, "bad_request", fmt::format("body.reason: must say why, in 1 to {} characters", kMaxReason), kRealm);
    }
    const std::string why(reason->as_string());
    if (std::any_of(why.begin(), why.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        return apiError(400, "bad_request", "body.reason: one line of text, without control characters", kRealm);
    }
    auto saved = registry_.setSwitch(name, enabled->as_bool(), who.name, who.roleName(), why);
    if (!saved) {
        countChange("switch", saved.error().kind == CollectorStore::Failure::Kind::unavailable ? "store_unavailable" : "store_failed");
        return storeFailure(saved.error(), fmt::format("default filter '{}' was not switched", name));
    }
    countChange("switch", "accepted");
    wakeAll(); // every held poll answers now with the new document
    spdlog::warn("collector: {} ({}) {} default filter {} for the fleet (switch version {}): {}", who.name, who.roleName(),
                 saved->enabled ? "enabled" : "disabled", name, saved->version, printable(why));
    return apiOk(json::object{{"name", name},
                              {"enabled", saved->enabled},
                              {"version", saved->version},
                              {"changed_by", saved->changedBy},
                              {"changed_at", saved->changedAt},
                              {"reason", saved->reason}});
}

ApiResponse CollectorApi::audit(const ApiRequest& request) {
    auto params = QueryParams::parse(request.query, {"limit", "before"});
    if (!params) return params.error();
    auto limit = params->integer("limit", 1, 1000);
    if (!limit) return limit.error();
    auto before = params->integer("before", 1, std::numeric_limits<std::int64_t>::max());
    if (!before) return before.error();
    const auto read = registry_.store().audit(static_cast<std::size_t>(limit->value_or(100)), before->value_or(0));
    if (!read) return storeFailure(read.error(), "the audit could not be read");
    const std::vector<CollectorStore::AuditEntry>& entries = *read;
    json::array list;
    for (const CollectorStore::AuditEntry& entry : entries) {
        boost::system::error_code ec;
        json::value detail = json::parse(entry.detail, ec);
        list.push_back(json::object{{"id", entry.id},
                                    {"at", entry.at},
                                    {"actor", entry.actor},
                                    {"role", entry.role},
                                    {"action", entry.action},
                                    {"target", entry.target},
                                    {"detail", ec ? json::value(entry.detail) : std::move(detail)}});
    }
    // The next page: entries older than the last one here.
    json::value next = entries.size() == static_cast<std::size_t>(limit->value_or(100)) && !entries.empty()
                           ? json::value(entries.back().id)
                           : json::value(nullptr);
    return apiOk(json::object{{"audit", std::move(list)}, {"next_before", std::move(next)}});
}

} // namespace gatehouse::gateway
