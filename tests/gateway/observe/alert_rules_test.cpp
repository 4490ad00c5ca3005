// `gatehouse alerts export-rules`: the built-in alerts as Prometheus rules that the real
// promtool accepts, with the thresholds of gatehouse.json.
#include "support/process.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace gatehouse {
namespace {

using namespace testing;
namespace fs = std::filesystem;

TEST(AlertRules, ExportedRulesPassPromtoolWithTheConfiguredThresholds) {
    const fs::path dir = fs::temp_directory_path() / ("gatehouse-rules-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "services_dir": "services", "state_dir": "state",
        "thresholds": {"error_ratio_critical": 80, "window_seconds": 120, "min_requests": 50}})";
    const ProcessResult exported = runProcess({GATEHOUSE_BIN, "alerts", "export-rules", "--config", (dir / "gatehouse.json").string(),
                                               "--output", (dir / "rules.yml").string()});
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    const std::string rules = readFile((dir / "rules.yml").string());
    EXPECT_NE(rules.find("alert: GatehouseErrorRatioCritical"), std::string::npos);
    EXPECT_NE(rules.find(">= 0.08 and"), std::string::npos) << rules;   // 80 per mille
    EXPECT_NE(rules.find("[120s]"), std::string::npos);                 // the configured window
    EXPECT_NE(rules.find(">= 50\""), std::string::npos);                 // min_requests
    const ProcessResult promtool = runProcess({"/usr/bin/promtool", "check", "rules", (dir / "rules.yml").string()});
    EXPECT_EQ(promtool.exitCode, 0) << promtool.out << promtool.err;
    // 12 alerting rules and 7 recording rules for the fleet's views.
    EXPECT_NE(promtool.out.find("SUCCESS: 19 rules found"), std::string::npos) << promtool.out << promtool.err;
    EXPECT_NE(rules.find("record: service:gatehouse_gateway_failures:ratio120s"), std::string::npos) << rules;

    const ProcessResult toStdout = runProcess({GATEHOUSE_BIN, "--config", (dir / "gatehouse.json").string(), "alerts", "export-rules"});
    EXPECT_EQ(toStdout.exitCode, 0);
    EXPECT_EQ(toStdout.out, rules);
    fs::remove_all(dir);
}

// promtool evaluates the exported rules on an incident: every destination of "k" is down,
// so all its 5xx are the gateway's 503s. The gateway failure alert fires; the service's
// own 5xx alert must not (it would point at the service's deploy instead of its hosts).
TEST(AlertRules, TheGatewaysOwn503sDoNotFireTheServicesErrorRatio) {
    const fs::path dir = fs::temp_directory_path() / ("gatehouse-rules-eval-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "services_dir": "services", "state_dir": "state"})";
    ASSERT_EQ(runProcess({GATEHOUSE_BIN, "alerts", "export-rules", "--config", (dir / "gatehouse.json").string(), "--output",
                          (dir / "rules.yml").string()})
                  .exitCode,
              0);
    // Per minute: 60 x 200 and 40 x 503 (no healthy destination) for "k"; for "s",
    // 90 x 200 and 10 x 500 of its own.
    std::ofstream(dir / "test.yml") << R"(rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'gatehouse_requests_total{service="k",route="r",code="200",class="2xx"}'
        values: '0+60x15'
      - series: 'gatehouse_requests_total{service="k",route="r",code="503",class="5xx"}'
        values: '0+40x15'
      - series: 'gatehouse_gateway_failures_total{service="k",route="r",cause="no_healthy_upstream"}'
        values: '0+40x15'
      - series: 'gatehouse_requests_total{service="s",route="r",code="200",class="2xx"}'
        values: '0+90x15'
      - series: 'gatehouse_requests_total{service="s",route="r",code="500",class="5xx"}'
        values: '0+10x15'
    promql_expr_test:
      - expr: 'count by (alertname, service) (ALERTS{alertstate="firing",alertname=~"GatehouseErrorRatioCritical|GatehouseGatewayFailureRatioCritical"})'
        eval_time: 10m
        exp_samples:
          - labels: '{alertname="GatehouseErrorRatioCritical",service="s"}'
            value: 1
          - labels: '{alertname="GatehouseGatewayFailureRatioCritical",service="k"}'
            value: 1
)";
    const ProcessResult result = runProcess({"/usr/bin/promtool", "test", "rules", (dir / "test.yml").string()});
    EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
    fs::remove_all(dir);
}

// The fleet's numbers add up: two gateways serve "s"; the recorded rate is their sum,
// the ratios are ratios of the sums (not averages of the gateways' own), p99 comes from
// the merged histogram, and the per-gateway view shows which one fails.
TEST(AlertRules, TheFleetsRecordingRulesAddTheGatewaysUp) {
    const fs::path dir = fs::temp_directory_path() / ("gatehouse-rules-fleet-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "services_dir": "services", "state_dir": "state",
        "thresholds": {"window_seconds": 60}})";
    ASSERT_EQ(runProcess({GATEHOUSE_BIN, "alerts", "export-rules", "--config", (dir / "gatehouse.json").string(), "--output",
                          (dir / "rules.yml").string()})
                  .exitCode,
              0);
    // Per minute: gateway a answers 60 x 200 in under 50 ms; gateway b 30 x 200 and
    // 15 x 503 of its own (no healthy upstream from where it stands), 100-500 ms. Each
    // series' rate is a binary fraction, so that sums do not depend on their order.
    std::ofstream(dir / "test.yml") << R"(rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'gatehouse_requests_total{instance="a",service="s",route="r",code="200",class="2xx"}'
        values: '0+60x15'
      - series: 'gatehouse_requests_total{instance="b",service="s",route="r",code="200",class="2xx"}'
        values: '0+30x15'
      - series: 'gatehouse_requests_total{instance="b",service="s",route="r",code="503",class="5xx"}'
        values: '0+15x15'
      - series: 'gatehouse_gateway_failures_total{instance="b",service="s",route="r",cause="no_healthy_upstream"}'
        values: '0+15x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="a",service="s",route="r",le="0.05"}'
        values: '0+60x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="a",service="s",route="r",le="0.5"}'
        values: '0+60x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="a",service="s",route="r",le="+Inf"}'
        values: '0+60x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="b",service="s",route="r",le="0.05"}'
        values: '0+0x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="b",service="s",route="r",le="0.5"}'
        values: '0+45x15'
      - series: 'gatehouse_request_duration_seconds_bucket{instance="b",service="s",route="r",le="+Inf"}'
        values: '0+45x15'
    promql_expr_test:
      - expr: 'service:gatehouse_requests:rate60s'
        eval_time: 10m
        exp_samples:
          - labels: 'service:gatehouse_requests:rate60s{service="s"}'
            value: 1.75
      - expr: 'service:gatehouse_gateway_failures:ratio60s'
        eval_time: 10m
        exp_samples:
          - labels: 'service:gatehouse_gateway_failures:ratio60s{service="s"}'
            value: 0.14285714285714285
      - expr: 'service:gatehouse_service_errors:ratio60s'
        eval_time: 10m
        exp_samples:
          - labels: 'service:gatehouse_service_errors:ratio60s{service="s"}'
            value: 0
      - expr: 'service:gatehouse_request_duration_seconds:p99_60s'
        eval_time: 10m
        exp_samples:
          - labels: 'service:gatehouse_request_duration_seconds:p99_60s{service="s"}'
            value: 0.48949999999999994
      - expr: 'instance_service:gatehouse_gateway_failures:ratio60s'
        eval_time: 10m
        exp_samples:
          - labels: 'instance_service:gatehouse_gateway_failures:ratio60s{instance="a",service="s"}'
            value: 0
          - labels: 'instance_service:gatehouse_gateway_failures:ratio60s{instance="b",service="s"}'
            value: 0.3333333333333333
      - expr: 'instance:gatehouse_requests:rate60s'
        eval_time: 10m
        exp_samples:
          - labels: 'instance:gatehouse_requests:rate60s{instance="a"}'
            value: 1
          - labels: 'instance:gatehouse_requests:rate60s{instance="b"}'
            value: 0.75
)";
    const ProcessResult result = runProcess({"/usr/bin/promtool", "test", "rules", (dir / "test.yml").string()});
    EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
    fs::remove_all(dir);
}

} // namespace
} // namespace gatehouse
