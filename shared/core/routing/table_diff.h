#pragma once

#include "core/routing/route_table.h"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gatehouse::routing {

// What a change to the routing table does, for a service owner deciding whether to make
// it (the collector's dry-run, `gatehouse-routes dry-run`).
struct DiffRoute {
    std::string service;
    std::string jsonPath; // "routes[0].paths[1]" in its service config
    std::string path;     // the pattern as declared
    std::vector<std::string> hosts;
    std::vector<std::string> methods;
    std::size_t position = 0; // in the table it belongs to (before for removed, after otherwise)
};

struct MovedRoute {
    DiffRoute route;
    std::size_t from = 0; // position before
    std::size_t to = 0;   // position after
};

// A request that would reach a different route: an example request per route of either
// table, matched against both.
struct ChangedRequest {
    std::string method;
    std::string host; // empty: any host
    std::string path;
    std::optional<DiffRoute> before; // nullopt: 404 before
    std::optional<DiffRoute> after;  // nullopt: 404 after
};

struct TableDiff {
    std::vector<DiffRoute> added;
    std::vector<DiffRoute> removed;
    // Routes kept whose order relative to the other kept routes changed (a route added
    // ahead of everything shifts positions but moves nothing).
    std::vector<MovedRoute> moved;
    std::vector<ChangedRequest> changedRequests;
    bool empty() const { return added.empty() && removed.empty() && moved.empty() && changedRequests.empty(); }
};

TableDiff diffTables(const RouteTable& before, const RouteTable& after);

// {"added": [...], "removed": [...], "moved": [...], "changed_requests": [...]}
boost::json::value tableDiffToJson(const TableDiff& diff);

// An example request this entry serves: its first method (GET when any), its first host,
// its path with "42" for parameters and "any" for a wildcard's rest.
struct ExampleRequest {
    std::string method;
    std::string host;
    std::string path;
};
ExampleRequest exampleRequest(const RouteEntry& entry);

} // namespace gatehouse::routing
