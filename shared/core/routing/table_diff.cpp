#include "core/routing/table_diff.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>
#include <tuple>

namespace gatehouse::routing {
namespace json = boost::json;

namespace {

// A route's identity across tables: its service and what it matches, not its place in
// the file, so reordering a file's routes is no change.
std::string identity(const RouteEntry& entry) {
    return fmt::format("{}|{}|{}|{}", entry.serviceName(), entry.pattern.source, fmt::join(entry.hosts, ","),
                       fmt::join(entry.route().methods, ","));
}

DiffRoute describe(const RouteEntry& entry) {
    return {entry.serviceName(), entry.jsonPath(), entry.pattern.source, entry.route().hosts, entry.route().methods,
            entry.position};
}

json::array strings(const std::vector<std::string>& items) {
    json::array out;
    for (const std::string& item : items) out.emplace_back(item);
    return out;
}

json::value routeJson(const DiffRoute& route) {
    return json::object{{"service", route.service},
                        {"route", route.jsonPath},
                        {"path", route.path},
                        {"hosts", strings(route.hosts)},
                        {"methods", strings(route.methods)},
                        {"position", static_cast<std::int64_t>(route.position)}};
}

json::value optionalRouteJson(const std::optional<DiffRoute>& route) {
    return route ? routeJson(*route) : json::value(nullptr);
}

} // namespace

ExampleRequest exampleRequest(const RouteEntry& entry) {
    ExampleRequest request;
    request.method = entry.route().methods.empty() ? "GET" : entry.route().methods.front();
    request.host = entry.route().hosts.empty() ? std::string() : entry.route().hosts.front();
    for (const Segment& segment : entry.pattern.segments) {
        request.path.push_back('/');
        switch (segment.kind) {
        case SegmentKind::literal: request.path += segment.text; break;
        case SegmentKind::param: request.path += "42"; break;
        case SegmentKind::wildcard: request.path += "any"; break;
        }
    }
    if (request.path.empty()) request.path.push_back('/');
    return request;
}

TableDiff diffTables(const RouteTable& before, const RouteTable& after) {
    TableDiff diff;
    std::map<std::string, const RouteEntry*> old, now;
    for (const RouteEntry& entry : before.entries()) old.emplace(identity(entry), &entry);
    for (const RouteEntry& entry : after.entries()) now.emplace(identity(entry), &entry);

    for (const RouteEntry& entry : after.entries()) {
        if (!old.contains(identity(entry))) diff.added.push_back(describe(entry));
    }
    for (const RouteEntry& entry : before.entries()) {
        if (!now.contains(identity(entry))) diff.removed.push_back(describe(entry));
    }
    // Rank among the routes both tables keep: a move is a change of that rank.
    std::map<std::string, std::size_t> keptRankBefore;
    std::size_t rank = 0;
    for (const RouteEntry& entry : before.entries()) {
        if (now.contains(identity(entry))) keptRankBefore.emplace(identity(entry), rank++);
    }
    rank = 0;
    for (const RouteEntry& entry : after.entries()) {
        const auto it = keptRankBefore.find(identity(entry));
        if (it == keptRankBefore.end()) continue;
        if (it->second != rank) diff.moved.push_back({describe(entry), old.at(it->first)->position, entry.position});
        ++rank;
    }

    // Example requests from both tables, each asked of both.
    std::set<std::tuple<std::string, std::string, std::string>> asked;
    const auto ask = [&](const RouteEntry& entry) {
        ExampleRequest example = exampleRequest(entry);
        if (!asked.emplace(example.method, example.host, example.path).second) return;
        const RouteRequest request = makeRouteRequest(example.method, example.host, example.path);
        const RouteEntry* was = before.find(request);
        const RouteEntry* will = after.find(request);
        const bool same = (!was && !will) || (was && will && identity(*was) == identity(*will));
        if (same) return;
        diff.changedRequests.push_back({std::move(example.method), std::move(example.host), std::move(example.path),
                                        was ? std::optional(describe(*was)) : std::nullopt,
                                        will ? std::optional(describe(*will)) : std::nullopt});
    };
    for (const RouteEntry& entry : before.entries()) ask(entry);
    for (const RouteEntry& entry : after.entries()) ask(entry);
    return diff;
}

json::value tableDiffToJson(const TableDiff& diff) {
    json::array added, removed, moved, changed;
    for (const DiffRoute& route : diff.added) added.push_back(routeJson(route));
    for (const DiffRoute& route : diff.removed) removed.push_back(routeJson(route));
    for (const MovedRoute& move : diff.moved) {
        json::value item = routeJson(move.route);
        item.as_object()["from"] = static_cast<std::int64_t>(move.from);
        item.as_object()["to"] = static_cast<std::int64_t>(move.to);
        moved.push_back(std::move(item));
    }
    for (const ChangedRequest& request : diff.changedRequests) {
        changed.push_back(json::object{{"method", request.method},
                                       {"host", request.host},
                                       {"path", request.path},
                                       {"before", optionalRouteJson(request.before)},
                                       {"after", optionalRouteJson(request.after)}});
    }
    return json::object{{"added", std::move(added)},
                        {"removed", std::move(removed)},
                        {"moved", std::move(moved)},
                        {"changed_requests", std::move(changed)}};
}

} // namespace gatehouse::routing
