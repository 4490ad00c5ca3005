#pragma once

// A real gatehouse for the console's tests: two services behind test upstreams (one
// answering 500 for a third of requests), an admin token, some traffic.
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace gatehouse::testing {

struct ConsoleFixture {
    static constexpr const char* kAdminToken = "console-test-admin-token-0001";   // role admin
    static constexpr const char* kViewerToken = "console-test-viewer-token-001";  // role viewer
    std::unique_ptr<TestUpstream> healthy;
    std::unique_ptr<TestUpstream> failing;
    std::unique_ptr<GatewayProcess> gateway;

    ConsoleFixture();
    QString adminUrl() const;
    void sendTraffic(int requests) const;
};

// A fleet for the console's fleet mode: a real collector with apps and volumes registered
// (volumes failing a third of its requests), three real gateways following it (edge-1..3)
// whose admin APIs the collector reads with a viewer token, and the console's collector
// token (role admin: it may switch the fleet's default filters).
struct FleetFixture {
    static constexpr const char* kViewerToken = "fleet-console-viewer-token-01"; // the gateways' admin API
    static constexpr const char* kConsoleToken = CollectorProcess::kSecurityToken;
    std::unique_ptr<TestUpstream> healthy;
    std::unique_ptr<TestUpstream> failing;
    std::string tokensFile;      // the gateways' admin tokens
    std::string fleetTokenFile;  // the collector's fleet.token_file
    std::unique_ptr<CollectorProcess> collector;
    std::vector<std::unique_ptr<GatewayProcess>> gateways;

    FleetFixture();
    ~FleetFixture();
    bool ready() const; // every gateway started and advertised to the collector
    QString collectorUrl() const;
    // Gateway g (0-based) gets 12·(g+1) requests, half to each service.
    void sendTraffic() const;
    // GET on gateway g's admin API as the viewer: the body.
    std::string adminBody(std::size_t g, const std::string& target) const;
};

} // namespace gatehouse::testing
