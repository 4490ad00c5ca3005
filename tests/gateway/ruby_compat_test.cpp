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

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
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

std::string get(const std::string& path, const std::string& extra = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n" + extra + "\r\n";
}

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

    // Redis stalls (DEBUG SLEEP): a request waits at most timeout_ms, then passes uncounted.
    std::thread stall([&] { redisCli(redisPort, {"DEBUG", "SLEEP", "1.5"}); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto started = std::chrono::steady_clock::now();
    const std::string duringStall = httpExchange(gateway.port(), get("/v2/things"));
    const auto waited = std::chrono::steady_clock::now() - started;
    stall.join();
    EXPECT_EQ(statusOf(duringStall), 200) << duringStall; // over the limit, but not counted: let through
    EXPECT_EQ(headerOf(duringStall, "RateLimit-Limit"), "");
    EXPECT_LT(waited, std::chrono::milliseconds(1200)); // not the whole stall (bounded by timeout_ms; loose for slow CI)

    // Redis dies: requests keep flowing, uncounted, as rack-attack lets them through.
    redis.kill();
    for (int i = 0; i < 6; ++i) {
        const std::string response = httpExchange(gateway.port(), get("/v2/things"));
        EXPECT_EQ(statusOf(response), 200) << response;
        EXPECT_EQ(headerOf(response, "RateLimit-Limit"), "");
    }
    // Two incidents (the stall, the death): each logged once, however many requests met it.
    const std::string log = gateway.log();
    const std::string line = "glue: the redis service is failing";
    std::size_t incidents = 0;
    for (std::size_t at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++incidents;
    EXPECT_GE(incidents, 1u) << log;
    EXPECT_LE(incidents, 2u) << log;

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

// Cookies minted by Rails 6.1's own cookie jar, per serializer and key digest, through a
// gateway whose route requires a session: the right user, or 401 from ensure_auth.
struct CookieCase {
    std::string serializer;
    std::string digest;
    std::string userKey;
};

void PrintTo(const CookieCase& c, std::ostream* out) { *out << c.serializer << ", " << c.digest << ", " << c.userKey; }

class RailsSessionCookies : public ::testing::TestWithParam<CookieCase> {};

TEST_P(RailsSessionCookies, AreDecryptedAndReadAsRailsDoes) {
    const CookieCase& c = GetParam();
    const std::string secret = "3b8f0a2c" + std::string(120, 'e'); // a secret_key_base, 128 characters
    const ProcessResult minted = runProcess({"/usr/bin/ruby", rubyScript("rails_cookies.rb"), secret, c.serializer, c.digest});
    ASSERT_EQ(minted.exitCode, 0) << minted.err;
    std::map<std::string, std::string> cookies; // case -> "name=value"
    std::istringstream lines(minted.out);
    for (std::string line; std::getline(lines, line);) {
        const std::size_t space = line.find(' ');
        cookies[line.substr(0, space)] = line.substr(space + 1);
    }
    ASSERT_EQ(cookies.size(), 6u) << minted.out;

    TestUpstream backend(served);
    const std::string secretFile = "/tmp/gatehouse-rails-secret-" + std::to_string(::getpid());
    { std::ofstream(secretFile) << secret << "\n"; }
    GatewayProcess gateway(
        {{"app.json", fmt::format(R"({{"name": "app", "routes": [{{"paths": ["/*"], "before_filters": [
              {{"name": "session_cookie", "params": {{"cookie": "_app_session", "mode": "local"}}}}, "ensure_auth", "identity_headers"]}}],
              "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port())}},
        fmt::format(R"("rails_session": {{"secret_key_base_file": "{}", "serializer": "{}", "key_derivation_digest": "{}",
                       "user_key": "{}"}})", secretFile, c.serializer, c.digest, c.userKey));
    std::filesystem::remove(secretFile);
    ASSERT_TRUE(gateway.started()) << gateway.log();

    auto userFor = [&](const std::string& cookie) -> std::pair<int, std::string> {
        const std::size_t before = backend.received().size();
        const int status = statusOf(httpExchange(gateway.port(), get("/account", "Cookie: theme=dark; " + cookie + "\r\n")));
        const auto received = backend.received();
        return {status, received.size() > before ? received.back().header("X-Gatehouse-User-Id") : std::string()};
    };
    const std::string expectedUser = "42"; // user_id and the Devise key both hold 42 in that session
    EXPECT_EQ(userFor(cookies["valid"]), std::make_pair(200, expectedUser));
    EXPECT_EQ(userFor(cookies["future"]), std::make_pair(200, expectedUser)); // an expiry not yet reached
    if (c.userKey == "warden.user.user.key") EXPECT_EQ(userFor(cookies["devise"]), std::make_pair(200, std::string("7")));
    else EXPECT_EQ(userFor(cookies["devise"]).first, 401); // no user_id in that session
    EXPECT_EQ(userFor(cookies["expired"]).first, 401);
    EXPECT_EQ(userFor(cookies["wrong_purpose"]).first, 401);
    EXPECT_EQ(userFor(cookies["wrong_key"]).first, 401);
    // Tampered (one character of the ciphertext) and truncated.
    std::string tampered = cookies["valid"];
    const std::size_t at = tampered.find('=') + 5;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    EXPECT_EQ(userFor(tampered).first, 401);
    EXPECT_EQ(userFor(cookies["valid"].substr(0, cookies["valid"].size() - 6)).first, 401);
    EXPECT_EQ(userFor("_app_session=").first, 401);
    EXPECT_EQ(gateway.log().find(secret), std::string::npos); // the secret is never logged
}

INSTANTIATE_TEST_SUITE_P(RubyCompat, RailsSessionCookies,
                         ::testing::Values(CookieCase{"json", "sha1", "user_id"},
                                           CookieCase{"marshal", "sha1", "warden.user.user.key"},
                                           CookieCase{"hybrid", "sha1", "user_id"},
                                           CookieCase{"json", "sha256", "warden.user.user.key"}),
                         [](const auto& info) { return info.param.serializer + "_" + info.param.digest; });

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
