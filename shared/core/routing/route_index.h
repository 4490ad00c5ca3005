#pragma once

#include "core/routing/route_table.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gatehouse::routing {

// The lookup index behind RouteTable::find. One segment trie per host plus one for
// routes without hosts; each node keeps the entries that end there (exact and param
// paths) and the wildcard entries that start there, in table order, and the smallest
// table position below it so whole subtrees are skipped once a better match is known.
// A lookup returns the matching entry with the smallest position, which is by
// definition what a scan of the ordered table returns (tests/shared/core/routing proves it).
class RouteIndex {
public:
    explicit RouteIndex(const std::vector<RouteEntry>& entries);
    ~RouteIndex();
    RouteIndex(const RouteIndex&) = delete;
    RouteIndex& operator=(const RouteIndex&) = delete;

    const RouteEntry* find(const RouteRequest& request) const;

    // Calls `visit` for every entry, in any position, whose path pattern matches every
    // path that `entry`'s pattern matches and which could serve at least one of its
    // hosts. Used to find shadowed routes without comparing every pair.
    void forEachCoveringPath(const RouteEntry& entry, const std::function<void(const RouteEntry&)>& visit) const;

private:
    struct Node;
    std::unique_ptr<Node> anyHost_;
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> hostRoots_; // sorted by host
    const Node* hostRoot(std::string_view host) const;
};

} // namespace gatehouse::routing
