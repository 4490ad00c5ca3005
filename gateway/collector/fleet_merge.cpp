// Merging the gateways' answers: counts add up, ratios and percentiles are computed again
// from the sums (never averaged).
#include "collector/fleet_merge.h"

#include <boost/json.hpp>

#include <algorithm>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {
void addSpark(std::vector<std::uint64_t>& sum, const json::value* values) {
    if (!values || !values->is_array()) return;
    const json::array& list = values->as_array();
    if (sum.size() < list.size()) sum.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) sum[i] += list[i].is_number() ? list[i].to_number<std::uint64_t>() : 0;
}

void addLatency(SeriesRing::Totals& into, const json::value* counts) {
    if (!counts || !counts->is_array()) return;
    const json::array& buckets = counts->as_array();
    for (std::size_t i = 0; i < buckets.size() && i < into.latency.size(); ++i) {
        into.latency[i] += buckets[i].is_number() ? buckets[i].to_number<std::uint64_t>() : 0;
    }
}

json::value percentile(const SeriesRing::Totals& totals, double q) {
    const auto ms = totals.percentileMs(q);
    return ms ? json::value(*ms) : json::value(nullptr);
}

constexpr const char* kSeriesCounts[] = {"requests",         "status_2xx",       "status_3xx",       "status_4xx",
                                         "status_5xx",       "service_5xx",      "gateway_failures", "failures_timeout",
                                         "failures_upstream_error", "failures_no_healthy"};
} // namespace

std::uint64_t countOf(const json::object& item, std::string_view key) {
    const json::value* v = item.if_contains(key);
    return v && v->is_number() ? v->to_number<std::uint64_t>() : 0;
}

int serviceStatusRank(const json::value& item) {
    const json::value* status = item.is_object() ? item.as_object().if_contains("status") : nullptr;
    const std::string_view s = status && status->is_string() ? std::string_view(status->as_string()) : std::string_view();
    return s == "red" ? 0 : s == "amber" ? 1 : s == "idle" ? 2 : 3;
}

void addService(FleetService& fleet, const std::string& gatewayId, const json::object& item) {
    SeriesRing::Totals& t = fleet.totals;
    t.requests += countOf(item, "requests");
    t.status5xx += countOf(item, "status_5xx");
    t.service5xx += countOf(item, "service_5xx");
    t.gatewayFailures += countOf(item, "gateway_failures");
    addLatency(t, item.if_contains("latency_counts"));
    if (const json::value* d = item.if_contains("destinations"); d && d->is_object()) {
        fleet.destinations.healthy += countOf(d->as_object(), "healthy");
        fleet.destinations.total += countOf(d->as_object(), "total");
        fleet.destinations.flapping += countOf(d->as_object(), "flapping");
    }
    fleet.timeoutSeconds = std::max(fleet.timeoutSeconds, static_cast<int>(countOf(item, "timeout_seconds")));
    if (const json::value* spark = item.if_contains("spark"); spark && spark->is_object()) {
        addSpark(fleet.sparkRequests, spark->as_object().if_contains("requests"));
        addSpark(fleet.sparkErrors, spark->as_object().if_contains("errors"));
    }
    json::object own{{"gateway_id", gatewayId}};
    for (const char* key : {"status", "request_rate", "requests", "status_5xx", "service_5xx", "gateway_failures", "error_ratio",
                            "gateway_failure_ratio", "p99_ms"}) {
        if (const json::value* v = item.if_contains(key)) own[key] = *v;
    }
    if (const json::value* d = item.if_contains("destinations")) own["destinations"] = *d;
    fleet.gateways.push_back(std::move(own));
}

json::object fleetServiceJson(const std::string& name, FleetService& fleet, const Thresholds& thresholds) {
    const ServiceAssessment a = assessService(fleet.totals, thresholds, fleet.timeoutSeconds, fleet.destinations);
    json::object item{{"name", name}};
    for (auto& field : assessmentJson(a, fleet.totals)) item.emplace(field.key(), std::move(field.value()));
    item["timeout_seconds"] = fleet.timeoutSeconds;
    item["destinations"] = json::object{{"healthy", fleet.destinations.healthy},
                                        {"total", fleet.destinations.total},
                                        {"flapping", fleet.destinations.flapping}};
    item["spark"] = json::object{{"bucket_seconds", 10},
                                 {"requests", json::array(fleet.sparkRequests.begin(), fleet.sparkRequests.end())},
                                 {"errors", json::array(fleet.sparkErrors.begin(), fleet.sparkErrors.end())}};
    item["gateways"] = std::move(fleet.gateways);
    return item;
}

void FleetSeries::add(const std::string& gatewayId, const json::object& series) {
    if (bucketSeconds_ == 0) bucketSeconds_ = static_cast<std::int64_t>(countOf(series, "bucket_seconds"));
    if (const json::value* d = series.if_contains("destinations"); d && d->is_object()) {
        destinations_.healthy += countOf(d->as_object(), "healthy");
        destinations_.total += countOf(d->as_object(), "total");
        destinations_.flapping += countOf(d->as_object(), "flapping");
    }
    GatewayPoints& own = gateways_.emplace_back(GatewayPoints{gatewayId, {}});
    const json::value* list = series.if_contains("points");
    if (!list || !list->is_array()) return;
    for (const json::value& value : list->as_array()) {
        if (!value.is_object() || !value.as_object().if_contains("t") || !value.at("t").is_number()) continue;
        const json::object& p = value.as_object();
        const std::int64_t t = p.at("t").to_number<std::int64_t>();
        Point& point = points_[t];
        for (std::size_t c = 0; c < kCounts; ++c) point.counts[c] += countOf(p, kSeriesCounts[c]);
        addLatency(point.latency, p.if_contains("latency_counts"));
        own.byTime[t] = {countOf(p, "requests"), countOf(p, "service_5xx") + countOf(p, "gateway_failures")};
    }
}

json::object FleetSeries::json(const std::string& service, const std::string& window) const {
    json::array points;
    for (const auto& [t, point] : points_) {
        json::object p{{"t", t}};
        for (std::size_t c = 0; c < kCounts; ++c) p[kSeriesCounts[c]] = point.counts[c];
        p["p50_ms"] = percentile(point.latency, 0.50);
        p["p95_ms"] = percentile(point.latency, 0.95);
        p["p99_ms"] = percentile(point.latency, 0.99);
        if (point.counts[0] > 0) p["latency_counts"] = json::array(point.latency.latency.begin(), point.latency.latency.end());
        points.push_back(std::move(p));
    }
    json::array gateways;
    for (const GatewayPoints& g : gateways_) {
        json::array requests, errors;
        for (const auto& [t, point] : points_) {
            const auto at = g.byTime.find(t);
            requests.push_back(at == g.byTime.end() ? 0 : at->second.first);
            errors.push_back(at == g.byTime.end() ? 0 : at->second.second);
        }
        gateways.push_back(json::object{{"gateway_id", g.gatewayId}, {"requests", std::move(requests)}, {"errors", std::move(errors)}});
    }
    return json::object{{"service", service},
                        {"window", window},
                        {"bucket_seconds", bucketSeconds_},
                        {"points", std::move(points)},
                        {"destinations", json::object{{"healthy", destinations_.healthy},
                                                      {"total", destinations_.total},
                                                      {"flapping", destinations_.flapping}}},
                        {"gateways", std::move(gateways)}};
}

} // namespace gatehouse::gateway
