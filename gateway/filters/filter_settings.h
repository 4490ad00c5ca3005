#pragma once

#include "filters/rails_session.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// Glue services the built-in filters call (docs/filters.md). Absent: the filters that
// need one are refused on the routes that declare them, with a reason.
struct GlueService {
    std::string url;
    int timeoutMs = 1000; // "timeout_ms": a slower answer counts as the service being down
};

struct IntrospectionSettings : GlueService { // RFC 7662
    std::string clientId;              // "client_id"
    std::string clientSecret;          // read from "client_secret_file" (never logged)
    int cacheMaxSeconds = 60;          // "cache_max_seconds": an active token is trusted until exp, at most this long
    int negativeCacheSeconds = 5;      // "negative_cache_seconds": an inactive token is refused without asking
    std::size_t cacheEntries = 10'000; // "cache_entries": LRU bound
    // "new_tokens_per_second": introspection calls for tokens not in the cache (a burst
    // of as many): beyond it a new token gets 503 at once, so made-up tokens can neither
    // hammer the introspection service nor churn the cache. 0 = no bound.
    std::size_t newTokensPerSecond = 200;
};

struct FlagSettings : GlueService { // a Flipper HTTP API (GET /features?keys=...)
    int pollMs = 5'000;                // "poll_ms": background refresh; requests never wait for it
    std::string actorPrefix = "User;"; // "actor_prefix": flipper_id = prefix + user id
};

// Shared rate-limit counters (docs/ruby-compat.md): several gateways, and rack-attack,
// count in one Redis.
struct RedisSettings {
    std::string url;                       // "url": redis://[:password@]host:port[/db]
    int timeoutMs = 50;                    // "timeout_ms": per command; slower = not counted
    std::string keyPrefix = "rack::attack"; // "key_prefix": rack-attack's Cache#prefix
    std::size_t maxInFlight = 1024;        // "max_in_flight": per worker
};

struct GlueSettings {
    std::optional<IntrospectionSettings> introspection; // "introspection"
    std::optional<GlueService> session;                 // "session": remote session_cookie
    std::optional<GlueService> policy;                  // "policy": authorize
    std::optional<FlagSettings> flags;                  // "flags": feature_flag
};

namespace filters {

// What the filters' shared services are built from: the parts of gatehouse.json they
// read (views into the gateway's config).
struct FilterServicesSettings {
    const GlueSettings& glue;
    const std::optional<RedisSettings>& redis;
    const std::optional<RailsSessionSettings>& railsSession;
    const std::vector<std::string>& defaultBefore;
    const std::vector<std::string>& defaultAfter;
};

} // namespace filters
} // namespace gatehouse::gateway
