#pragma once

#include <boost/json/array.hpp>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace gatehouse::routing {
class RouteTable;
} // namespace gatehouse::routing

namespace gatehouse::gateway {

// What changed when, for the console's change markers ("did something change just
// before this?"): every routing table this gateway took, with what it changed, kept in
// memory (the newest 200). Written on the control thread, read by the admin API.
struct TableChange {
    std::uint64_t version = 0;           // this gateway's table counter
    std::uint64_t collectorVersion = 0;  // 0: not from a collector
    std::int64_t atMs = 0;               // epoch ms
    std::string source;                  // static | collector | last_known_good
    std::size_t added = 0, removed = 0, moved = 0;
    std::vector<std::string> services;   // whose routes were added, removed or moved (all, for the first table)
    std::vector<std::string> registeredBy; // parallel to services: "rev 3 by billing-team" when the collector said
};

// The change from `before` (null: the first table) to `after`.
TableChange describeTableChange(const routing::RouteTable* before, const routing::RouteTable& after);

class TableChanges {
public:
    static constexpr std::size_t kKept = 200;
    void record(TableChange change);
    // Changes at or after `sinceMs` touching `service` (empty: all), oldest first, as
    // annotations: {"at_ms", "kind": "table", "version", "collector_version", "source",
    // "services", "title"}.
    boost::json::array annotations(std::int64_t sinceMs, const std::string& service) const;

private:
    mutable std::mutex mutex_;
    std::deque<TableChange> changes_;
};

} // namespace gatehouse::gateway
