#include "core/routing/table_analysis.h"

#include "support/service_fixtures.h"

#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

using testing::describe;
using testing::makeService;
using testing::makeTable;
using testing::problemsAt;

const std::string kApi = "api.example.com";

TEST(TableAnalysis, TwoServicesClaimingTheSamePatternIsATakeover) {
    auto table = makeTable({makeService("droplets", {{{kApi}, {"GET"}, {"/v2/droplets/:id"}}}),
                            makeService("intruder", {{{kApi}, {"GET", "POST"}, {"/v2/droplets/:droplet_id"}}})});
    const config::Problems problems = analyseTable(*table);
    auto mine = problemsAt(problems, "route_conflict", "routes[0].paths[0]");
    ASSERT_EQ(mine.size(), 2u) << describe(problems); // one on each side
    for (const auto& p : mine) {
        EXPECT_EQ(p.severity, config::Severity::error);
        const std::string other = p.file == "droplets.json" ? "intruder" : "droplets";
        EXPECT_NE(p.message.find("service '" + other + "'"), std::string::npos) << p.message;
    }
    const auto& droplets = mine[0].file == "droplets.json" ? mine[0] : mine[1];
    EXPECT_EQ(droplets.message,
              "'/v2/droplets/:id' is also claimed by service 'intruder' routes[0].paths[0] ('/v2/droplets/:droplet_id', "
              "hosts api.example.com, methods GET, HEAD, POST): both would serve GET, HEAD requests for this path");
}

TEST(TableAnalysis, AGetRouteClaimsHeadToo) {
    auto table = makeTable({makeService("a", {{{}, {"GET"}, {"/x"}}}), makeService("b", {{{}, {"HEAD"}, {"/x"}}})});
    EXPECT_EQ(problemsAt(analyseTable(*table), "route_conflict", "routes[0].paths[0]").size(), 2u);
}

TEST(TableAnalysis, DisjointHostsOrMethodsAreNoConflict) {
    auto hosts = makeTable({makeService("a", {{{"a.example.com"}, {}, {"/x"}}}),
                            makeService("b", {{{"b.example.com"}, {}, {"/x"}}})});
    EXPECT_TRUE(analyseTable(*hosts).empty()) << describe(analyseTable(*hosts));
    auto methods = makeTable({makeService("a", {{{}, {"POST"}, {"/x"}}}), makeService("b", {{{}, {"DELETE"}, {"/x"}}})});
    EXPECT_TRUE(analyseTable(*methods).empty()) << describe(analyseTable(*methods));
    // A more specific route of another service is normal precedence, not a takeover.
    auto specific = makeTable({makeService("a", {{{}, {}, {"/v2/:id"}}}), makeService("b", {{{}, {}, {"/v2/special"}}})});
    EXPECT_TRUE(analyseTable(*specific).empty()) << describe(analyseTable(*specific));
}

TEST(TableAnalysis, ShadowedRoutesAreWarningsNamingTheShadow) {
    // Same class, same path: route 0 wins the tie and serves every host route 1 serves.
    auto table = makeTable({makeService("apps", {{{kApi, "www.example.com"}, {}, {"/v2/apps/:id"}}, {{kApi}, {}, {"/v2/apps/:id"}}}),
                            makeService("catchall", {{{}, {}, {"/*"}}})});
    const config::Problems problems = analyseTable(*table);
    auto shadowed = problemsAt(problems, "route_shadowed", "routes[1].paths[0]");
    ASSERT_EQ(shadowed.size(), 1u) << describe(problems);
    EXPECT_EQ(shadowed[0].severity, config::Severity::warning);
    EXPECT_EQ(shadowed[0].file, "apps.json");
    EXPECT_EQ(shadowed[0].message,
              "'/v2/apps/:id' can never be reached: #0 service 'apps' routes[0].paths[0] ('/v2/apps/:id', hosts "
              "api.example.com www.example.com) comes first and matches every request it would match (step 5: tie broken "
              "by service name, then route position)");
    EXPECT_EQ(problems.size(), 1u) << describe(problems); // the catch-all shadows nothing: it comes last
}

TEST(TableAnalysis, LongerByCharactersCanShadowALiteral) {
    // Step 4 counts characters: '/v2/:bucket/*' outranks '/v2/ab/*' and covers it.
    auto table = makeTable({makeService("files", {{{}, {}, {"/v2/ab/*"}}, {{}, {}, {"/v2/:bucket/*"}}})});
    auto shadowed = problemsAt(analyseTable(*table), "route_shadowed", "routes[0].paths[0]");
    ASSERT_EQ(shadowed.size(), 1u) << describe(analyseTable(*table));
    EXPECT_NE(shadowed[0].message.find("step 4"), std::string::npos) << shadowed[0].message;
}

TEST(TableAnalysis, PartlyCoveredRoutesAreNotShadowed) {
    // The later route also serves another host...
    auto hosts = makeTable({makeService("a", {{{kApi}, {}, {"/v2/:id"}}}),
                            makeService("b", {{{kApi, "other.example.com"}, {}, {"/v2/:x"}}})});
    EXPECT_TRUE(problemsAt(analyseTable(*hosts), "route_shadowed", "routes[0].paths[0]").empty())
        << describe(analyseTable(*hosts));
    // ...or methods the earlier one does not.
    auto methods = makeTable({makeService("files", {{{kApi}, {"GET"}, {"/v2/:bucket/*"}}, {{kApi}, {"GET", "PUT"}, {"/v2/ab/*"}}})});
    EXPECT_TRUE(problemsAt(analyseTable(*methods), "route_shadowed", "routes[1].paths[0]").empty())
        << describe(analyseTable(*methods));
}

TEST(TableAnalysis, CoversAgreesWithMatchingOnSamples) {
    auto table = makeTable({makeService("a", {{{}, {}, {"/v2/:id/*"}}}), makeService("b", {{{}, {"GET"}, {"/v2/x/y"}}})});
    const RouteEntry& wide = table->entries()[1];
    const RouteEntry& narrow = table->entries()[0];
    ASSERT_EQ(wide.serviceName(), "a");
    EXPECT_TRUE(covers(wide, narrow));
    EXPECT_FALSE(covers(narrow, wide));
}

} // namespace
} // namespace gatehouse::routing
