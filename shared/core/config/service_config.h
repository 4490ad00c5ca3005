#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gatehouse::config {

// The service config: one JSON file per service, modelled on the config struct of
// DigitalOcean's Edge Gateway. Field comments give the JSON key and default.

enum class FilterMode { enforce, shadow };

// A filter parameter after validation against the catalogue's schema.
using ParamValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;
using FilterParams = std::map<std::string, ParamValue, std::less<>>;

// An entry of before_filters/after_filters: "name" or {"name", "mode", "params"}.
struct FilterRef {
    std::string name;
    FilterMode mode = FilterMode::enforce;
    FilterParams params; // complete: defaults from the catalogue filled in
};

// A route that accepts WebSocket upgrades (RFC 6455): after the handshake passes the
// route's before filters and the service answers 101, the gateway relays bytes both ways
// until a side closes, the tunnel is idle this long, or it reaches its maximum duration.
struct WebSocketRoute {
    int idleTimeoutSeconds = 300;   // "idle_timeout_seconds": 1..86400 (Envoy's stream idle default)
    int maxDurationSeconds = 86400; // "max_duration_seconds": 1..604800; then closed, and the client reconnects
};

struct Route {
    std::vector<std::string> hosts;   // "hosts": lower-case names; empty = any host
    std::vector<std::string> methods; // "methods": upper-case; empty = any method
    std::vector<std::string> paths;   // "paths": at least one
    std::vector<FilterRef> beforeFilters; // "before_filters"
    std::vector<FilterRef> afterFilters;  // "after_filters"
    std::optional<std::uint64_t> maxBodyBytes; // "max_body_bytes": 0 = no limit; absent = the gateway's default
    // "allow_carve_outs": other services may register more specific routes that take
    // requests this route serves (a monolith's catch-all during a strangler migration).
    // Without it such a registration is a takeover, refused.
    bool allowCarveOuts = false;
    // "websocket": true or {"idle_timeout_seconds", "max_duration_seconds"}; absent: an
    // upgrade request to this route is refused (400 websocket_not_enabled).
    std::optional<WebSocketRoute> websocket;
};

struct Destination {
    std::string scheme; // "scheme": http | https
    std::string host;   // "host": host:port as written
};

struct HealthCheck {
    std::string path = "/health";       // "path"
    int intervalSeconds = 5;            // "interval_seconds"
    int maxFailedAttempts = 3;          // "max_failed_attempts"
    int minSuccessfulAttempts = 3;      // "min_successful_attempts"
    int timeoutSeconds = 3;             // "timeout_seconds"
};

struct ServiceConfig {
    std::string name;                   // "name"
    std::vector<Route> routes;          // "routes"
    int timeoutSeconds = 10;            // "timeout_seconds": 1..60
    // "max_idle_conns": 0..10000 idle keep-alive connections kept per destination and
    // worker. As high as "max_connections" by default, so that a busy service keeps its
    // connections (a pool that closes what it just used opens one per request under
    // load, as HTTP/2 clients with 100 streams each show); what bounds the pool is
    // "max_connections" (Envoy's circuit breaker, with its default). Envoy and HAProxy
    // do not cap idle connections apart from it.
    int maxIdleConns = 1024;
    int maxConnections = 1024;          // "max_connections": 1..100000 open per destination, every worker; more: 503
    std::vector<Destination> destinations; // "destinations"
    std::optional<HealthCheck> healthCheck; // "health_check": absent = no active checks
    std::string source;                 // not from JSON: the file (or registration) it came from
};

inline constexpr int kDefaultTimeoutSeconds = 10;
inline constexpr int kMaxTimeoutSeconds = 60;
inline constexpr int kDefaultMaxIdleConns = 1024;
inline constexpr int kMaxIdleConnsLimit = 10'000;
inline constexpr int kDefaultMaxConnections = 1024;
inline constexpr int kMaxConnectionsLimit = 100'000;

const char* filterModeName(FilterMode mode);

} // namespace gatehouse::config
