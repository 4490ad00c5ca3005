// Rate-limit counters in a Redis that wants a Redis 6 ACL user and TLS (rediss://): a real
// redis-server, a real gateway.
#include "filters/redis_counter_store.h"

#include "support/gateway_process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"
#include "support/tls_fixtures.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace gatehouse {
namespace {
using namespace testing;
namespace fs = std::filesystem;

TEST(RedisUrl, UsersPasswordsTlsAndRedaction) {
    auto plain = gateway::parseRedisUrl("redis://127.0.0.1:6379/2");
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_FALSE(plain->tls);
    EXPECT_EQ(plain->database, 2);
    auto acl = gateway::parseRedisUrl("rediss://gatehouse:p%40ss%3Aword@redis.internal:6380");
    ASSERT_TRUE(acl) << acl.error();
    EXPECT_TRUE(acl->tls);
    EXPECT_EQ(acl->user, "gatehouse");
    EXPECT_EQ(acl->password, "p@ss:word");
    EXPECT_EQ(acl->hostPort, "redis.internal:6380");
    auto legacy = gateway::parseRedisUrl("redis://:secret@127.0.0.1");
    ASSERT_TRUE(legacy) << legacy.error();
    EXPECT_EQ(legacy->user, "");
    EXPECT_EQ(legacy->password, "secret");
    EXPECT_EQ(legacy->hostPort, "127.0.0.1:6379");
    EXPECT_FALSE(gateway::parseRedisUrl("redis://u:%zz@h"));
    EXPECT_EQ(gateway::redactRedisUrl("rediss://gatehouse:hunter2@redis.internal:6380/0"), "rediss://gatehouse:***@redis.internal:6380/0");
    EXPECT_EQ(gateway::redactRedisUrl("redis://:hunter2@h"), "redis://:***@h");
    EXPECT_EQ(gateway::redactRedisUrl("redis://h:6379/0"), "redis://h:6379/0");
}

TEST(RedisUrl, ABadUrlInTheConfigIsReportedWithoutItsPassword) {
    GatewayProcess gateway({}, R"("redis": {"url": "redis://user:hunter2@/0"})");
    EXPECT_FALSE(gateway.started());
    EXPECT_NE(gateway.log().find("redis.url"), std::string::npos) << gateway.log();
    EXPECT_EQ(gateway.log().find("hunter2"), std::string::npos) << gateway.log();
}

TEST(RedisCounters, CountInARedisWithAnAclUserOverTls) {
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-rediss-XXXXXX").string();
    const fs::path dir = mkdtemp(tmpl.data());
    const TestPki pki = makeTestPki(dir);
    const int port = unusedPort();
    std::vector<std::string> args{"redis-server", "--port", "0", "--tls-port", std::to_string(port), "--bind", "127.0.0.1",
                                  "--tls-cert-file", pki.serverCert, "--tls-key-file", pki.serverKey, "--tls-auth-clients", "no",
                                  "--save", "", "--appendonly", "no", "--user", "gatehouse", "on", ">pa ss", "~*", "+@all",
                                  "--user", "default", "off"};
    ServerProcess redis(args, port);
    ASSERT_TRUE(redis.ready()) << redis.log();
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    const std::string service = fmt::format(R"({{"name": "api", "routes": [{{"paths": ["/*"], "before_filters": [{{"name": "rate_limit",
        "params": {{"limit": 2, "period_seconds": 3600, "by": "ip", "name": "tls"}}}}]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port());
    const auto settings = [&](const std::string& password) {
        return fmt::format(R"("redis": {{"url": "rediss://gatehouse:{}@127.0.0.1:{}/0", "timeout_ms": 500}},
                              "upstream_tls": {{"ca_file": "{}"}})", password, port, pki.caCert);
    };
    GatewayProcess gateway({{"api.json", service}}, settings("pa%20ss"));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string get = "GET /x HTTP/1.1\r\nHost: api.example.com\r\n\r\n";
    std::vector<int> statuses;
    for (int i = 0; i < 3; ++i) statuses.push_back(statusOf(httpExchange(gateway.port(), get)));
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 429})) << gateway.log(); // counted in Redis: nowhere else here

    // A wrong password: nothing is counted (as rack-attack), it is said once, never the password.
    GatewayProcess refused({{"api.json", service}}, settings("wrong-secret"));
    ASSERT_TRUE(refused.started()) << refused.log();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(statusOf(httpExchange(refused.port(), get)), 200);
    EXPECT_NE(refused.log().find("redis refused the connection's set-up"), std::string::npos) << refused.log();
    EXPECT_EQ(refused.log().find("wrong-secret"), std::string::npos) << refused.log();
    fs::remove_all(dir);
}

} // namespace
} // namespace gatehouse
