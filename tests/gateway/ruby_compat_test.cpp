// Living beside the Ruby monolith, checked against the real Ruby libraries from Debian
// (docs/ruby-compat.md): rack-attack 6.6 sharing rate-limit counters in one Redis, and
// flipper 0.25's percentage-of-actors bucketing.
#include "filters/flipper_flags.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/service_fixtures.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;

std::string rubyScript(const std::string& name) { return sourceDir() + "/tests/ruby/" + name; }

std::int64_t epochNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

UpstreamResponse served(const UpstreamRequest&) {
    UpstreamResponse response;
    response.body = "served by gatehouse's backend\n";
    return response;
}

std::string throttledService(int backendPort) {
    return fmt::format(R"({{"name": "api", "routes": [{{"paths": ["/*"], "before_filters": [{{"name": "rate_limit",
        "params": {{"limit": 5, "period_seconds": 3600, "by": "ip", "name": "api"}}}}]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backendPort);
}

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n"; }

TEST(RubyCompat, RateLimitCountersAreSharedWithRackAttackThroughRedis) {
    const int redisPort = unusedPort();
    ServerProcess redis(redisServerArgs(redisPort), redisPort);
    ASSERT_TRUE(redis.ready()) << redis.log();
    const int rubyPort = unusedPort();
    ServerProcess ruby({"ruby", rubyScript("rack_attack_app.rb"), std::to_string(rubyPort), std::to_string(redisPort), "api",
                        "5", "3600"},
                       rubyPort);
    ASSERT_TRUE(ruby.ready()) << ruby.log();
    TestUpstream backend(served);
    GatewayProcess gateway({{"api.json", throttledService(backend.port())}},
                           fmt::format(R"("redis": {{"url": "redis://127.0.0.1:{}/0", "timeout_ms": 200}})", redisPort), 2);
    ASSERT_TRUE(gateway.started()) << gateway.log();

    // One window for the whole test: never start in the last seconds of an hour.
    if (epochNow() % 3600 > 3590) std::this_thread::sleep_for(std::chrono::seconds(3600 - epochNow() % 3600 + 1));
    const std::int64_t window = epochNow() / 3600;

    // Interleaved, both sides count the same key: the 6th request, whichever side serves
    // it, is the first throttled.
    std::vector<int> statuses;
    for (int i = 0; i < 10; ++i) {
        const int port = i % 2 == 0 ? rubyPort : gateway.port();
        statuses.push_back(statusOf(httpExchange(port, get("/v2/things"))));
    }
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 200, 200, 429, 429, 429, 429, 429}));
    const std::string key = fmt::format("rack::attack:{}:api:127.0.0.1", window);
    EXPECT_EQ(redisCli(redisPort, {"GET", key}), "10");
    const int ttl = std::stoi(redisCli(redisPort, {"TTL", key}));
    EXPECT_GT(ttl, 0);
    EXPECT_LE(ttl, 3601);
    const std::string limited = httpExchange(gateway.port(), get("/v2/things"));
    EXPECT_EQ(statusOf(limited), 429);
    EXPECT_EQ(headerOf(limited, "RateLimit-Limit"), "5");
    EXPECT_EQ(headerOf(limited, "RateLimit-Remaining"), "0");
    EXPECT_EQ(backend.requests(), 2); // the gateway's two requests before the limit

    // Redis dies: requests keep flowing, uncounted, as rack-attack lets them through.
    redis.kill();
    for (int i = 0; i < 6; ++i) {
        const std::string response = httpExchange(gateway.port(), get("/v2/things"));
        EXPECT_EQ(statusOf(response), 200) << response;
        EXPECT_EQ(headerOf(response, "RateLimit-Limit"), "");
    }
    const std::string log = gateway.log();
    const std::string line = "glue: the redis service is failing";
    ASSERT_NE(log.find(line), std::string::npos) << log;
    EXPECT_EQ(log.find(line, log.find(line) + 1), std::string::npos) << "logged once per outage\n" << log;

    // Redis comes back (empty): the limiter finds it by itself and counts again.
    ServerProcess again(redisServerArgs(redisPort), redisPort);
    ASSERT_TRUE(again.ready()) << again.log();
    std::string remaining;
    for (int i = 0; i < 100 && remaining.empty(); ++i) { // reconnect backoff is at most 5 s
        remaining = headerOf(httpExchange(gateway.port(), get("/v2/things")), "RateLimit-Remaining");
        if (remaining.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(remaining, "4") << gateway.log();
    EXPECT_NE(gateway.log().find("glue: the redis service answers again"), std::string::npos);
}

TEST(RubyCompat, FlipperDecisionsMatchRubyFlipperForTenThousandActors) {
    const ProcessResult ruby = runProcess({"/usr/bin/ruby", rubyScript("flipper_decisions.rb")});
    ASSERT_EQ(ruby.exitCode, 0) << ruby.err;
    std::istringstream lines(ruby.out);
    std::string line;
    int features = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string name, percentage, boolean, actors, bits;
        fields >> name >> percentage >> boolean >> actors >> bits;
        ASSERT_EQ(bits.size(), 10'000u) << line.substr(0, 80);
        gateway::filters::FeatureGates gates;
        gates.percentageOfActors = std::stod(percentage);
        gates.boolean = boolean == "true";
        if (actors != "-") {
            std::istringstream list(actors);
            for (std::string actor; std::getline(list, actor, ',');) gates.actors.insert(actor);
        }
        int mismatches = 0;
        for (int i = 1; i <= 10'000; ++i) {
            const std::string actor = fmt::format("User;{}", i);
            const bool ours = gateway::filters::flipperEnabled(gates, name, actor, 0.999);
            mismatches += ours != (bits[static_cast<std::size_t>(i - 1)] == '1');
        }
        EXPECT_EQ(mismatches, 0) << name << " at " << percentage << "%";
        ++features;
    }
    EXPECT_EQ(features, 9);
}

} // namespace
} // namespace gatehouse
