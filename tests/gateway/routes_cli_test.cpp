// gatehouse-routes is a stable interface: other tools and checks run it. These tests run
// the real binary and read its exit codes and output as a script would.
#include "support/process.h"
#include "support/service_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gatehouse {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using testing::runProcess;

const std::string kBinary = GATEHOUSE_ROUTES_BIN;
std::string fleet() { return testing::sourceDir() + "/resources/services"; }

class RoutesCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-cli-XXXXXX").string();
        dir_ = mkdtemp(tmpl.data());
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return (dir_ / name).string();
    }
    fs::path dir_;
};

TEST_F(RoutesCli, ValidateTheSampleFleet) {
    auto text = runProcess({kBinary, "validate", fleet()});
    EXPECT_EQ(text.exitCode, 0) << text.out << text.err;
    EXPECT_NE(text.out.find("0 error(s), 0 warning(s): valid"), std::string::npos) << text.out;

    auto result = runProcess({kBinary, "validate", "--format", "json", fleet()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    json::value doc = json::parse(result.out);
    EXPECT_TRUE(doc.at("valid").as_bool());
    EXPECT_TRUE(doc.at("problems").as_array().empty());
}

TEST_F(RoutesCli, ValidateReportsProblemsAndExitsOne) {
    json::value bad = testing::validServiceJson("broken");
    bad.as_object()["routes"].as_array()[0].as_object()["paths"].as_array()[0] = "/v2/../admin";
    const std::string file = write("broken.json", json::serialize(bad));
    auto result = runProcess({kBinary, "validate", "--format", "json", file});
    EXPECT_EQ(result.exitCode, 1);
    json::value doc = json::parse(result.out);
    EXPECT_FALSE(doc.at("valid").as_bool());
    const auto& problems = doc.at("problems").as_array();
    ASSERT_EQ(problems.size(), 1u) << result.out;
    const auto& p = problems[0].as_object();
    EXPECT_EQ(p.at("file").as_string(), file);
    EXPECT_EQ(p.at("path").as_string(), "routes[0].paths[0]");
    EXPECT_EQ(p.at("code").as_string(), "path_dot_segment");
    EXPECT_EQ(p.at("severity").as_string(), "error");
    EXPECT_FALSE(p.at("message").as_string().empty());

    auto text = runProcess({kBinary, "validate", file});
    EXPECT_EQ(text.exitCode, 1);
    EXPECT_NE(text.out.find(file + ": routes[0].paths[0]: error [path_dot_segment]"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("INVALID"), std::string::npos) << text.out;
}

TEST_F(RoutesCli, ValidateRefusesAHealthCheckPathWithLineBreaks) {
    json::value bad = testing::validServiceJson("broken");
    bad.as_object()["health_check"] = json::object{{"path", "/\r\nFLUSHALL\r\n"}};
    const std::string file = write("broken.json", json::serialize(bad));
    auto text = runProcess({kBinary, "validate", file});
    EXPECT_EQ(text.exitCode, 1);
    EXPECT_NE(text.out.find(file + ": health_check.path: error [bad_health_check_path]"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\\r\\nFLUSHALL"), std::string::npos) << text.out; // shown escaped, never as a line break
}

TEST_F(RoutesCli, WarningsDoNotFailValidation) {
    write("a.json", json::serialize(testing::validServiceJson("alpha")));
    json::value shadowed = testing::validServiceJson("beta");
    auto& routes = shadowed.as_object()["routes"].as_array();
    routes.clear();
    routes.push_back(json::object{{"paths", {"/v2/:a/*", "/v2/ab/*"}}});
    write("b.json", json::serialize(shadowed));
    auto result = runProcess({kBinary, "validate", "--format", "json", dir_.string()});
    EXPECT_EQ(result.exitCode, 0) << result.out;
    json::value doc = json::parse(result.out);
    EXPECT_TRUE(doc.at("valid").as_bool());
    ASSERT_EQ(doc.at("problems").as_array().size(), 1u) << result.out;
    EXPECT_EQ(doc.at("problems").at(0).at("code").as_string(), "route_shadowed");
    EXPECT_EQ(doc.at("problems").at(0).at("severity").as_string(), "warning");
}

TEST_F(RoutesCli, TakeoverAcrossFilesIsAnError) {
    write("a.json", json::serialize(testing::validServiceJson("alpha")));
    write("b.json", json::serialize(testing::validServiceJson("beta"))); // same routes, another service
    auto result = runProcess({kBinary, "validate", dir_.string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.out.find("[route_conflict] '/v2/droplets' is also claimed by service 'beta'"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("[route_conflict] '/v2/droplets' is also claimed by service 'alpha'"), std::string::npos)
        << result.out;
}

TEST_F(RoutesCli, TableListsTheOrderedRoutes) {
    auto result = runProcess({kBinary, "table", "--services", fleet(), "--format", "json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    json::value doc = json::parse(result.out);
    const auto& routes = doc.at("routes").as_array();
    ASSERT_GE(routes.size(), 50u);
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const auto& row = routes[i].as_object();
        EXPECT_EQ(row.at("position").as_int64(), static_cast<std::int64_t>(i));
        for (const char* key : {"service", "route_index", "hosts", "methods", "path", "kind", "before_filters", "after_filters"}) {
            EXPECT_TRUE(row.contains(key)) << key;
        }
    }
    // Full paths first, wildcards last.
    EXPECT_NE(routes.front().at("kind").as_string(), "wildcard");
    EXPECT_EQ(routes.back().at("kind").as_string(), "wildcard");

    auto text = runProcess({kBinary, "table", "--services", fleet()});
    ASSERT_EQ(text.exitCode, 0);
    EXPECT_NE(text.out.find("SERVICE"), std::string::npos);
    EXPECT_NE(text.out.find("rate_limit (shadow)"), std::string::npos);
}

TEST_F(RoutesCli, ExplainNamesTheWinnerAndWhy) {
    auto result = runProcess({kBinary, "explain", "--services", fleet(), "--method", "GET", "--host", "api.example.com",
                              "--path", "/v2/droplets/42", "--format", "json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    json::value doc = json::parse(result.out);
    EXPECT_EQ(doc.at("winner").at("service").as_string(), "droplets");
    EXPECT_EQ(doc.at("winner").at("params").at("droplet_id").as_string(), "42");
    bool monolithOutranked = false;
    for (const auto& c : doc.at("candidates").as_array()) {
        if (c.at("service").as_string() == "api-monolith" && c.at("path").as_string() == "/v2/*") {
            EXPECT_EQ(c.at("verdict").as_string(), "outranked");
            EXPECT_EQ(c.at("precedence_step").as_int64(), 1);
            monolithOutranked = true;
        }
    }
    EXPECT_TRUE(monolithOutranked);

    auto text = runProcess({kBinary, "explain", "--services", fleet(), "--method", "GET", "--host", "nowhere.example.com",
                            "--path", "/v2/droplets/42"});
    EXPECT_EQ(text.exitCode, 0);
    EXPECT_NE(text.out.find("winner   none"), std::string::npos) << text.out;
}

TEST_F(RoutesCli, TableAndExplainRefuseAnInvalidTable) {
    write("bad.json", "{\"name\": \"bad\"");
    auto result = runProcess({kBinary, "table", "--services", dir_.string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("[json_syntax]"), std::string::npos) << result.err;
}

TEST_F(RoutesCli, UsageErrorsExitTwo) {
    EXPECT_EQ(runProcess({kBinary}).exitCode, 2);
    EXPECT_EQ(runProcess({kBinary, "explain", "--services", fleet()}).exitCode, 2);
    EXPECT_EQ(runProcess({kBinary, "validate", "--format", "yaml", fleet()}).exitCode, 2);
    EXPECT_EQ(runProcess({kBinary, "--help"}).exitCode, 0);
}

} // namespace
} // namespace gatehouse
