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
    EXPECT_NE(promtool.out.find("SUCCESS: 11 rules found"), std::string::npos) << promtool.out << promtool.err;

    const ProcessResult toStdout = runProcess({GATEHOUSE_BIN, "--config", (dir / "gatehouse.json").string(), "alerts", "export-rules"});
    EXPECT_EQ(toStdout.exitCode, 0);
    EXPECT_EQ(toStdout.out, rules);
    fs::remove_all(dir);
}

} // namespace
} // namespace gatehouse
