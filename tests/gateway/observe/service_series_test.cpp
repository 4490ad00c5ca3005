// Per-service series: buckets by period, recycling, percentiles from the histogram.
#include "observe/service_series.h"
#include "observe/thresholds.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace gatehouse::gateway {
namespace {
namespace json = boost::json;

TEST(SeriesRing, CountsByPeriodAndClass) {
    SeriesRing ring(6, 10); // one minute of 10 s buckets
    const std::int64_t t0 = 1'700'000'000; // a multiple of 10
    ring.add(t0 + 1, 200, GatewayFailure::none, 3'000, true);
    ring.add(t0 + 9, 503, GatewayFailure::noHealthyUpstream, 120'000, false);
    ring.add(t0 + 12, 404, GatewayFailure::none, 700, true);
    const json::array points = ring.points(t0 + 15);
    ASSERT_EQ(points.size(), 6u);
    const json::object& previous = points[4].as_object();
    EXPECT_EQ(previous.at("t"), t0);
    EXPECT_EQ(previous.at("requests"), 2);
    EXPECT_EQ(previous.at("status_2xx"), 1);
    EXPECT_EQ(previous.at("status_5xx"), 1);
    EXPECT_EQ(previous.at("gateway_failures"), 1);
    EXPECT_EQ(previous.at("failures_no_healthy"), 1);
    EXPECT_EQ(previous.at("failures_timeout"), 0);
    const json::object& newest = points[5].as_object();
    EXPECT_EQ(newest.at("t"), t0 + 10);
    EXPECT_EQ(newest.at("status_4xx"), 1);
    EXPECT_EQ(newest.at("p50_ms"), 1); // 0.7 ms: the first bucket
    EXPECT_TRUE(points[0].as_object().at("p50_ms").is_null());
}

TEST(SeriesRing, RecentBucketsForSparklines) {
    SeriesRing ring(6, 10);
    const std::int64_t t0 = 1'700'000'000;
    ring.add(t0, 200, GatewayFailure::none, 1'000, true);
    ring.add(t0 + 10, 500, GatewayFailure::none, 1'000, true);                  // the service's own
    ring.add(t0 + 10, 503, GatewayFailure::noHealthyUpstream, 1'000, false);   // the gateway's
    ring.add(t0 + 10, 404, GatewayFailure::none, 1'000, true);                  // not an error
    const SeriesRing::Recent recent = ring.recent(t0 + 25, 3);
    EXPECT_EQ(recent.requests, (std::vector<std::uint32_t>{1, 3, 0}));
    EXPECT_EQ(recent.errors, (std::vector<std::uint32_t>{0, 2, 0}));
    EXPECT_EQ(ring.recent(t0 + 25, 100).requests.size(), 6u); // never more than the ring holds
}

TEST(SeriesRing, OnlyUpstreamFailuresAreGatewayFailures) {
    // The gateway's own refusals (a filter's 401, a 400) are not the service failing.
    EXPECT_EQ(gatewayFailureOf("filter_denied"), GatewayFailure::none);
    EXPECT_EQ(gatewayFailureOf("bad_request"), GatewayFailure::none);
    EXPECT_EQ(gatewayFailureOf("client_aborted"), GatewayFailure::none);
    EXPECT_EQ(gatewayFailureOf("completed"), GatewayFailure::none);
    EXPECT_EQ(gatewayFailureOf("upstream_timeout"), GatewayFailure::upstreamTimeout);
    EXPECT_EQ(gatewayFailureOf("upstream_reset"), GatewayFailure::upstreamError);
    EXPECT_EQ(gatewayFailureOf("upstream_connect_failed"), GatewayFailure::upstreamError);
    EXPECT_EQ(gatewayFailureOf("no_healthy_upstream"), GatewayFailure::noHealthyUpstream);
}

TEST(SeriesRing, RecyclesABucketForItsNewPeriodAndForgetsOldOnes) {
    SeriesRing ring(6, 10);
    const std::int64_t t0 = 1'700'000'000;
    ring.add(t0, 200, GatewayFailure::none, 1'000, true);
    ring.add(t0 + 60, 200, GatewayFailure::none, 1'000, true); // same slot, a minute later
    const json::array points = ring.points(t0 + 60);
    EXPECT_EQ(points[5].as_object().at("requests"), 1); // not 2: the slot was recycled
    std::int64_t total = 0;
    for (const auto& point : points) total += point.as_object().at("requests").as_uint64();
    EXPECT_EQ(total, 1);
    // Read far later: nothing is live any more.
    const json::array later = ring.points(t0 + 3600);
    for (const auto& point : later) EXPECT_EQ(point.as_object().at("requests"), 0);
}

TEST(SeriesRing, PercentilesComeFromTheHistogram) {
    SeriesRing ring(6, 10);
    const std::int64_t t0 = 1'700'000'000;
    for (int i = 0; i < 90; ++i) ring.add(t0, 200, GatewayFailure::none, 4'000, true);   // ≤ 5 ms
    for (int i = 0; i < 9; ++i) ring.add(t0, 200, GatewayFailure::none, 200'000, true);  // ≤ 250 ms
    ring.add(t0, 504, GatewayFailure::upstreamTimeout, 90'000'000, false);                             // beyond 60 s
    const json::array points = ring.points(t0);
    const json::object& point = points.back().as_object();
    EXPECT_EQ(point.at("p50_ms"), 5);
    EXPECT_EQ(point.at("p95_ms"), 250);
    EXPECT_EQ(point.at("p99_ms"), 250);
    ring.add(t0, 504, GatewayFailure::upstreamTimeout, 90'000'000, false);
    const json::array again = ring.points(t0);
    EXPECT_EQ(again.back().as_object().at("p99_ms"), 60000);
}

TEST(Thresholds, BandsNeedEnoughRequestsAndNameTheirReason) {
    const Thresholds t; // 1 % / 5 % ratios, p99 at 50 % / 80 % of the timeout, 20 requests, 5 min
    SeriesRing ring(360, 10);
    const std::int64_t now = 1'700'000'000;
    for (int i = 0; i < 10; ++i) ring.add(now, 500, GatewayFailure::none, 1'000, true);
    auto quiet = assessService(ring.totals(now, 300), t, 10, {2, 2, 0});
    EXPECT_EQ(quiet.status, ServiceStatus::idle); // 10 of 10 failed, but 10 < min_requests: not judged, not green either
    EXPECT_FALSE(quiet.enoughTraffic);
    EXPECT_EQ(*quiet.errorRatio, 1.0);
    for (int i = 0; i < 90; ++i) ring.add(now, 200, GatewayFailure::none, 1'000, true);
    auto failing = assessService(ring.totals(now, 300), t, 10, {2, 2, 0});
    EXPECT_EQ(failing.status, ServiceStatus::red); // 10 % 5xx
    EXPECT_EQ(failing.reasons, std::vector<std::string>{"error_ratio:critical"});
    EXPECT_NEAR(failing.requestRate, 100.0 / 300, 1e-9);
    auto oneDown = assessService(SeriesRing::Totals{}, t, 10, {1, 2, 0});
    EXPECT_EQ(oneDown.status, ServiceStatus::amber);
    EXPECT_EQ(oneDown.reasons, std::vector<std::string>{"destinations:warning"});
    EXPECT_EQ(assessService(SeriesRing::Totals{}, t, 10, {0, 2, 0}).status, ServiceStatus::red);
    EXPECT_EQ(assessService(SeriesRing::Totals{}, t, 10, {2, 2, 0}).status, ServiceStatus::idle); // no traffic: no data

    SeriesRing slow(360, 10);
    for (int i = 0; i < 50; ++i) slow.add(now, 200, GatewayFailure::none, 6'000'000, true); // 6 s: bucket ≤ 10 s, timeout 10 s
    auto nearTimeout = assessService(slow.totals(now, 300), t, 10, {1, 1, 0});
    EXPECT_EQ(nearTimeout.status, ServiceStatus::red); // p99 10000 ms = 100 % of the timeout
    EXPECT_EQ(*nearTimeout.p99Ms, 10000);
    EXPECT_EQ(describeThresholds(t).size(), 5u);
}

TEST(Thresholds, TheServicesOwn5xxAreNotTheGatewaysAnswers) {
    // 20 requests: 14 fine, 1 the service's own 500, 5 the gateway's 503 (no healthy
    // destination) and 504 (timeout). The service's ratio is 5 %, the gateway's 25 %.
    const Thresholds t;
    SeriesRing ring(360, 10);
    const std::int64_t now = 1'700'000'000;
    for (int i = 0; i < 14; ++i) ring.add(now, 200, GatewayFailure::none, 1'000, true);
    ring.add(now, 500, GatewayFailure::none, 1'000, true);
    for (int i = 0; i < 3; ++i) ring.add(now, 503, GatewayFailure::noHealthyUpstream, 1'000, false);
    for (int i = 0; i < 2; ++i) ring.add(now, 504, GatewayFailure::upstreamTimeout, 1'000, false);
    const SeriesRing::Totals totals = ring.totals(now, 300);
    EXPECT_EQ(totals.status5xx, 6u);
    EXPECT_EQ(totals.service5xx, 1u);
    const ServiceAssessment a = assessService(totals, t, 10, {1, 1, 0});
    EXPECT_DOUBLE_EQ(*a.errorRatio, 0.05);
    EXPECT_DOUBLE_EQ(*a.gatewayFailureRatio, 0.25);
    EXPECT_EQ(a.reasons, (std::vector<std::string>{"error_ratio:critical", "gateway_failure_ratio:critical"}));
    const json::array points = ring.points(now);
    const json::object& point = points.back().as_object();
    EXPECT_EQ(point.at("status_5xx"), 6);
    EXPECT_EQ(point.at("service_5xx"), 1);
    // A 5xx the gateway made without an upstream answer (a glue service down) is not the service's either.
    SeriesRing glue(6, 10);
    glue.add(now, 503, GatewayFailure::none, 1'000, false);
    EXPECT_EQ(glue.totals(now, 60).service5xx, 0u);
}

TEST(Thresholds, AFlappingDestinationIsOneStableCondition) {
    const Thresholds t;
    const auto flapping = assessService(SeriesRing::Totals{}, t, 10, {2, 2, 1}); // healthy right now, but flapping
    EXPECT_EQ(flapping.status, ServiceStatus::amber);
    EXPECT_EQ(flapping.reasons, std::vector<std::string>{"destination_flapping:warning"});
    const auto downAndFlapping = assessService(SeriesRing::Totals{}, t, 10, {1, 2, 1});
    EXPECT_EQ(downAndFlapping.reasons, std::vector<std::string>{"destination_flapping:warning"}); // one reason, not two
    // Nothing healthy right now: the same condition, critical.
    EXPECT_EQ(assessService(SeriesRing::Totals{}, t, 10, {0, 2, 2}).reasons, std::vector<std::string>{"destination_flapping:critical"});
    EXPECT_EQ(assessService(SeriesRing::Totals{}, t, 10, {0, 2, 0}).reasons, std::vector<std::string>{"destinations:critical"});
}

} // namespace
} // namespace gatehouse::gateway
