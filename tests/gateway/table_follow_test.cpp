// Gateways following the route collector: real gatehouse processes, a real collector,
// real upstreams, and the collector going away under them.
#include "common/version.h"
#include "support/admin_tokens.h"
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string orders(int port, const std::string& filters = "") {
    return R"({"name": "orders", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/orders", "/v2/orders/:id"])" +
           (filters.empty() ? std::string() : R"(, "before_filters": )" + filters) +
           R"(}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + std::to_string(port) + R"("}]})";
}

UpstreamResponse answer(const std::string& body) {
    UpstreamResponse response;
    response.body = body;
    return response;
}

std::string get(int port, const std::string& path) {
    return bodyOf(httpExchange(port, "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n"));
}

std::string metrics(const GatewayProcess& gateway) {
    return bodyOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
}

std::string tableSource(const GatewayProcess& gateway) {
    const json::value ready = json::parse(bodyOf(httpExchange(gateway.adminPort(), "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")));
    return std::string(ready.at("table_source").as_string());
}

// The value of one sample line of /metrics ("name{labels} value"), -1 when absent.
double sample(const std::string& text, const std::string& series) {
    const std::size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

// Waits (bounded) until `condition` holds; true if it did.
template <typename Condition>
bool eventually(Condition condition, int timeoutMs = 15'000) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (Clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

std::string following(const CollectorProcess& collector, const std::string& extra = "") {
    return R"("collector": {"url": ")" + collector.url() + R"(", "token_file": ")" +
           collector.tokenFile(CollectorProcess::kGatewayToken) + R"(", "wait_seconds": 5})" + extra;
}

TEST(TableFollow, TwoGatewaysFollowARegistrationWithinASecondUnderLoadWithoutFailedRequests) {
    TestUpstream before([](const UpstreamRequest&) { return answer("before"); });
    TestUpstream after([](const UpstreamRequest&) { return answer("after"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(before.port()))), 201);
    ViewerTokens viewer;
    GatewayProcess first({}, following(collector, R"(, "admin_tokens_file": ")" + viewer.path + "\""));
    GatewayProcess second({}, following(collector));
    ASSERT_TRUE(first.started()) << first.log();
    ASSERT_TRUE(second.started()) << second.log();
    ASSERT_EQ(get(first.port(), "/v2/orders/1"), "before") << first.log();
    ASSERT_EQ(get(second.port(), "/v2/orders/1"), "before") << second.log();
    EXPECT_EQ(tableSource(first), "collector");

    // Load: keep-alive clients on both gateways for the whole change.
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0}, failed{0};
    std::vector<std::thread> load;
    for (const GatewayProcess* gateway : {&first, &second}) {
        for (int c = 0; c < 2; ++c) {
            load.emplace_back([&, port = gateway->port()] {
                HttpClient client(port);
                for (int i = 0; i < 200'000 && !stop.load(); ++i) {
                    client.send("GET /v2/orders/7 HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
                    const std::string response = client.readResponse();
                    ++sent;
                    if (statusOf(response) != 200) ++failed;
                }
            });
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(after.port()))), 200);
    const auto registered = Clock::now();
    std::vector<double> followMs;
    for (const GatewayProcess* gateway : {&first, &second}) {
        ASSERT_TRUE(eventually([&] { return get(gateway->port(), "/v2/orders/1") == "after"; }, 10'000)) << gateway->log();
        followMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - registered).count());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    for (std::thread& t : load) t.join();
    std::cout << "[ figures  ] gateways followed the registration in " << followMs[0] << " ms and " << followMs[1]
              << " ms; " << sent.load() << " requests under load, " << failed.load() << " failed\n";
    // The issue's promise ("within a second"); long polls make it milliseconds.
    EXPECT_LT(followMs[0], 1000.0);
    EXPECT_LT(followMs[1], 1000.0);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_GT(sent.load(), 100);
    EXPECT_EQ(sample(metrics(first), "gatehouse_collector_table_version"), 2);

    // The change marker says what changed and who registered it (a destination moved: no
    // route did, but the service's revision is new).
    const json::value marks = json::parse(bodyOf(adminGet(first.adminPort(), "/api/v1/annotations?service=orders")));
    const json::array& list = marks.at("annotations").as_array();
    ASSERT_GE(list.size(), 2u) << marks;
    const json::value& last = list.back();
    EXPECT_EQ(last.at("kind"), "table");
    EXPECT_EQ(last.at("collector_version"), 2);
    EXPECT_EQ(last.at("registered_by").as_array().at(0), "rev 2 by platform");
    EXPECT_NE(std::string(last.at("title").as_string()).find("orders rev 2 by platform"), std::string::npos) << last;
}

TEST(TableFollow, GatewaysKeepServingWhenTheCollectorDiesAndStartFromLastKnownGood) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    const int collectorPort = collector.port();
    GatewayProcess gateway({}, following(collector));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");

    collector.kill();
    ASSERT_TRUE(eventually([&] { return sample(metrics(gateway), "gatehouse_collector_polls_total{result=\"failed\"}") >= 1; }))
        << gateway.log();
    for (int i = 0; i < 20; ++i) ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");
    ASSERT_TRUE(eventually([&] { return sample(metrics(gateway), "gatehouse_table_staleness_seconds") > 0; })) << metrics(gateway);
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_table_source{source=\"collector\"}"), 1);
    EXPECT_NE(gateway.log().find("still serving routing table v1 (collector), retrying with backoff"), std::string::npos)
        << gateway.log();

    // A restart while the collector is down: the table on disk.
    ASSERT_TRUE(gateway.restart()) << gateway.log();
    EXPECT_EQ(get(gateway.port(), "/v2/orders"), "orders");
    EXPECT_EQ(tableSource(gateway), "last_known_good");
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_table_source{source=\"last_known_good\"}"), 1);
    EXPECT_GT(sample(metrics(gateway), "gatehouse_table_staleness_seconds"), 0);

    // The collector back on its address: the gateway confirms its table is current.
    ASSERT_TRUE(collector.start(collectorPort)) << collector.log();
    ASSERT_TRUE(eventually([&] { return tableSource(gateway) == "collector"; })) << gateway.log();
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_table_staleness_seconds"), 0);
    EXPECT_EQ(get(gateway.port(), "/v2/orders"), "orders");
}

TEST(TableFollow, ADamagedLastKnownGoodIsDetectedAndIgnored) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    TestUpstream fallback([](const UpstreamRequest&) { return answer("static"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    const std::string staticService = R"({"name": "orders", "routes": [{"paths": ["/v2/orders"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                                      std::to_string(fallback.port()) + R"("}]})";
    GatewayProcess gateway({{"orders.json", staticService}}, following(collector));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");
    collector.kill();

    const std::filesystem::path saved = gateway.dir() / "state" / "routing-table.json";
    std::string text = readFile(saved.string());
    ASSERT_FALSE(text.empty());
    const std::size_t at = text.find("127.0.0.1:");
    ASSERT_NE(at, std::string::npos);
    text[at] = '8'; // one byte: 827.0.0.1 — still JSON, no longer the table that was saved
    std::ofstream(saved, std::ios::trunc) << text;
    ASSERT_TRUE(gateway.restart()) << gateway.log();
    EXPECT_EQ(get(gateway.port(), "/v2/orders"), "static");
    EXPECT_EQ(tableSource(gateway), "static");
    EXPECT_NE(gateway.log().find("checksum mismatch"), std::string::npos) << gateway.log();

    std::ofstream(saved, std::ios::trunc) << text.substr(0, text.size() / 2); // torn
    ASSERT_TRUE(gateway.restart()) << gateway.log();
    EXPECT_EQ(tableSource(gateway), "static");
    EXPECT_NE(gateway.log().find("not JSON"), std::string::npos) << gateway.log();
}

TEST(TableFollow, WithoutCollectorLastKnownGoodOrStaticTableTheGatewayRefusesToStart) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("gatehouse-nosource-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "gw.token") << "some-token-0123456789\n";
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "admin_listen": "127.0.0.1:0", "state_dir": "state",
        "collector": {"url": "http://127.0.0.1:)" << unusedPort() << R"(", "token_file": "gw.token", "timeout_ms": 500}})";
    const ProcessResult result = runProcess({GATEHOUSE_BIN, "--config", (dir / "gatehouse.json").string()});
    std::filesystem::remove_all(dir);
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("no routing table to serve, refusing to start"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("collector: http://127.0.0.1:"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("last-known-good: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("static: no services_dir configured"), std::string::npos) << result.err;
}

TEST(TableFollow, ATableThisGatewayCannotServeIsRejectedAndThePreviousOneKept) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    GatewayProcess gateway({}, following(collector)); // no glue.introspection: oauth_token cannot work here
    ASSERT_TRUE(gateway.started()) << gateway.log();
    ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");

    // Valid for the collector (it does not know this gateway's glue), not for this gateway.
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken,
                                         orders(upstream.port(), R"(["oauth_token", "ensure_auth"])"))),
              200);
    ASSERT_TRUE(eventually([&] { return sample(metrics(gateway), "gatehouse_collector_polls_total{result=\"rejected\"}") >= 1; }))
        << gateway.log();
    EXPECT_EQ(get(gateway.port(), "/v2/orders"), "orders"); // still the previous table: no 401
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_collector_table_version"), 1);
    // Reachable, but behind: the table is stale from the moment a newer one was refused.
    ASSERT_TRUE(eventually([&] { return sample(metrics(gateway), "gatehouse_table_staleness_seconds") > 0; })) << metrics(gateway);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_collector_polls_total{result=\"rejected\"}"), 1)
        << "the refused table is not fetched again: polls wait for a newer one";
    EXPECT_NE(gateway.log().find("filter_unavailable"), std::string::npos) << gateway.log();
    EXPECT_NE(gateway.log().find("collector: rejected table v2"), std::string::npos) << gateway.log();

    // Fixed at the source: followed again.
    ASSERT_EQ(statusOf(collector.request("POST", "/v1/services/orders/rollback?revision=1", CollectorProcess::kPlatformToken)), 200);
    ASSERT_TRUE(eventually([&] { return sample(metrics(gateway), "gatehouse_collector_table_version") == 3; })) << gateway.log();
    EXPECT_EQ(sample(metrics(gateway), "gatehouse_table_staleness_seconds"), 0);
    const std::string log = gateway.log();
    const std::string problem = "filter_unavailable";
    EXPECT_EQ(log.find(problem, log.find(problem) + 1), std::string::npos) << "the refused table's problems are logged once\n" << log;
}

TEST(TableFollow, AGatewayStartsWithTheEmptyTableOfANewCollectorAndFollowsTheFirstRegistration) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    GatewayProcess gateway({}, following(collector));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(tableSource(gateway), "collector");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), "GET /v2/orders HTTP/1.1\r\nHost: api.example.com\r\n\r\n")), 404);
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    ASSERT_TRUE(eventually([&] { return get(gateway.port(), "/v2/orders") == "orders"; })) << gateway.log();
}

// GET /v1/gateways, live and lost entries only (ids), from the collector's answer.
std::map<std::string, json::object> gatewaysOf(const CollectorProcess& collector) {
    std::map<std::string, json::object> out;
    const std::string answer = collector.request("GET", "/v1/gateways", CollectorProcess::kGatewayToken);
    if (statusOf(answer) != 200) return out;
    const json::value parsed = json::parse(bodyOf(answer)); // named: a temporary would die before the loop
    for (const json::value& g : parsed.at("gateways").as_array()) {
        out[std::string(g.at("gateway_id").as_string())] = g.as_object();
    }
    return out;
}

TEST(TableFollow, TheCollectorKnowsItsGatewaysFromTheirPollsAndOneIsLost15SecondsAfterItsLastPoll) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    std::vector<std::unique_ptr<GatewayProcess>> gateways;
    for (int i = 1; i <= 3; ++i) {
        const std::string identity = fmt::format(R"(, "gateway_id": "edge-{}", "advertise_admin_url": "http://127.0.0.1:99{:02}/")", i, i);
        gateways.push_back(std::make_unique<GatewayProcess>(std::map<std::string, std::string>{}, following(collector, identity)));
        ASSERT_TRUE(gateways.back()->started()) << gateways.back()->log();
    }
    const std::int64_t version = json::parse(bodyOf(collector.request("GET", "/v1/services", CollectorProcess::kGatewayToken)))
                                     .at("version").as_int64();
    std::map<std::string, json::object> seen;
    ASSERT_TRUE(eventually([&] {
        seen = gatewaysOf(collector);
        return seen.size() == 3 && std::all_of(seen.begin(), seen.end(), [&](const auto& g) {
                   return g.second.at("state") == "live" && g.second.at("table_version").as_int64() == version;
               });
    })) << collector.request("GET", "/v1/gateways", CollectorProcess::kGatewayToken);
    const std::vector<std::string> listGateways{GATEHOUSE_ROUTES_BIN, "gateways", "--collector", collector.url(), "--token-file",
                                                collector.tokenFile(CollectorProcess::kGatewayToken)};
    const ProcessResult converged = runProcess(listGateways);
    EXPECT_EQ(converged.exitCode, 0) << converged.out << converged.err;
    EXPECT_NE(converged.out.find(fmt::format("collector table v{}: 3 live, 0 lost", version)), std::string::npos) << converged.out;
    EXPECT_NE(converged.out.find("edge-2"), std::string::npos) << converged.out;
    const std::string metricsBefore = bodyOf(collector.request("GET", "/metrics", "")); // Prometheus: no token
    EXPECT_NE(metricsBefore.find("gatehouse_collector_gateways{state=\"live\"} 3"), std::string::npos) << metricsBefore;
    EXPECT_NE(metricsBefore.find(fmt::format("gatehouse_collector_gateway_table_version{{gateway_id=\"edge-3\"}} {}", version)),
              std::string::npos)
        << metricsBefore;
    const json::object& first = seen.at("edge-1");
    EXPECT_EQ(first.at("admin_url"), "http://127.0.0.1:9901/");
    EXPECT_EQ(first.at("version"), gateway::gatehouseVersion());
    EXPECT_EQ(first.at("table_source"), "collector");
    EXPECT_EQ(first.at("staleness_ms").as_int64(), 0);

    // One dies without a word; the others serve on, and the collector says it is lost
    // 15 s after its last poll.
    gateways[1]->signal(SIGKILL);
    ASSERT_TRUE(gateways[1]->waitExit(5'000));
    const auto killed = Clock::now();
    int served = 0, failed = 0;
    bool lost = false;
    while (!lost && Clock::now() - killed < std::chrono::seconds(20)) {
        for (int i : {0, 2}) (get(gateways[i]->port(), "/v2/orders") == "orders" ? served : failed) += 1;
        seen = gatewaysOf(collector);
        lost = seen.count("edge-2") && seen.at("edge-2").at("state") == "lost";
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed).count();
    std::printf("gateway lost %lld ms after it was killed; %d requests served through the others meanwhile\n",
                static_cast<long long>(after), served);
    ASSERT_TRUE(lost) << collector.request("GET", "/v1/gateways", CollectorProcess::kGatewayToken);
    // Lost after 15 s of silence, counted from its last poll, which may have reached the
    // collector just after the kill: 15 s and the test's own step of checking.
    const std::int64_t silent = seen.at("edge-2").at("silent_ms").as_int64();
    EXPECT_GE(silent, 15'000);
    EXPECT_LE(silent, 16'000);
    EXPECT_LE(after, 16'000);
    EXPECT_EQ(failed, 0);
    EXPECT_GT(served, 0);
    EXPECT_EQ(seen.at("edge-1").at("state"), "live");
    EXPECT_EQ(seen.at("edge-3").at("state"), "live");
    const json::value summary = json::parse(bodyOf(collector.request("GET", "/v1/gateways", CollectorProcess::kGatewayToken)));
    EXPECT_EQ(summary.at("live").as_int64(), 2);
    EXPECT_EQ(summary.at("lost").as_int64(), 1);
    const std::string metricsAfter = bodyOf(collector.request("GET", "/metrics", ""));
    EXPECT_NE(metricsAfter.find("gatehouse_collector_gateways{state=\"lost\"} 1"), std::string::npos) << metricsAfter;
    EXPECT_NE(metricsAfter.find("gatehouse_collector_gateway_up{gateway_id=\"edge-2\"} 0"), std::string::npos) << metricsAfter;
    const ProcessResult degraded = runProcess(listGateways); // a deploy waiting on the fleet sees it
    EXPECT_EQ(degraded.exitCode, 1) << degraded.out << degraded.err;
    EXPECT_NE(degraded.out.find("2 live, 1 lost"), std::string::npos) << degraded.out;

    // A report that breaks its grammar is refused, naming the parameter.
    const std::string bad = collector.request("GET", "/v1/table?gateway=edge%201", CollectorProcess::kGatewayToken);
    EXPECT_EQ(statusOf(bad), 400);
    EXPECT_NE(bodyOf(bad).find("gateway:"), std::string::npos) << bad;
    EXPECT_EQ(gatewaysOf(collector).count("edge 1"), 0u);
}

// The fleet's security filter switches, as the collector holds them (GET /v1/security/filters).
json::object switchOf(const CollectorProcess& collector, const std::string& filter) {
    const std::string answer = collector.request("GET", "/v1/security/filters", CollectorProcess::kGatewayToken);
    if (statusOf(answer) != 200) return {};
    const json::value parsed = json::parse(bodyOf(answer));
    for (const json::value& f : parsed.at("default_filters").as_array()) {
        if (f.at("name") == filter.c_str()) return f.as_object();
    }
    return {};
}

json::object gatewaySwitches(const GatewayProcess& gateway) {
    const std::string answer = adminGet(gateway.adminPort(), "/api/v1/security/filters");
    return statusOf(answer) == 200 ? json::parse(bodyOf(answer)).as_object() : json::object{};
}

bool appliedByAll(const json::object& state, std::size_t gateways) {
    return !state.empty() && state.at("applied_by").as_array().size() == gateways && state.at("pending").as_array().empty();
}

// An admin's switch means the fleet: set once on the collector, it reaches every gateway
// through the poll it already holds, each says so on its next poll (applied_by), a local
// switch is refused, the table is not installed again, and a gateway that restarts while
// the collector is away keeps the fleet's switch from its last-known-good document.
TEST(TableFollow, ASwitchOnTheCollectorRunsOnEveryGatewayWhichAcknowledgesItAndRefusesLocalOnes) {
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream.port()))), 201);
    AdminRoleTokens tokens;
    std::vector<std::unique_ptr<GatewayProcess>> gateways;
    for (int i = 1; i <= 3; ++i) {
        const std::string extra = fmt::format(R"(, "gateway_id": "edge-{}", "admin_tokens_file": "{}")", i, tokens.path);
        gateways.push_back(std::make_unique<GatewayProcess>(std::map<std::string, std::string>{}, following(collector, extra)));
        ASSERT_TRUE(gateways.back()->started()) << gateways.back()->log();
    }
    ASSERT_TRUE(eventually([&] { return gatewaysOf(collector).size() == 3; }));
    ASSERT_TRUE(eventually([&] { return appliedByAll(switchOf(collector, "sanitize"), 3); }));
    // sanitize refuses a ';' path parameter: 400 while it runs, the backend's 200 once off.
    const auto parameterPath = [](const GatewayProcess& g) {
        return statusOf(httpExchange(g.port(), "GET /v2/orders/7;jsessionid=1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n"));
    };
    std::vector<double> reloads;
    for (const auto& g : gateways) {
        EXPECT_EQ(parameterPath(*g), 400);
        reloads.push_back(sample(metrics(*g), "gatehouse_table_reloads_total{result=\"applied\"}"));
    }

    const auto switchedAt = Clock::now();
    const auto sinceSwitch = [&] { return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - switchedAt).count(); };
    const std::string off = collector.request("PUT", "/v1/security/filters/sanitize", CollectorProcess::kSecurityToken,
                                              R"({"enabled": false, "reason": "INC-77: sanitize refuses a partner's matrix URLs"})");
    ASSERT_EQ(statusOf(off), 200) << off;
    const std::int64_t switchVersion = json::parse(bodyOf(off)).at("version").as_int64();
    // Each gateway's held poll answers at once: the filter stops on all three.
    std::vector<long long> stoppedMs(gateways.size(), -1);
    ASSERT_TRUE(eventually([&] {
        for (std::size_t i = 0; i < gateways.size(); ++i) {
            if (stoppedMs[i] < 0 && parameterPath(*gateways[i]) == 200) stoppedMs[i] = sinceSwitch();
        }
        return std::none_of(stoppedMs.begin(), stoppedMs.end(), [](long long ms) { return ms < 0; });
    }, 10'000));
    // The acknowledgement is each gateway's poll after that.
    ASSERT_TRUE(eventually([&] { return appliedByAll(switchOf(collector, "sanitize"), 3); }, 10'000))
        << collector.request("GET", "/v1/security/filters", CollectorProcess::kGatewayToken);
    const long long acknowledgedMs = sinceSwitch();
    const long long slowest = *std::max_element(stoppedMs.begin(), stoppedMs.end());
    RecordProperty("fleet_switch_stopped_ms", static_cast<int>(slowest));
    RecordProperty("fleet_switch_acknowledged_ms", static_cast<int>(acknowledgedMs));
    std::printf("sanitize stopped on 3 gateways %lld / %lld / %lld ms after the switch; applied_by 3/3 after %lld ms\n",
                stoppedMs[0], stoppedMs[1], stoppedMs[2], acknowledgedMs);
    const json::value audit = json::parse(bodyOf(collector.request("GET", "/v1/audit?limit=1", CollectorProcess::kGatewayToken)));
    EXPECT_EQ(audit.at("audit").at(0).at("actor"), "security"); // who
    EXPECT_FALSE(audit.at("audit").at(0).at("at").as_string().empty()); // when
    EXPECT_EQ(audit.at("audit").at(0).at("detail").at("reason"), "INC-77: sanitize refuses a partner's matrix URLs"); // why

    for (std::size_t i = 0; i < gateways.size(); ++i) {
        const GatewayProcess& g = *gateways[i];
        EXPECT_EQ(parameterPath(g), 200) << "gateway " << i;
        const json::object local = gatewaySwitches(g);
        EXPECT_EQ(local.at("managed_by"), collector.url().c_str());
        EXPECT_EQ(local.at("switch_version").as_int64(), switchVersion);
        for (const json::value& f : local.at("default_filters").as_array()) {
            if (f.at("name") != "sanitize") {
                EXPECT_TRUE(f.at("enabled").as_bool()) << f;
                continue;
            }
            EXPECT_FALSE(f.at("enabled").as_bool());
            EXPECT_EQ(f.at("changed_by"), "security");
            EXPECT_EQ(f.at("reason"), "INC-77: sanitize refuses a partner's matrix URLs");
        }
        const std::string page = metrics(g);
        EXPECT_EQ(sample(page, "gatehouse_default_filter_enabled{filter=\"sanitize\",phase=\"before\"}"), 0) << page;
        EXPECT_EQ(sample(page, "gatehouse_fleet_switch_version"), static_cast<double>(switchVersion));
        // The table did not change: it was not installed again.
        EXPECT_EQ(sample(page, "gatehouse_table_reloads_total{result=\"applied\"}"), reloads[i]);
        const std::string local409 = adminPut(g.adminPort(), "/api/v1/security/filters/sanitize",
                                              R"({"enabled": true, "reason": "works for me"})");
        EXPECT_EQ(statusOf(local409), 409) << local409;
        EXPECT_EQ(json::parse(bodyOf(local409)).at("id"), "managed_by_collector");
        EXPECT_NE(bodyOf(local409).find(collector.url()), std::string::npos) << local409;
    }
    EXPECT_EQ(parameterPath(*gateways[0]), 200); // the refused local switch changed nothing

    // A restart while the collector is away: the last-known-good document has the switch.
    const int collectorPort = collector.port();
    collector.kill();
    ASSERT_TRUE(gateways[0]->restart()) << gateways[0]->log();
    EXPECT_EQ(tableSource(*gateways[0]), "last_known_good");
    EXPECT_EQ(parameterPath(*gateways[0]), 200);
    EXPECT_EQ(gatewaySwitches(*gateways[0]).at("switch_version").as_int64(), switchVersion);

    // Back on, for the whole fleet again.
    ASSERT_TRUE(collector.start(collectorPort)) << collector.log();
    ASSERT_TRUE(eventually([&] { return gatewaysOf(collector).size() == 3; })); // the restarted collector hears from all three
    // From a terminal this time: the CLI waits until every live gateway runs it.
    const auto routesCli = [&](std::vector<std::string> args, const char* token) {
        args.insert(args.begin(), GATEHOUSE_ROUTES_BIN);
        for (const std::string& more : {std::string("--collector"), collector.url(), std::string("--token-file"), collector.tokenFile(token)}) {
            args.push_back(more);
        }
        return runProcess(args);
    };
    const ProcessResult viewerTries = routesCli({"switch", "sanitize", "--on", "--reason", "x"}, CollectorProcess::kGatewayToken);
    EXPECT_NE(viewerTries.exitCode, 0);
    EXPECT_NE(viewerTries.err.find("viewer role"), std::string::npos) << viewerTries.err;
    const ProcessResult on = routesCli({"switch", "sanitize", "--on", "--reason", "INC-77 closed: the partner sends plain paths", "--wait", "10"},
                                       CollectorProcess::kSecurityToken);
    ASSERT_EQ(on.exitCode, 0) << on.out << on.err;
    EXPECT_NE(on.out.find("sanitize switched on for the fleet"), std::string::npos) << on.out;
    EXPECT_NE(on.out.find("applied by every live gateway: edge-1, edge-2, edge-3"), std::string::npos) << on.out;
    const json::object state = switchOf(collector, "sanitize");
    EXPECT_TRUE(appliedByAll(state, 3) && state.at("enabled").as_bool()) << state;
    const ProcessResult listed = routesCli({"switches"}, CollectorProcess::kGatewayToken);
    EXPECT_EQ(listed.exitCode, 0) << listed.out << listed.err;
    EXPECT_NE(listed.out.find("3 of 3"), std::string::npos) << listed.out;
    for (const auto& g : gateways) EXPECT_EQ(parameterPath(*g), 400);
    const json::value trail = json::parse(bodyOf(collector.request("GET", "/v1/audit?limit=2", CollectorProcess::kGatewayToken)));
    EXPECT_EQ(trail.at("audit").at(0).at("action"), "default_filter.enable");
    EXPECT_EQ(trail.at("audit").at(1).at("action"), "default_filter.disable");
}

} // namespace
} // namespace gatehouse
