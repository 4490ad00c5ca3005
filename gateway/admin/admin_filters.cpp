// The default filters' switches and the filters' numbers.
#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "filters/filter_services.h"
#include "state/gateway_state.h"

#include <boost/json.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

// Sets `value` at a dotted path ("rate_limit.counters"), creating the objects on the way.
void setAtPath(json::object& root, std::string_view path, std::uint64_t value) {
    json::object* at = &root;
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
        json::value& next = (*at)[path.substr(0, dot)];
        if (!next.is_object()) next = json::object{};
        at = &next.as_object();
        path.remove_prefix(dot + 1);
    }
    (*at)[path] = value;
}

} // namespace

// Following a collector, the switches are the fleet's (set on the collector, applied
// here); otherwise this gateway's own, saved in its admin store.
AdminResponse AdminApi::defaultFilters() const {
    const bool fleet = state_.config.collector.has_value();
    const auto persisted = store_ && !fleet ? store_->switches() : std::map<std::string, AdminStore::Switch>{};
    const std::vector<routing::FilterSwitchState>& fleetSwitches = state_.tableSource.switches;
    json::array list;
    for (const auto& toggle : state_.filters->switches) {
        json::object item{{"name", toggle->name}, {"phase", toggle->phase}, {"enabled", toggle->enabled.load()},
                          {"changed_by", nullptr}, {"changed_at", nullptr}, {"reason", nullptr}};
        if (fleet) {
            const auto it = std::find_if(fleetSwitches.begin(), fleetSwitches.end(), [&](const auto& s) { return s.name == toggle->name; });
            if (it != fleetSwitches.end()) {
                item["changed_by"] = it->changedBy;
                item["changed_at"] = it->changedAt;
                item["reason"] = it->reason;
            }
        } else if (auto it = persisted.find(toggle->name); it != persisted.end()) {
            item["changed_by"] = it->second.changedBy;
            item["changed_at"] = it->second.changedAt;
            item["reason"] = it->second.reason;
        }
        list.push_back(std::move(item));
    }
    json::object body{{"default_filters", std::move(list)}};
    body["managed_by"] = fleet ? json::value(state_.config.collector->url) : json::value(nullptr);
    body["switch_version"] = fleet ? json::value(state_.tableSource.switchVersion.load()) : json::value(nullptr);
    return apiOk(std::move(body));
}

AdminResponse AdminApi::setDefaultFilter(const std::string& name, const AdminToken& who, const std::string& body) {
    if (state_.config.collector) {
        // One switch for the whole fleet: a local change would make this gateway differ
        // from the others, and the next switch on the collector would undo it.
        spdlog::warn("admin: refused {} a local switch of {}: this gateway follows the collector {}", who.name, name,
                     state_.config.collector->url);
        return adminError(409, "managed_by_collector",
                          fmt::format("this gateway follows the collector {}: switch default filters there, for the whole fleet "
                                      "(PUT /v1/security/filters/{} with an admin token)",
                                      state_.config.collector->url, name));
    }
    filters::FilterSwitch* toggle = state_.filters->findSwitch(name);
    if (!toggle) return adminError(404, "not_found", fmt::format("'{}' is not one of the gateway's default filters", name));
    boost::system::error_code ec;
    const json::value document = json::parse(body, ec);
    const json::object* obj = ec ? nullptr : document.if_object();
    const json::value* enabled = obj ? obj->if_contains("enabled") : nullptr;
    const json::value* reason = obj ? obj->if_contains("reason") : nullptr;
    if (!enabled || !enabled->is_bool()) return adminError(400, "bad_request", "body: 'enabled' must be true or false");
    if (!reason || !reason->is_string() || reason->as_string().empty() || reason->as_string().size() > 500) {
        return adminError(400, "bad_request", "body: 'reason' must say why, in 1 to 500 characters");
    }
    if (!store_) return adminError(503, "store_unavailable", "the state database could not be opened; see the gateway log");
    auto saved = store_->setSwitch(name, enabled->as_bool(), who.name, adminRoleName(who.role), std::string(reason->as_string()));
    if (!saved) return adminError(500, "store_failed", fmt::format("the change was not saved: {}", saved.error()));
    toggle->enabled.store(saved->enabled); // only once durable: a restart shows what the API said
    spdlog::warn("admin: {} ({}) {} default filter {}: {}", who.name, adminRoleName(who.role),
                 saved->enabled ? "enabled" : "disabled", name, printable(saved->reason));
    return apiOk(json::object{{"name", name}, {"phase", toggle->phase}, {"enabled", saved->enabled},
                           {"changed_by", saved->changedBy}, {"changed_at", saved->changedAt}, {"reason", saved->reason}});
}

AdminResponse AdminApi::filterStats() const {
    json::array list;
    for (const auto& stats : state_.filters->stats.all()) {
        json::object decisions;
        for (std::size_t d = 0; d < stats->decisions.size(); ++d) {
            decisions[filters::decisionName(static_cast<filters::Decision>(d))] = stats->decisions[d].load();
        }
        list.push_back(json::object{{"service", stats->service},
                                    {"route", stats->routeIndex},
                                    {"filter", stats->filter},
                                    {"phase", stats->phase},
                                    {"mode", config::filterModeName(stats->mode)},
                                    {"default", stats->isDefault},
                                    {"decisions", std::move(decisions)},
                                    {"shadow_mismatches", stats->shadowMismatches.load()}});
    }
    json::object glue;
    for (const auto& health : state_.filters->glue.all()) glue[health->name()] = health->failures();
    json::object body{{"filters", std::move(list)}, {"glue_failures", std::move(glue)}};
    for (const filters::FilterStat& stat : state_.filters->report()) setAtPath(body, stat.apiPath, stat.value);
    body["trail"] = state_.trail ? json::value(json::object{{"written", state_.trail->written()},
                                                             {"dropped", state_.trail->dropped()},
                                                             {"queued", state_.trail->queued()}})
                                 : json::value(nullptr);
    return apiOk(std::move(body));
}

// Query parameters are read by QueryParams: an unknown or bad one is a 400 that names it.

} // namespace gatehouse::gateway
