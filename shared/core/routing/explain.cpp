#include "core/routing/explain.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gatehouse::routing {

const char* verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::matched: return "matched";
    case Verdict::hostMismatch: return "host_mismatch";
    case Verdict::methodMismatch: return "method_mismatch";
    case Verdict::pathMismatch: return "path_mismatch";
    case Verdict::outranked: return "outranked";
    }
    return "?";
}

Explanation explainRequest(const RouteTable& table, std::string_view method, std::string_view host, std::string_view path) {
    Explanation out;
    out.method = std::string(method);
    out.path = std::string(path);
    const RouteRequest request = makeRouteRequest(method, host, out.path);
    out.host = request.host;
    // The winner comes from the index, exactly as the gateway picks it.
    if (const RouteEntry* winner = table.find(request)) {
        out.winner = RouteMatch{winner, capturePathParams(winner->pattern, request.segments)};
    }
    const RouteEntry* winner = out.winner ? out.winner->entry : nullptr;

    out.candidates.reserve(table.entries().size());
    for (const RouteEntry& entry : table.entries()) {
        Candidate candidate;
        candidate.entry = &entry;
        // Path first: a route for another path is the least interesting kind of miss.
        if (!request.originForm) {
            candidate.verdict = Verdict::pathMismatch;
            candidate.reason = "the request path does not start with '/': no route can match it";
        } else if (std::string why = describePathMismatch(entry.pattern, request.segments); !why.empty()) {
            candidate.verdict = Verdict::pathMismatch;
            candidate.reason = std::move(why);
        } else if (!entry.matchesHost(request.host)) {
            candidate.verdict = Verdict::hostMismatch;
            candidate.reason = fmt::format("host '{}' is not one of {}", request.host, fmt::join(entry.hosts, ", "));
        } else if (!entry.matchesMethod(request.method)) {
            candidate.verdict = Verdict::methodMismatch;
            candidate.reason =
                fmt::format("method {} is not one of {}", method, config::describeMethods(entry.methods));
        } else if (&entry == winner) {
            candidate.verdict = Verdict::matched;
            candidate.reason = entry.position == 0 ? "first route in the table that matches"
                                                   : "first route in the table that matches; every route before it "
                                                     "differs in path, host or method";
        } else {
            candidate.verdict = Verdict::outranked;
            if (winner) {
                const PrecedenceComparison comparison = comparePrecedence(*winner, entry);
                candidate.decidedBy = comparison.decidedBy;
                candidate.reason = fmt::format("matches too, but #{} ({} {}) comes first: {}", winner->position,
                                               winner->serviceName(), winner->pattern.source,
                                               describePrecedenceStep(comparison.decidedBy));
            }
        }
        out.candidates.push_back(std::move(candidate));
    }
    return out;
}

} // namespace gatehouse::routing
