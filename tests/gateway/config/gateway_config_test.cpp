#include "config/gateway_config.h"

#include "support/service_fixtures.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gatehouse::gateway {
namespace {

using testing::describe;
using testing::problemsAt;

TEST(GatewayConfig, ReadsSettingsWithDefaults) {
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080", "[::1]:8081"], "services_dir": "services", "state_dir": "/var/lib/gatehouse",
            "limits": {"max_body_bytes": 0}, "default_filters": {"before": ["request_id", "sanitize"], "after": ["security_headers"]}})",
        "/etc/gatehouse/gatehouse.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    const GatewayConfig& c = parsed.config;
    ASSERT_EQ(c.listen.size(), 2u);
    EXPECT_EQ(c.listen[1].host, "::1");
    EXPECT_EQ(c.listen[1].text(), "[::1]:8081");
    EXPECT_EQ(c.admin.text(), "127.0.0.1:9901");
    EXPECT_EQ(c.servicesDir, "/etc/gatehouse/services"); // relative to the config file
    EXPECT_EQ(c.stateDir, "/var/lib/gatehouse");
    EXPECT_EQ(c.limits.maxBodyBytes, 0u);
    EXPECT_EQ(c.limits.maxHeadBytes, 16u * 1024);
    EXPECT_EQ(c.defaultBefore, (std::vector<std::string>{"request_id", "sanitize"}));
}

TEST(GatewayConfig, AGatewayNamesItselfToTheCollector) {
    const ParsedGatewayConfig named = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d", "gateway_id": "edge-1.fra1",
            "advertise_admin_url": "http://10.0.0.5:9901"})",
        "g.json");
    ASSERT_TRUE(named.ok()) << describe(named.problems);
    EXPECT_EQ(named.config.gatewayId, "edge-1.fra1");
    EXPECT_EQ(named.config.advertiseAdminUrl, "http://10.0.0.5:9901");
    // Without one: the host name and the first listen port.
    const ParsedGatewayConfig unnamed = parseGatewayConfigText(R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d"})", "g.json");
    ASSERT_TRUE(unnamed.ok()) << describe(unnamed.problems);
    EXPECT_TRUE(unnamed.config.gatewayId.ends_with(":8080")) << unnamed.config.gatewayId;
    EXPECT_TRUE(unnamed.config.advertiseAdminUrl.empty());
    const ParsedGatewayConfig bad = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d", "gateway_id": "edge 1/fra",
            "advertise_admin_url": "10.0.0.5:9901"})",
        "g.json");
    EXPECT_EQ(problemsAt(bad.problems, "bad_gateway_id", "gateway_id").size(), 1u) << describe(bad.problems);
    EXPECT_EQ(problemsAt(bad.problems, "bad_url", "advertise_admin_url").size(), 1u) << describe(bad.problems);
}

TEST(GatewayConfig, AGatewayFollowsOneCollectorOrSeveralInTurn) {
    const auto config = [](const std::string& collector) {
        return parseGatewayConfigText(R"({"listen": ["127.0.0.1:8080"], "state_dir": "d", "collector": )" + collector + "}", "g.json");
    };
    const ParsedGatewayConfig one = config(R"({"url": "http://10.0.0.1:9700/"})");
    ASSERT_TRUE(one.ok()) << describe(one.problems);
    EXPECT_EQ(one.config.collector->urls, (std::vector<std::string>{"http://10.0.0.1:9700"}));
    EXPECT_EQ(one.config.collector->url, "http://10.0.0.1:9700");
    const ParsedGatewayConfig two = config(R"({"urls": ["http://10.0.0.1:9700", "https://10.0.0.2:9700"]})");
    ASSERT_TRUE(two.ok()) << describe(two.problems);
    EXPECT_EQ(two.config.collector->urls.size(), 2u);
    EXPECT_EQ(two.config.collector->url, "http://10.0.0.1:9700");

    EXPECT_EQ(problemsAt(config(R"({"url": "http://a:1", "urls": ["http://b:1"]})").problems, "conflicting_keys", "collector.urls").size(), 1u);
    EXPECT_EQ(problemsAt(config(R"({"urls": []})").problems, "bad_value", "collector.urls").size(), 1u);
    EXPECT_EQ(problemsAt(config(R"({"urls": "http://a:1"})").problems, "bad_value", "collector.urls").size(), 1u);
    EXPECT_EQ(problemsAt(config(R"({"urls": ["http://a:1", "ftp://b"]})").problems, "bad_url", "collector.urls[1]").size(), 1u);
    EXPECT_EQ(problemsAt(config(R"({"urls": ["http://a:1", "http://a:1/"]})").problems, "duplicate", "collector.urls[1]").size(), 1u);
    EXPECT_EQ(problemsAt(config(R"({"token_file": "t"})").problems, "missing_field", "collector.url").size(), 1u);
}

TEST(GatewayConfig, ProblemsHaveTheServiceConfigShape) {
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["localhost:80", "127.0.0.1:99999"], "admin_listen": null, "services_dir": "s", "state_dir": "d",
            "limits": {"max_headers": 1, "header_timeout": 5}, "threads": "four",
            "default_filters": {"before": ["ensure_auth", "security_headers", "nope"]}, "listen_tls": true})",
        "g.json");
    EXPECT_FALSE(parsed.ok());
    EXPECT_EQ(problemsAt(parsed.problems, "bad_address", "listen[0]").size(), 1u) << describe(parsed.problems);
    EXPECT_EQ(problemsAt(parsed.problems, "bad_address", "listen[1]").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "null_value", "admin_listen").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "out_of_range", "limits.max_headers").size(), 1u);
    auto unknown = problemsAt(parsed.problems, "unknown_key", "limits.header_timeout");
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(unknown[0].hint, "did you mean 'header_timeout_ms'?");
    EXPECT_EQ(problemsAt(parsed.problems, "wrong_type", "threads").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "filter_dependency", "default_filters.before[0]").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "filter_wrong_phase", "default_filters.before[1]").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "unknown_filter", "default_filters.before[2]").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "unknown_key", "listen_tls").size(), 1u);
    EXPECT_EQ(problemsAt(parsed.problems, "missing_field", "listen").size(), 0u);
    const ParsedGatewayConfig empty = parseGatewayConfigText("{}", "g.json");
    EXPECT_EQ(problemsAt(empty.problems, "missing_field", "listen").size(), 1u);
    EXPECT_EQ(problemsAt(empty.problems, "missing_field", "services_dir").size(), 1u);
}

TEST(GatewayConfig, TlsListenersAndUpstreamTls) {
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080", {"address": "127.0.0.1:8443", "tls": {"cert_file": "tls/gw.crt", "key_file": "tls/gw.key"}}],
            "services_dir": "s", "state_dir": "d",
            "upstream_tls": {"ca_file": "tls/ca.crt", "cert_file": "tls/client.crt", "key_file": "tls/client.key"}})",
        "/etc/gatehouse/gatehouse.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    ASSERT_EQ(parsed.config.listen.size(), 2u);
    EXPECT_FALSE(parsed.config.listen[0].tls);
    ASSERT_TRUE(parsed.config.listen[1].tls);
    EXPECT_EQ(parsed.config.listen[1].tls->certFile, "/etc/gatehouse/tls/gw.crt");
    ASSERT_TRUE(parsed.config.upstreamTls);
    EXPECT_EQ(parsed.config.upstreamTls->caFile, "/etc/gatehouse/tls/ca.crt");
    ASSERT_TRUE(parsed.config.upstreamTls->clientCertificate);
    EXPECT_EQ(parsed.config.upstreamTls->clientCertificate->keyFile, "/etc/gatehouse/tls/client.key");

    const ParsedGatewayConfig bad = parseGatewayConfigText(
        R"({"listen": [{"address": "127.0.0.1:8443", "tls": {"cert_file": "a.crt"}, "tsl": 1}], "services_dir": "s",
            "state_dir": "d", "upstream_tls": {"cert_file": "c.crt"}})",
        "g.json");
    EXPECT_EQ(problemsAt(bad.problems, "missing_field", "listen[0].tls.key_file").size(), 1u) << describe(bad.problems);
    EXPECT_EQ(problemsAt(bad.problems, "unknown_key", "listen[0].tsl").size(), 1u);
    EXPECT_EQ(problemsAt(bad.problems, "missing_field", "upstream_tls.ca_file").size(), 1u);
    EXPECT_EQ(problemsAt(bad.problems, "missing_field", "upstream_tls.key_file").size(), 1u);
}

TEST(GatewayConfig, SecureDefaultFiltersUnlessTurnedOff) {
    const ParsedGatewayConfig implicit =
        parseGatewayConfigText(R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d"})", "g.json");
    ASSERT_TRUE(implicit.ok()) << describe(implicit.problems);
    EXPECT_EQ(implicit.config.defaultBefore, (std::vector<std::string>{"request_id", "sanitize"}));
    EXPECT_EQ(implicit.config.defaultAfter, std::vector<std::string>{"security_headers"});
    const ParsedGatewayConfig none = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d", "default_filters": {"before": []}})", "g.json");
    ASSERT_TRUE(none.ok()) << describe(none.problems);
    EXPECT_TRUE(none.config.defaultBefore.empty());
    EXPECT_TRUE(none.config.defaultAfter.empty());
}

TEST(GatewayConfig, ReadsGlueServicesAndRefusesBadOnes) {
    const std::string dir = (std::filesystem::path(::testing::TempDir()) / "gatehouse-config-test").lexically_normal().string();
    std::filesystem::create_directories(dir);
    { std::ofstream(dir + "/secret") << "s3cr3t\n"; }
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d", "admin_tokens_file": "tokens.json",
            "glue": {"introspection": {"url": "https://auth.internal:8443/oauth/introspect", "client_id": "gw",
                                       "client_secret_file": "secret", "cache_max_seconds": 30},
                     "policy": {"url": "http://127.0.0.1:9202/v1/decide", "timeout_ms": 250},
                     "flags": {"url": "http://127.0.0.1:9203/flipper/api", "poll_ms": 1000, "actor_prefix": "Account;"}}})",
        dir + "/gatehouse.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    const GlueSettings& glue = parsed.config.glue;
    ASSERT_TRUE(glue.introspection);
    EXPECT_EQ(glue.introspection->clientSecret, "s3cr3t"); // trailing newline dropped
    EXPECT_EQ(glue.introspection->cacheMaxSeconds, 30);
    EXPECT_EQ(glue.introspection->timeoutMs, 1000);
    ASSERT_TRUE(glue.policy);
    EXPECT_EQ(glue.policy->timeoutMs, 250);
    EXPECT_FALSE(glue.session);
    ASSERT_TRUE(glue.flags);
    EXPECT_EQ(glue.flags->actorPrefix, "Account;");
    EXPECT_EQ(parsed.config.adminTokensFile, dir + "/tokens.json");

    const ParsedGatewayConfig bad = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d",
            "glue": {"introspection": {"url": "http://x/i", "client_secret_file": "/nonexistent/secret"},
                     "session": {"url": "ftp://sessions/"}, "policy": {"url": "http://127.0.0.1:99x/"},
                     "flags": {"url": "http://f/", "poll_ms": 1}, "sessions": {}}})",
        "g.json");
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(problemsAt(bad.problems, "missing_field", "glue.introspection.client_id").size(), 1u) << describe(bad.problems);
    EXPECT_EQ(problemsAt(bad.problems, "unreadable_file", "glue.introspection.client_secret_file").size(), 1u);
    const auto scheme = problemsAt(bad.problems, "bad_url", "glue.session.url");
    ASSERT_EQ(scheme.size(), 1u);
    EXPECT_EQ(scheme[0].message, "'ftp://sessions/' must start with http:// or https://");
    EXPECT_EQ(problemsAt(bad.problems, "bad_url", "glue.policy.url").size(), 1u);
    EXPECT_EQ(problemsAt(bad.problems, "out_of_range", "glue.flags.poll_ms").size(), 1u);
    EXPECT_EQ(problemsAt(bad.problems, "unknown_key", "glue.sessions").size(), 1u);
    EXPECT_FALSE(bad.config.glue.session);
}

TEST(GatewayConfig, ReadsRedisAndRailsSessionSettings) {
    const std::string dir = (std::filesystem::path(::testing::TempDir()) / "gatehouse-config-rails").lexically_normal().string();
    std::filesystem::create_directories(dir);
    { std::ofstream(dir + "/skb") << std::string(128, 'a') << "\n"; }
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d",
            "redis": {"url": "redis://:pw@127.0.0.1:6380/2", "timeout_ms": 20, "key_prefix": "shared"},
            "rails_session": {"secret_key_base_file": "skb", "key_derivation_digest": "sha256", "serializer": "hybrid",
                              "user_key": "warden.user.user.key"}})",
        dir + "/gatehouse.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    ASSERT_TRUE(parsed.config.redis);
    EXPECT_EQ(parsed.config.redis->timeoutMs, 20);
    EXPECT_EQ(parsed.config.redis->keyPrefix, "shared");
    ASSERT_TRUE(parsed.config.railsSession);
    EXPECT_EQ(parsed.config.railsSession->secretKeyBase, std::string(128, 'a'));
    EXPECT_EQ(parsed.config.railsSession->digest, filters::RailsSessionSettings::Digest::sha256);
    EXPECT_EQ(parsed.config.railsSession->serializer, filters::RailsSessionSettings::Serializer::hybrid);
    EXPECT_EQ(parsed.config.railsSession->userKey, "warden.user.user.key");

    const ParsedGatewayConfig bad = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d",
            "redis": {"url": "http://127.0.0.1:6379", "timeout_ms": 0},
            "rails_session": {"secret_key_base_env": "GATEHOUSE_TEST_UNSET_SECRET", "serializer": "yaml"}})",
        "g.json");
    EXPECT_FALSE(bad.ok());
    const auto url = problemsAt(bad.problems, "bad_url", "redis.url");
    ASSERT_EQ(url.size(), 1u) << describe(bad.problems);
    EXPECT_EQ(url[0].message, "'http://127.0.0.1:6379' must start with redis:// or rediss:// (TLS)");
    EXPECT_EQ(problemsAt(bad.problems, "out_of_range", "redis.timeout_ms").size(), 1u);
    const auto secret = problemsAt(bad.problems, "missing_secret", "rails_session.secret_key_base_env");
    ASSERT_EQ(secret.size(), 1u) << describe(bad.problems);
    EXPECT_EQ(secret[0].message, "the environment variable 'GATEHOUSE_TEST_UNSET_SECRET' is not set");
    const ParsedGatewayConfig neither = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d", "rails_session": {"serializer": "json"}})", "g.json");
    EXPECT_EQ(problemsAt(neither.problems, "missing_field", "rails_session").size(), 1u) << describe(neither.problems);
}

TEST(GatewayConfig, ThresholdsAndTrailSettings) {
    const ParsedGatewayConfig parsed = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d",
            "thresholds": {"error_ratio_warning": 20, "error_ratio_critical": 100, "min_requests": 50, "window_seconds": 600},
            "trail": {"enabled": false, "max_rows": 100000}})",
        "g.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    EXPECT_DOUBLE_EQ(parsed.config.thresholds.errorRatioWarning, 0.02);
    EXPECT_DOUBLE_EQ(parsed.config.thresholds.errorRatioCritical, 0.1);
    EXPECT_EQ(parsed.config.thresholds.minRequests, 50);
    EXPECT_EQ(parsed.config.thresholds.windowSeconds, 600);
    EXPECT_FALSE(parsed.config.trailEnabled);
    EXPECT_EQ(parsed.config.trailMaxRows, 100000);

    const ParsedGatewayConfig bad = parseGatewayConfigText(
        R"({"listen": ["127.0.0.1:8080"], "services_dir": "s", "state_dir": "d",
            "thresholds": {"error_ratio_warning": 200, "error_ratio_critical": 100, "p99": 5},
            "trail": {"max_rows": 10}})",
        "g.json");
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(problemsAt(bad.problems, "bad_value", "thresholds").size(), 1u) << describe(bad.problems);
    EXPECT_EQ(problemsAt(bad.problems, "unknown_key", "thresholds.p99").size(), 1u);
    EXPECT_EQ(problemsAt(bad.problems, "out_of_range", "trail.max_rows").size(), 1u);
}

} // namespace
} // namespace gatehouse::gateway
