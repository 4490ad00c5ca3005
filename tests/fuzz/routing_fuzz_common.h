#pragma once

// What a gateway does with services that passed validation: build the routing table,
// analyse it, and match requests through the index. Shared by the service-config and
// table-document harnesses.

#include "config_fuzz_common.h"

#include "core/routing/explain.h"
#include "core/routing/route_table.h"
#include "core/routing/table_analysis.h"

#include <memory>

namespace gatehouse::fuzz {

// A request path the pattern matches: literals as written, a parameter as one
// segment, a wildcard as two.
inline std::string pathFor(const routing::PathPattern& pattern, std::uint32_t salt) {
    if (pattern.segments.empty()) return "/";
    std::string out;
    for (const routing::Segment& s : pattern.segments) {
        out += '/';
        switch (s.kind) {
        case routing::SegmentKind::literal: out += s.text; break;
        case routing::SegmentKind::param: out += fmt::format("p{}", salt % 97); break;
        case routing::SegmentKind::wildcard: out += fmt::format("w{}/x", salt % 89); break;
        }
    }
    return out;
}

// Builds the table, analyses it (its problems must follow the same rules) and, for the
// first entries, matches a request each one accepts: the index must give the answer of
// the ordered scan (routing.md: "proven identical to ordered first-match"), some route
// must win, and explain must name the same winner.
inline void checkTable(std::vector<config::ServiceConfig> services) {
    const std::shared_ptr<const routing::RouteTable> table = routing::RouteTable::build(std::move(services));
    const config::Problems analysis = routing::analyseTable(*table);
    for (const config::Problem& p : analysis) {
        FUZZ_CHECK(!p.code.empty() && !p.message.empty(), "a table problem without a code or message:\n" + describe(p));
        (void)config::formatProblem(p);
    }
    std::uint32_t salt = 7;
    std::size_t checked = 0;
    for (const routing::RouteEntry& entry : table->entries()) {
        if (++checked > 64) break;
        salt = salt * 2654435761u + 1;
        const std::string path = pathFor(entry.pattern, salt);
        const std::string host = entry.hosts.empty() ? std::string("any.example") : entry.hosts[salt % entry.hosts.size()];
        std::string method = "GET";
        if (!entry.anyMethod) {
            for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
                if (entry.matchesMethod(config::requestMethodBit(m))) {
                    method = m;
                    break;
                }
            }
        }
        const routing::RouteRequest request = routing::makeRouteRequest(method, host, path);
        routing::RequestSegments segments;
        routing::splitRequestPath(path, segments);
        FUZZ_CHECK(routing::matchesPath(entry.pattern, segments),
                   fmt::format("pattern '{}' does not match '{}' made from it", escaped(entry.pattern.source), escaped(path)));
        const routing::RouteEntry* viaIndex = table->find(request);
        const routing::RouteEntry* linear = table->findLinear(request);
        FUZZ_CHECK(viaIndex == linear,
                   fmt::format("the index and the ordered scan disagree on {} {} {}: {} vs {}", method, host, path,
                               viaIndex ? viaIndex->jsonPath() + "@" + viaIndex->serviceName() : "none",
                               linear ? linear->jsonPath() + "@" + linear->serviceName() : "none"));
        if (entry.matchesMethod(request.method) && entry.matchesHost(request.host)) {
            FUZZ_CHECK(linear != nullptr, fmt::format("nothing matches {} {} {}, made for {}", method, host, path,
                                                      escaped(entry.pattern.source)));
            FUZZ_CHECK(linear->position <= entry.position, "the winner stands after the entry it was made for");
        }
        const routing::Explanation why = routing::explainRequest(*table, method, host, path);
        FUZZ_CHECK((why.winner ? why.winner->entry : nullptr) == linear, "explain names another winner");
    }
}

} // namespace gatehouse::fuzz
