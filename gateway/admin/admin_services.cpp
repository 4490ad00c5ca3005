// Services, their routes, series and thresholds: what the console's dashboards read.
#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "common/text_util.h"
#include "core/routing/explain.h"
#include "core/routing/route_json.h"
#include "state/gateway_state.h"
#include "state/metrics_page.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>

namespace gatehouse::gateway {
namespace json = boost::json;

// The ordered table in use, and "why did this request go there?" against it.
AdminResponse AdminApi::routes(std::string_view path, const std::string& query) const {
    const auto snapshot = state_.snapshot.load();
    if (!snapshot) return adminError(503, "no_table", "the gateway has no routing table yet");
    if (path == "/api/v1/routes") {
        json::value table = routing::tableToJson(*snapshot->table);
        table.as_object()["version"] = snapshot->version;
        table.as_object()["source"] = tableSourceJson();
        return apiOk(table);
    }
    auto asked = parseExplainQuery(query, "gatehouse-admin");
    if (!asked) return asked.error();
    json::value explanation = routing::explanationToJson(routing::explainRequest(*snapshot->table, asked->method, asked->host, asked->path));
    explanation.as_object()["version"] = snapshot->version;
    return apiOk(explanation);
}

// Where the table in use came from and how current it is.
json::object AdminApi::tableSourceJson() const {
    const TableSourceStatus& status = state_.tableSource;
    const std::int64_t now = epochMs();
    json::object out{{"source", tableSourceName(status.source.load())},
                      {"version", state_.tableVersion.load()},
                      {"staleness_seconds", status.stalenessSeconds(now)}};
    if (!status.collectorUrl.empty()) {
        const std::int64_t currentAt = status.currentAtMs.load();
        out["collector"] = json::object{
            {"url", status.collectorUrl},
            {"version", status.collectorVersion.load()},
            {"reachable", status.collectorReachable.load()},
            {"current_at_ms", currentAt > 0 ? json::value(currentAt) : json::value(nullptr)},
            {"last_error", status.lastError.empty() ? json::value(nullptr) : json::value(status.lastError)},
            {"polls", json::object{{"changed", status.pollsChanged.load()},
                                   {"unchanged", status.pollsUnchanged.load()},
                                   {"failed", status.pollsFailed.load()},
                                   {"rejected", status.tablesRejected.load()}}},
            {"last_known_good", json::object{{"file", status.lastKnownGoodFile},
                                             {"writes", status.lastKnownGoodWrites.load()},
                                             {"write_failures", status.lastKnownGoodWriteFailures.load()}}}};
    }
    return out;
}

AdminResponse AdminApi::thresholds() const { return apiOk(thresholdsJson(state_.config.thresholds)); }

namespace {
// Each destination's health now, since when, and its recent changes (newest first).
json::array destinationDetail(const std::vector<std::shared_ptr<DestinationHealth>>& destinations, const Thresholds& t,
                              std::int64_t nowMs) {
    json::array detail;
    for (const auto& d : destinations) {
        const DestinationHealth::Report report = d->report();
        const auto lastCheck = std::chrono::duration_cast<std::chrono::seconds>(report.lastCheck.time_since_epoch()).count();
        json::array history;
        for (const DestinationHealth::HealthChange& change : d->history()) {
            history.push_back(json::object{{"at_ms", change.atMs}, {"healthy", change.healthy}, {"reason", change.why}});
        }
        const std::size_t changes = d->changesSince(nowMs - t.flappingWindowSeconds * 1000);
        const std::int64_t since = d->changedAtMs();
        detail.push_back(json::object{{"address", d->address},
                                      {"healthy", d->healthy.load()},
                                      {"since_ms", since ? json::value(since) : json::value(nullptr)},
                                      {"flapping", static_cast<std::int64_t>(changes) >= t.flappingChanges},
                                      {"changes_in_window", changes},
                                      {"history", std::move(history)},
                                      {"last_result", report.lastResult},
                                      {"last_check", lastCheck > 0 ? json::value(lastCheck) : json::value(nullptr)},
                                      {"consecutive_failures", report.consecutiveFailures},
                                      {"consecutive_successes", report.consecutiveSuccesses}});
    }
    return detail;
}
} // namespace

// Every service of the table at a glance (worst first), or one with its destinations.
AdminResponse AdminApi::services(const std::string& only) const {
    const auto snapshot = state_.snapshot.load();
    if (!snapshot) return adminError(503, "no_table", "the gateway has no routing table yet");
    const Thresholds& t = state_.config.thresholds;
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    json::array list;
    for (const config::ServiceConfig& service : snapshot->table->services()) {
        if (!only.empty() && service.name != only) continue;
        const auto& destinations = *snapshot->destinations(&service);
        const DestinationCounts counts = countDestinations(destinations, t, now * 1000);
        const ServiceSeries* series = state_.series.find(service.name);
        const SeriesRing::Totals totals = series ? series->hour.totals(now, t.windowSeconds) : SeriesRing::Totals{};
        const ServiceAssessment a = assessService(totals, t, service.timeoutSeconds, counts);
        json::object item{{"name", service.name}};
        for (auto& field : assessmentJson(a, totals)) item.emplace(field.key(), std::move(field.value()));
        item["timeout_seconds"] = service.timeoutSeconds;
        item["destinations"] = json::object{{"healthy", counts.healthy}, {"total", counts.total}, {"flapping", counts.flapping}};
        // The last 5 minutes in 10 s buckets, for the fleet's sparklines.
        const SeriesRing::Recent recent = series ? series->hour.recent(now, 30) : SeriesRing::Recent{};
        item["spark"] = json::object{{"bucket_seconds", 10},
                                     {"requests", json::array(recent.requests.begin(), recent.requests.end())},
                                     {"errors", json::array(recent.errors.begin(), recent.errors.end())}};
        if (!only.empty()) {
            item["destination_detail"] = destinationDetail(destinations, t, now * 1000);
            item["active_health_check"] = service.healthCheck.has_value();
            item["thresholds"] = serviceThresholdsJson(t, service.timeoutSeconds);
            return apiOk(item);
        }
        list.push_back(std::move(item));
    }
    if (!only.empty()) return adminError(404, "not_found", fmt::format("no service '{}' in the table", printable(only)));
    std::stable_sort(list.begin(), list.end(), [](const json::value& a, const json::value& b) {
        auto rank = [](const json::value& v) {
            const std::string_view s = v.at("status").as_string();
            return s == "red" ? 0 : s == "amber" ? 1 : s == "idle" ? 2 : 3;
        };
        return rank(a) < rank(b);
    });
    return apiOk(json::object{{"services", std::move(list)},
                              {"window_seconds", t.windowSeconds},
                              {"table_version", snapshot->version},
                              {"latency_bounds_ms", json::array(SeriesRing::kLatencyBoundsMs.begin(), SeriesRing::kLatencyBoundsMs.end())}});
}

// A service's dashboard series: ?window=1h (10 s buckets) or 24h (1 min buckets).
AdminResponse AdminApi::series(const std::string& service, const std::string& query) const {
    auto params = QueryParams::parse(query, {"window"});
    if (!params) return params.error();
    const std::string window = params->raw("window").empty() ? "1h" : params->raw("window");
    if (window != "1h" && window != "24h") return adminError(400, "bad_request", "'window' must be 1h or 24h");
    const auto snapshot = state_.snapshot.load();
    const config::ServiceConfig* config = snapshot ? snapshot->table->findService(service) : nullptr;
    const ServiceSeries* series = state_.series.find(service);
    if (!config && !series) return adminError(404, "not_found", fmt::format("no service '{}'", printable(service)));
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    static const ServiceSeries kEmpty; // a service without traffic yet: zeros
    const SeriesRing& ring = window == "1h" ? (series ? series : &kEmpty)->hour : (series ? series : &kEmpty)->day;
    json::object health{{"healthy", 0}, {"total", 0}};
    if (config) {
        const DestinationCounts counts = countDestinations(*snapshot->destinations(config), state_.config.thresholds, now * 1000);
        health = {{"healthy", counts.healthy}, {"total", counts.total}, {"flapping", counts.flapping}};
    }
    return apiOk(json::object{{"service", service}, {"window", window}, {"bucket_seconds", ring.slotSeconds()},
                           {"points", ring.points(now)}, {"destinations", std::move(health)}});
}

} // namespace gatehouse::gateway
