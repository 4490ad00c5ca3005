// Several route collectors on one real etcd, with real gateways following them: a change
// through one served by all, conflicting changes at once, a collector killed under load,
// etcd stopped and back, and a SQLite collector migrated.
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string service(const std::string& name, const std::string& path, int port) {
    return R"({"name": ")" + name + R"(", "routes": [{"hosts": ["api.example.com"], "paths": [")" + path +
           R"("]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + std::to_string(port) + R"("}]})";
}

UpstreamResponse answer(const std::string& body) {
    UpstreamResponse response;
    response.body = body;
    return response;
}

std::string get(int port, const std::string& path) {
    return bodyOf(httpExchange(port, "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n"));
}

double sample(const std::string& text, const std::string& series) {
    const std::size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

std::string metricsOf(const CollectorProcess& collector) { return bodyOf(collector.request("GET", "/metrics", "")); }
std::string gatewayMetrics(const GatewayProcess& gateway) {
    return bodyOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
}

template <typename Condition>
bool eventually(Condition condition, int timeoutMs = 15'000) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (Clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return condition();
}

// A gateway following these collectors (in this order), with the gateways' token.
std::string following(const std::vector<const CollectorProcess*>& collectors) {
    std::string urls;
    for (const CollectorProcess* c : collectors) urls += (urls.empty() ? "\"" : ", \"") + c->url() + "\"";
    return R"("collector": {"urls": [)" + urls + R"(], "token_file": ")" + collectors.front()->tokenFile(CollectorProcess::kGatewayToken) +
           R"(", "wait_seconds": 5, "timeout_ms": 1000})";
}

std::string etag(const std::string& response) {
    const std::size_t at = response.find("ETag: ");
    return at == std::string::npos ? std::string() : response.substr(at + 6, response.find("\r\n", at) - at - 6);
}

TEST(CollectorsOnEtcd, ARegistrationThroughOneIsServedByTheOtherAndReachesGatewaysFollowingEitherWithinASecond) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    TestUpstream before([](const UpstreamRequest&) { return answer("before"); });
    TestUpstream after([](const UpstreamRequest&) { return answer("after"); });
    CollectorProcess a("", etcd.url());
    CollectorProcess b("", etcd.url());
    ASSERT_TRUE(a.started()) << a.log();
    ASSERT_TRUE(b.started()) << b.log();
    ASSERT_EQ(statusOf(a.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, service("orders", "/v2/orders/:id", before.port()))), 201)
        << a.log();
    ASSERT_TRUE(eventually([&] { return bodyOf(b.request("GET", "/v1/services", CollectorProcess::kPlatformToken)).find("\"orders\"") != std::string::npos; }, 5000));
    GatewayProcess onA({}, following({&a}));
    GatewayProcess onB({}, following({&b}));
    ASSERT_TRUE(onA.started()) << onA.log();
    ASSERT_TRUE(onB.started()) << onB.log();
    ASSERT_EQ(get(onA.port(), "/v2/orders/1"), "before");
    ASSERT_EQ(get(onB.port(), "/v2/orders/1"), "before");
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // both gateways hold long polls now

    const std::string changed = a.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, service("orders", "/v2/orders/:id", after.port()));
    ASSERT_EQ(statusOf(changed), 200) << changed;
    const auto registered = Clock::now();
    std::vector<double> followMs;
    for (const GatewayProcess* gateway : {&onA, &onB}) {
        ASSERT_TRUE(eventually([&] { return get(gateway->port(), "/v2/orders/1") == "after"; }, 10'000)) << gateway->log();
        followMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - registered).count());
    }
    std::cout << "[ figures  ] registered through collector A: the gateway on A served it after " << followMs[0]
              << " ms, the gateway on B after " << followMs[1] << " ms\n";
    EXPECT_LT(followMs[0], 1000.0);
    EXPECT_LT(followMs[1], 1000.0);
    // One table: the same ETag from either collector, so a gateway moving between them
    // gets a 304.
    const std::string fromA = a.request("GET", "/v1/table", CollectorProcess::kGatewayToken);
    const std::string fromB = b.request("GET", "/v1/table", CollectorProcess::kGatewayToken);
    EXPECT_FALSE(etag(fromA).empty());
    EXPECT_EQ(etag(fromA), etag(fromB));
    EXPECT_EQ(statusOf(b.request("GET", "/v1/table", CollectorProcess::kGatewayToken, "", "If-None-Match: " + etag(fromA) + "\r\n")), 304);
    // Each gateway polls one collector; each collector lists both (their rosters are shared
    // through etcd), so the console and the fleet reads see the whole fleet from either.
    for (const CollectorProcess* c : {&a, &b}) {
        EXPECT_TRUE(eventually([&] {
            const json::value gateways = json::parse(bodyOf(c->request("GET", "/v1/gateways", CollectorProcess::kPlatformToken)));
            return gateways.at("live") == 2;
        }, 5000)) << bodyOf(c->request("GET", "/v1/gateways", CollectorProcess::kPlatformToken));
    }
    // B says it served a change made elsewhere, and how long after its commit.
    const std::string bMetrics = metricsOf(b);
    EXPECT_GE(sample(bMetrics, "gatehouse_collector_store_changes_seen_total"), 2) << bMetrics;
    EXPECT_GE(sample(bMetrics, "gatehouse_collector_watch_lag_seconds"), 0) << bMetrics;
    EXPECT_LT(sample(bMetrics, "gatehouse_collector_watch_lag_seconds"), 1) << bMetrics;
    EXPECT_EQ(sample(bMetrics, "gatehouse_collector_store_up"), 1);
    EXPECT_EQ(sample(metricsOf(a), "gatehouse_collector_changes_total{action=\"register\",result=\"accepted\"}"), 2);
    // A switch made through B is the fleet's on A too.
    ASSERT_EQ(statusOf(b.request("PUT", "/v1/security/filters/sanitize", CollectorProcess::kSecurityToken,
                                 R"({"enabled": false, "reason": "one fleet"})")),
              200);
    EXPECT_TRUE(eventually([&] {
        const json::value filters = json::parse(bodyOf(a.request("GET", "/v1/security/filters", CollectorProcess::kPlatformToken)));
        for (const json::value& f : filters.at("default_filters").as_array()) {
            if (f.at("name") == "sanitize") return f.at("enabled") == false;
        }
        return false;
    }, 5000)) << bodyOf(a.request("GET", "/v1/security/filters", CollectorProcess::kPlatformToken));
    // The history and the audit are the store's, whichever collector is asked.
    const json::value history = json::parse(bodyOf(b.request("GET", "/v1/services/orders", CollectorProcess::kPlatformToken)));
    EXPECT_EQ(history.at("history").as_array().size(), 2u) << history;
    const json::value audit = json::parse(bodyOf(b.request("GET", "/v1/audit", CollectorProcess::kPlatformToken)));
    EXPECT_EQ(audit.at("audit").as_array().size(), 3u) << audit;
    EXPECT_EQ(audit.at("audit").as_array().at(0).at("action"), "default_filter.disable") << audit;
}

TEST(CollectorsOnEtcd, TwoConflictingRegistrationsSentAtOnceToBothCollectorsExactlyOneIsAccepted) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    CollectorProcess a("", etcd.url());
    CollectorProcess b("", etcd.url());
    ASSERT_TRUE(a.started()) << a.log();
    ASSERT_TRUE(b.started()) << b.log();
    int conflicts = 0;
    for (int round = 0; round < 5; ++round) {
        // Each round, two teams claim one new path at the same moment, one on each collector.
        const std::string path = "/v2/claim" + std::to_string(round) + "/:id";
        const std::string left = "left" + std::to_string(round);
        const std::string right = "right" + std::to_string(round);
        std::string first, second;
        std::atomic<int> ready{0};
        std::thread one([&] {
            ++ready;
            while (ready.load() < 2) {}
            first = a.request("PUT", "/v1/services/" + left, CollectorProcess::kPlatformToken, service(left, path, 9001));
        });
        std::thread two([&] {
            ++ready;
            while (ready.load() < 2) {}
            second = b.request("PUT", "/v1/services/" + right, CollectorProcess::kPlatformToken, service(right, path, 9001));
        });
        one.join();
        two.join();
        const std::multiset<int> statuses{statusOf(first), statusOf(second)};
        EXPECT_EQ(statuses, (std::multiset<int>{201, 409})) << first << "\n" << second;
        const std::string& refused = statusOf(first) == 409 ? first : second;
        EXPECT_NE(refused.find("route_takeover"), std::string::npos) << refused;
        conflicts += static_cast<int>(statuses.count(409));
    }
    EXPECT_EQ(conflicts, 5);
    // Both serve the same table: one owner per path.
    ASSERT_TRUE(eventually([&] {
        return etag(a.request("GET", "/v1/table", CollectorProcess::kGatewayToken)) == etag(b.request("GET", "/v1/table", CollectorProcess::kGatewayToken));
    }));
    const json::value services = json::parse(bodyOf(a.request("GET", "/v1/services", CollectorProcess::kPlatformToken)));
    EXPECT_EQ(services.at("services").as_array().size(), 5u) << services;
    EXPECT_EQ(services.at("version"), 5);
    const double decidedAgain = sample(metricsOf(a), "gatehouse_collector_store_conflicts_total") +
                                sample(metricsOf(b), "gatehouse_collector_store_conflicts_total");
    std::cout << "[ figures  ] 5 rounds of two conflicting registrations: " << decidedAgain
              << " decided again after the other collector committed first\n";
}

TEST(CollectorsOnEtcd, ACollectorKilledUnderPollingAndRegistrationLoadLosesNoRequestAndNoRegistration) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    TestUpstream upstream([](const UpstreamRequest& request) { return answer("ok " + request.target); });
    CollectorProcess a("", etcd.url());
    CollectorProcess b("", etcd.url());
    ASSERT_TRUE(a.started()) << a.log();
    ASSERT_TRUE(b.started()) << b.log();
    ASSERT_EQ(statusOf(a.request("PUT", "/v1/services/base", CollectorProcess::kPlatformToken, service("base", "/v2/base", upstream.port()))), 201);
    // Gateways name both collectors; two start on A, one on B.
    GatewayProcess g1({}, following({&a, &b}));
    GatewayProcess g2({}, following({&a, &b}));
    GatewayProcess g3({}, following({&b, &a}));
    for (const GatewayProcess* g : {&g1, &g2, &g3}) ASSERT_TRUE(g->started()) << g->log();

    std::atomic<bool> stop{false};
    std::atomic<int> sent{0}, failed{0};
    std::vector<std::thread> load;
    for (const GatewayProcess* gateway : {&g1, &g2, &g3}) {
        load.emplace_back([&, port = gateway->port()] {
            HttpClient client(port);
            for (int i = 0; i < 200'000 && !stop.load(); ++i) {
                client.send("GET /v2/base HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
                const std::string response = client.readResponse();
                ++sent;
                if (statusOf(response) != 200) ++failed;
            }
        });
    }
    // Registrations, as a deploy pipeline sends them: to A, and to B when A does not answer.
    constexpr int kServices = 40;
    std::vector<int> acknowledged(kServices, 0);
    std::atomic<int> done{0};
    const int ports[] = {a.port(), b.port()};
    std::thread registrations([&] {
        for (int i = 0; i < kServices; ++i) {
            const std::string name = "svc" + std::to_string(i);
            const std::string body = service(name, "/v2/" + name, upstream.port());
            const std::string request = "PUT /v1/services/" + name + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                        CollectorProcess::kPlatformToken + "\r\nContent-Length: " + std::to_string(body.size()) +
                                        "\r\n\r\n" + body;
            for (int attempt = 0; attempt < 50 && acknowledged[i] == 0; ++attempt) {
                for (const int port : ports) {
                    const int status = statusOf(httpExchange(port, request));
                    if (status == 200 || status == 201) {
                        acknowledged[i] = status;
                        break;
                    }
                }
                if (acknowledged[i] == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            ++done;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    ASSERT_TRUE(eventually([&] { return done.load() >= kServices / 3; }));
    a.kill(); // a crash: its long polls and any registration in flight are cut
    registrations.join();
    ASSERT_TRUE(eventually([&] { return get(g1.port(), "/v2/svc" + std::to_string(kServices - 1)) == "ok /v2/svc" + std::to_string(kServices - 1); }))
        << g1.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    for (std::thread& t : load) t.join();

    for (int i = 0; i < kServices; ++i) EXPECT_NE(acknowledged[i], 0) << "svc" << i << " was never acknowledged";
    const json::value services = json::parse(bodyOf(b.request("GET", "/v1/services", CollectorProcess::kPlatformToken)));
    EXPECT_EQ(services.at("services").as_array().size(), static_cast<std::size_t>(kServices + 1)) << services;
    const std::uint64_t version = services.at("version").to_number<std::uint64_t>();
    for (const GatewayProcess* gateway : {&g1, &g2, &g3}) {
        EXPECT_TRUE(eventually([&] { return sample(gatewayMetrics(*gateway), "gatehouse_collector_table_version") == static_cast<double>(version); }))
            << gateway->log();
        for (int i = 0; i < kServices; i += 7) EXPECT_EQ(get(gateway->port(), "/v2/svc" + std::to_string(i)), "ok /v2/svc" + std::to_string(i));
    }
    EXPECT_NE(g1.log().find("following " + b.url() + " next"), std::string::npos) << g1.log();
    std::cout << "[ figures  ] collector A killed after " << kServices / 3 << " of " << kServices << " registrations: " << sent.load()
              << " requests through 3 gateways, " << failed.load() << " failed; table v" << version << " on every gateway\n";
    EXPECT_EQ(failed.load(), 0);
    EXPECT_GT(sent.load(), 100);
}

TEST(CollectorsOnEtcd, WithEtcdStoppedTheCollectorServesItsTableReadOnlyAndIsWritableAgainWhenEtcdIsBack) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    TestUpstream upstream([](const UpstreamRequest&) { return answer("orders"); });
    CollectorProcess collector("", etcd.url());
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, service("orders", "/v2/orders", upstream.port()))), 201);
    GatewayProcess gateway({}, following({&collector}));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");
    const std::string tableBefore = collector.request("GET", "/v1/table", CollectorProcess::kGatewayToken);

    etcd.stop();
    ASSERT_TRUE(eventually([&] { return sample(metricsOf(collector), "gatehouse_collector_store_up") == 0; })) << collector.log();
    const std::string refused = collector.request("PUT", "/v1/services/billing", CollectorProcess::kPlatformToken, service("billing", "/v2/billing", upstream.port()));
    EXPECT_EQ(statusOf(refused), 503) << refused;
    EXPECT_NE(refused.find("\"id\":\"store_unavailable\""), std::string::npos) << refused;
    EXPECT_NE(refused.find("read-only"), std::string::npos) << refused;
    EXPECT_NE(refused.find("Retry-After: 5"), std::string::npos) << refused;
    const std::string switchRefused = collector.request("PUT", "/v1/security/filters/sanitize", CollectorProcess::kSecurityToken,
                                                        R"({"enabled": false, "reason": "during the outage"})");
    EXPECT_EQ(statusOf(switchRefused), 503) << switchRefused;
    // Reads of what it holds go on: the table, the services, a dry run.
    const std::string tableDuring = collector.request("GET", "/v1/table", CollectorProcess::kGatewayToken);
    EXPECT_EQ(statusOf(tableDuring), 200);
    EXPECT_EQ(etag(tableDuring), etag(tableBefore));
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/services", CollectorProcess::kPlatformToken)), 200);
    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/billing/dry-run", CollectorProcess::kPlatformToken,
                                         service("billing", "/v2/billing", upstream.port()))),
              200);
    for (int i = 0; i < 20; ++i) ASSERT_EQ(get(gateway.port(), "/v2/orders"), "orders");
    EXPECT_GE(sample(metricsOf(collector), "gatehouse_collector_changes_total{action=\"register\",result=\"store_unavailable\"}"), 1);
    EXPECT_NE(collector.log().find("serving the last table read-only"), std::string::npos) << collector.log();

    etcd.start();
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    ASSERT_TRUE(eventually([&] {
        return statusOf(collector.request("PUT", "/v1/services/billing", CollectorProcess::kPlatformToken, service("billing", "/v2/billing", upstream.port()))) == 201;
    })) << collector.log();
    ASSERT_TRUE(eventually([&] { return get(gateway.port(), "/v2/billing") == "orders"; }, 5000)) << gateway.log();
    EXPECT_EQ(sample(metricsOf(collector), "gatehouse_collector_store_up"), 1);
    EXPECT_EQ(sample(metricsOf(collector), "gatehouse_collector_store_lost_total"), 1);
    EXPECT_NE(collector.log().find("answers again"), std::string::npos) << collector.log();
}

TEST(CollectorsOnEtcd, ACollectorStartedWhileEtcdIsDownListensOnceEtcdAnswers) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    etcd.stop();
    CollectorProcess waiting("", etcd.url(), 1500); // does not listen: an empty table would empty the gateways
    EXPECT_FALSE(waiting.started());
    EXPECT_NE(waiting.log().find("waiting for etcd://"), std::string::npos) << waiting.log();
    etcd.start();
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    ASSERT_TRUE(waiting.awaitListening(20'000)) << waiting.log(); // the same process, without a restart
    EXPECT_EQ(statusOf(waiting.request("GET", "/healthz", "")), 200);
}

TEST(CollectorsOnEtcd, MigrateCopiesASqliteCollectorsHistoryAndGatewaysSeeTheSameTable) {
    EtcdProcess etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    CollectorProcess old;
    ASSERT_TRUE(old.started()) << old.log();
    ASSERT_EQ(statusOf(old.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, service("orders", "/v2/orders", 9001))), 201);
    ASSERT_EQ(statusOf(old.request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, service("orders", "/v2/orders/:id", 9001))), 200);
    ASSERT_EQ(statusOf(old.request("PUT", "/v1/services/billing", CollectorProcess::kPlatformToken, service("billing", "/v2/billing", 9001))), 201);
    ASSERT_EQ(statusOf(old.request("PUT", "/v1/security/filters/sanitize", CollectorProcess::kSecurityToken,
                                   R"({"enabled": false, "reason": "before the move"})")),
              200);
    const std::string tableBefore = old.request("GET", "/v1/table", CollectorProcess::kGatewayToken);
    const std::string auditBefore = bodyOf(old.request("GET", "/v1/audit", CollectorProcess::kPlatformToken));
    ASSERT_TRUE(old.stop());

    const std::string db = "sqlite:" + (old.dir() / "collector.db").string();
    ProcessResult migrated = runProcess({GATEHOUSE_ROUTES_BIN, "migrate", "--from", db, "--to", etcd.url()});
    for (int i = 0; i < 50 && migrated.exitCode != 0 && migrated.err.find("cannot be reached") != std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // etcd electing itself
        migrated = runProcess({GATEHOUSE_ROUTES_BIN, "migrate", "--from", db, "--to", etcd.url()});
    }
    ASSERT_EQ(migrated.exitCode, 0) << migrated.err;
    EXPECT_NE(migrated.err.find("copied 3 revision(s), 1 switch(es) and 4 audit entr(ies)"), std::string::npos) << migrated.err;
    const ProcessResult again = runProcess({GATEHOUSE_ROUTES_BIN, "migrate", "--from", db, "--to", etcd.url()});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.err.find("migrate into an empty prefix"), std::string::npos) << again.err;
    const ProcessResult wrong = runProcess({GATEHOUSE_ROUTES_BIN, "migrate", "--from", db, "--to", "etcd://127.0.0.1"});
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_NE(wrong.err.find("HOST:PORT"), std::string::npos) << wrong.err;

    CollectorProcess moved("", etcd.url());
    ASSERT_TRUE(moved.started()) << moved.log();
    const std::string tableAfter = moved.request("GET", "/v1/table", CollectorProcess::kGatewayToken);
    EXPECT_EQ(etag(tableAfter), etag(tableBefore)) << "the same collector id, version and switch version";
    EXPECT_EQ(bodyOf(moved.request("GET", "/v1/audit", CollectorProcess::kPlatformToken)), auditBefore);
    EXPECT_EQ(statusOf(moved.request("PUT", "/v1/services/billing", CollectorProcess::kPlatformToken, service("billing", "/v2/bills", 9001))), 200);
    const json::value billing = json::parse(bodyOf(moved.request("GET", "/v1/services/billing", CollectorProcess::kPlatformToken)));
    EXPECT_EQ(billing.at("revision"), 2);
}

} // namespace
} // namespace gatehouse
