#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// What a gateway says of itself on every poll of the collector's table.
struct GatewayReport {
    std::string id;           // gateway_id: stable across restarts
    std::string adminUrl;     // advertise_admin_url; empty: not advertised
    std::string version;      // the gatehouse release it runs
    std::int64_t tableVersion = 0; // the collector's table version it serves (0: none yet)
    std::string source;       // where its table came from: collector, last_known_good, static, none
    std::int64_t stalenessMs = 0;
    std::int64_t switchVersion = 0; // the fleet switches' version it applied (0: none)
    // The default filters its config runs; nothing known when an older gateway did not say.
    std::optional<std::vector<std::string>> defaultFilters;
};

// Reads a report from a poll's query parameters (gateway, admin_url, version,
// table_version, source, staleness_ms, switches, defaults); an error names the parameter and its grammar.
// No `gateway` parameter: nothing to report (a reader that is not a gateway).
struct ReportParams {
    std::string_view gateway, adminUrl, version, tableVersion, source, stalenessMs, switchVersion;
    std::optional<std::string_view> defaults = {}; // "request_id,sanitize"; absent: not said
};
std::expected<GatewayReport, std::string> parseGatewayReport(const ReportParams& params);

// The gateways following this collector, as their polls tell: live while they poll,
// lost after `lostAfterMs` of silence (kept, marked lost, so that an operator sees which
// one went away), forgotten after `forgetAfterMs`. At most `capacity` are kept: a new
// one past it replaces the longest lost, or is refused when none is lost. Single-threaded
// (the collector's event loop); no I/O.
class GatewayRoster {
public:
    struct Entry {
        GatewayReport report;
        std::int64_t firstSeenMs = 0;
        std::int64_t lastSeenMs = 0;
        std::uint64_t polls = 0;
        bool live = false;
    };

    GatewayRoster(std::int64_t lostAfterMs, std::int64_t forgetAfterMs, std::size_t capacity)
        : lostAfterMs_(lostAfterMs), forgetAfterMs_(forgetAfterMs), capacity_(capacity) {}

    // A poll arrived; false when the roster is full of live gateways (counted in refused()).
    bool seen(GatewayReport report, std::int64_t nowMs);
    // Every gateway kept, by id, `live` as of `nowMs`; forgets the long lost.
    std::vector<Entry> list(std::int64_t nowMs);
    // What another collector heard (collectors sharing a store share their rosters): the
    // newer poll wins. Silently left out when the roster is full of live gateways.
    void absorb(const Entry& other, std::int64_t nowMs);
    std::int64_t lostAfterMs() const { return lostAfterMs_; }
    std::uint64_t refused() const { return refused_; }

private:
    void forget(std::int64_t nowMs);

    std::int64_t lostAfterMs_;
    std::int64_t forgetAfterMs_;
    std::size_t capacity_;
    std::map<std::string, Entry, std::less<>> entries_;
    std::uint64_t refused_ = 0;
};

// A roster as JSON text, to share, and back (entries that do not parse are skipped).
std::string rosterToJson(const std::vector<GatewayRoster::Entry>& entries);
std::vector<GatewayRoster::Entry> rosterFromJson(std::string_view text);

} // namespace gatehouse::gateway
