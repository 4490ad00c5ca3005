#include "core/validation/service_parser.h"

#include "support/service_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <functional>

namespace gatehouse::config {
namespace {

namespace json = boost::json;
using testing::describe;
using testing::problemsAt;
using testing::validServiceJson;

// Applies `edit` to a valid service and parses it.
ParsedService parseEdited(const std::function<void(json::object&)>& edit) {
    json::value doc = validServiceJson();
    edit(doc.as_object());
    return parseServiceJson(doc, "svc.json");
}

json::object& route(json::object& doc, std::size_t i) {
    return doc["routes"].as_array()[i].as_object();
}

// Asserts one error with this code at this path, and returns it.
Problem expectError(const ParsedService& parsed, const std::string& code, const std::string& path) {
    auto found = problemsAt(parsed.problems, code, path);
    EXPECT_EQ(found.size(), 1u) << "want " << code << " at '" << path << "'; got:\n" << describe(parsed.problems);
    EXPECT_FALSE(parsed.ok());
    if (found.empty()) return {};
    EXPECT_EQ(found[0].severity, Severity::error);
    EXPECT_EQ(found[0].file, "svc.json");
    return found[0];
}

TEST(ServiceParser, AcceptsTheDocumentedExample) {
    ParsedService parsed = parseServiceJson(validServiceJson(), "svc.json");
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    EXPECT_TRUE(parsed.problems.empty()) << describe(parsed.problems);
    const ServiceConfig& s = parsed.service;
    EXPECT_EQ(s.name, "droplets");
    EXPECT_EQ(s.source, "svc.json");
    ASSERT_EQ(s.routes.size(), 2u);
    EXPECT_EQ(s.routes[0].paths, (std::vector<std::string>{"/v2/droplets", "/v2/droplets/:id"}));
    ASSERT_EQ(s.routes[0].beforeFilters.size(), 3u);
    const FilterRef& limiter = s.routes[0].beforeFilters[2];
    EXPECT_EQ(limiter.name, "rate_limit");
    EXPECT_EQ(limiter.mode, FilterMode::shadow);
    EXPECT_EQ(std::get<std::int64_t>(limiter.params.at("limit")), 250);
    EXPECT_EQ(std::get<std::string>(limiter.params.at("by")), "user");
    EXPECT_EQ(s.timeoutSeconds, 15);
    ASSERT_EQ(s.destinations.size(), 1u);
    EXPECT_EQ(s.destinations[0].host, "127.0.0.1:9001");
    ASSERT_TRUE(s.healthCheck.has_value());
    EXPECT_EQ(s.healthCheck->timeoutSeconds, 3);
}

TEST(ServiceParser, FillsDefaults) {
    ParsedService parsed = parseEdited([](json::object& doc) {
        doc.erase("timeout_seconds");
        doc.erase("max_idle_conns");
        doc.erase("health_check");
        route(doc, 1)["after_filters"] = json::array{"security_headers"};
    });
    ASSERT_TRUE(parsed.ok()) << describe(parsed.problems);
    EXPECT_EQ(parsed.service.timeoutSeconds, kDefaultTimeoutSeconds);
    EXPECT_EQ(parsed.service.maxIdleConns, kDefaultMaxIdleConns);
    EXPECT_FALSE(parsed.service.healthCheck.has_value());
    const FilterRef& headers = parsed.service.routes[1].afterFilters[0];
    EXPECT_EQ(std::get<std::string>(headers.params.at("frame_options")), "DENY");

    ParsedService partial = parseEdited([](json::object& doc) { doc["health_check"] = json::object{{"path", "/ping"}}; });
    ASSERT_TRUE(partial.ok()) << describe(partial.problems);
    EXPECT_EQ(partial.service.healthCheck->path, "/ping");
    EXPECT_EQ(partial.service.healthCheck->intervalSeconds, 5);
    EXPECT_EQ(partial.service.healthCheck->timeoutSeconds, 3);
}

TEST(ServiceParser, ReportsEveryProblemAtOnce) {
    ParsedService parsed = parseEdited([](json::object& doc) {
        doc["name"] = "Bad Name";
        doc["timeout_seconds"] = 0;
        route(doc, 0)["paths"].as_array()[0] = "v2/droplets";
        route(doc, 1)["methods"] = json::array{"FETCH"};
    });
    EXPECT_EQ(countErrors(parsed.problems), 4u) << describe(parsed.problems);
}

// --- one test per rejection rule ---------------------------------------------------

TEST(ServiceParserRules, UnknownKeySuggestsTheClosestKnownKey) {
    Problem p = expectError(parseEdited([](json::object& doc) {
        doc.erase("timeout_seconds");
        doc["timeout"] = 15;
    }), "unknown_key", "timeout");
    EXPECT_EQ(p.hint, "did you mean 'timeout_seconds'?");

    Problem inRoute = expectError(parseEdited([](json::object& doc) { route(doc, 0)["pahts"] = json::array{"/x"}; }),
                                  "unknown_key", "routes[0].pahts");
    EXPECT_EQ(inRoute.hint, "did you mean 'paths'?");

    Problem far = expectError(parseEdited([](json::object& doc) { doc["colour"] = "blue"; }), "unknown_key", "colour");
    EXPECT_NE(far.hint.find("known keys here: name, routes"), std::string::npos) << far.hint;
}

TEST(ServiceParserRules, WrongTypes) {
    Problem p = expectError(parseEdited([](json::object& doc) { doc["timeout_seconds"] = "15"; }), "wrong_type",
                            "timeout_seconds");
    EXPECT_EQ(p.message, "'timeout_seconds' must be an integer from 1 to 60, not a string (\"15\")");
    expectError(parseEdited([](json::object& doc) { doc["routes"] = json::object{}; }), "wrong_type", "routes");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["hosts"] = "api.example.com"; }), "wrong_type",
                "routes[0].hosts");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[1] = 42; }), "wrong_type",
                "routes[0].paths[1]");
    expectError(parseEdited([](json::object& doc) { doc["timeout_seconds"] = 1.5; }), "wrong_type", "timeout_seconds");
    expectError(parseServiceText("[1, 2]", "svc.json"), "wrong_type", "");
}

TEST(ServiceParserRules, AWebSocketRouteIsTrueOrItsLimitsEachCheckedWithItsPath) {
    ParsedService plain = parseEdited([](json::object& doc) { route(doc, 0)["websocket"] = true; });
    ASSERT_TRUE(plain.ok()) << describe(plain.problems);
    ASSERT_TRUE(plain.service.routes[0].websocket);
    EXPECT_EQ(plain.service.routes[0].websocket->idleTimeoutSeconds, 300);
    EXPECT_EQ(plain.service.routes[0].websocket->maxDurationSeconds, 86400);
    EXPECT_FALSE(plain.service.routes[1].websocket); // not said: no upgrades
    ParsedService off = parseEdited([](json::object& doc) { route(doc, 0)["websocket"] = false; });
    ASSERT_TRUE(off.ok());
    EXPECT_FALSE(off.service.routes[0].websocket);
    ParsedService limits = parseEdited([](json::object& doc) {
        route(doc, 0)["websocket"] = json::object{{"idle_timeout_seconds", 30}, {"max_duration_seconds", 600}};
    });
    ASSERT_TRUE(limits.ok()) << describe(limits.problems);
    EXPECT_EQ(limits.service.routes[0].websocket->idleTimeoutSeconds, 30);
    EXPECT_EQ(limits.service.routes[0].websocket->maxDurationSeconds, 600);
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["websocket"] = "yes"; }), "wrong_type", "routes[0].websocket");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["websocket"] = json::object{{"idle_timeout", 30}}; }), "unknown_key",
                "routes[0].websocket.idle_timeout");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["websocket"] = json::object{{"idle_timeout_seconds", 0}}; }),
                "out_of_range", "routes[0].websocket.idle_timeout_seconds");
}

TEST(ServiceParserRules, MissingRequiredFields) {
    expectError(parseEdited([](json::object& doc) { doc.erase("name"); }), "missing_field", "name");
    expectError(parseEdited([](json::object& doc) { doc.erase("routes"); }), "missing_field", "routes");
    expectError(parseEdited([](json::object& doc) { doc.erase("destinations"); }), "missing_field", "destinations");
    Problem paths = expectError(parseEdited([](json::object& doc) { route(doc, 1).erase("paths"); }), "missing_field",
                                "routes[1].paths");
    EXPECT_EQ(paths.message, "'paths' is required in 'routes[1]'");
    expectError(parseEdited([](json::object& doc) { doc["destinations"].as_array()[0].as_object().erase("host"); }),
                "missing_field", "destinations[0].host");
}

TEST(ServiceParserRules, EmptyLists) {
    expectError(parseEdited([](json::object& doc) { doc["routes"] = json::array{}; }), "empty_list", "routes");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"] = json::array{}; }), "empty_list",
                "routes[0].paths");
    expectError(parseEdited([](json::object& doc) { doc["destinations"] = json::array{}; }), "empty_list", "destinations");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["methods"] = json::array{}; }), "empty_list",
                "routes[0].methods");
}

TEST(ServiceParserRules, BadServiceName) {
    for (const char* name : {"Droplets", "block_storage", "-x", "x-", "1abc", "", "a b",
                             "a-very-long-name-that-goes-on-and-on-past-the-sixty-three-character-limit"}) {
        SCOPED_TRACE(name);
        expectError(parseEdited([&](json::object& doc) { doc["name"] = name; }), "bad_service_name", "name");
    }
    for (const char* name : {"droplets", "block-storage", "a", "k8s"}) EXPECT_TRUE(isValidServiceName(name)) << name;
}

TEST(ServiceParserRules, PathNotAbsolute) {
    Problem p = expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[1] = "v2/droplets/:id"; }),
                            "path_not_absolute", "routes[0].paths[1]");
    EXPECT_EQ(p.hint, "write it as '/v2/droplets/:id'");
}

TEST(ServiceParserRules, DotSegments) {
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/../admin"; }),
                "path_dot_segment", "routes[0].paths[0]");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/./droplets"; }),
                "path_dot_segment", "routes[0].paths[0]");
}

TEST(ServiceParserRules, EmptySegments) {
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2//droplets"; }),
                "path_empty_segment", "routes[0].paths[0]");
    Problem trailing = expectError(
        parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/droplets/"; }),
        "path_empty_segment", "routes[0].paths[0]");
    EXPECT_EQ(trailing.hint, "remove the trailing '/'");
}

TEST(ServiceParserRules, WildcardOnlyAsTheLastSegment) {
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/*/actions"; }),
                "wildcard_position", "routes[0].paths[0]");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/drop*"; }),
                "wildcard_position", "routes[0].paths[0]");
}

TEST(ServiceParserRules, DuplicateParamNames) {
    Problem p = expectError(
        parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[1] = "/v2/droplets/:id/actions/:id"; }),
        "duplicate_param", "routes[0].paths[1]");
    EXPECT_EQ(p.message, "path '/v2/droplets/:id/actions/:id' uses the parameter ':id' twice");
}

TEST(ServiceParserRules, BadParamNames) {
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[1] = "/v2/droplets/:"; }),
                "bad_param_name", "routes[0].paths[1]");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[1] = "/v2/droplets/:1d"; }),
                "bad_param_name", "routes[0].paths[1]");
}

TEST(ServiceParserRules, BadPathCharacters) {
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/droplets?page=2"; }),
                "path_bad_character", "routes[0].paths[0]");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array()[0] = "/v2/drop%20lets"; }),
                "path_bad_character", "routes[0].paths[0]");
}

TEST(ServiceParserRules, UnknownMethods) {
    Problem lower = expectError(parseEdited([](json::object& doc) { route(doc, 0)["methods"].as_array()[1] = "post"; }),
                                "unknown_method", "routes[0].methods[1]");
    EXPECT_EQ(lower.hint, "methods are upper-case: did you mean 'POST'?");
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["methods"].as_array()[0] = "FETCH"; }),
                "unknown_method", "routes[0].methods[0]");
    Problem trace = expectError(parseEdited([](json::object& doc) { route(doc, 0)["methods"].as_array()[0] = "TRACE"; }),
                                "unknown_method", "routes[0].methods[0]");
    EXPECT_EQ(trace.hint, "Gatehouse does not proxy TRACE or CONNECT");
}

TEST(ServiceParserRules, BadHosts) {
    struct Case {
        const char* host;
        const char* hint;
    };
    for (const Case& c : {Case{"https://api.example.com", "write only the host name: 'api.example.com'"},
                          Case{"api.example.com/v2", "put paths in \"paths\"; the host is 'api.example.com'"},
                          Case{"API.example.com", "write it in lower case: 'api.example.com' (hosts match case-insensitively)"},
                          Case{"api.example.com:443", "remove the port: hosts match whatever the port, so write 'api.example.com'"},
                          Case{"*.example.com", "list each host name; wildcard hosts are not supported"},
                          Case{"api..example.com", ""}, Case{"-api.example.com", ""}}) {
        SCOPED_TRACE(c.host);
        Problem p = expectError(parseEdited([&](json::object& doc) { route(doc, 0)["hosts"].as_array()[0] = c.host; }),
                                "bad_host", "routes[0].hosts[0]");
        if (*c.hint) {
            EXPECT_EQ(p.hint, c.hint);
        }
    }
}

TEST(ServiceParserRules, TimeoutOutOfRange) {
    for (int timeout : {0, -5, 61, 3600}) {
        SCOPED_TRACE(timeout);
        Problem p = expectError(parseEdited([&](json::object& doc) { doc["timeout_seconds"] = timeout; }), "out_of_range",
                                "timeout_seconds");
        EXPECT_EQ(p.message, "'timeout_seconds' is " + std::to_string(timeout) + "; it must be an integer from 1 to 60");
    }
    EXPECT_TRUE(parseEdited([](json::object& doc) { doc["timeout_seconds"] = 60; }).ok());
    expectError(parseEdited([](json::object& doc) { doc["max_idle_conns"] = -1; }), "out_of_range", "max_idle_conns");
}

TEST(ServiceParserRules, HealthCheckTimeoutMustBeBelowItsInterval) {
    Problem p = expectError(parseEdited([](json::object& doc) {
        doc["health_check"].as_object()["timeout_seconds"] = 5; // interval is 5
    }), "health_timeout_not_below_interval", "health_check.timeout_seconds");
    EXPECT_EQ(p.message, "health check timeout (5 s) must be shorter than its interval (5 s)");
    // Judged against the default interval when only the timeout is given.
    expectError(parseEdited([](json::object& doc) { doc["health_check"] = json::object{{"timeout_seconds", 9}}; }),
                "health_timeout_not_below_interval", "health_check.timeout_seconds");
}

TEST(ServiceParserRules, AttemptsBelowOne) {
    expectError(parseEdited([](json::object& doc) { doc["health_check"].as_object()["max_failed_attempts"] = 0; }),
                "out_of_range", "health_check.max_failed_attempts");
    expectError(parseEdited([](json::object& doc) { doc["health_check"].as_object()["min_successful_attempts"] = 0; }),
                "out_of_range", "health_check.min_successful_attempts");
}

TEST(ServiceParserRules, HealthCheckPath) {
    expectError(parseEdited([](json::object& doc) { doc["health_check"].as_object()["path"] = "health"; }),
                "path_not_absolute", "health_check.path");
    // Written into the health-check request line: CR/LF would add requests of its own.
    for (const char* bad : {"/\r\nFLUSHALL\r\n", "/a b", "/a\tb", "/%zz", "/%4", "/a\"b", "/a#frag", "/\x7f", "/caf\xc3\xa9"}) {
        const Problem p = expectError(parseEdited([&](json::object& doc) { doc["health_check"].as_object()["path"] = bad; }),
                                      "bad_health_check_path", "health_check.path");
        EXPECT_FALSE(p.hint.empty());
    }
    for (const char* good : {"/", "/health", "/health?full=1&x=%20y", "/a/b;c=d/@:!$'()*+,~", "/?a?b"}) {
        ParsedService parsed = parseEdited([&](json::object& doc) { doc["health_check"].as_object()["path"] = good; });
        EXPECT_TRUE(parsed.ok()) << good << "\n" << describe(parsed.problems);
    }
}

// Found by fuzzing: {"": 1} reported its unknown key at the empty path, which means the
// whole file.
TEST(ServiceParserRules, KeysThatAreNotNamesGetPathsThatSayWhichKey) {
    EXPECT_EQ(childPath("", ""), R"([""])");
    EXPECT_EQ(childPath("routes[0]", "a.b"), R"(routes[0]["a.b"])");
    EXPECT_EQ(childPath("x", "plain"), "x.plain");
    const ParsedService parsed = parseServiceText(R"({"": 1})", "svc.json");
    const auto unknown = problemsAt(parsed.problems, "unknown_key", R"([""])");
    EXPECT_EQ(unknown.size(), 1u) << describe(parsed.problems);
}

TEST(ServiceParserRules, UnknownFilters) {
    Problem p = expectError(parseEdited([](json::object& doc) { route(doc, 0)["before_filters"].as_array()[0] = "oauth"; }),
                            "unknown_filter", "routes[0].before_filters[0]");
    EXPECT_EQ(p.message, "unknown filter 'oauth'");
    EXPECT_EQ(p.hint, "did you mean 'oauth_token'?");
    Problem inObject = expectError(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"].as_array()[2].as_object()["name"] = "ratelimit";
    }), "unknown_filter", "routes[0].before_filters[2].name");
    EXPECT_EQ(inObject.hint, "did you mean 'rate_limit'?");
}

// Each filter's params are refused with the JSON path and an exact message.
TEST(ServiceParserRules, EveryFiltersParamsAreCheckedWithExactMessages) {
    struct Case {
        json::value entry;
        std::string code;
        std::string path;
        std::string message;
    };
    const std::vector<Case> cases = {
        {json::object{{"name", "sanitize"}, {"params", {{"allowed_methods", json::array{"GET", "FETCH"}}}}}, "bad_filter_param",
         "params.allowed_methods[1]", "filter 'sanitize': 'FETCH' is not a valid allowed_methods"},
        {json::object{{"name", "sanitize"}, {"params", {{"allowed_methods", json::array{}}}}}, "empty_list",
         "params.allowed_methods", "filter 'sanitize': 'allowed_methods' is empty"},
        {json::object{{"name", "oauth_token"}, {"params", {{"scopes", json::array{"read write"}}}}}, "bad_filter_param",
         "params.scopes[0]", "filter 'oauth_token': 'read write' is not a valid OAuth scope"},
        {json::object{{"name", "session_cookie"}, {"params", {{"mode", "rails"}}}}, "bad_filter_param", "params.mode",
         "filter 'session_cookie': 'rails' is not a valid mode"},
        {json::object{{"name", "session_cookie"}, {"params", {{"cookie", "a b"}}}}, "bad_filter_param", "params.cookie",
         "filter 'session_cookie': 'a b' is not a valid cookie name"},
        {json::object{{"name", "authorize"}, {"params", {{"policy", "no spaces"}}}}, "bad_filter_param", "params.policy",
         "filter 'authorize': 'no spaces' must be 1 to 64 letters, digits, '_', '-' or '.'"},
        {json::object{{"name", "feature_flag"}, {"params", json::object{}}}, "missing_field", "params.flag",
         "filter 'feature_flag' needs the parameter 'flag' (feature name in the flag service)"},
        {json::object{{"name", "feature_flag"}, {"params", {{"flag", "beta"}, {"on_disabled", 500}}}}, "out_of_range",
         "params.on_disabled",
         "'routes[1].before_filters[0].params.on_disabled' is 500; it must be an integer from 403 to 404"},
        {json::object{{"name", "rate_limit"}, {"params", {{"limit", 5}, {"period_seconds", 60}, {"by", "header:"}}}},
         "bad_filter_param", "params.by", "filter 'rate_limit': 'header:' names no valid header after 'header:'"},
    };
    for (const Case& c : cases) {
        ParsedService parsed = parseEdited([&](json::object& doc) { route(doc, 1)["before_filters"] = json::array{c.entry}; });
        const Problem p = expectError(parsed, c.code, "routes[1].before_filters[0]." + c.path);
        EXPECT_EQ(p.message, c.message) << json::serialize(c.entry);
    }
}

TEST(ServiceParserRules, FilterParamsMustFitTheSchema) {
    auto limiter = [](json::object& doc) -> json::object& {
        return route(doc, 0)["before_filters"].as_array()[2].as_object()["params"].as_object();
    };
    Problem missing = expectError(parseEdited([&](json::object& doc) { limiter(doc).erase("limit"); }), "missing_field",
                                  "routes[0].before_filters[2].params.limit");
    EXPECT_EQ(missing.message, "filter 'rate_limit' needs the parameter 'limit' (requests allowed per window)");
    expectError(parseEdited([&](json::object& doc) { limiter(doc)["limit"] = "250"; }), "wrong_type",
                "routes[0].before_filters[2].params.limit");
    expectError(parseEdited([&](json::object& doc) { limiter(doc)["limit"] = 0; }), "out_of_range",
                "routes[0].before_filters[2].params.limit");
    Problem by = expectError(parseEdited([&](json::object& doc) { limiter(doc)["by"] = "session"; }), "bad_filter_param",
                             "routes[0].before_filters[2].params.by");
    EXPECT_EQ(by.message, "filter 'rate_limit': 'session' is not one of user, token, ip, header:NAME");
    EXPECT_TRUE(parseEdited([&](json::object& doc) { limiter(doc)["by"] = "header:X-Api-Key"; }).ok());
    Problem unknown = expectError(parseEdited([&](json::object& doc) { limiter(doc)["period"] = 60; }), "unknown_key",
                                  "routes[0].before_filters[2].params.period");
    EXPECT_EQ(unknown.hint, "did you mean 'period_seconds'?");
    Problem none = expectError(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"].as_array()[1] = json::object{{"name", "ensure_auth"}, {"params", {{"strict", true}}}};
    }), "unknown_key", "routes[0].before_filters[1].params.strict");
    EXPECT_EQ(none.hint, "'ensure_auth' takes no parameters");
    expectError(parseEdited([](json::object& doc) {
        route(doc, 1)["after_filters"] = json::array{json::object{{"name", "security_headers"},
                                                                  {"params", {{"frame_options", "ALLOW"}}}}};
    }), "bad_filter_param", "routes[1].after_filters[0].params.frame_options");
    expectError(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"].as_array()[0] = json::object{{"name", "oauth_token"}, {"params", {{"scopes", {"read", 7}}}}};
    }), "wrong_type", "routes[0].before_filters[0].params.scopes[1]");
}

TEST(ServiceParserRules, BadFilterMode) {
    expectError(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"].as_array()[2].as_object()["mode"] = "dry-run";
    }), "bad_filter_mode", "routes[0].before_filters[2].mode");
}

TEST(ServiceParserRules, FilterInTheWrongChain) {
    Problem p = expectError(parseEdited([](json::object& doc) { route(doc, 0)["before_filters"].as_array().push_back("security_headers"); }),
                            "filter_wrong_phase", "routes[0].before_filters[3]");
    EXPECT_EQ(p.hint, "move it to \"after_filters\"");
    expectError(parseEdited([](json::object& doc) { route(doc, 1)["after_filters"].as_array().push_back("oauth_token"); }),
                "filter_wrong_phase", "routes[1].after_filters[1]");
}

TEST(ServiceParserRules, DuplicateFilterInAChain) {
    expectError(parseEdited([](json::object& doc) { route(doc, 1)["before_filters"].as_array().push_back("identity_headers"); }),
                "duplicate_filter", "routes[1].before_filters[3]");
    // rate_limit may repeat: a burst limit and a sustained limit, as rack-attack throttles do.
    EXPECT_TRUE(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"].as_array().push_back(
            json::object{{"name", "rate_limit"}, {"params", {{"limit", 5000}, {"period_seconds", 3600}}}});
    }).ok());
}

TEST(ServiceParserRules, FilterDependencies) {
    Problem p = expectError(parseEdited([](json::object& doc) { route(doc, 0)["before_filters"].as_array().erase(
                                            route(doc, 0)["before_filters"].as_array().begin()); }),
                            "filter_dependency", "routes[0].before_filters[0]");
    EXPECT_EQ(p.message, "filter 'ensure_auth' needs an identity, but no authentication filter comes before it in "
                         "before_filters: every request would be refused");
    EXPECT_EQ(p.hint, "add one of oauth_token, session_cookie before it");
    // Order matters: the authentication filter must come first.
    expectError(parseEdited([](json::object& doc) {
        route(doc, 1)["before_filters"] = json::array{"identity_headers", "oauth_token"};
    }), "filter_dependency", "routes[1].before_filters[0]");
    // rate_limit by user needs an identity; by ip does not.
    expectError(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"] = json::array{
            json::object{{"name", "rate_limit"}, {"params", {{"limit", 5}, {"period_seconds", 1}, {"by", "user"}}}}};
    }), "filter_dependency", "routes[0].before_filters[0]");
    EXPECT_TRUE(parseEdited([](json::object& doc) {
        route(doc, 0)["before_filters"] = json::array{
            json::object{{"name", "rate_limit"}, {"params", {{"limit", 5}, {"period_seconds", 1}, {"by", "ip"}}}}};
    }).ok());
    // A shadowed authenticator sets no identity: an enforcing ensure_auth after it would refuse everything...
    Problem shadowOnly = expectError(parseEdited([](json::object& doc) {
        route(doc, 1)["before_filters"] = json::array{json::object{{"name", "oauth_token"}, {"mode", "shadow"}}, "ensure_auth"};
    }), "filter_dependency", "routes[1].before_filters[1]");
    EXPECT_EQ(shadowOnly.hint, "put 'ensure_auth' in shadow mode too, or enforce the authentication filter");
    // ...but a shadowed ensure_auth after it only records.
    EXPECT_TRUE(parseEdited([](json::object& doc) {
        route(doc, 1)["before_filters"] = json::array{json::object{{"name", "oauth_token"}, {"mode", "shadow"}},
                                                      json::object{{"name", "ensure_auth"}, {"mode", "shadow"}}};
    }).ok());
}

TEST(ServiceParserRules, SameRouteDeclaredTwice) {
    Problem p = expectError(parseEdited([](json::object& doc) {
        json::value copy = doc["routes"].as_array()[0];
        doc["routes"].as_array().push_back(copy);
    }), "duplicate_route", "routes[2].paths[0]");
    EXPECT_EQ(p.message, "'/v2/droplets' with the same hosts and methods is already declared at routes[0].paths[0]");
    // Within one route, and with only the parameter name changed.
    expectError(parseEdited([](json::object& doc) { route(doc, 0)["paths"].as_array().push_back("/v2/droplets/:droplet_id"); }),
                "duplicate_route", "routes[0].paths[2]");
    // The same path for other methods is not a duplicate.
    EXPECT_TRUE(parseEdited([](json::object& doc) { route(doc, 1)["paths"].as_array().push_back("/v2/droplets"); }).ok());
}

TEST(ServiceParserRules, BadDestinations) {
    expectError(parseEdited([](json::object& doc) { doc["destinations"].as_array()[0].as_object()["scheme"] = "ftp"; }),
                "bad_destination", "destinations[0].scheme");
    for (const char* host : {"http://127.0.0.1:9001", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "bad host:80"}) {
        SCOPED_TRACE(host);
        expectError(parseEdited([&](json::object& doc) { doc["destinations"].as_array()[0].as_object()["host"] = host; }),
                    "bad_destination", "destinations[0].host");
    }
    for (const char* host : {"[::1]:9001", "users.internal:80", "Users.Internal:8080"}) {
        SCOPED_TRACE(host);
        EXPECT_TRUE(parseEdited([&](json::object& doc) { doc["destinations"].as_array()[0].as_object()["host"] = host; }).ok());
    }
}

TEST(ServiceParserRules, JsonSyntaxErrorsGiveLineAndColumn) {
    ParsedService parsed = parseServiceText("{\n  \"name\": \"droplets\",\n  \"routes\": [,]\n}", "svc.json");
    Problem p = expectError(parsed, "json_syntax", "");
    EXPECT_NE(p.message.find("line 3, column 14"), std::string::npos) << p.message;
    expectError(parseServiceText("", "svc.json"), "json_syntax", "");
}

TEST(ServiceParserRules, DuplicateKeysAreNotSilentlyDropped) {
    ParsedService parsed = parseServiceText(
        R"({"name": "a", "routes": [{"paths": ["/a"], "paths": ["/b"]}], "destinations": [], "name": "b"})", "svc.json");
    expectError(parsed, "duplicate_key", "routes[0].paths");
    expectError(parsed, "duplicate_key", "name");
}

// A nil anywhere was what once crashed DigitalOcean's gateway on load. Replace every
// value of a valid config, one at a time, with null: each must be a null_value error at
// exactly that path, never a crash.
TEST(ServiceParserRules, NullAnywhereIsAClearError) {
    std::vector<std::string> paths;
    std::function<void(const json::value&, const std::string&)> collect = [&](const json::value& v, const std::string& path) {
        paths.push_back(path);
        if (const json::object* obj = v.if_object()) {
            for (const auto& item : *obj) collect(item.value(), childPath(path, std::string(item.key())));
        } else if (const json::array* arr = v.if_array()) {
            for (std::size_t i = 0; i < arr->size(); ++i) collect((*arr)[i], indexPath(path, i));
        }
    };
    const json::value valid = validServiceJson();
    collect(valid, "");
    ASSERT_GT(paths.size(), 40u);

    std::function<json::value*(json::value&, const std::string&, const std::string&)> locate =
        [&](json::value& v, const std::string& here, const std::string& want) -> json::value* {
        if (here == want) return &v;
        if (json::object* obj = v.if_object()) {
            for (auto& item : *obj) {
                if (json::value* found = locate(item.value(), childPath(here, std::string(item.key())), want)) return found;
            }
        } else if (json::array* arr = v.if_array()) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                if (json::value* found = locate((*arr)[i], indexPath(here, i), want)) return found;
            }
        }
        return nullptr;
    };
    for (const std::string& path : paths) {
        SCOPED_TRACE("null at '" + path + "'");
        json::value doc = valid;
        json::value* target = locate(doc, "", path);
        ASSERT_NE(target, nullptr);
        *target = nullptr;
        ParsedService parsed = parseServiceJson(doc, "svc.json");
        expectError(parsed, "null_value", path);
    }
}

} // namespace
} // namespace gatehouse::config

namespace gatehouse::config {
namespace {

TEST(ServiceParserReview, TextAfterTheDocumentIsASyntaxError) {
    const std::string valid = boost::json::serialize(testing::validServiceJson());
    for (const std::string& text : {valid + " x", valid + valid, std::string("{}{}")}) {
        ParsedService parsed = parseServiceText(text, "svc.json");
        ASSERT_EQ(testing::problemsAt(parsed.problems, "json_syntax", "").size(), 1u) << testing::describe(parsed.problems);
        EXPECT_NE(parsed.problems[0].message.find("text after the end of the document"), std::string::npos);
    }
    EXPECT_TRUE(parseServiceText(valid + " \n\t ", "svc.json").ok());
}

TEST(ServiceParserReview, ABadAuthenticatorParamIsNotAlsoAMissingAuthenticator) {
    json::value doc = testing::validServiceJson();
    doc.as_object()["routes"].as_array()[1].as_object()["before_filters"] = json::array{
        json::object{{"name", "oauth_token"}, {"params", {{"scopes", {"a b"}}}}}, "ensure_auth"};
    ParsedService parsed = parseServiceJson(doc, "svc.json");
    EXPECT_EQ(testing::problemsAt(parsed.problems, "bad_filter_param", "routes[1].before_filters[0].params.scopes[0]").size(), 1u)
        << testing::describe(parsed.problems);
    EXPECT_EQ(countErrors(parsed.problems), 1u) << testing::describe(parsed.problems);
}

TEST(ServiceParserReview, NumbersBeyondSixtyFourBitsAreOutOfRange) {
    ParsedService parsed = parseServiceText(
        R"({"name": "a", "routes": [{"paths": ["/a"]}], "destinations": [{"scheme": "http", "host": "h:1"}], "timeout_seconds": 100000000000000000000})",
        "svc.json");
    EXPECT_EQ(testing::problemsAt(parsed.problems, "out_of_range", "timeout_seconds").size(), 1u) << testing::describe(parsed.problems);
}

TEST(ServiceParserReview, LongValuesAreCutOnCharacterBoundaries) {
    json::value doc = testing::validServiceJson();
    doc.as_object()["timeout_seconds"] = std::string(30, 'a') + "ççççççççççç";
    ParsedService parsed = parseServiceJson(doc, "svc.json");
    auto wrong = testing::problemsAt(parsed.problems, "wrong_type", "timeout_seconds");
    ASSERT_EQ(wrong.size(), 1u);
    const std::string& m = wrong[0].message;
    // Every byte sequence must be valid UTF-8: no continuation byte without a lead byte.
    for (std::size_t i = 0; i < m.size(); ++i) {
        const auto c = static_cast<unsigned char>(m[i]);
        if (c >= 0xC0) {
            ASSERT_LT(i + 1, m.size());
            EXPECT_EQ(static_cast<unsigned char>(m[i + 1]) & 0xC0, 0x80) << m;
        }
        if ((c & 0xC0) == 0x80) {
            EXPECT_TRUE(i > 0 && static_cast<unsigned char>(m[i - 1]) >= 0x80) << m;
        }
    }
    EXPECT_NE(m.find("ççç...)"), std::string::npos) << m;
}

TEST(ServiceParserReview, EmptyAllowedMethodsWouldRefuseEverything) {
    json::value doc = testing::validServiceJson();
    doc.as_object()["routes"].as_array()[0].as_object()["before_filters"].as_array().push_back(
        json::object{{"name", "sanitize"}, {"params", {{"allowed_methods", json::array{}}}}});
    ParsedService parsed = parseServiceJson(doc, "svc.json");
    EXPECT_EQ(testing::problemsAt(parsed.problems, "empty_list", "routes[0].before_filters[3].params.allowed_methods").size(), 1u)
        << testing::describe(parsed.problems);
}

} // namespace
} // namespace gatehouse::config
