#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"
#include "filters/filter_chain.h"
#include "glue/glue_client.h"

#include <atomic>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {
struct GatewayConfig;
} // namespace gatehouse::gateway

namespace gatehouse::gateway::filters {

class CounterStore;
class FlagStore;
class TokenCache;
class RailsCookieDecoder;

// One glue service's failures: counted (the metrics issue exports them) and logged once
// per outage, with the recovery logged too, so a dead service does not flood the log.
class GlueHealth {
public:
    GlueHealth(const char* name, const char* meanwhile) : name_(name), meanwhile_(meanwhile) {}
    void failed(std::string_view reason);
    void answered();
    std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

private:
    const char* name_;
    const char* meanwhile_; // what requests get while it fails
    std::atomic<std::uint64_t> failures_{0};
    std::atomic<bool> failing_{false};
};

struct GlueStats {
    GlueHealth redis{"redis", "rate-limited requests pass uncounted"};
    GlueHealth introspection{"introspection", "its filters fail closed (503)"};
    GlueHealth session{"session", "its filters fail closed (503)"};
    GlueHealth policy{"policy", "its filters fail closed (503)"};
    // Requests with a token not in the cache refused because the second's budget of
    // introspection calls was spent (glue.introspection.new_tokens_per_second).
    std::atomic<std::uint64_t> introspectionShed{0};
};

// What built filters may use, owned by the gateway and outliving every table: glue
// endpoints from gatehouse.json and the shared state behind them.
struct FilterEnvironment {
    std::optional<GlueEndpoint> introspection;
    std::string introspectionAuthorization; // "Basic ..." for the introspection client
    int tokenCacheMaxSeconds = 60;
    int tokenNegativeCacheSeconds = 5;
    std::optional<GlueEndpoint> session;
    std::optional<GlueEndpoint> policy;
    std::optional<GlueEndpoint> flags;
    std::string actorPrefix = "User;";
    std::shared_ptr<const RailsCookieDecoder> railsCookies; // session_cookie mode local
    TokenCache* tokenCache = nullptr;
    CounterStore* counters = nullptr;  // in this process; with Redis each worker has its own (RequestContext::counters)
    bool sharedCounters = false;       // gatehouse.json has "redis"
    std::string rateLimitPrefix = "rack::attack";
    FlagStore* flagStore = nullptr;
    GlueStats* glueStats = nullptr;
};

// Everything a factory sees: the entry's validated params (defaults filled in) and
// where it sits.
struct BuildContext {
    const FilterEnvironment& env;
    const config::ServiceConfig& service;
    std::size_t routeIndex = 0;
    const config::FilterRef& ref;
    std::size_t ordinal = 0; // among entries of the same filter on this route
};

// A factory checks what the catalogue cannot (is the glue service configured?) and
// builds the immutable instance; an error is a reason a person can act on.
using FilterFactory = std::function<std::expected<std::shared_ptr<const Filter>, std::string>(const BuildContext&)>;

// Every filter name the gateway can build, in one place. Its names equal the catalogue's.
const std::map<std::string_view, FilterFactory, std::less<>>& filterRegistry();

// A default filter from gatehouse.json with its runtime switch.
struct DefaultFilter {
    config::FilterRef ref;
    FilterSwitch* toggle = nullptr;
};

// Builds the chain of one route: the defaults (unless the route names the same filter
// itself: its own entry wins), then its own filters. An error names the entry's JSON
// path and why; the route's service is then refused while the others keep working.
std::expected<std::shared_ptr<const FilterChain>, config::Problem> buildChain(
    const FilterEnvironment& env, const config::ServiceConfig& service, std::size_t routeIndex,
    const std::vector<DefaultFilter>& defaultsBefore, const std::vector<DefaultFilter>& defaultsAfter,
    FilterStatsRegistry& stats);

// The catalogue's defaults for a filter used without params (default filters).
config::FilterRef defaultFilterRef(std::string_view name);

// Typed reads of validated params (the catalogue guarantees type and presence).
std::string paramString(const config::FilterParams& params, std::string_view name, std::string fallback = {});
std::int64_t paramInteger(const config::FilterParams& params, std::string_view name, std::int64_t fallback = 0);
std::vector<std::string> paramList(const config::FilterParams& params, std::string_view name);

// The built-in factories (one file each under gateway/filters/builtin/).
namespace builtin {
std::expected<std::shared_ptr<const Filter>, std::string> requestId(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> sanitize(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> securityHeaders(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> oauthToken(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> sessionCookie(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> ensureAuth(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> identityHeaders(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> authorize(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> rateLimit(const BuildContext& context);
std::expected<std::shared_ptr<const Filter>, std::string> featureFlag(const BuildContext& context);

// Why sanitize refuses a request path (no query), or nullptr (docs/filters.md#sanitize).
const char* pathProblem(std::string_view path);
} // namespace builtin

} // namespace gatehouse::gateway::filters
