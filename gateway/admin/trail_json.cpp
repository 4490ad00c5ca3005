#include "admin/trail_json.h"

#include <boost/json.hpp>

namespace gatehouse::gateway {
namespace json = boost::json;
namespace {

json::value orNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(json::string(text)); }
json::value orNull(std::int64_t micros) { return micros < 0 ? json::value(nullptr) : json::value(micros); }

json::array countsJson(const std::vector<TrailSummary::Count>& counts) {
    json::array out;
    for (const TrailSummary::Count& c : counts) out.push_back(json::object{{"key", c.key}, {"count", c.count}});
    return out;
}

} // namespace

json::object trailRowJson(const TrailRow& row) {
    json::array decisions;
    int mismatches = 0;
    for (const TrailRow::StoredDecision& f : row.decisions) {
        mismatches += f.mismatch;
        decisions.push_back(json::object{{"name", f.name}, {"mode", config::filterModeName(f.mode)},
                                         {"decision", filters::decisionName(f.decision)}, {"reason", f.reason},
                                         {"us", f.micros}, {"default", f.isDefault}, {"mismatch", f.mismatch}});
    }
    const TrailRecord& r = row.record;
    json::object out;
    out["id"] = row.id;
    out["time_ms"] = r.timeMs;
    out["request_id"] = r.requestId;
    out["method"] = r.method;
    out["host"] = r.host;
    out["path"] = r.path;
    out["service"] = orNull(r.service);
    out["route"] = orNull(r.route);
    out["destination"] = orNull(r.destination);
    out["protocol"] = r.protocol;
    out["status"] = r.status;
    out["termination"] = r.termination;
    out["duration_us"] = r.durationUs;
    out["filters_us"] = r.filtersUs;
    out["connect_us"] = orNull(r.connectUs);
    out["ttfb_us"] = orNull(r.ttfbUs);
    out["bytes_in"] = r.bytesIn;
    out["bytes_out"] = r.bytesOut;
    out["client_ip"] = r.clientIp;
    out["user_id"] = orNull(r.userId);
    out["filters"] = std::move(decisions);
    out["shadow_mismatches"] = mismatches;
    return out;
}

std::string trailPageJson(const TrailPage& page) {
    json::array records;
    for (const TrailRow& row : page.records) records.push_back(trailRowJson(row));
    const json::value next = page.nextCursor ? json::value(*page.nextCursor) : json::value(nullptr);
    return json::serialize(json::object{{"records", std::move(records)}, {"next_cursor", next}});
}

std::string trailSummaryJson(const TrailSummary& summary) {
    json::array statusCounts;
    for (const auto& [code, count] : summary.byStatus) statusCounts.push_back(json::object{{"key", code}, {"count", count}});
    json::array histogram;
    for (std::size_t i = 0; i < summary.latency.size(); ++i) {
        histogram.push_back(json::object{
            {"le_ms", i < trail::kLatencyBoundsMs.size() ? json::value(trail::kLatencyBoundsMs[i]) : json::value(nullptr)},
            {"count", summary.latency[i]}});
    }
    return json::serialize(json::object{
        {"total", summary.total},
        {"by_status", std::move(statusCounts)},
        {"by_termination", countsJson(summary.byTermination)},
        {"by_route", countsJson(summary.byRoute)},
        {"top_users", countsJson(summary.topUsers)},
        {"top_clients", countsJson(summary.topClients)},
        {"latency", std::move(histogram)},
    });
}

} // namespace gatehouse::gateway
