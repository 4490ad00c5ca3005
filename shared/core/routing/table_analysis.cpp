#include "core/routing/table_analysis.h"

#include "core/routing/route_index.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace gatehouse::routing {
namespace {

bool hostsOverlap(const RouteEntry& a, const RouteEntry& b) {
    if (a.hosts.empty() || b.hosts.empty()) return true;
    auto i = a.hosts.begin();
    auto j = b.hosts.begin();
    while (i != a.hosts.end() && j != b.hosts.end()) {
        if (*i == *j) return true;
        *i < *j ? ++i : ++j;
    }
    return false;
}

bool hostsCover(const RouteEntry& earlier, const RouteEntry& later) {
    if (earlier.hosts.empty()) return true;
    if (later.hosts.empty()) return false;
    return std::includes(earlier.hosts.begin(), earlier.hosts.end(), later.hosts.begin(), later.hosts.end());
}

bool patternCovers(const PathPattern& earlier, const PathPattern& later) {
    const auto& e = earlier.segments;
    const auto& l = later.segments;
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (e[i].kind == SegmentKind::wildcard) return true;
        if (i >= l.size() || l[i].kind == SegmentKind::wildcard) return false;
        if (e[i].kind == SegmentKind::literal && (l[i].kind != SegmentKind::literal || l[i].text != e[i].text)) {
            return false;
        }
    }
    return e.size() == l.size();
}

std::string describeEntry(const RouteEntry& entry) {
    return fmt::format("service '{}' {} ('{}'{}{})", entry.serviceName(), entry.jsonPath(), entry.pattern.source,
                       entry.hosts.empty() ? "" : fmt::format(", hosts {}", fmt::join(entry.hosts, " ")),
                       entry.anyMethod ? "" : fmt::format(", methods {}", config::describeMethods(entry.methods)));
}

} // namespace

bool covers(const RouteEntry& earlier, const RouteEntry& later) {
    return hostsCover(earlier, later) && (earlier.methods & later.methods) == later.methods &&
           patternCovers(earlier.pattern, later.pattern);
}

std::vector<RouteConflict> findRouteConflicts(const RouteTable& table) {
    std::vector<RouteConflict> conflicts;
    std::map<std::string, std::vector<const RouteEntry*>> byShape;
    for (const RouteEntry& entry : table.entries()) byShape[entry.pattern.shape()].push_back(&entry);
    for (const auto& item : byShape) {
        const std::vector<const RouteEntry*>& group = item.second;
        for (std::size_t i = 0; i < group.size(); ++i) {
            for (std::size_t j = i + 1; j < group.size(); ++j) {
                const RouteEntry& a = *group[i];
                const RouteEntry& b = *group[j];
                if (a.service == b.service || !hostsOverlap(a, b) || (a.methods & b.methods) == 0) continue;
                conflicts.push_back({&a, &b});
            }
        }
    }
    return conflicts;
}

config::Problems analyseTable(const RouteTable& table) {
    config::Problems problems;
    const auto& entries = table.entries();

    // Takeovers: the same shape claimed by two services for overlapping hosts and methods.
    for (const RouteConflict& conflict : findRouteConflicts(table)) {
        const auto report = [&](const RouteEntry& mine, const RouteEntry& theirs) {
            problems.push_back({mine.service->source, mine.jsonPath(), "route_conflict",
                                fmt::format("'{}' is also claimed by {}: both would serve {} requests for "
                                            "this path{}",
                                            mine.pattern.source, describeEntry(theirs),
                                            config::describeMethods(mine.methods & theirs.methods),
                                            mine.hosts.empty() && theirs.hosts.empty() ? " on any host" : ""),
                                config::Severity::error,
                                "a path belongs to one service: agree on an owner, or give each route its own "
                                "hosts or methods"});
        };
        report(*conflict.first, *conflict.second);
        report(*conflict.second, *conflict.first);
    }

    // Shadowing: an earlier route covers a later one entirely. The index finds the routes
    // whose path covers this one's, so this is not a comparison of every pair.
    const RouteIndex& index = table.index();
    for (const RouteEntry& entry : entries) {
        const RouteEntry* shadow = nullptr;
        index.forEachCoveringPath(entry, [&](const RouteEntry& other) {
            if (other.position < entry.position && (!shadow || other.position < shadow->position) && covers(other, entry)) {
                shadow = &other;
            }
        });
        if (!shadow) continue;
        // A takeover of the same shape is already an error; do not say it twice.
        if (shadow->service != entry.service && shadow->pattern.shape() == entry.pattern.shape()) continue;
        problems.push_back({entry.service->source, entry.jsonPath(), "route_shadowed",
                            fmt::format("'{}' can never be reached: #{} {} comes first and matches every request it "
                                        "would match ({})",
                                        entry.pattern.source, shadow->position, describeEntry(*shadow),
                                        describePrecedenceStep(comparePrecedence(*shadow, entry).decidedBy)),
                            config::Severity::warning,
                            "remove the route, or make it more specific than the one that shadows it"});
    }
    return problems;
}

} // namespace gatehouse::routing
