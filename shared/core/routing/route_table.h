#pragma once

#include "core/config/http_method.h"
#include "core/config/service_config.h"
#include "core/routing/path_pattern.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::routing {

class RouteIndex;

// One row of the routing table: one path of one route of one service.
struct RouteEntry {
    std::size_t position = 0; // 0-based rank in the table; the first match wins
    const config::ServiceConfig* service = nullptr;
    std::size_t routeIndex = 0;
    std::size_t pathIndex = 0;
    PathPattern pattern;
    std::vector<std::string> hosts; // sorted, lower-case; empty = any host
    config::MethodSet methods = config::method::any; // effective: GET brings HEAD
    bool anyMethod = true;

    const config::Route& route() const { return service->routes[routeIndex]; }
    const std::string& serviceName() const { return service->name; }
    bool hostConstrained() const { return !hosts.empty(); }
    bool matchesHost(std::string_view normalizedHost) const;
    bool matchesMethod(config::MethodSet requestMethod) const { return (methods & requestMethod) != 0; }
    // "routes[0].paths[1]", the JSON path of this entry in its service file (made once:
    // every request's metrics and trail record name it).
    const std::string& jsonPath() const { return jsonPath_; }
    std::string jsonPath_;
};

// The precedence steps, in the order they are tried (docs/routing.md).
enum class PrecedenceStep {
    fullBeforeWildcard = 1, // full paths before wildcard paths
    constraints = 2,        // hosts and methods, hosts only, methods only, neither
    exactBeforeParam = 3,   // exact paths before parameterised ones
    longerPath = 4,         // more segments, then more characters
    tieBreak = 5,           // service name, then route position
};

struct PrecedenceComparison {
    bool firstWins = false;
    PrecedenceStep decidedBy = PrecedenceStep::tieBreak;
};

PrecedenceComparison comparePrecedence(const RouteEntry& a, const RouteEntry& b);
const char* precedenceStepName(PrecedenceStep step);  // "full_before_wildcard", ...
std::string describePrecedenceStep(PrecedenceStep step); // for people

// A request as the matcher sees it: method bit, host lower-cased without port or
// trailing dot, path split into segments (query and fragment dropped). Only an
// origin-form path ("/..." — RFC 9112 §3.2.1) can match; "*", "v2/x" or an absolute
// URL match nothing (the gateway turns an absolute-form target into origin form first).
struct RouteRequest {
    config::MethodSet method = config::method::other;
    std::string host;
    RequestSegments segments; // views into the path given to makeRouteRequest
    bool originForm = true;
};

// `path` must outlive the result: the segments are views into it.
RouteRequest makeRouteRequest(std::string_view method, std::string_view hostHeader, std::string_view path);
RouteRequest makeRouteRequest(std::string_view method, std::string_view hostHeader, std::string&& path) = delete;
std::string normalizeRequestHost(std::string_view hostHeader);

struct RouteMatch {
    const RouteEntry* entry = nullptr;
    PathParams params;
};

// The ordered routing table: an immutable snapshot built from validated services.
// Gateways hold it through shared_ptr<const RouteTable> and swap it whole.
class RouteTable {
public:
    static std::shared_ptr<const RouteTable> build(std::vector<config::ServiceConfig> services);
    ~RouteTable();
    RouteTable(const RouteTable&) = delete;
    RouteTable& operator=(const RouteTable&) = delete;

    const std::vector<RouteEntry>& entries() const { return entries_; }
    const std::vector<config::ServiceConfig>& services() const { return services_; }
    const config::ServiceConfig* findService(std::string_view name) const;

    // The winning entry via the index (what the gateway uses on every request).
    const RouteEntry* find(const RouteRequest& request) const;
    std::optional<RouteMatch> match(std::string_view method, std::string_view host, std::string_view path) const;
    // The same answer by scanning the table in order: the reference the index must equal.
    const RouteEntry* findLinear(const RouteRequest& request) const;
    const RouteIndex& index() const { return *index_; }

private:
    RouteTable() = default;
    std::vector<config::ServiceConfig> services_;
    std::vector<RouteEntry> entries_;
    std::unique_ptr<RouteIndex> index_;
};

} // namespace gatehouse::routing
