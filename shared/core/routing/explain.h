#pragma once

#include "core/routing/route_table.h"

#include <optional>
#include <string>
#include <vector>

namespace gatehouse::routing {

// "Which route will this request hit, and why?" for every entry of the table.
enum class Verdict { matched, hostMismatch, methodMismatch, pathMismatch, outranked };

struct Candidate {
    const RouteEntry* entry = nullptr;
    Verdict verdict = Verdict::pathMismatch;
    std::string reason;
    std::optional<PrecedenceStep> decidedBy; // for outranked: the step that put the winner first
};

struct Explanation {
    std::string method;
    std::string host; // as normalised for matching
    std::string path;
    std::optional<RouteMatch> winner;
    std::vector<Candidate> candidates; // one per table entry, in table order
};

Explanation explainRequest(const RouteTable& table, std::string_view method, std::string_view host, std::string_view path);

const char* verdictName(Verdict verdict); // "matched", "host_mismatch", ...

} // namespace gatehouse::routing
