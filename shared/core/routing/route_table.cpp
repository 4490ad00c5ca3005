#include "core/routing/route_table.h"

#include "core/routing/route_index.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace gatehouse::routing {
namespace {

// Step 2 of the precedence: the more a route constrains, the earlier it stands.
int constraintRank(const RouteEntry& entry) {
    const bool hosts = entry.hostConstrained();
    const bool methods = !entry.anyMethod;
    if (hosts && methods) return 0;
    if (hosts) return 1;
    if (methods) return 2;
    return 3;
}

std::string lowerCopy(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A')); // ASCII: hosts are, and no locale lookups
    }
    return out;
}

} // namespace

bool RouteEntry::matchesHost(std::string_view normalizedHost) const {
    return hosts.empty() || std::binary_search(hosts.begin(), hosts.end(), normalizedHost);
}

PrecedenceComparison comparePrecedence(const RouteEntry& a, const RouteEntry& b) {
    const bool wildA = a.pattern.kind == PathKind::wildcard;
    const bool wildB = b.pattern.kind == PathKind::wildcard;
    if (wildA != wildB) return {!wildA, PrecedenceStep::fullBeforeWildcard};
    const int rankA = constraintRank(a);
    const int rankB = constraintRank(b);
    if (rankA != rankB) return {rankA < rankB, PrecedenceStep::constraints};
    // Both full or both wildcard by now. Among full paths an exact one beats a
    // parameterised one; among wildcards this step does not apply (both are "wildcard"),
    // so `/v2/apps/:id/*` still comes before `/v2/*` by length.
    if (a.pattern.kind != b.pattern.kind) {
        return {a.pattern.kind == PathKind::exact, PrecedenceStep::exactBeforeParam};
    }
    if (a.pattern.segments.size() != b.pattern.segments.size()) {
        return {a.pattern.segments.size() > b.pattern.segments.size(), PrecedenceStep::longerPath};
    }
    if (a.pattern.source.size() != b.pattern.source.size()) {
        return {a.pattern.source.size() > b.pattern.source.size(), PrecedenceStep::longerPath};
    }
    return {std::tie(a.serviceName(), a.routeIndex, a.pathIndex) < std::tie(b.serviceName(), b.routeIndex, b.pathIndex),
            PrecedenceStep::tieBreak};
}

const char* precedenceStepName(PrecedenceStep step) {
    switch (step) {
    case PrecedenceStep::fullBeforeWildcard: return "full_before_wildcard";
    case PrecedenceStep::constraints: return "constraints";
    case PrecedenceStep::exactBeforeParam: return "exact_before_param";
    case PrecedenceStep::longerPath: return "longer_path";
    case PrecedenceStep::tieBreak: return "tie_break";
    }
    return "?";
}

std::string describePrecedenceStep(PrecedenceStep step) {
    switch (step) {
    case PrecedenceStep::fullBeforeWildcard: return "step 1: full paths come before wildcard paths";
    case PrecedenceStep::constraints:
        return "step 2: routes with more constraints come first (hosts and methods, hosts only, methods only, neither)";
    case PrecedenceStep::exactBeforeParam: return "step 3: exact paths come before parameterised paths";
    case PrecedenceStep::longerPath: return "step 4: longer paths come first (more segments, then more characters)";
    case PrecedenceStep::tieBreak: return "step 5: tie broken by service name, then route position";
    }
    return {};
}

std::string normalizeRequestHost(std::string_view host) {
    if (!host.empty() && host.front() == '[') { // IPv6 literal, maybe with a port
        const std::size_t close = host.find(']');
        host = host.substr(0, close == std::string_view::npos ? host.size() : close + 1);
    } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
        host = host.substr(0, colon);
    }
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    return lowerCopy(host);
}

RouteRequest makeRouteRequest(std::string_view method, std::string_view hostHeader, std::string_view path) {
    RouteRequest request;
    request.method = config::requestMethodBit(method);
    request.host = normalizeRequestHost(hostHeader);
    path = path.substr(0, std::min(path.find_first_of("?#"), path.size()));
    request.originForm = !path.empty() && path.front() == '/';
    if (request.originForm) splitRequestPath(path, request.segments);
    return request;
}

std::shared_ptr<const RouteTable> RouteTable::build(std::vector<config::ServiceConfig> services) {
    std::shared_ptr<RouteTable> table(new RouteTable());
    table->services_ = std::move(services);
    for (const config::ServiceConfig& service : table->services_) {
        for (std::size_t r = 0; r < service.routes.size(); ++r) {
            const config::Route& route = service.routes[r];
            config::MethodSet declared = 0;
            for (const std::string& name : route.methods) declared |= config::routeMethodBit(name).value_or(0);
            std::vector<std::string> hosts;
            for (const std::string& host : route.hosts) hosts.push_back(lowerCopy(host));
            std::sort(hosts.begin(), hosts.end());
            hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
            for (std::size_t p = 0; p < route.paths.size(); ++p) {
                auto pattern = parsePathPattern(route.paths[p]);
                if (!pattern) continue; // validation reports it; a table never holds a bad path
                RouteEntry entry;
                entry.service = &service;
                entry.routeIndex = r;
                entry.pathIndex = p;
                entry.jsonPath_ = "routes[" + std::to_string(r) + "].paths[" + std::to_string(p) + "]";
                entry.pattern = std::move(*pattern);
                entry.hosts = hosts;
                entry.anyMethod = declared == 0;
                entry.methods = entry.anyMethod ? config::method::any : config::effectiveMethods(declared);
                table->entries_.push_back(std::move(entry));
            }
        }
    }
    std::sort(table->entries_.begin(), table->entries_.end(),
              [](const RouteEntry& a, const RouteEntry& b) { return comparePrecedence(a, b).firstWins; });
    for (std::size_t i = 0; i < table->entries_.size(); ++i) table->entries_[i].position = i;
    table->index_ = std::make_unique<RouteIndex>(table->entries_);
    return table;
}

RouteTable::~RouteTable() = default;

const config::ServiceConfig* RouteTable::findService(std::string_view name) const {
    for (const config::ServiceConfig& service : services_) {
        if (service.name == name) return &service;
    }
    return nullptr;
}

const RouteEntry* RouteTable::find(const RouteRequest& request) const {
    return request.originForm ? index_->find(request) : nullptr;
}

const RouteEntry* RouteTable::findLinear(const RouteRequest& request) const {
    if (!request.originForm) return nullptr;
    for (const RouteEntry& entry : entries_) {
        if (entry.matchesHost(request.host) && entry.matchesMethod(request.method) &&
            matchesPath(entry.pattern, request.segments)) {
            return &entry;
        }
    }
    return nullptr;
}

std::optional<RouteMatch> RouteTable::match(std::string_view method, std::string_view host, std::string_view path) const {
    const RouteRequest request = makeRouteRequest(method, host, path);
    const RouteEntry* entry = find(request);
    if (!entry) return std::nullopt;
    return RouteMatch{entry, capturePathParams(entry->pattern, request.segments)};
}

} // namespace gatehouse::routing
