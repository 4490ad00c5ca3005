// Fleet reads: the gateways' own answers, asked at once and merged. Every answer says
// which gateways answered ("fleet": asked, answered, partial, failed).
#include "collector/collector_api.h"

#include "collector/fleet_merge.h"
#include "collector/fleet_reader.h"
#include "common/text_util.h"
#include "observe/service_series.h"
#include "observe/thresholds.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::string_view kRealm = "gatehouse-collector";

// A trail cursor over the fleet: "edge-1~81234,edge-2~0" — each gateway still to read
// and its own cursor there (0: from its newest). Gateway ids never hold '~' or ','.
std::optional<std::map<std::string, std::int64_t>> parseFleetCursor(std::string_view text) {
    std::map<std::string, std::int64_t> cursors;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view pair = text.substr(0, comma);
        const std::size_t tilde = pair.find('~');
        if (tilde == std::string_view::npos || !isGatewayId(pair.substr(0, tilde))) return std::nullopt;
        std::int64_t value = 0;
        const std::string_view number = pair.substr(tilde + 1);
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (number.empty() || ec != std::errc{} || end != number.data() + number.size() || value < 0) return std::nullopt;
        cursors[std::string(pair.substr(0, tilde))] = value;
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return cursors;
}

// Each gateway's page in its own order (newest row id first); the merge takes, at each
// step, the head with the newest time. A gateway's rows stay in its order, so its part
// of the cursor is simply the last of its rows taken.
struct GatewayTrailPage {
    std::vector<json::object> rows;
    std::size_t taken = 0;
    bool more = false; // the gateway has rows past this page
};

// Up to `pageSize` rows over every gateway's page, and the cursor that continues each.
std::pair<json::array, std::string> mergeTrailPages(std::vector<GatewayTrailPage>& pages, const FleetAnswers& answers,
                                                   const std::optional<std::map<std::string, std::int64_t>>& cursors,
                                                   std::size_t pageSize) {
    std::map<std::string, std::int64_t> next;
    if (cursors) next = *cursors;
    else for (const GatewayAnswer& a : answers.answers) next[a.gatewayId] = 0;
    json::array records;
    while (records.size() < pageSize) {
        std::size_t best = pages.size();
        for (std::size_t g = 0; g < pages.size(); ++g) {
            if (pages[g].taken == pages[g].rows.size()) continue;
            const auto time = [&](std::size_t i) { return pages[i].rows[pages[i].taken].at("time_ms").to_number<std::int64_t>(); };
            if (best == pages.size() || time(g) > time(best)) best = g;
        }
        if (best == pages.size()) break;
        json::object& row = pages[best].rows[pages[best].taken++];
        next[answers.answers[best].gatewayId] = row.at("id").to_number<std::int64_t>();
        records.push_back(std::move(row));
    }
    // A gateway whose rows were all taken and that had no more is done; one that failed
    // keeps its place.
    for (std::size_t g = 0; g < pages.size(); ++g) {
        if (answers.answers[g].body && pages[g].taken == pages[g].rows.size() && !pages[g].more) next.erase(answers.answers[g].gatewayId);
    }
    std::string cursor;
    for (const auto& [id, at] : next) cursor += fmt::format("{}{}~{}", cursor.empty() ? "" : ",", id, at);
    return {std::move(records), std::move(cursor)};
}

} // namespace

ApiResponse CollectorApi::fleetOff() const {
    return apiError(503, "fleet_reads_off",
                    "this collector reads no gateway: set \"fleet\": {\"token_file\": ...} in its config (a viewer token of the "
                    "gateways' admin API)",
                    kRealm);
}

// Services at a glance over the fleet: counts summed, ratios and p99 from the sums (the
// gateways' latency buckets merged), judged with the collector's thresholds, and each
// gateway's own figures beside them.
asio::awaitable<ApiResponse> CollectorApi::fleetServices(const ApiRequest& request) {
    if (!fleet_) co_return fleetOff();
    if (auto bad = apiUnknownParameter(request.query, {})) co_return *bad;
    std::string target = "/api/v1/services";
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    std::map<std::string, FleetService> services;
    Thresholds thresholds = thresholds_;
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || answer.status != 200) continue;
        const json::object& body = answer.body->as_object();
        if (const json::value* window = body.if_contains("window_seconds"); window && window->is_number()) {
            thresholds.windowSeconds = window->to_number<int>(); // rates over the window the counts are for
        }
        const json::value* list = body.if_contains("services");
        if (!list || !list->is_array()) continue;
        for (const json::value& item : list->as_array()) {
            if (!item.is_object() || !item.as_object().if_contains("name") || !item.at("name").is_string()) continue;
            addService(services[std::string(item.at("name").as_string())], answer.gatewayId, item.as_object());
        }
    }
    json::array list;
    for (auto& [name, fleet] : services) list.push_back(fleetServiceJson(name, fleet, thresholds));
    std::stable_sort(list.begin(), list.end(), [](const json::value& a, const json::value& b) { return serviceStatusRank(a) < serviceStatusRank(b); });
    co_return apiOk(json::object{{"services", std::move(list)},
                                 {"window_seconds", thresholds.windowSeconds},
                                 {"table_version", registry_.version()},
                                 {"fleet", answers.coverage()}});
}

// Every gateway's alerts and their state changes, each naming its gateway.
asio::awaitable<ApiResponse> CollectorApi::fleetAlerts(const ApiRequest& request) {
    if (!fleet_) co_return fleetOff();
    if (auto bad = apiUnknownParameter(request.query, {})) co_return *bad;
    std::string target = "/api/v1/alerts";
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    json::array alerts;
    json::array history; // every gateway's state changes, newest first
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || answer.status != 200) continue;
        for (const char* key : {"alerts", "history"}) {
            const json::value* list = answer.body->as_object().if_contains(key);
            if (!list || !list->is_array()) continue;
            for (const json::value& entry : list->as_array()) {
                if (!entry.is_object()) continue;
                json::object item = entry.as_object();
                item["gateway_id"] = answer.gatewayId;
                (key == std::string_view("alerts") ? alerts : history).push_back(std::move(item));
            }
        }
    }
    const auto at = [](const json::value& h) {
        const json::value* v = h.as_object().if_contains("at");
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    std::stable_sort(history.begin(), history.end(), [&](const json::value& a, const json::value& b) { return at(a) > at(b); });
    // Firing first, then pending, then resolved, as one gateway orders them.
    const auto rank = [](const json::value& a) {
        const json::value* state = a.as_object().if_contains("state");
        const std::string_view s = state && state->is_string() ? std::string_view(state->as_string()) : std::string_view();
        return s == "firing" ? 0 : s == "pending" ? 1 : 2;
    };
    std::stable_sort(alerts.begin(), alerts.end(), [&](const json::value& a, const json::value& b) { return rank(a) < rank(b); });
    co_return apiOk(json::object{{"alerts", std::move(alerts)}, {"history", std::move(history)}, {"fleet", answers.coverage()}});
}

// The trail over the fleet: the same query to every gateway, merged newest first; one
// cursor continues each gateway where its page left off.
asio::awaitable<ApiResponse> CollectorApi::fleetTrail(const ApiRequest& request) {
    if (!fleet_) co_return fleetOff();
    auto params = QueryParams::parse(request.query, {"service", "route", "status", "status_class", "termination", "user", "from",
                                                      "to", "limit", "cursor"});
    if (!params) co_return params.error();
    auto limit = params->integer("limit", 1, 1000);
    if (!limit) co_return limit.error();
    const std::size_t pageSize = static_cast<std::size_t>(limit->value_or(100));
    std::optional<std::map<std::string, std::int64_t>> cursors;
    if (const std::string raw = params->decoded("cursor").value_or(""); !raw.empty()) {
        cursors = parseFleetCursor(raw);
        if (!cursors || raw.size() > 64 * 1024) {
            co_return apiError(400, "bad_request", "cursor: the next_cursor of a fleet trail page, as it was given", kRealm);
        }
    }
    // The gateways' own parameters, checked by them: passed on as sent, without the cursor.
    std::string query;
    for (const char* key : {"service", "route", "status", "status_class", "termination", "user", "from", "to"}) {
        if (const std::string value = params->raw(key); !value.empty()) query += fmt::format("&{}={}", key, value);
    }
    query += fmt::format("&limit={}", pageSize);
    // Arguments of co_await'ed calls are named: GCC 12 destroys temporaries there twice.
    FleetReader::TargetFor targetFor = [&](const std::string& id) -> std::optional<std::string> {
        if (!cursors) return "/api/v1/trail?" + query.substr(1);
        const auto at = cursors->find(id);
        if (at == cursors->end()) return std::nullopt; // read to its end already
        return at->second == 0 ? "/api/v1/trail?" + query.substr(1) : fmt::format("/api/v1/trail?{}&cursor={}", query.substr(1), at->second);
    };
    const FleetAnswers answers = co_await fleet_->get(std::move(targetFor));
    std::vector<GatewayTrailPage> pages(answers.answers.size());
    for (std::size_t g = 0; g < answers.answers.size(); ++g) {
        const GatewayAnswer& answer = answers.answers[g];
        if (!answer.body) continue;
        if (answer.status != 200) { // the gateways judge their own parameters: a 400 from one is the caller's
            const json::value* message = answer.body->as_object().if_contains("message");
            co_return apiError(answer.status == 404 ? 404 : 400, "bad_request",
                               fmt::format("gateway {}: {}", answer.gatewayId,
                                           message && message->is_string() ? std::string(message->as_string()) : "refused the query"),
                               kRealm);
        }
        const json::object& page = answer.body->as_object();
        pages[g].more = page.if_contains("next_cursor") && !page.at("next_cursor").is_null();
        const json::value* records = page.if_contains("records");
        if (!records || !records->is_array()) continue;
        for (const json::value& r : records->as_array()) {
            if (!r.is_object() || !r.as_object().if_contains("id") || !r.as_object().if_contains("time_ms")) continue;
            pages[g].rows.push_back(r.as_object());
            pages[g].rows.back()["gateway_id"] = answer.gatewayId;
        }
    }
    auto [records, cursor] = mergeTrailPages(pages, answers, cursors, pageSize);
    co_return apiOk(json::object{{"records", std::move(records)},
                                 {"next_cursor", cursor.empty() ? json::value(nullptr) : json::value(cursor)},
                                 {"fleet", answers.coverage()}});
}

namespace {

// Sums `{"key", "count"}` lists by key, most first (then by key), as a gateway orders them.
json::array sumCounts(const std::map<std::string, std::int64_t>& counts, std::size_t limit) {
    std::vector<std::pair<std::string, std::int64_t>> ordered(counts.begin(), counts.end());
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json::array out;
    for (const auto& [key, count] : ordered) {
        if (out.size() == limit) break;
        out.push_back(json::object{{"key", key}, {"count", count}});
    }
    return out;
}

void addCounts(std::map<std::string, std::int64_t>& into, const json::object& summary, std::string_view key) {
    const json::value* list = summary.if_contains(key);
    if (!list || !list->is_array()) return;
    for (const json::value& item : list->as_array()) {
        if (!item.is_object() || !item.as_object().if_contains("key") || !item.as_object().if_contains("count")) continue;
        const json::value& k = item.at("key");
        into[k.is_string() ? std::string(k.as_string()) : json::serialize(k)] += item.at("count").to_number<std::int64_t>();
    }
}

} // namespace

// The trail's summary over the fleet: totals, statuses, terminations, routes and the
// latency histogram are exact sums; the top users and clients are every gateway's top
// lists summed, so one just below the top on every gateway can be missing.
asio::awaitable<ApiResponse> CollectorApi::fleetTrailSummary(const ApiRequest& request) {
    if (!fleet_) co_return fleetOff();
    auto params = QueryParams::parse(request.query, {"service", "from", "to", "status_class"});
    if (!params) co_return params.error();
    std::string target = "/api/v1/trail/summary";
    if (!request.query.empty()) target += "?" + request.query; // checked by the gateways
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> byStatus, byTermination, byRoute, topUsers, topClients;
    std::vector<json::value> latencyBounds;
    std::vector<std::int64_t> latency;
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body) continue;
        if (answer.status != 200) {
            const json::value* message = answer.body->as_object().if_contains("message");
            co_return apiError(400, "bad_request", fmt::format("gateway {}: {}", answer.gatewayId,
                               message && message->is_string() ? std::string(message->as_string()) : "refused the query"), kRealm);
        }
        const json::object& summary = answer.body->as_object();
        total += summary.if_contains("total") ? summary.at("total").to_number<std::int64_t>() : 0;
        addCounts(byStatus, summary, "by_status");
        addCounts(byTermination, summary, "by_termination");
        addCounts(byRoute, summary, "by_route");
        addCounts(topUsers, summary, "top_users");
        addCounts(topClients, summary, "top_clients");
        if (const json::value* buckets = summary.if_contains("latency"); buckets && buckets->is_array()) {
            const json::array& list = buckets->as_array();
            if (latency.size() < list.size()) latency.resize(list.size()), latencyBounds.resize(list.size());
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (!list[i].is_object()) continue;
                latencyBounds[i] = list[i].as_object().if_contains("le_ms") ? list[i].at("le_ms") : json::value(nullptr);
                latency[i] += list[i].as_object().if_contains("count") ? list[i].at("count").to_number<std::int64_t>() : 0;
            }
        }
    }
    json::array histogram;
    for (std::size_t i = 0; i < latency.size(); ++i) histogram.push_back(json::object{{"le_ms", latencyBounds[i]}, {"count", latency[i]}});
    json::array statuses = sumCounts(byStatus, std::numeric_limits<std::size_t>::max());
    for (json::value& s : statuses) { // a status is a number, as a gateway writes it
        std::int64_t code = 0;
        const std::string key(s.at("key").as_string());
        std::from_chars(key.data(), key.data() + key.size(), code);
        s.as_object()["key"] = code;
    }
    co_return apiOk(json::object{{"total", total},
                                 {"by_status", std::move(statuses)},
                                 {"by_termination", sumCounts(byTermination, std::numeric_limits<std::size_t>::max())},
                                 {"by_route", sumCounts(byRoute, std::numeric_limits<std::size_t>::max())},
                                 {"top_users", sumCounts(topUsers, 10)},
                                 {"top_clients", sumCounts(topClients, 10)},
                                 {"latency", std::move(histogram)},
                                 {"fleet", answers.coverage()}});
}

// One request by its id: asked of every gateway; the one that has it answers.
asio::awaitable<ApiResponse> CollectorApi::fleetTrailRecord(const std::string& requestId) {
    if (!fleet_) co_return fleetOff();
    if (requestId.empty() || requestId.size() > 200 ||
        !std::all_of(requestId.begin(), requestId.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; })) {
        co_return apiError(400, "bad_request", "request_id: letters, digits and - _ . (at most 200)", kRealm);
    }
    std::string target = "/api/v1/trail/" + requestId;
    const FleetAnswers answers = co_await fleet_->get(std::move(target));
    for (const GatewayAnswer& answer : answers.answers) {
        if (!answer.body || answer.status != 200) continue;
        json::object record = answer.body->as_object();
        record["gateway_id"] = answer.gatewayId;
        record["fleet"] = answers.coverage();
        co_return apiOk(record);
    }
    json::object extra{{"fleet", answers.coverage()}};
    co_return apiError(404, "not_found",
                       fmt::format("no gateway of {} that answered has request '{}'{}", answers.asked(), requestId,
                                   answers.answered() < answers.asked() ? " (some did not answer: it may be on one of them)" : ""),
                       kRealm, &extra);
}

} // namespace gatehouse::gateway
