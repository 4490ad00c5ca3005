#include "core/routing/path_pattern.h"

#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

TEST(PathPattern, KindsAndShapes) {
    auto exact = parsePathPattern("/v2/droplets");
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->kind, PathKind::exact);
    EXPECT_EQ(exact->segments.size(), 2u);
    auto param = parsePathPattern("/v2/droplets/:id/actions/:action_id");
    ASSERT_TRUE(param);
    EXPECT_EQ(param->kind, PathKind::param);
    EXPECT_EQ(param->shape(), "/v2/droplets/:/actions/:");
    EXPECT_EQ(param->paramNames(), (std::vector<std::string>{"id", "action_id"}));
    auto wild = parsePathPattern("/v2/:id/*");
    ASSERT_TRUE(wild);
    EXPECT_EQ(wild->kind, PathKind::wildcard);
    EXPECT_TRUE(wild->hasParams);
    auto root = parsePathPattern("/");
    ASSERT_TRUE(root);
    EXPECT_TRUE(root->segments.empty());
    EXPECT_EQ(root->shape(), "/");
    // ':' inside a segment is a literal (Google-style custom methods).
    auto custom = parsePathPattern("/v1/things:batchGet");
    ASSERT_TRUE(custom);
    EXPECT_EQ(custom->kind, PathKind::exact);
}

TEST(PathPattern, SplitRequestPath) {
    RequestSegments segments;
    splitRequestPath("/v2/droplets/42?page=2", segments);
    EXPECT_EQ(std::vector<std::string_view>(segments.begin(), segments.end()),
              (std::vector<std::string_view>{"v2", "droplets", "42"}));
    splitRequestPath("/", segments);
    EXPECT_TRUE(segments.empty());
    splitRequestPath("/a//b/", segments);
    EXPECT_EQ(std::vector<std::string_view>(segments.begin(), segments.end()),
              (std::vector<std::string_view>{"a", "", "b", ""}));
}

TEST(PathPattern, MismatchReasons) {
    auto pattern = parsePathPattern("/v2/droplets/:id");
    RequestSegments segments;
    splitRequestPath("/v2/volumes/1", segments);
    EXPECT_EQ(describePathMismatch(*pattern, segments), "segment 2 is 'volumes'; '/v2/droplets/:id' wants 'droplets'");
    splitRequestPath("/v2/droplets", segments);
    EXPECT_EQ(describePathMismatch(*pattern, segments), "the request path has 2 segment(s); '/v2/droplets/:id' needs 3");
    splitRequestPath("/v2/droplets/1/x", segments);
    EXPECT_EQ(describePathMismatch(*pattern, segments), "the request path has 4 segments; '/v2/droplets/:id' has exactly 3");
    splitRequestPath("/v2/droplets/1", segments);
    EXPECT_EQ(describePathMismatch(*pattern, segments), "");
    auto wildcard = parsePathPattern("/v2/apps/*");
    splitRequestPath("/v2", segments);
    EXPECT_EQ(describePathMismatch(*wildcard, segments), "the request path has 1 segment(s); '/v2/apps/*' needs 2 or more");
}

} // namespace
} // namespace gatehouse::routing
