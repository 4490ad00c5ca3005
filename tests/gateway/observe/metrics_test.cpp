// /metrics through a real gateway: what promtool accepts, and what a real Prometheus
// server scrapes (both from Debian's prometheus package, on 127.0.0.1).
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
namespace fs = std::filesystem;

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n"; }

std::string appService(int port) {
    return fmt::format(R"({{"name": "app", "routes": [{{"paths": ["/app/*"]}},
        {{"paths": ["/limited"], "before_filters": [{{"name": "rate_limit", "params": {{"limit": 1, "period_seconds": 3600}}}},
                                                   {{"name": "rate_limit", "mode": "shadow", "params": {{"limit": 100, "period_seconds": 60}}}}]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", port);
}

struct TempDir {
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-metrics-XXXXXX").string();
        path = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path path;
};

TEST(Metrics, TheExpositionPassesPromtoolAndCounts) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"app.json", appService(backend.port())}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/app/x"))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/nowhere"))), 404);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/limited"))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/limited"))), 429);

    // A request is counted just after its answer is written: wait (bounded) for the last one.
    std::string response;
    for (int i = 0; i < 100; ++i) {
        response = httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        // The label set appears (at 0) a moment before it is counted: wait for the count.
        // The failure is counted once the answer is written: the client may read it first.
        if (bodyOf(response).find(R"(code="429",route="routes[1].paths[0]",service="app"} 1)") != std::string::npos &&
            bodyOf(response).find(R"(cause="filter_denied",route="routes[1].paths[0]",service="app"} 1)") != std::string::npos &&
            bodyOf(response).find("gatehouse_active_requests 0") != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(statusOf(response), 200); // no token: /metrics stays open
    EXPECT_EQ(headerOf(response, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const std::string text = bodyOf(response);
    for (const std::string& line :
         {std::string(R"(gatehouse_requests_total{class="2xx",code="200",route="routes[0].paths[0]",service="app"} 3)"),
          std::string(R"x(gatehouse_requests_total{class="4xx",code="404",route="(none)",service="(none)"} 1)x"),
          std::string(R"(gatehouse_requests_total{class="4xx",code="429",route="routes[1].paths[0]",service="app"} 1)"),
          std::string(R"(gatehouse_gateway_failures_total{cause="filter_denied",route="routes[1].paths[0]",service="app"} 1)"),
          std::string(R"x(gatehouse_gateway_failures_total{cause="no_route",route="(none)",service="(none)"} 1)x"),
          std::string(R"(gatehouse_request_duration_seconds_count{route="routes[0].paths[0]",service="app"} 3)"),
          fmt::format(R"(gatehouse_destination_healthy{{destination="127.0.0.1:{}",service="app"}} 1)", backend.port()),
          std::string(R"(gatehouse_filter_decisions_total{decision="deny",filter="rate_limit",mode="enforce",phase="before",route_index="1",service="app"} 1)"),
          std::string(R"(gatehouse_filter_shadow_mismatches_total{filter="rate_limit",route_index="1",service="app"} 0)"),
          std::string(R"(gatehouse_service_timeout_seconds{service="app"} 10)"),
          fmt::format(R"(gatehouse_upstream_idle_connections{{destination="127.0.0.1:{}"}} 1)", backend.port()),
          fmt::format(R"(gatehouse_upstream_connections{{destination="127.0.0.1:{}"}} 1)", backend.port()),
          std::string("gatehouse_table_version 1"), std::string("gatehouse_active_requests 0")}) {
        EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "\n" << text;
    }
    EXPECT_EQ(text.find("/app/x"), std::string::npos); // never a raw path as a label

    TempDir dir;
    std::ofstream(dir.path / "metrics.txt") << text;
    const ProcessResult promtool =
        runProcess({"/bin/sh", "-c", "promtool check metrics < '" + (dir.path / "metrics.txt").string() + "'"});
    EXPECT_EQ(promtool.exitCode, 0) << promtool.out << promtool.err;
    EXPECT_EQ(promtool.out + promtool.err, "") << "promtool's lint findings";
}

// The value of a PromQL query against the Prometheus HTTP API, or nothing yet.
std::optional<double> query(int port, const std::string& promql) {
    const std::string response =
        httpExchange(port, "GET /api/v1/query?query=" + promql + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    boost::system::error_code ec;
    const json::value body = json::parse(bodyOf(response), ec);
    if (ec || !body.is_object() || body.at("status") != "success") return std::nullopt;
    const json::array& result = body.at("data").at("result").as_array();
    if (result.empty()) return std::nullopt;
    return std::stod(std::string(result[0].at("value").as_array()[1].as_string()));
}

TEST(Metrics, APrometheusServerScrapesTheGatewayAndSeesCountersRise) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"app.json", appService(backend.port())}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    TempDir dir;
    std::ofstream(dir.path / "prometheus.yml") << fmt::format(R"(global:
  scrape_interval: 1s
scrape_configs:
  - job_name: gatehouse
    static_configs:
      - targets: ["127.0.0.1:{}"]
)", gateway.adminPort());
    const int port = unusedPort();
    ServerProcess prometheus({"prometheus", "--config.file=" + (dir.path / "prometheus.yml").string(),
                              "--storage.tsdb.path=" + (dir.path / "data").string(),
                              fmt::format("--web.listen-address=127.0.0.1:{}", port), "--log.level=warn"},
                             port, 30'000);
    ASSERT_TRUE(prometheus.ready()) << prometheus.log();

    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/app/a"))), 200);
    const std::string promql = "sum(gatehouse_requests_total{service=%22app%22})";
    std::optional<double> before;
    for (int i = 0; i < 150 && !before; ++i) { // a scrape a second; bounded at 30 s
        before = query(port, promql);
        if (!before) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_TRUE(before) << prometheus.log();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/app/b"))), 200);
    std::optional<double> after = before;
    for (int i = 0; i < 150 && after && *after < *before + 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        after = query(port, promql);
    }
    ASSERT_TRUE(after);
    EXPECT_GE(*after, *before + 5) << "the counter Prometheus scraped did not rise";
    const std::optional<double> up = query(port, "up{job=%22gatehouse%22}");
    EXPECT_EQ(up, 1.0);
}

} // namespace
} // namespace gatehouse
