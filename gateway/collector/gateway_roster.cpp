#include "collector/gateway_roster.h"

#include "common/text_util.h"
#include "glue/glue_client.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace gatehouse::gateway {
namespace {

bool allOf(std::string_view text, std::string_view extra) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos;
    });
}

std::expected<std::int64_t, std::string> nonNegative(std::string_view name, std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
        return std::unexpected(fmt::format("{}: must be a whole number, 0 or more", name));
    }
    return value;
}

} // namespace

std::expected<GatewayReport, std::string> parseGatewayReport(const ReportParams& p) {
    GatewayReport report;
    if (!isGatewayId(p.gateway)) {
        return std::unexpected("gateway: 1 to 128 letters, digits and . _ : -");
    }
    report.id = std::string(p.gateway);
    if (!p.adminUrl.empty()) {
        auto url = parseGlueUrl(p.adminUrl);
        if (!url) return std::unexpected(fmt::format("admin_url: {}", url.error()));
        report.adminUrl = std::string(p.adminUrl);
    }
    if (p.version.size() > 64 || !allOf(p.version, ".+_-")) return std::unexpected("version: at most 64 letters, digits and . + _ -");
    report.version = std::string(p.version);
    if (!p.tableVersion.empty()) {
        auto version = nonNegative("table_version", p.tableVersion);
        if (!version) return std::unexpected(version.error());
        report.tableVersion = *version;
    }
    if (!p.source.empty() && p.source != "collector" && p.source != "last_known_good" && p.source != "static" && p.source != "none") {
        return std::unexpected("source: collector, last_known_good, static or none");
    }
    report.source = std::string(p.source);
    if (!p.stalenessMs.empty()) {
        auto staleness = nonNegative("staleness_ms", p.stalenessMs);
        if (!staleness) return std::unexpected(staleness.error());
        report.stalenessMs = *staleness;
    }
    if (!p.switchVersion.empty()) {
        auto switches = nonNegative("switches", p.switchVersion);
        if (!switches) return std::unexpected(switches.error());
        report.switchVersion = *switches;
    }
    if (p.defaults) {
        std::vector<std::string> names;
        std::string_view rest = *p.defaults;
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            const std::string_view name = rest.substr(0, comma);
            if (name.empty() || name.size() > 64 ||
                !std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; })) {
                return std::unexpected("defaults: filter names (lower-case letters, digits and _), separated by commas");
            }
            if (names.size() == 32) return std::unexpected("defaults: at most 32 filters");
            names.emplace_back(name);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        report.defaultFilters = std::move(names);
    }
    return report;
}

bool GatewayRoster::seen(GatewayReport report, std::int64_t nowMs) {
    auto it = entries_.find(report.id);
    if (it == entries_.end()) {
        forget(nowMs);
        if (entries_.size() >= capacity_) {
            // Room for a new one only in place of the longest lost.
            auto oldest = entries_.end();
            for (auto e = entries_.begin(); e != entries_.end(); ++e) {
                const bool lost = nowMs - e->second.lastSeenMs >= lostAfterMs_;
                if (lost && (oldest == entries_.end() || e->second.lastSeenMs < oldest->second.lastSeenMs)) oldest = e;
            }
            if (oldest == entries_.end()) {
                ++refused_;
                return false;
            }
            entries_.erase(oldest);
        }
        const std::string id = report.id;
        it = entries_.emplace(id, Entry{{}, nowMs, nowMs, 0, true}).first;
    }
    Entry& entry = it->second;
    entry.report = std::move(report);
    entry.lastSeenMs = nowMs;
    ++entry.polls;
    return true;
}

std::vector<GatewayRoster::Entry> GatewayRoster::list(std::int64_t nowMs) {
    forget(nowMs);
    std::vector<Entry> out;
    out.reserve(entries_.size());
    for (const auto& [id, entry] : entries_) {
        Entry e = entry;
        e.live = nowMs - entry.lastSeenMs < lostAfterMs_;
        out.push_back(std::move(e));
    }
    return out;
}

void GatewayRoster::absorb(const Entry& other, std::int64_t nowMs) {
    if (other.report.id.empty() || nowMs - other.lastSeenMs >= forgetAfterMs_) return;
    auto it = entries_.find(other.report.id);
    if (it == entries_.end()) {
        const bool full = entries_.size() >= capacity_;
        if (full) return; // this collector's own gateways come first
        entries_.emplace(other.report.id, Entry{other.report, other.firstSeenMs, other.lastSeenMs, other.polls, false});
        return;
    }
    Entry& mine = it->second;
    mine.firstSeenMs = std::min(mine.firstSeenMs, other.firstSeenMs);
    mine.polls = std::max(mine.polls, other.polls);
    if (other.lastSeenMs > mine.lastSeenMs) {
        mine.report = other.report;
        mine.lastSeenMs = other.lastSeenMs;
    }
}

std::string rosterToJson(const std::vector<GatewayRoster::Entry>& entries) {
    boost::json::array list;
    for (const GatewayRoster::Entry& e : entries) {
        const GatewayReport& r = e.report;
        boost::json::object item{{"id", r.id},
                                 {"admin_url", r.adminUrl},
                                 {"version", r.version},
                                 {"table_version", r.tableVersion},
                                 {"source", r.source},
                                 {"staleness_ms", r.stalenessMs},
                                 {"switch_version", r.switchVersion},
                                 {"first_seen_ms", e.firstSeenMs},
                                 {"last_seen_ms", e.lastSeenMs},
                                 {"polls", e.polls}};
        if (r.defaultFilters) item["defaults"] = boost::json::array(r.defaultFilters->begin(), r.defaultFilters->end());
        list.push_back(std::move(item));
    }
    return boost::json::serialize(list);
}

std::vector<GatewayRoster::Entry> rosterFromJson(std::string_view text) {
    std::vector<GatewayRoster::Entry> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    const auto number = [](const boost::json::object& o, std::string_view key) -> std::int64_t {
        const boost::json::value* n = o.if_contains(key);
        return n && n->is_int64() ? n->as_int64() : n && n->is_uint64() ? static_cast<std::int64_t>(n->as_uint64()) : 0;
    };
    const auto string = [](const boost::json::object& o, std::string_view key) -> std::string {
        const boost::json::value* s = o.if_contains(key);
        return s && s->is_string() ? std::string(s->as_string()) : std::string();
    };
    for (const boost::json::value& item : v.as_array()) {
        const boost::json::object* o = item.if_object();
        if (!o || !isGatewayId(string(*o, "id"))) continue;
        GatewayRoster::Entry e;
        e.report = {string(*o, "id"),           string(*o, "admin_url"), string(*o, "version"), number(*o, "table_version"),
                    string(*o, "source"),       number(*o, "staleness_ms"), number(*o, "switch_version"), std::nullopt};
        if (const boost::json::value* d = o->if_contains("defaults"); d && d->is_array()) {
            std::vector<std::string> names;
            for (const boost::json::value& n : d->as_array()) {
                if (n.is_string()) names.emplace_back(n.as_string());
            }
            e.report.defaultFilters = std::move(names);
        }
        e.firstSeenMs = number(*o, "first_seen_ms");
        e.lastSeenMs = number(*o, "last_seen_ms");
        e.polls = static_cast<std::uint64_t>(number(*o, "polls"));
        out.push_back(std::move(e));
    }
    return out;
}

void GatewayRoster::forget(std::int64_t nowMs) {
    std::erase_if(entries_, [&](const auto& item) { return nowMs - item.second.lastSeenMs >= forgetAfterMs_; });
}

} // namespace gatehouse::gateway
