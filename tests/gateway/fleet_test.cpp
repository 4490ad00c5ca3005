// The collector's fleet reads: a real collector asking three real gateways' admin APIs,
// under traffic, its answers checked against each gateway's own.
#include "support/admin_tokens.h"
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <unistd.h>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

template <typename Condition>
bool eventually(Condition condition, int timeoutMs = 15'000) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (Clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

json::object parsedBody(const std::string& response) {
    boost::system::error_code ec;
    json::value value = json::parse(bodyOf(response), ec);
    return ec || !value.is_object() ? json::object{} : value.as_object();
}

// A file holding one line, removed with the object.
struct LineFile {
    explicit LineFile(const std::string& line) {
        path = (std::filesystem::temp_directory_path() / fmt::format("gatehouse-fleet-token-{}", ::getpid())).string();
        std::ofstream(path) << line << "\n";
    }
    ~LineFile() { std::filesystem::remove(path); }
    std::string path;
};

std::string orders(int port) {
    return R"({"name": "orders", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/orders/:id"]}],
               "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
           std::to_string(port) + R"("}]})";
}

json::object ordersOf(const json::object& services) {
    for (const json::value& s : services.at("services").as_array()) {
        if (s.at("name") == "orders") return s.as_object();
    }
    return {};
}

std::int64_t number(const json::object& o, const char* key) { return o.at(key).to_number<std::int64_t>(); }

class FleetReads : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(collector_->started()) << collector_->log();
        ASSERT_EQ(statusOf(collector_->request("PUT", "/v1/services/orders", CollectorProcess::kPlatformToken, orders(upstream_.port()))),
                  201);
        for (int i = 1; i <= 3; ++i) {
            const std::string settings =
                fmt::format(R"("collector": {{"url": "{}", "token_file": "{}", "wait_seconds": 5}}, "gateway_id": "edge-{}",
                               "admin_tokens_file": "{}")",
                            collector_->url(), collector_->tokenFile(CollectorProcess::kGatewayToken), i, viewers_.path);
            gateways_.push_back(std::make_unique<GatewayProcess>(std::map<std::string, std::string>{}, settings));
            ASSERT_TRUE(gateways_.back()->started()) << gateways_.back()->log();
        }
        // Every gateway advertises its admin URL from its second poll on.
        ASSERT_TRUE(eventually([&] {
            const json::object roster = parsedBody(collector_->request("GET", "/v1/gateways", CollectorProcess::kGatewayToken));
            if (roster.empty() || roster.at("live").as_int64() != 3) return false;
            for (const json::value& g : roster.at("gateways").as_array()) {
                if (g.at("admin_url").is_null()) return false;
            }
            return true;
        })) << collector_->request("GET", "/v1/gateways", CollectorProcess::kGatewayToken);
    }

    // Gateway i (1-based) serves 10·i good requests and i that the service fails.
    int sendTraffic() {
        int sent = 0;
        for (std::size_t g = 0; g < gateways_.size(); ++g) {
            const int n = static_cast<int>(g) + 1;
            for (int k = 0; k < 10 * n + n; ++k) {
                const std::string path = k < 10 * n ? fmt::format("/v2/orders/{}", k) : "/v2/orders/fail";
                const std::string response =
                    httpExchange(gateways_[g]->port(), "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
                EXPECT_EQ(statusOf(response), k < 10 * n ? 200 : 503) << response;
                ++sent;
            }
        }
        return sent;
    }

    json::object fleet(const std::string& target) {
        return parsedBody(collector_->request("GET", target, CollectorProcess::kGatewayToken));
    }

    TestUpstream upstream_{[](const UpstreamRequest& request) {
        UpstreamResponse response;
        response.status = request.target.ends_with("/fail") ? 503 : 200;
        response.body = "orders";
        return response;
    }};
    ViewerTokens viewers_;
    LineFile fleetToken_{ViewerTokens::kToken};
    std::unique_ptr<CollectorProcess> collector_ = std::make_unique<CollectorProcess>(
        fmt::format(R"({{"fleet": {{"token_file": "{}", "timeout_ms": 1000}}}})", fleetToken_.path));
    std::vector<std::unique_ptr<GatewayProcess>> gateways_;
};

TEST_F(FleetReads, TheFleetsServicesAreTheSumOfItsGatewaysOwnAnswers) {
    const int sent = sendTraffic();
    std::vector<json::object> own(gateways_.size());
    ASSERT_TRUE(eventually([&] {
        std::int64_t requests = 0;
        for (std::size_t g = 0; g < gateways_.size(); ++g) {
            own[g] = ordersOf(parsedBody(adminGet(gateways_[g]->adminPort(), "/api/v1/services")));
            requests += own[g].empty() ? 0 : number(own[g], "requests");
        }
        return requests == sent;
    }));
    const json::object answer = fleet("/v1/fleet/services");
    ASSERT_FALSE(answer.empty()) << collector_->log();
    EXPECT_EQ(answer.at("fleet").at("asked").as_int64(), 3);
    EXPECT_EQ(answer.at("fleet").at("answered").as_int64(), 3);
    EXPECT_FALSE(answer.at("fleet").at("partial").as_bool());
    const json::object merged = ordersOf(answer);
    ASSERT_FALSE(merged.empty()) << answer;
    for (const char* key : {"requests", "status_5xx", "service_5xx", "gateway_failures"}) {
        std::int64_t sum = 0;
        for (const json::object& o : own) sum += number(o, key);
        EXPECT_EQ(number(merged, key), sum) << key;
    }
    EXPECT_EQ(number(merged, "requests"), sent);
    EXPECT_EQ(number(merged, "status_5xx"), 1 + 2 + 3);
    // Ratios from the sums, not an average of the gateways' ratios.
    EXPECT_DOUBLE_EQ(merged.at("error_ratio").as_double(), 6.0 / sent);
    // The latency buckets merged bucket by bucket; the p99 is read from them.
    const json::array& buckets = merged.at("latency_counts").as_array();
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        std::int64_t sum = 0;
        for (const json::object& o : own) sum += o.at("latency_counts").at(b).to_number<std::int64_t>();
        EXPECT_EQ(buckets[b].to_number<std::int64_t>(), sum) << "bucket " << b;
    }
    EXPECT_FALSE(merged.at("p99_ms").is_null());
    // Each gateway's own figures beside the sum: one bad gateway stands out.
    ASSERT_EQ(merged.at("gateways").as_array().size(), 3u);
    std::set<std::string> ids;
    for (const json::value& g : merged.at("gateways").as_array()) {
        ids.emplace(g.at("gateway_id").as_string());
        const int n = g.at("gateway_id") == "edge-1" ? 1 : g.at("gateway_id") == "edge-2" ? 2 : 3;
        EXPECT_EQ(g.at("requests").to_number<int>(), 11 * n) << g;
        EXPECT_EQ(g.at("status_5xx").to_number<int>(), n) << g;
    }
    EXPECT_EQ(ids, (std::set<std::string>{"edge-1", "edge-2", "edge-3"}));
    const json::object alerts = fleet("/v1/fleet/alerts");
    EXPECT_EQ(alerts.at("fleet").at("answered").as_int64(), 3) << alerts;

    // A gateway hangs (stopped): the fleet answers after its time limit (1 s here) with
    // the other two, flagged partial, naming it.
    gateways_[1]->signal(SIGSTOP);
    const auto hungAt = Clock::now();
    const json::object slow = fleet("/v1/fleet/services");
    const auto hungMs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - hungAt).count();
    gateways_[1]->signal(SIGCONT);
    std::printf("fleet services with one gateway hung answered in %lld ms\n", static_cast<long long>(hungMs));
    EXPECT_EQ(slow.at("fleet").at("answered").as_int64(), 2) << slow;
    EXPECT_EQ(slow.at("fleet").at("failed").at(0).at("gateway_id"), "edge-2");
    EXPECT_NE(std::string(slow.at("fleet").at("failed").at(0).at("error").as_string()).find("1000 ms"), std::string::npos) << slow;
    EXPECT_EQ(number(ordersOf(slow), "requests"), 11 + 33);

    // A gateway dies: the fleet answers at once with the other two, flagged partial.
    gateways_[2]->signal(SIGKILL);
    ASSERT_TRUE(gateways_[2]->waitExit(5'000));
    const auto askedAt = Clock::now();
    const json::object partial = fleet("/v1/fleet/services");
    const auto tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - askedAt).count();
    std::printf("fleet services with one gateway dead answered in %lld ms\n", static_cast<long long>(tookMs));
    EXPECT_EQ(partial.at("fleet").at("answered").as_int64(), 2) << partial;
    EXPECT_TRUE(partial.at("fleet").at("partial").as_bool());
    EXPECT_EQ(partial.at("fleet").at("failed").at(0).at("gateway_id"), "edge-3");
    EXPECT_EQ(number(ordersOf(partial), "requests"), 11 + 22);
    for (std::size_t g = 0; g < 2; ++g) { // traffic through the others is unaffected
        EXPECT_EQ(statusOf(httpExchange(gateways_[g]->port(), "GET /v2/orders/1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n")), 200);
    }
}

// A service's dashboard over the fleet: its detail, series and change markers are the
// gateways' own added up (the console's service page in fleet mode reads these).
TEST_F(FleetReads, AServicesFleetDetailAndSeriesAreTheSumOfItsGatewaysOwn) {
    const int sent = sendTraffic();
    std::vector<json::object> own(gateways_.size());
    ASSERT_TRUE(eventually([&] {
        std::int64_t requests = 0;
        for (std::size_t g = 0; g < gateways_.size(); ++g) {
            own[g] = parsedBody(adminGet(gateways_[g]->adminPort(), "/api/v1/services/orders/series?window=1h"));
            for (const json::value& p : own[g].at("points").as_array()) requests += number(p.as_object(), "requests");
        }
        return requests == sent;
    }));
    const json::object detail = fleet("/v1/fleet/services/orders");
    ASSERT_EQ(number(detail, "requests"), sent) << detail;
    EXPECT_EQ(detail.at("gateways").as_array().size(), 3u);
    EXPECT_EQ(detail.at("fleet").at("answered").as_int64(), 3);
    ASSERT_EQ(detail.at("destination_detail").as_array().size(), 3u) << detail; // one destination, checked by each gateway
    std::set<std::string> checkers;
    for (const json::value& d : detail.at("destination_detail").as_array()) checkers.emplace(d.at("gateway_id").as_string());
    EXPECT_EQ(checkers, (std::set<std::string>{"edge-1", "edge-2", "edge-3"}));
    EXPECT_TRUE(detail.at("thresholds").as_object().contains("error_ratio"));

    const json::object series = fleet("/v1/fleet/services/orders/series?window=1h");
    ASSERT_FALSE(series.empty()) << collector_->log();
    EXPECT_EQ(series.at("bucket_seconds").as_int64(), 10);
    // Bucket by bucket, every count is the sum of the gateways' counts, and so is the histogram.
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> expected; // t -> requests, 5xx
    std::map<std::int64_t, std::vector<std::int64_t>> latency;
    for (const json::object& o : own) {
        for (const json::value& v : o.at("points").as_array()) {
            const json::object& p = v.as_object();
            auto& e = expected[number(p, "t")];
            e.first += number(p, "requests");
            e.second += number(p, "status_5xx");
            if (!p.contains("latency_counts")) continue;
            auto& sum = latency[number(p, "t")];
            const json::array& counts = p.at("latency_counts").as_array();
            sum.resize(counts.size());
            for (std::size_t b = 0; b < counts.size(); ++b) sum[b] += counts[b].to_number<std::int64_t>();
        }
    }
    std::int64_t total = 0;
    for (const json::value& v : series.at("points").as_array()) {
        const json::object& p = v.as_object();
        const std::int64_t t = number(p, "t");
        EXPECT_EQ(number(p, "requests"), expected[t].first) << t;
        EXPECT_EQ(number(p, "status_5xx"), expected[t].second) << t;
        total += number(p, "requests");
        if (latency.contains(t)) {
            ASSERT_TRUE(p.contains("latency_counts")) << t;
            for (std::size_t b = 0; b < latency[t].size(); ++b) EXPECT_EQ(p.at("latency_counts").at(b).to_number<std::int64_t>(), latency[t][b]);
            EXPECT_FALSE(p.at("p99_ms").is_null());
        }
    }
    EXPECT_EQ(total, sent);
    // Each gateway's requests per bucket beside the merged series.
    ASSERT_EQ(series.at("gateways").as_array().size(), 3u);
    for (const json::value& g : series.at("gateways").as_array()) {
        std::int64_t sum = 0;
        for (const json::value& n : g.at("requests").as_array()) sum += n.to_number<std::int64_t>();
        const int n = g.at("gateway_id") == "edge-1" ? 1 : g.at("gateway_id") == "edge-2" ? 2 : 3;
        EXPECT_EQ(sum, 11 * n) << g;
        EXPECT_EQ(g.at("requests").as_array().size(), series.at("points").as_array().size());
    }

    // Refused clearly: an unknown service, a bad name, a bad window.
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/fleet/services/nope", CollectorProcess::kGatewayToken)), 404);
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/fleet/services/Not_A_Name", CollectorProcess::kGatewayToken)), 400);
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/fleet/services/orders/series?window=2h", CollectorProcess::kGatewayToken)), 400);

    // The change markers: the table change once, however many gateways recorded it.
    const json::object annotations = fleet("/v1/fleet/annotations?service=orders&from_ms=0");
    ASSERT_TRUE(annotations.contains("annotations")) << annotations;
    std::set<std::pair<std::string, std::string>> seen;
    std::size_t tables = 0;
    for (const json::value& a : annotations.at("annotations").as_array()) {
        const std::string kind(a.at("kind").as_string());
        if (kind == "alert") continue;
        tables += kind == "table";
        EXPECT_TRUE(seen.emplace(kind, std::string(a.at("title").as_string())).second) << a;
    }
    EXPECT_GE(tables, 1u) << annotations;

    // What the console asks of the collector itself.
    const json::object me = parsedBody(collector_->request("GET", "/v1/whoami", CollectorProcess::kSecurityToken));
    EXPECT_EQ(me.at("role"), "admin") << me;
    const json::object routes = fleet("/v1/routes");
    ASSERT_EQ(routes.at("routes").as_array().size(), 1u) << routes;
    EXPECT_EQ(routes.at("routes").at(0).at("service"), "orders");
    EXPECT_EQ(routes.at("source").at("source"), "collector");
    const json::object why = fleet("/v1/routes/explain?method=GET&host=api.example.com&path=/v2/orders/7");
    EXPECT_EQ(why.at("winner").at("service"), "orders") << why;
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/routes/explain?host=api.example.com&path=/x", CollectorProcess::kGatewayToken)), 400);
    EXPECT_FALSE(fleet("/v1/thresholds").at("thresholds").as_array().empty());

    // Each gateway says which default filters its config runs: a switch shows where it acts.
    const json::object roster = fleet("/v1/gateways");
    for (const json::value& g : roster.at("gateways").as_array()) {
        EXPECT_EQ(g.at("default_filters"), json::parse(R"(["request_id", "sanitize", "security_headers"])")) << g;
    }
    const json::object switches = fleet("/v1/security/filters"); // named: a range-for over a temporary's member dangles
    for (const json::value& s : switches.at("default_filters").as_array()) {
        const bool configured = s.at("name") == "request_id" || s.at("name") == "sanitize" || s.at("name") == "security_headers";
        EXPECT_EQ(s.at("configured_on").as_array().size(), configured ? 3u : 0u) << s;
    }
}

TEST_F(FleetReads, TheFleetTrailPagesThroughEveryGatewayAndARequestIdLeadsToThatGatewaysRecord) {
    const int sent = sendTraffic();
    ASSERT_TRUE(eventually([&] {
        std::size_t rows = 0;
        for (const auto& g : gateways_) {
            const json::object page = parsedBody(adminGet(g->adminPort(), "/api/v1/trail?limit=1000"));
            rows += page.empty() ? 0 : page.at("records").as_array().size();
        }
        return rows == static_cast<std::size_t>(sent);
    }));
    // Pages of 7, newest first, until the cursor says there is no more.
    std::set<std::string> seen;
    std::map<std::string, int> perGateway;
    std::string cursor;
    std::int64_t previousTime = std::numeric_limits<std::int64_t>::max();
    for (int page = 0; page < 50; ++page) {
        const json::object answer = fleet("/v1/fleet/trail?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
        ASSERT_FALSE(answer.empty());
        ASSERT_EQ(answer.at("fleet").at("partial").as_bool(), false) << answer;
        for (const json::value& r : answer.at("records").as_array()) {
            EXPECT_TRUE(seen.emplace(r.at("request_id").as_string()).second) << "twice: " << r;
            EXPECT_LE(r.at("time_ms").as_int64(), previousTime);
            previousTime = r.at("time_ms").as_int64();
            ++perGateway[std::string(r.at("gateway_id").as_string())];
        }
        if (answer.at("next_cursor").is_null()) break;
        EXPECT_EQ(answer.at("records").as_array().size(), 7u);
        cursor = std::string(answer.at("next_cursor").as_string());
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(sent));
    EXPECT_EQ(perGateway, (std::map<std::string, int>{{"edge-1", 11}, {"edge-2", 22}, {"edge-3", 33}}));

    // The summary over the fleet: the gateways' own summaries added up.
    const json::object summary = fleet("/v1/fleet/trail/summary");
    ASSERT_FALSE(summary.empty());
    std::int64_t ownTotal = 0;
    for (const auto& g : gateways_) ownTotal += number(parsedBody(adminGet(g->adminPort(), "/api/v1/trail/summary")), "total");
    EXPECT_EQ(number(summary, "total"), sent);
    EXPECT_EQ(number(summary, "total"), ownTotal);
    std::map<std::int64_t, std::int64_t> statuses;
    for (const json::value& s : summary.at("by_status").as_array()) statuses[s.at("key").as_int64()] = s.at("count").as_int64();
    EXPECT_EQ(statuses, (std::map<std::int64_t, std::int64_t>{{200, 60}, {503, 6}})) << summary;
    std::int64_t inBuckets = 0;
    for (const json::value& b : summary.at("latency").as_array()) inBuckets += b.at("count").as_int64();
    EXPECT_EQ(inBuckets, sent);
    EXPECT_EQ(summary.at("fleet").at("answered").as_int64(), 3);

    // A request id from the fleet trail is that gateway's record, byte for byte.
    const json::object failed = fleet("/v1/fleet/trail?status=503&limit=10");
    ASSERT_EQ(failed.at("records").as_array().size(), 6u) << failed;
    for (const json::value& r : failed.at("records").as_array()) {
        const std::string id(r.at("request_id").as_string());
        json::object found = fleet("/v1/fleet/trail/" + id);
        ASSERT_FALSE(found.empty()) << id << collector_->request("GET", "/v1/fleet/trail/" + id, CollectorProcess::kGatewayToken);
        const std::string gateway(found.at("gateway_id").as_string());
        EXPECT_EQ(gateway, r.at("gateway_id").as_string());
        const std::size_t index = static_cast<std::size_t>(gateway.back() - '1');
        const json::object own = parsedBody(adminGet(gateways_[index]->adminPort(), "/api/v1/trail/" + id));
        found.erase("gateway_id");
        found.erase("fleet");
        EXPECT_EQ(json::serialize(found), json::serialize(own));
    }
    const std::string missing = collector_->request("GET", "/v1/fleet/trail/no-such-request", CollectorProcess::kGatewayToken);
    EXPECT_EQ(statusOf(missing), 404) << missing;
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/fleet/trail?cursor=edge-1~x", CollectorProcess::kGatewayToken)), 400);
    EXPECT_EQ(statusOf(collector_->request("GET", "/v1/fleet/trail?status=abc", CollectorProcess::kGatewayToken)), 400);
}

} // namespace
} // namespace gatehouse
