#include "core/routing/explain.h"
#include "core/routing/route_table.h"

#include "support/service_fixtures.h"

#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

using testing::makeService;
using testing::makeTable;
using testing::tableOrder;
using Strings = std::vector<std::string>;

const std::string kApi = "api.example.com";

// For two routes that both match `path`, asserts which one wins, at which step, both
// in the table order and in what explain says about the loser.
void expectWinner(const RouteTable& table, const std::string& method, const std::string& path,
                  const std::string& winnerService, PrecedenceStep step) {
    const Explanation explanation = explainRequest(table, method, kApi, path);
    ASSERT_TRUE(explanation.winner.has_value());
    EXPECT_EQ(explanation.winner->entry->serviceName(), winnerService);
    std::size_t outranked = 0;
    for (const Candidate& c : explanation.candidates) {
        if (c.verdict != Verdict::outranked) continue;
        ++outranked;
        ASSERT_TRUE(c.decidedBy.has_value());
        EXPECT_EQ(*c.decidedBy, step) << c.reason;
        EXPECT_NE(c.reason.find(describePrecedenceStep(step)), std::string::npos) << c.reason;
    }
    EXPECT_EQ(outranked, 1u);
}

TEST(RouteOrder, Step1FullPathsBeforeWildcards) {
    // The wildcard route has every constraint, the full path none: step 1 still decides.
    auto table = makeTable({makeService("catchall", {{{kApi}, {"GET"}, {"/v2/*"}}}),
                            makeService("droplets", {{{}, {}, {"/v2/droplets"}}})});
    EXPECT_EQ(tableOrder(*table), (Strings{"droplets:0:/v2/droplets", "catchall:0:/v2/*"}));
    expectWinner(*table, "GET", "/v2/droplets", "droplets", PrecedenceStep::fullBeforeWildcard);
}

TEST(RouteOrder, Step2MoreConstraintsFirst) {
    auto table = makeTable({makeService("neither", {{{}, {}, {"/v2/droplets"}}}),
                            makeService("methods-only", {{{}, {"GET"}, {"/v2/droplets"}}}),
                            makeService("hosts-only", {{{kApi}, {}, {"/v2/droplets"}}}),
                            makeService("both", {{{kApi}, {"GET"}, {"/v2/droplets"}}})});
    EXPECT_EQ(tableOrder(*table), (Strings{"both:0:/v2/droplets", "hosts-only:0:/v2/droplets",
                                           "methods-only:0:/v2/droplets", "neither:0:/v2/droplets"}));
    const Explanation e = explainRequest(*table, "GET", kApi, "/v2/droplets");
    ASSERT_TRUE(e.winner);
    EXPECT_EQ(e.winner->entry->serviceName(), "both");
    for (const Candidate& c : e.candidates) {
        if (c.verdict == Verdict::outranked) {
            EXPECT_EQ(*c.decidedBy, PrecedenceStep::constraints);
        }
    }
    // Constraints outrank exactness and length: a hosted param route beats a bare exact one.
    auto mixed = makeTable({makeService("exact", {{{}, {}, {"/v2/droplets"}}}),
                            makeService("param", {{{kApi}, {}, {"/v2/:collection"}}})});
    expectWinner(*mixed, "GET", "/v2/droplets", "param", PrecedenceStep::constraints);
}

TEST(RouteOrder, Step3ExactBeforeParameterised) {
    auto table = makeTable({makeService("by-id", {{{kApi}, {}, {"/v2/droplets/:id"}}}),
                            makeService("actions", {{{kApi}, {}, {"/v2/droplets/actions"}}})});
    EXPECT_EQ(tableOrder(*table), (Strings{"actions:0:/v2/droplets/actions", "by-id:0:/v2/droplets/:id"}));
    expectWinner(*table, "GET", "/v2/droplets/actions", "actions", PrecedenceStep::exactBeforeParam);
    // Exactness outranks length.
    auto longer = makeTable({makeService("short-exact", {{{}, {}, {"/a/b"}}}),
                             makeService("long-param", {{{}, {}, {"/a/:x/c"}}})});
    EXPECT_EQ(tableOrder(*longer), (Strings{"short-exact:0:/a/b", "long-param:0:/a/:x/c"}));
}

TEST(RouteOrder, Step4LongerPathsFirst) {
    auto segments = makeTable({makeService("v2", {{{kApi}, {}, {"/v2/*"}}}),
                               makeService("apps", {{{kApi}, {}, {"/v2/apps/:id/*"}}})});
    EXPECT_EQ(tableOrder(*segments), (Strings{"apps:0:/v2/apps/:id/*", "v2:0:/v2/*"}));
    expectWinner(*segments, "GET", "/v2/apps/7/logs", "apps", PrecedenceStep::longerPath);
    // Same number of segments: more characters first.
    auto characters = makeTable({makeService("short", {{{}, {}, {"/v2/ab/*"}}}),
                                 makeService("long", {{{}, {}, {"/v2/abc/*"}}})});
    EXPECT_EQ(tableOrder(*characters), (Strings{"long:0:/v2/abc/*", "short:0:/v2/ab/*"}));
    auto params = makeTable({makeService("one", {{{}, {}, {"/v2/:a"}}}), makeService("two", {{{}, {}, {"/v2/:a/:b"}}})});
    EXPECT_EQ(tableOrder(*params), (Strings{"two:0:/v2/:a/:b", "one:0:/v2/:a"}));
}

TEST(RouteOrder, Step5TiesByServiceNameThenRoutePosition) {
    // Registration order (the order services are given) never matters.
    auto table = makeTable({makeService("zeta", {{{"a.example.com"}, {}, {"/v2/:id"}}}),
                            makeService("alpha", {{{"c.example.com"}, {}, {"/v2/:id"}}, {{"b.example.com"}, {}, {"/v2/:id"}}})});
    EXPECT_EQ(tableOrder(*table), (Strings{"alpha:0:/v2/:id", "alpha:1:/v2/:id", "zeta:0:/v2/:id"}));
    auto reversed = makeTable({makeService("alpha", {{{"c.example.com"}, {}, {"/v2/:id"}}, {{"b.example.com"}, {}, {"/v2/:id"}}}),
                               makeService("zeta", {{{"a.example.com"}, {}, {"/v2/:id"}}})});
    EXPECT_EQ(tableOrder(*reversed), tableOrder(*table));
    expectWinner(*makeTable({makeService("zeta", {{{}, {}, {"/v2/:thing"}}}), makeService("alpha", {{{}, {}, {"/v2/:other"}}})}),
                 "GET", "/v2/7", "alpha", PrecedenceStep::tieBreak);
}

TEST(RouteMatching, HostsMatchCaseInsensitivelyAndIgnoreThePort) {
    auto table = makeTable({makeService("droplets", {{{kApi}, {}, {"/v2/droplets"}}})});
    for (const char* host : {"api.example.com", "API.Example.COM", "api.example.com:8443", "api.example.com."}) {
        EXPECT_TRUE(table->match("GET", host, "/v2/droplets")) << host;
    }
    EXPECT_FALSE(table->match("GET", "cloud.example.com", "/v2/droplets"));
    EXPECT_FALSE(table->match("GET", "", "/v2/droplets"));
}

TEST(RouteMatching, AGetRouteServesHead) {
    auto table = makeTable({makeService("droplets", {{{}, {"GET"}, {"/v2/droplets"}}})});
    EXPECT_TRUE(table->match("HEAD", kApi, "/v2/droplets"));
    EXPECT_FALSE(table->match("POST", kApi, "/v2/droplets"));
    EXPECT_FALSE(table->match("get", kApi, "/v2/droplets")); // methods are case-sensitive
    auto any = makeTable({makeService("any", {{{}, {}, {"/dav"}}})});
    EXPECT_TRUE(any->match("PROPFIND", kApi, "/dav")); // no method constraint: any method
}

TEST(RouteMatching, ParamsWildcardsAndTrailingSlashes) {
    auto table = makeTable({makeService("droplets", {{{}, {}, {"/v2/droplets/:id", "/v2/droplets/:id/actions/:action"}}}),
                            makeService("files", {{{}, {}, {"/files/*"}}})});
    auto m = table->match("GET", kApi, "/v2/droplets/42/actions/7?page=2");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->params, (PathParams{{"id", "42"}, {"action", "7"}}));
    EXPECT_FALSE(table->match("GET", kApi, "/v2/droplets/"));   // a param needs a value
    EXPECT_FALSE(table->match("GET", kApi, "/v2/droplets/42/")); // the trailing slash is a segment
    auto files = table->match("GET", kApi, "/files/a/b/c.txt");
    ASSERT_TRUE(files);
    EXPECT_EQ(files->params, (PathParams{{"*", "a/b/c.txt"}}));
    auto bare = table->match("GET", kApi, "/files"); // a wildcard matches zero segments too
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->params, (PathParams{{"*", ""}}));
    EXPECT_FALSE(table->match("GET", kApi, "/filesystem"));
}

TEST(RouteMatching, RootPathAndCatchAll) {
    auto table = makeTable({makeService("home", {{{}, {"GET"}, {"/"}}}), makeService("all", {{{}, {}, {"/*"}}})});
    EXPECT_EQ(table->match("GET", kApi, "/")->entry->serviceName(), "home");
    // Only origin-form paths match: "*" (OPTIONS *), relative and absolute forms do not.
    for (const char* path : {"", "*", "v2/droplets", "http://api.example.com/"}) EXPECT_FALSE(table->match("OPTIONS", kApi, path)) << path;
    EXPECT_EQ(table->match("GET", kApi, "/#fragment")->entry->serviceName(), "home");
    EXPECT_EQ(table->match("POST", kApi, "/")->entry->serviceName(), "all");
    EXPECT_EQ(table->match("GET", kApi, "/anything/else")->entry->serviceName(), "all");
}

} // namespace
} // namespace gatehouse::routing
