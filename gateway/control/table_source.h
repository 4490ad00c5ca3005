#pragma once

#include "core/validation/table_document.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace gatehouse::gateway {

// Where the routing table in use came from (docs/collector-api.md, "Gateways").
enum class TableSource : std::uint8_t { none, collector, lastKnownGood, staticDir };
const char* tableSourceName(TableSource source); // "collector", "last_known_good", "static", "none"

// The follower's view of the collector, for the admin API and /metrics. Written by the
// control thread; atomics because metrics may be rendered elsewhere in future.
struct TableSourceStatus {
    std::atomic<TableSource> source{TableSource::none};
    std::atomic<std::uint64_t> collectorVersion{0}; // the collector's version of the table in use (0: static)
    std::atomic<std::int64_t> currentAtMs{0};       // when the table was last known to be current (epoch ms)
    std::atomic<bool> collectorReachable{false};
    std::atomic<bool> behind{false}; // the collector has a newer table this gateway refused
    std::atomic<std::uint64_t> pollsChanged{0};
    std::atomic<std::uint64_t> pollsUnchanged{0};
    std::atomic<std::uint64_t> pollsFailed{0};
    std::atomic<std::uint64_t> tablesRejected{0}; // from the collector, failed local validation
    std::atomic<std::uint64_t> lastKnownGoodWrites{0};
    std::atomic<std::uint64_t> lastKnownGoodWriteFailures{0};
    // The table being installed right now (before it is known to be taken): where it
    // came from and its collector version, for the record of table changes.
    std::atomic<TableSource> installingSource{TableSource::staticDir};
    std::atomic<std::uint64_t> installingVersion{0};
    // The fleet's default-filter switches applied (from the collector's document), reported
    // on every poll so that the collector knows who runs them.
    std::atomic<std::uint64_t> switchVersion{0};
    // Control thread only.
    std::vector<routing::FilterSwitchState> switches; // as applied, for the admin API
    std::vector<routing::ServiceRevision> installingRevisions; // who registered each service of that table
    std::string collectorUrl;
    std::string lastError;
    std::string lastKnownGoodFile;

    // Seconds since the table was last known to be current: 0 while the collector answers
    // and this gateway serves its table (or for a static table), growing otherwise.
    double stalenessSeconds(std::int64_t nowMs) const;
};

} // namespace gatehouse::gateway
