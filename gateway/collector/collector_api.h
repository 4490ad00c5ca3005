#pragma once

#include "net/api_http.h"
#include "collector/gateway_roster.h"
#include "collector/route_registry.h"
#include "observe/thresholds.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

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
          fleet_(fleet.reader), thresholds_(fleet.thresholds) {}

    boost::asio::awaitable<ApiResponse> handle(ApiRequest request);
    // Before a body is read: an unknown token is refused at once.
    std::optional<ApiResponse> admit(const ApiRequest& head) const;
    // Ends every long poll now (shutting down).
    void wakeAll();

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
    ApiResponse services() const;
    ApiResponse service(const std::string& name) const;
    ApiResponse revision(const std::string& name, const std::string& number) const;
    ApiResponse change(const ApiRequest& request, const std::string& name, const std::string& action, const CollectorToken* who);
    // The fleet's default-filter switches (collector_switches.cpp).
    ApiResponse securityFilters();
    ApiResponse setSecurityFilter(const ApiRequest& request, const std::string& name, const CollectorToken& who);
    ApiResponse audit(const ApiRequest& request) const;
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
};

} // namespace gatehouse::gateway
