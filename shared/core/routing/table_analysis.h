#pragma once

#include "core/config/problem.h"
#include "core/routing/route_table.h"

namespace gatehouse::routing {

// Problems that only show across the whole table:
// - route_conflict (error, reported on both services): two services claim the same
//   path shape for an overlapping set of hosts and methods: a route takeover;
// - route_shadowed (warning): a route that can never be reached because one earlier
//   route matches every request it would match.
config::Problems analyseTable(const RouteTable& table);

// The takeovers behind route_conflict, as data: each pair once, in table order.
struct RouteConflict {
    const RouteEntry* first = nullptr;
    const RouteEntry* second = nullptr;
};
std::vector<RouteConflict> findRouteConflicts(const RouteTable& table);

// True when `earlier` matches every request that `later` matches (paths, hosts and
// methods), whatever their positions.
bool covers(const RouteEntry& earlier, const RouteEntry& later);

} // namespace gatehouse::routing
