// The JSON APIs' route tables and query parameters, without a listener.
#include "net/api_http.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace gatehouse::gateway {
namespace {

struct TestRoute {
    std::string_view method;
    EndpointPattern pattern;
    int id;
};

TEST(EndpointPattern, LiteralAndCapturedSegments) {
    const EndpointPattern series("/api/v1/services/{name}/series");
    EXPECT_EQ(series.match("/api/v1/services/volumes/series"), std::vector<std::string>{"volumes"});
    EXPECT_FALSE(series.match("/api/v1/services//series")) << "a capture is never empty";
    EXPECT_FALSE(series.match("/api/v1/services/volumes"));
    EXPECT_FALSE(series.match("/api/v1/services/volumes/series/"));
    EXPECT_FALSE(series.match("/api/v1/services/a/b/series"));
    const EndpointPattern exact("/healthz");
    EXPECT_EQ(exact.match("/healthz"), std::vector<std::string>{});
    EXPECT_FALSE(exact.match("/healthzz"));
    EXPECT_FALSE(exact.match("/healthz/x"));
    EXPECT_FALSE(exact.match(""));
}

TEST(RouteTable, TheFirstMatchAnswersAndAWrongMethodIs405WithAllow) {
    const std::vector<TestRoute> routes = {
        {"GET", "/api/v1/trail/summary", 1},
        {"GET", "/api/v1/trail/{id}", 2},
        {"GET", "/api/v1/security/filters/{name}", 3},
        {"PUT", "/api/v1/security/filters/{name}", 4},
    };
    auto found = findRoute(routes, "GET", "/api/v1/trail/summary");
    ASSERT_TRUE(found.route);
    EXPECT_EQ(found.route->id, 1) << "a literal listed first wins over a capture";
    found = findRoute(routes, "GET", "/api/v1/trail/abc");
    ASSERT_TRUE(found.route);
    EXPECT_EQ(found.route->id, 2);
    EXPECT_EQ(found.captures, std::vector<std::string>{"abc"});
    found = findRoute(routes, "PUT", "/api/v1/security/filters/sanitize");
    ASSERT_TRUE(found.route);
    EXPECT_EQ(found.route->id, 4);
    found = findRoute(routes, "DELETE", "/api/v1/security/filters/sanitize");
    EXPECT_FALSE(found.route);
    EXPECT_EQ(found.allowed, "GET, PUT");
    found = findRoute(routes, "GET", "/api/v1/nothing");
    EXPECT_FALSE(found.route);
    EXPECT_EQ(found.allowed, "") << "no pattern matched: a 404, not a 405";
}

std::string messageOf(const ApiResponse& response) {
    return std::string(boost::json::parse(response.body).at("message").as_string());
}

TEST(QueryParams, UnknownAndBadParametersAreNamed) {
    auto unknown = QueryParams::parse("limit=5&colour=red", {"limit"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().status, 400);
    EXPECT_EQ(messageOf(unknown.error()), "unknown query parameter 'colour'");

    auto params = QueryParams::parse("limit=5&from=-1&to=12x&user=a%20b&broken=%zz", {"limit", "from", "to", "user", "broken", "cursor"});
    ASSERT_TRUE(params);
    EXPECT_EQ(params->integer("limit", 1, 10).value(), 5);
    EXPECT_EQ(params->integer("cursor", 1, 10).value(), std::nullopt) << "absent";
    ASSERT_FALSE(params->integer("limit", 6, 10));
    EXPECT_EQ(messageOf(params->integer("limit", 6, 10).error()), "'limit' must be an integer from 6 to 10");
    EXPECT_FALSE(params->integer("from", 0, 10)) << "below the range";
    EXPECT_FALSE(params->integer("to", 0, 100)) << "not all digits";
    EXPECT_EQ(params->decoded("user"), "a b");
    EXPECT_EQ(params->decoded("broken"), std::nullopt);
    EXPECT_EQ(params->raw("broken"), "%zz");
}

} // namespace
} // namespace gatehouse::gateway
