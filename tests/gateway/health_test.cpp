// Destination health: active checks flip a destination both ways, live traffic ejects one.
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;

std::string checkedService(int port, int failedAttempts, int successfulAttempts) {
    return R"({"name": "checked", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
           std::to_string(port) + R"("}], "health_check": {"path": "/health", "interval_seconds": 1, "timeout_seconds": 0,
           "max_failed_attempts": )" + std::to_string(failedAttempts) + R"(, "min_successful_attempts": )" +
           std::to_string(successfulAttempts) + "}}";
}

// Polls (bounded) until `request` gets `status`; the last status seen.
int waitForStatus(int port, const std::string& request, int status, int timeoutMs) {
    int last = 0;
    for (int waited = 0; waited <= timeoutMs; waited += 50) {
        last = statusOf(httpExchange(port, request));
        if (last == status) return last;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return last;
}

const std::string kGet = "GET /work HTTP/1.1\r\nHost: a\r\n\r\n";

TEST(Health, ActiveChecksFlipADestinationBothWays) {
    std::atomic<int> healthStatus{200};
    TestUpstream upstream([&](const UpstreamRequest& request) {
        UpstreamResponse response;
        response.status = request.target == "/health" ? healthStatus.load() : 200;
        return response;
    });
    // timeout_seconds 0 is refused: the config is checked as a whole.
    GatewayProcess refused(std::map<std::string, std::string>{{"c.json", checkedService(upstream.port(), 2, 2)}});
    EXPECT_FALSE(refused.started());
    GatewayProcess gateway(std::map<std::string, std::string>{
        {"c.json", R"({"name": "checked", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                       std::to_string(upstream.port()) +
                       R"("}], "health_check": {"path": "/health", "interval_seconds": 2, "timeout_seconds": 1,
                       "max_failed_attempts": 1, "min_successful_attempts": 1}})"}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), kGet)), 200);
    healthStatus = 500;
    EXPECT_EQ(waitForStatus(gateway.port(), kGet, 503, 5000), 503) << gateway.log();
    const std::string unhealthy = httpExchange(gateway.port(), kGet);
    EXPECT_EQ(boost::json::parse(bodyOf(unhealthy)).at("id").as_string(), "no_healthy_upstream");
    healthStatus = 200;
    EXPECT_EQ(waitForStatus(gateway.port(), kGet, 200, 5000), 200) << gateway.log();
    const std::string log = gateway.log();
    EXPECT_NE(log.find("checked 127.0.0.1:" + std::to_string(upstream.port()) + " is unhealthy (1 consecutive failed checks, last: HTTP 500)"),
              std::string::npos) << log;
    EXPECT_NE(log.find("is healthy again (1 consecutive successful checks)"), std::string::npos) << log;
}

TEST(Health, LiveTrafficEjectsADeadDestination) {
    const int deadPort = unusedPort();
    GatewayProcess gateway(std::map<std::string, std::string>{
        {"d.json", R"({"name": "dead", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                       std::to_string(deadPort) + R"("}]})"}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), kGet)), 502) << i;
    const std::string ejected = httpExchange(gateway.port(), kGet);
    EXPECT_EQ(statusOf(ejected), 503) << ejected;
    EXPECT_NE(gateway.log().find("unhealthy (5 consecutive failures in live traffic)"), std::string::npos) << gateway.log();
}

TEST(Health, AnEjectedDestinationIsSkippedWhileTheOthersServe) {
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway(std::map<std::string, std::string>{
        {"two.json", R"({"name": "two", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                         std::to_string(unusedPort()) + R"("}, {"scheme": "http", "host": "127.0.0.1:)" +
                         std::to_string(upstream.port()) + R"("}]})"}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string post = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";
    int failures = 0;
    for (int i = 0; i < 30; ++i) failures += statusOf(httpExchange(gateway.port(), post)) != 200;
    EXPECT_EQ(failures, 5); // non-idempotent requests fail on the dead one until it is ejected
}

} // namespace
} // namespace gatehouse
