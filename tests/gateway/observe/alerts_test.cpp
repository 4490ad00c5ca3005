// The gateway's own alerts and service assessments: the rules judged on assessments
// (pure, with explicit clocks) and end to end through a real gateway's admin API.
#include "observe/alerts.h"

#include "support/admin_tokens.h"
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using gateway::AlertEvaluator;
using gateway::ServiceAssessment;

std::string request(const std::string& method, const std::string& path, const std::string& id) {
    return method + " " + path + " HTTP/1.1\r\nHost: api.example.com\r\nX-Request-Id: " + id + "\r\n\r\n";
}

// One route, one destination, a health check every 2 s that flips it at the first
// failure and the first success.
std::string checkedService(const std::string& name, int port) {
    return fmt::format(R"({{"name": "{}", "routes": [{{"paths": ["/*"]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}],
        "health_check": {{"path": "/health", "interval_seconds": 2, "timeout_seconds": 1, "max_failed_attempts": 1,
                          "min_successful_attempts": 1}}}})", name, port);
}

ServiceAssessment failing() {
    ServiceAssessment a;
    a.enoughTraffic = true;
    a.reasons = {"error_ratio:critical"};
    return a;
}
ServiceAssessment healthy() {
    ServiceAssessment a;
    a.enoughTraffic = true;
    return a;
}
ServiceAssessment silent() { return ServiceAssessment{}; } // fewer than min_requests

struct Recorder {
    std::vector<std::string> states;
    AlertEvaluator evaluator{60, [this](const AlertEvaluator::Alert& a) { states.push_back(AlertEvaluator::historyState(a)); }};
};

constexpr std::int64_t kWindowMs = 300'000;

TEST(AlertEvaluator, SilenceDoesNotResolveAFiringAlert) {
    Recorder r;
    const std::int64_t t0 = 1'700'000'000'000;
    r.evaluator.judge("kubernetes", failing(), t0, kWindowMs);
    r.evaluator.judge("kubernetes", failing(), t0 + 60'000, kWindowMs);
    ASSERT_EQ(r.states, (std::vector<std::string>{"pending", "firing"}));
    // Traffic stops: the alert stays firing, marked as waiting for evidence.
    r.evaluator.judge("kubernetes", silent(), t0 + 65'000, kWindowMs);
    r.evaluator.judge("kubernetes", silent(), t0 + 200'000, kWindowMs);
    json::array firing = r.evaluator.list("firing");
    ASSERT_EQ(firing.size(), 1u);
    EXPECT_EQ(firing[0].at("since_ms"), t0);
    EXPECT_EQ(firing[0].at("no_traffic_since_ms"), t0 + 65'000);
    // Healthy evidence resolves it, and the resolved alert keeps when it began.
    r.evaluator.judge("kubernetes", healthy(), t0 + 210'000, kWindowMs);
    const json::array resolved = r.evaluator.list("resolved");
    ASSERT_EQ(resolved.size(), 1u);
    EXPECT_EQ(resolved[0].at("resolution"), "healthy");
    EXPECT_EQ(resolved[0].at("since_ms"), t0);
    EXPECT_EQ(resolved[0].at("resolved_ms"), t0 + 210'000);
    EXPECT_EQ(r.states, (std::vector<std::string>{"pending", "firing", "no_traffic", "resolved"}));
}

TEST(AlertEvaluator, AWholeWindowOfSilenceResolvesAsNoTraffic) {
    Recorder r;
    const std::int64_t t0 = 1'700'000'000'000;
    r.evaluator.judge("images", failing(), t0, kWindowMs);
    r.evaluator.judge("images", failing(), t0 + 60'000, kWindowMs);
    r.evaluator.judge("images", silent(), t0 + 70'000, kWindowMs);
    r.evaluator.judge("images", silent(), t0 + 70'000 + kWindowMs - 1, kWindowMs);
    EXPECT_EQ(r.evaluator.list("firing").size(), 1u);
    r.evaluator.judge("images", silent(), t0 + 70'000 + kWindowMs, kWindowMs);
    const json::array resolved = r.evaluator.list("resolved");
    ASSERT_EQ(resolved.size(), 1u);
    EXPECT_EQ(resolved[0].at("resolution"), "no_traffic");
    EXPECT_EQ(r.states.back(), "resolved_no_traffic");
}

TEST(AlertEvaluator, APendingAlertWithoutEvidenceIsDroppedNotResolved) {
    Recorder r;
    const std::int64_t t0 = 1'700'000'000'000;
    r.evaluator.judge("billing", failing(), t0, kWindowMs);
    r.evaluator.judge("billing", silent(), t0 + 5'000, kWindowMs);
    EXPECT_TRUE(r.evaluator.list("").empty());
    EXPECT_EQ(r.states, std::vector<std::string>{"pending"});
}

TEST(AlertEvaluator, AFlappingDestinationFiresInsteadOfRestartingPending) {
    // The service alternates between one destination down and all healthy every 30 s; the
    // assessment carries flapping for as long as the changes keep coming.
    Recorder r;
    const std::int64_t t0 = 1'700'000'000'000;
    ServiceAssessment flapping;
    flapping.reasons = {"destination_flapping:warning"};
    for (int i = 0; i <= 12; ++i) r.evaluator.judge("kubernetes", flapping, t0 + i * 5'000, kWindowMs);
    const json::array firing = r.evaluator.list("firing");
    ASSERT_EQ(firing.size(), 1u);
    EXPECT_EQ(firing[0].at("rule"), "destination_flapping");
    EXPECT_EQ(firing[0].at("since_ms"), t0);
}

TEST(AdminServices, EveryServiceAtAGlanceWorstFirstAndItsThresholdsExplained) {
    TestUpstream backend([](const UpstreamRequest&) {
        UpstreamResponse response;
        response.status = 500;
        return response;
    });
    ViewerTokens tokens;
    const std::string broken = fmt::format(R"({{"name": "broken", "routes": [{{"paths": ["/broken/*"]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port());
    const std::string idle = fmt::format(R"({{"name": "idle", "routes": [{{"paths": ["/idle/*"]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port());
    const std::string down = fmt::format(R"({{"name": "down", "routes": [{{"paths": ["/down/*"]}}],
        "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", unusedPort());
    GatewayProcess gateway({{"broken.json", broken}, {"idle.json", idle}, {"down.json", down}},
                           fmt::format(R"("admin_tokens_file": "{}", "thresholds": {{"min_requests": 5}})", tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 6; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/broken/x", "b" + std::to_string(i)))), 500);
    // Refused connections: the gateway answers 502 (then 503 once the destination is ejected).
    for (int i = 0; i < 6; ++i) EXPECT_GE(statusOf(httpExchange(gateway.port(), request("GET", "/down/x", "d" + std::to_string(i)))), 502);

    json::value list;
    for (int attempt = 0; attempt < 100; ++attempt) {
        list = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services")));
        std::int64_t seen = 0;
        for (const json::value& s : list.at("services").as_array()) seen += s.at("requests").to_number<std::int64_t>();
        if (seen == 12) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const json::array& services = list.at("services").as_array();
    ASSERT_EQ(services.size(), 3u);
    auto named = [&](std::string_view name) -> const json::value& {
        for (const json::value& s : services) {
            if (s.at("name").as_string() == name) return s;
        }
        return services[0];
    };
    EXPECT_EQ(services[2].at("name"), "idle"); // worst first: the two red ones, then the one without traffic
    EXPECT_EQ(named("broken").at("status"), "red");
    EXPECT_EQ(named("broken").at("reasons").as_array()[0], "error_ratio:critical");
    EXPECT_EQ(named("broken").at("error_ratio"), 1.0);
    EXPECT_EQ(named("broken").at("service_5xx"), 6);
    std::int64_t sparked = 0; // its sparkline: 6 requests, all errors, in the last 5 minutes
    for (const json::value& v : named("broken").at("spark").at("requests").as_array()) sparked += v.to_number<std::int64_t>();
    EXPECT_EQ(sparked, 6);
    EXPECT_EQ(named("broken").at("spark").at("errors").as_array().size(), 30u);
    // The gateway's own 502/503 are the gateway failure ratio, not the service's 5xx.
    EXPECT_EQ(named("down").at("status"), "red");
    EXPECT_EQ(named("down").at("error_ratio"), 0.0);
    EXPECT_EQ(named("down").at("gateway_failure_ratio"), 1.0);
    EXPECT_EQ(named("down").at("status_5xx"), 6);
    EXPECT_EQ(named("down").at("service_5xx"), 0);
    EXPECT_EQ(named("down").at("reasons").as_array()[0], "gateway_failure_ratio:critical");
    // No traffic is no data, not health.
    EXPECT_EQ(named("idle").at("status"), "idle");
    EXPECT_EQ(named("idle").at("enough_traffic"), false);
    EXPECT_TRUE(named("idle").at("error_ratio").is_null());

    const json::value one = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services/broken")));
    EXPECT_EQ(one.at("destination_detail").as_array().size(), 1u);
    EXPECT_EQ(one.at("destination_detail").as_array()[0].at("healthy"), true);
    EXPECT_EQ(one.at("thresholds").at("p99_latency_ms").at("critical"), 8000.0); // 80 % of the default 10 s timeout
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/services/nope")), 404);

    const json::value thresholds = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/thresholds")));
    EXPECT_EQ(thresholds.at("min_requests"), 5);
    for (const json::value& t : thresholds.at("thresholds").as_array()) {
        EXPECT_FALSE(t.at("meaning").as_string().empty()) << t;
        EXPECT_FALSE(t.at("hint").as_string().empty()) << t;
    }
}

TEST(AdminAlerts, AnAlertFiresAndResolvesWithItsHistory) {
    std::atomic<bool> failing{true};
    TestUpstream backend([&](const UpstreamRequest& r) {
        UpstreamResponse response;
        if (r.target == "/health" && failing.load()) response.status = 500;
        return response;
    });
    ViewerTokens tokens;
    const std::string checked = checkedService("checked", backend.port());
    GatewayProcess gateway({{"checked.json", checked}},
                           fmt::format(R"("admin_tokens_file": "{}", "thresholds": {{"alert_for_seconds": 1, "evaluate_seconds": 1}})",
                                       tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();

    auto alertsIn = [&](const std::string& state) {
        return json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/alerts?state=" + state))).at("alerts").as_array();
    };
    json::array firing;
    for (int i = 0; i < 150 && firing.empty(); ++i) { // health checks each second, evaluation each second: bounded at 15 s
        firing = alertsIn("firing");
        if (firing.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(firing.size(), 1u) << gateway.log();
    EXPECT_EQ(firing[0].at("service"), "checked");
    EXPECT_EQ(firing[0].at("rule"), "destinations");
    EXPECT_EQ(firing[0].at("severity"), "critical"); // its only destination is down
    EXPECT_FALSE(firing[0].at("meaning").as_string().empty());
    EXPECT_FALSE(firing[0].at("hint").as_string().empty());

    // On call acknowledges it (a viewer may): who and the note are shown to everyone, and audited.
    auto post = [&](const std::string& body) {
        return httpExchange(gateway.adminPort(), fmt::format("POST /api/v1/alerts/ack HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n"
                                                             "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                                                             ViewerTokens::kToken, body.size(), body));
    };
    EXPECT_EQ(statusOf(post(R"({"service": "checked", "rule": "destinations"})")), 400); // a note is needed
    EXPECT_EQ(statusOf(post(R"({"service": "checked", "rule": "p99_latency", "note": "x"})")), 404);
    EXPECT_EQ(statusOf(post(R"({"service": "checked", "rule": "destinations", "note": "restarting the instance"})")), 200);
    const json::array acked = alertsIn("firing");
    ASSERT_EQ(acked.size(), 1u);
    EXPECT_EQ(acked[0].at("acknowledged").at("by"), "oncall");
    EXPECT_EQ(acked[0].at("acknowledged").at("note"), "restarting the instance");
    const json::value audit = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/audit")));
    EXPECT_EQ(audit.at("audit").as_array().at(0).at("action"), "alert.acknowledge");
    EXPECT_EQ(audit.at("audit").as_array().at(0).at("target"), "checked/destinations");

    const std::string metrics = bodyOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_NE(metrics.find(fmt::format(R"(gatehouse_health_checks_total{{destination="127.0.0.1:{}",result="fail",service="checked"}})",
                                       backend.port())),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find(R"(gatehouse_destination_healthy{destination=)"), std::string::npos);

    failing = false;
    json::array resolved;
    for (int i = 0; i < 150 && resolved.empty(); ++i) {
        resolved = alertsIn("resolved");
        if (resolved.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(resolved.size(), 1u) << gateway.log();
    EXPECT_TRUE(alertsIn("firing").empty());
    EXPECT_GE(resolved[0].at("resolved_ms").as_int64(), resolved[0].at("fired_ms").as_int64());
    EXPECT_EQ(resolved[0].at("acknowledged").at("by"), "oncall"); // the mark stays with it

    const json::value all = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/alerts")));
    std::vector<std::string> states;
    for (const json::value& change : all.at("history").as_array()) states.emplace_back(change.at("state").as_string());
    EXPECT_EQ(states, (std::vector<std::string>{"resolved", "firing", "pending"})); // newest first, from SQLite

    // The change markers: the table this gateway took, then the alert's transitions, oldest first.
    const json::value marks = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/annotations?service=checked")));
    std::vector<std::string> kinds;
    std::int64_t last = 0;
    for (const json::value& a : marks.at("annotations").as_array()) {
        kinds.push_back(std::string(a.at("kind").as_string()) + (a.as_object().contains("state") ? ":" + std::string(a.at("state").as_string()) : ""));
        EXPECT_GE(a.at("at_ms").as_int64(), last);
        last = a.at("at_ms").as_int64();
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"table", "alert:pending", "alert:firing", "alert:resolved"}));
    EXPECT_EQ(marks.at("annotations").as_array()[0].at("title"), "routing table v1: +1 -0 routes");
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/annotations?from_ms=soon")), 400);
    const json::value later = json::parse(bodyOf(adminGet(gateway.adminPort(), fmt::format("/api/v1/annotations?from_ms={}", last + 1))));
    EXPECT_TRUE(later.at("annotations").as_array().empty());
    const std::string log = gateway.log();
    EXPECT_NE(log.find("alert: checked destinations (critical) firing"), std::string::npos) << log;
    EXPECT_NE(log.find("alert: checked destinations resolved"), std::string::npos);
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/alerts?state=burning")), 400);
}

TEST(DestinationHealthHistory, AFlappingDestinationIsShownSinceWhenAndFlapping) {
    std::atomic<bool> up{true};
    TestUpstream backend([&](const UpstreamRequest& r) {
        UpstreamResponse response;
        if (r.target == "/health" && !up.load()) response.status = 500;
        return response;
    });
    ViewerTokens tokens;
    const std::string checked = checkedService("flappy", backend.port());
    GatewayProcess gateway({{"flappy.json", checked}},
                           fmt::format(R"("admin_tokens_file": "{}", "thresholds": {{"alert_for_seconds": 1, "evaluate_seconds": 1,
                                           "flapping_changes": 3, "flapping_window_seconds": 120}})",
                                       tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    auto destination = [&] {
        const json::value one = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services/flappy")));
        return one.at("destination_detail").as_array().at(0);
    };
    auto changes = [&] { return destination().at("history").as_array().size(); };
    auto waitForChanges = [&](std::size_t n) {
        for (int i = 0; i < 100 && changes() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return changes();
    };
    EXPECT_TRUE(destination().at("since_ms").is_null()); // never changed
    const std::int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
    up = false;
    ASSERT_EQ(waitForChanges(1), 1u) << gateway.log();
    json::value down = destination();
    EXPECT_EQ(down.at("healthy"), false);
    EXPECT_GE(down.at("since_ms").as_int64(), before); // unhealthy since
    EXPECT_EQ(down.at("history").as_array()[0].at("healthy"), false);
    EXPECT_NE(std::string(down.at("history").as_array()[0].at("reason").as_string()).find("HTTP 500"), std::string::npos);
    EXPECT_EQ(down.at("flapping"), false);
    up = true;
    ASSERT_EQ(waitForChanges(2), 2u);
    up = false;
    ASSERT_EQ(waitForChanges(3), 3u);
    const json::value flapping = destination();
    EXPECT_EQ(flapping.at("flapping"), true);
    EXPECT_EQ(flapping.at("changes_in_window"), 3);
    const json::value service = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services/flappy")));
    EXPECT_TRUE(service.at("reasons").as_array()[0].as_string().starts_with("destination_flapping:")) << service;
    EXPECT_EQ(service.at("destinations").at("flapping"), 1);
    // One alert for the flapping, and the plain "destinations" one cleared in its favour.
    json::array firing;
    auto flappingFires = [&] {
        firing = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/alerts?state=firing"))).at("alerts").as_array();
        return firing.size() == 1 && firing[0].at("rule") == "destination_flapping";
    };
    for (int i = 0; i < 50 && !flappingFires(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(flappingFires()) << json::serialize(firing) << gateway.log();
}

} // namespace
} // namespace gatehouse
