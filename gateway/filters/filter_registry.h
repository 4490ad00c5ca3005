#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"
#include "filters/filter_chain.h"
#include "glue/glue_client.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::routing {
class RouteTable;
} // namespace gatehouse::routing

namespace gatehouse::gateway::filters {

class CounterStore;
class FlagStore;
class TokenCache;
class RailsCookieDecoder;

// One glue service's failures: counted (in /metrics and /api/v1/filters/stats) and
// logged once per outage, with the recovery logged too, so a dead service does not
// flood the log.
class GlueHealth {
public:
    GlueHealth(std::string_view name, std::string_view meanwhile) : name_(name), meanwhile_(meanwhile) {}
    void failed(std::string_view reason);
    void answered();
    std::string_view name() const { return name_; }
    std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

private:
    std::string_view name_;      // static storage: the registration's
    std::string_view meanwhile_; // what requests get while it fails
    std::atomic<std::uint64_t> failures_{0};
    std::atomic<bool> failing_{false};
};

// The glue services the registered filters call, one health each, in registration order.
class GlueHealthBoard {
public:
    GlueHealth& add(std::string_view name, std::string_view meanwhile);
    GlueHealth& at(std::string_view name); // one that was added
    const std::vector<std::unique_ptr<GlueHealth>>& all() const { return health_; }

private:
    std::vector<std::unique_ptr<GlueHealth>> health_;
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
    GlueHealthBoard* glue = nullptr;
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

struct FilterServices;

// One number a filter's shared state reports: in /metrics (when `metric` is set) and in
// /api/v1/filters/stats at `apiPath` (dots nest objects).
struct FilterStat {
    std::string_view metric;
    std::string_view help;
    bool counter = true; // else a gauge
    std::string_view apiPath;
    std::uint64_t value = 0;
};

// What a filter's background task gets: the control thread's executor and glue client,
// the routes in use, and whether the gateway is stopping.
struct BackgroundContext {
    boost::asio::any_io_executor executor;
    GlueClient& glue;
    FilterServices& services;
    std::function<std::shared_ptr<const routing::RouteTable>()> routes;
    std::function<bool()> stopping;
};

// Everything the gateway knows of one filter, in the filter's own file: the core never
// names a filter, it iterates these.
struct FilterRegistration {
    std::string_view name; // equals the catalogue's
    FilterFactory factory;
    // The glue service it calls, if any, and what requests get while that fails.
    std::string_view glue;
    std::string_view glueMeanwhile;
    // Runs on the control thread from start to drain when `runsIn` says this gateway can
    // use the filter (its glue service is configured).
    bool (*runsIn)(const FilterEnvironment&) = nullptr;
    boost::asio::awaitable<void> (*background)(BackgroundContext) = nullptr;
    // The numbers its shared state reports.
    void (*report)(const FilterServices&, std::vector<FilterStat>&) = nullptr;
    // As a default filter, the request id of an answer given before any route is known
    // (a refused head, no route): nullopt leaves it to the gateway.
    std::optional<std::string> (*unroutedRequestId)(std::string_view incoming) = nullptr;
};

// Every filter the gateway can build, in one list (filters/builtin/builtin_filters.cpp).
const std::vector<FilterRegistration>& filterRegistry();
const FilterRegistration* findRegistration(std::string_view name);

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

namespace builtin {
// Why sanitize refuses a request path (no query), or nullptr (docs/filters.md#sanitize).
const char* pathProblem(std::string_view path);
} // namespace builtin

} // namespace gatehouse::gateway::filters
