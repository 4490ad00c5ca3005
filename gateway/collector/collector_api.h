#pragma once

#include "net/api_http.h"
#include "collector/gateway_roster.h"
#include "collector/route_registry.h"
#include "observe/thresholds.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <prometheus/metric_family.h>

#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gatehouse::gateway {

class FleetReader;

// How the collector's fleet reads reach the gateways (null: /v1/fleet/* answer 503), and
// the thresholds their merged figures are judged with.
struct FleetReads {
    FleetReader* reader = nullptr;
    Thresholds thresholds;
};

// A token of the collector's tokens file: who it is, which services it may change
// ("*": all; none: read only, as for gateways), and its role: "viewer" (the default) or
// "admin", who may also switch the fleet's default filters.
struct CollectorToken {
    std::string name;
    std::string tokenSha256;
    std::vector<std::string> services;
    bool admin = false;
    bool owns(const std::string& service) const;
    const char* roleName() const { return admin ? "admin" : "viewer"; }
};

// {"tokens": [{"name": "droplets-team", "token_sha256": "...", "services": ["droplets"]},
//             {"name": "security", "token_sha256": "...", "role": "admin"}]}
std::expected<std::vector<CollectorToken>, std::string> loadCollectorTokens(const std::string& file);

// The collector's HTTP API (docs/collector-api.md) over a RouteRegistry. Single-threaded:
// it runs on the collector's one event loop, which also holds the long polls.
class CollectorApi {
public:
    // `tokens` absent: reads are open and every change is refused (a read-only collector).
    // `maxLongPollsPerToken`: long polls one token may hold at once (more get 429), so
    // one reader cannot take every connection slot.
    // `roster`: the gateways known from their polls.
    CollectorApi(boost::asio::io_context& io, RouteRegistry& registry, GatewayRoster& roster,
                 std::optional<std::vector<CollectorToken>> tokens, std::size_t maxLongPollsPerToken = 256, FleetReads fleet = {})
        : io_(io), registry_(registry), roster_(roster), tokens_(std::move(tokens)), maxLongPollsPerToken_(maxLongPollsPerToken),
          fleet_(fleet.reader), thresholds_(fleet.thresholds), instance_(newInstanceId()) {}

    boost::asio::awaitable<ApiResponse> handle(ApiRequest request);
    // Before a body is read: an unknown token is refused at once.
    std::optional<ApiResponse> admit(const ApiRequest& head) const;
    // Ends every long poll now (shutting down).
    void wakeAll();
    // The store said something (another collector committed, it was lost or is back): on
    // the collector's loop.
    void storeEvent(const CollectorStore::Event& event);
    // With a shared store: publishes the gateways this collector heard from and takes in
    // those the others heard from, so that every collector lists (and reads) the whole
    // fleet. Called every second.
    void shareRoster();
    static constexpr int kRosterTtlSeconds = 10;

    // What the collector counts for /metrics.
    struct Counters {
        std::map<std::pair<std::string, std::string>, std::uint64_t> changes; // (action, result)
        std::map<std::string, std::uint64_t> polls;                           // result: changed, not_modified, refused
        std::uint64_t storeChangesSeen = 0; // commits of other collectors served here
        std::optional<std::int64_t> lastWatchLagMs;
        std::uint64_t storeLost = 0;
        std::uint64_t rosterShareFailures = 0;
    };

private:
    struct Call;
    struct Route;
    static const std::vector<Route>& routes();
    const CollectorToken* caller(const ApiRequest& request) const;
    boost::asio::awaitable<ApiResponse> table(const ApiRequest& request, const CollectorToken* who);
    // The report in a gateway's poll, noted; an error answer when it is malformed.
    std::optional<ApiResponse> noteGateway(const QueryParams& params);
    ApiResponse gateways();
    ApiResponse metrics();
    void storeMetrics(std::vector<prometheus::MetricFamily>& families) const;
    ApiResponse services() const;
    ApiResponse service(const std::string& name);
    ApiResponse revision(const std::string& name, const std::string& number);
    // 503 (read-only until the store is back) or 500, saying what could not be done.
    ApiResponse storeFailure(const CollectorStore::Failure& failure, std::string_view what) const;
    void countChange(const std::string& action, std::string_view result) { ++counters_.changes[{action, std::string(result)}]; }
    ApiResponse change(const ApiRequest& request, const std::string& name, const std::string& action, const CollectorToken* who);
    // The fleet's default-filter switches (collector_switches.cpp).
    ApiResponse securityFilters();
    ApiResponse setSecurityFilter(const ApiRequest& request, const std::string& name, const CollectorToken& who);
    ApiResponse audit(const ApiRequest& request);
    // What the console reads of the collector itself (collector_console.cpp): who the
    // token is, the ordered table and "why this route?" against it.
    ApiResponse whoami(const CollectorToken* who) const;
    ApiResponse orderedTable() const;
    ApiResponse explain(const ApiRequest& request) const;
    // The fleet's reads, fanned out to the gateways (collector_fleet.cpp).
    ApiResponse fleetOff() const;
    boost::asio::awaitable<ApiResponse> fleetServices(const ApiRequest& request);
    boost::asio::awaitable<ApiResponse> fleetService(const ApiRequest& request, const std::string& name);
    boost::asio::awaitable<ApiResponse> fleetSeries(const ApiRequest& request, const std::string& name);
    boost::asio::awaitable<ApiResponse> fleetAnnotations(const ApiRequest& request);
    boost::asio::awaitable<ApiResponse> fleetAlerts(const ApiRequest& request);
    boost::asio::awaitable<ApiResponse> fleetTrail(const ApiRequest& request);
    boost::asio::awaitable<ApiResponse> fleetTrailSummary(const ApiRequest& request);
    boost::asio::awaitable<ApiResponse> fleetTrailRecord(const std::string& requestId);

    boost::asio::io_context& io_;
    RouteRegistry& registry_;
    GatewayRoster& roster_;
    std::optional<std::vector<CollectorToken>> tokens_;
    std::set<boost::asio::steady_timer*> waiting_; // long polls, woken when the version changes
    std::size_t maxLongPollsPerToken_;
    std::map<std::string, std::size_t, std::less<>> pollsByToken_; // token name ("" without tokens) -> long polls held
    FleetReader* fleet_;
    Thresholds thresholds_;
    Counters counters_;
    std::string instance_; // this process, among the collectors sharing a store
    static std::string newInstanceId();
};

} // namespace gatehouse::gateway
