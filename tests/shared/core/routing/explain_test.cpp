#include "core/routing/explain.h"
#include "core/routing/route_json.h"

#include "support/service_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

using testing::makeService;
using testing::makeTable;

const Candidate& candidateFor(const Explanation& e, const std::string& service, std::size_t route) {
    for (const Candidate& c : e.candidates) {
        if (c.entry->serviceName() == service && c.entry->routeIndex == route) return c;
    }
    throw std::runtime_error("no candidate " + service);
}

class ExplainTest : public ::testing::Test {
protected:
    std::shared_ptr<const RouteTable> table_ = makeTable({
        makeService("droplets", {{{"api.example.com"}, {"GET", "POST"}, {"/v2/droplets/:id"}},
                                 {{"api.example.com"}, {"DELETE"}, {"/v2/droplets/:id"}}}),
        makeService("dashboard", {{{"cloud.example.com"}, {}, {"/v2/droplets/:id"}}}),
        makeService("monolith", {{{"api.example.com"}, {}, {"/v2/*"}}}),
        makeService("volumes", {{{"api.example.com"}, {}, {"/v2/volumes"}}}),
    });
};

TEST_F(ExplainTest, EveryVerdict) {
    const Explanation e = explainRequest(*table_, "GET", "API.example.com:443", "/v2/droplets/42");
    EXPECT_EQ(e.host, "api.example.com");
    ASSERT_TRUE(e.winner);
    EXPECT_EQ(e.winner->entry->serviceName(), "droplets");
    EXPECT_EQ(e.winner->params, (PathParams{{"id", "42"}}));
    EXPECT_EQ(e.candidates.size(), table_->entries().size());

    EXPECT_EQ(candidateFor(e, "droplets", 0).verdict, Verdict::matched);
    const Candidate& method = candidateFor(e, "droplets", 1);
    EXPECT_EQ(method.verdict, Verdict::methodMismatch);
    EXPECT_EQ(method.reason, "method GET is not one of DELETE");
    const Candidate& host = candidateFor(e, "dashboard", 0);
    EXPECT_EQ(host.verdict, Verdict::hostMismatch);
    EXPECT_EQ(host.reason, "host 'api.example.com' is not one of cloud.example.com");
    const Candidate& path = candidateFor(e, "volumes", 0);
    EXPECT_EQ(path.verdict, Verdict::pathMismatch);
    EXPECT_EQ(path.reason, "segment 2 is 'droplets'; '/v2/volumes' wants 'volumes'");
    const Candidate& outranked = candidateFor(e, "monolith", 0);
    EXPECT_EQ(outranked.verdict, Verdict::outranked);
    EXPECT_EQ(outranked.decidedBy, PrecedenceStep::fullBeforeWildcard);
}

TEST_F(ExplainTest, NoWinner) {
    const Explanation e = explainRequest(*table_, "GET", "other.example.com", "/v2/droplets/42");
    EXPECT_FALSE(e.winner);
    for (const Candidate& c : e.candidates) EXPECT_NE(c.verdict, Verdict::matched);
}

TEST_F(ExplainTest, JsonShapeIsTheStableInterface) {
    const boost::json::value doc = explanationToJson(explainRequest(*table_, "DELETE", "api.example.com", "/v2/droplets/9"));
    const auto& winner = doc.at("winner").as_object();
    EXPECT_EQ(winner.at("service").as_string(), "droplets");
    EXPECT_EQ(winner.at("route_index").as_int64(), 1);
    EXPECT_EQ(winner.at("path").as_string(), "/v2/droplets/:id");
    EXPECT_EQ(winner.at("params").at("id").as_string(), "9");
    EXPECT_TRUE(winner.contains("position"));
    const auto& candidates = doc.at("candidates").as_array();
    ASSERT_EQ(candidates.size(), table_->entries().size());
    for (const auto& c : candidates) {
        for (const char* key : {"position", "service", "route_index", "path", "verdict", "reason"}) {
            EXPECT_TRUE(c.as_object().contains(key)) << key;
        }
    }
    const boost::json::value none = explanationToJson(explainRequest(*table_, "GET", "nowhere", "/"));
    EXPECT_TRUE(none.at("winner").is_null());
}

} // namespace
} // namespace gatehouse::routing
