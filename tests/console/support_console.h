#pragma once

// A real gatehouse for the console's tests: two services behind test upstreams (one
// answering 500 for a third of requests), an admin token, some traffic.
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <QString>

#include <memory>

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

} // namespace gatehouse::testing
