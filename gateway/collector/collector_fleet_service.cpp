// One service over the fleet (its name already checked against the grammar, so it needs
// no escaping in the gateways' targets): its figures and destinations as every gateway sees them,
// its series merged bucket by bucket, and what changed around it.
#include "collector/collector_api.h"

#include "collector/fleet_merge.h"
#include "collector/fleet_reader.h"
#include "common/text_util.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::string_view kRealm = "gatehouse-collector";

// None of the gateways that answered has it: 404, saying whether some did not answer.
ApiResponse notServed(const std::string& service, const FleetAnswers& answers) {
    json::object extra{{"fleet", answers.coverage()}};
    return apiError(404, "not_found",
                    fmt::format("no gateway of {} that answered serves '{}'{}", answers.asked(), service,
                                answers.answered() < answers.asked() ? " (some did not answer)" : ""),
                    kRealm, &extra);
}
} // namespace

// A service's dashboard over the fleet: the sums judged with the collector's thresholds,
// every gateway's figures, and every gateway's destinations (each checks them itself).
asio::awaitable<ApiResponse> CollectorApi::fleetService(const ApiRequest& request, const std::string& name) {
    if (!fleet_) co_return fleetOff();
    if (auto bad = apiUnknownParameter(request.query, {})) co_return *bad;
    std::string target = "/api/v1/services/" + name;
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    FleetService fleet;
    Thresholds thresholds = thresholds_;
    json::array destinations;
    bool activeCheck = false;
    bool served = false;
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || answer.status != 200 || !answer.body->is_object()) continue;
        const json::object& item = answer.body->as_object();
        served = true;
        addService(fleet, answer.gatewayId, item);
        if (const json::value* t = item.if_contains("thresholds"); t && t->is_object()) {
            thresholds.windowSeconds = static_cast<std::int64_t>(countOf(t->as_object(), "window_seconds"));
        }
        if (const json::value* a = item.if_contains("active_health_check"); a && a->is_bool()) activeCheck = activeCheck || a->as_bool();
        if (const json::value* list = item.if_contains("destination_detail"); list && list->is_array()) {
            for (const json::value& d : list->as_array()) {
                if (!d.is_object()) continue;
                json::object own = d.as_object();
                own["gateway_id"] = answer.gatewayId;
                destinations.push_back(std::move(own));
            }
        }
    }
    if (!served) co_return notServed(name, answers);
    json::object item = fleetServiceJson(name, fleet, thresholds);
    item["destination_detail"] = std::move(destinations);
    item["active_health_check"] = activeCheck;
    item["thresholds"] = serviceThresholdsJson(thresholds, fleet.timeoutSeconds);
    item["fleet"] = answers.coverage();
    co_return apiOk(item);
}

// A service's series over the fleet (?window=1h or 24h, checked by the gateways).
asio::awaitable<ApiResponse> CollectorApi::fleetSeries(const ApiRequest& request, const std::string& name) {
    if (!fleet_) co_return fleetOff();
    auto params = QueryParams::parse(request.query, {"window"});
    if (!params) co_return params.error();
    const std::string window = params->raw("window").empty() ? "1h" : params->raw("window");
    if (window != "1h" && window != "24h") co_return apiError(400, "bad_request", "'window' must be 1h or 24h", kRealm);
    std::string target = fmt::format("/api/v1/services/{}/series?window={}", name, window);
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    FleetSeries series;
    bool served = false;
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || answer.status != 200 || !answer.body->is_object()) continue;
        served = true;
        series.add(answer.gatewayId, answer.body->as_object());
    }
    if (!served) co_return notServed(name, answers);
    json::object out = series.json(name, window);
    out["fleet"] = answers.coverage();
    co_return apiOk(out);
}

// What changed, for the charts' markers: every gateway's, a table change or a switch
// once (every gateway reports the same one, with its own time: the first is kept), an
// alert per gateway, naming it.
asio::awaitable<ApiResponse> CollectorApi::fleetAnnotations(const ApiRequest& request) {
    if (!fleet_) co_return fleetOff();
    auto params = QueryParams::parse(request.query, {"service", "from_ms"});
    if (!params) co_return params.error();
    std::string target = "/api/v1/annotations" + (request.query.empty() ? std::string() : "?" + request.query);
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    std::vector<json::object> merged;
    std::map<std::pair<std::string, std::string>, std::size_t> once; // kind, title -> index in merged
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || !answer.body->is_object()) continue;
        if (answer.status != 200) {
            const json::value* message = answer.body->as_object().if_contains("message");
            co_return apiError(400, "bad_request", fmt::format("gateway {}: {}", answer.gatewayId,
                               message && message->is_string() ? std::string(message->as_string()) : "refused the query"), kRealm);
        }
        const json::value* list = answer.body->as_object().if_contains("annotations");
        if (!list || !list->is_array()) continue;
        for (const json::value& value : list->as_array()) {
            if (!value.is_object() || !value.as_object().if_contains("kind") || !value.at("kind").is_string()) continue;
            json::object a = value.as_object();
            const std::string kind(a.at("kind").as_string());
            const std::string title = a.if_contains("title") && a.at("title").is_string() ? std::string(a.at("title").as_string()) : "";
            const std::int64_t at = a.if_contains("at_ms") && a.at("at_ms").is_number() ? a.at("at_ms").to_number<std::int64_t>() : 0;
            if (kind == "alert") {
                a["gateway_id"] = answer.gatewayId;
                a["title"] = fmt::format("{}: {}", answer.gatewayId, title);
                merged.push_back(std::move(a));
                continue;
            }
            const auto [it, fresh] = once.try_emplace({kind, title}, merged.size());
            if (fresh) merged.push_back(std::move(a));
            else if (at < merged[it->second].at("at_ms").to_number<std::int64_t>()) merged[it->second]["at_ms"] = at;
        }
    }
    std::stable_sort(merged.begin(), merged.end(), [](const json::object& a, const json::object& b) {
        return a.at("at_ms").to_number<std::int64_t>() < b.at("at_ms").to_number<std::int64_t>();
    });
    co_return apiOk(json::object{{"annotations", json::array(merged.begin(), merged.end())}, {"fleet", answers.coverage()}});
}

} // namespace gatehouse::gateway
