// The collector's roster of gateways, without sockets: what a poll may report, and
// live, lost, forgotten and the bound, on a clock the test moves.
#include "collector/gateway_roster.h"

#include <gtest/gtest.h>

namespace gatehouse::gateway {
namespace {

GatewayReport report(const std::string& id, std::int64_t tableVersion = 7) {
    GatewayReport r;
    r.id = id;
    r.version = "0.1.0";
    r.tableVersion = tableVersion;
    r.source = "collector";
    return r;
}

TEST(GatewayReport, IsReadFromAPollsParametersAndRefusedWithTheParameterNamed) {
    auto good = parseGatewayReport({"edge-1.fra1:8080", "https://10.0.0.5:9901", "0.1.0", "12", "last_known_good", "1500", "41"});
    ASSERT_TRUE(good) << good.error();
    EXPECT_EQ(good->id, "edge-1.fra1:8080");
    EXPECT_EQ(good->adminUrl, "https://10.0.0.5:9901");
    EXPECT_EQ(good->tableVersion, 12);
    EXPECT_EQ(good->source, "last_known_good");
    EXPECT_EQ(good->stalenessMs, 1500);
    EXPECT_EQ(good->switchVersion, 41);
    EXPECT_TRUE(parseGatewayReport({"g", "", "", "", "", "", ""})); // only the id is required
    EXPECT_FALSE(good->defaultFilters); // not said: not known (an older gateway)
    auto defaults = parseGatewayReport({"g", "", "", "", "", "", "", "request_id,sanitize,security_headers"});
    ASSERT_TRUE(defaults) << defaults.error();
    EXPECT_EQ(*defaults->defaultFilters, (std::vector<std::string>{"request_id", "sanitize", "security_headers"}));
    auto none = parseGatewayReport({"g", "", "", "", "", "", "", ""});
    ASSERT_TRUE(none && none->defaultFilters);
    EXPECT_TRUE(none->defaultFilters->empty()); // said: none

    struct Case {
        ReportParams params;
        std::string_view starts;
    };
    const std::string longId(129, 'a');
    for (const Case& c : {Case{{"", "", "", "", "", "", ""}, "gateway:"}, Case{{longId, "", "", "", "", "", ""}, "gateway:"},
                          Case{{"edge 1", "", "", "", "", "", ""}, "gateway:"}, Case{{"g\r\nX: y", "", "", "", "", "", ""}, "gateway:"},
                          Case{{"g", "10.0.0.5:9901", "", "", "", "", ""}, "admin_url:"},
                          Case{{"g", "", "0.1.0\r\n", "", "", "", ""}, "version:"}, Case{{"g", "", "", "-1", "", "", ""}, "table_version:"},
                          Case{{"g", "", "", "7x", "", "", ""}, "table_version:"}, Case{{"g", "", "", "", "disk", "", ""}, "source:"},
                          Case{{"g", "", "", "", "", "1e3", ""}, "staleness_ms:"},
                          Case{{"g", "", "", "", "", "", "-2"}, "switches:"},
                          Case{{"g", "", "", "", "", "", "", "sanitize,,request_id"}, "defaults:"},
                          Case{{"g", "", "", "", "", "", "", "Sanitize"}, "defaults:"},
                          Case{{"g", "", "", "", "", "", "", "sanitize\r\nX: y"}, "defaults:"}}) {
        auto refused = parseGatewayReport(c.params);
        ASSERT_FALSE(refused) << c.params.gateway;
        EXPECT_TRUE(refused.error().starts_with(c.starts)) << refused.error();
    }
}

TEST(GatewayRoster, AGatewayIsLiveWhileItPollsLostAfterSilenceAndForgottenLater) {
    GatewayRoster roster(15'000, 60'000, 10);
    EXPECT_TRUE(roster.seen(report("a"), 1'000));
    EXPECT_TRUE(roster.seen(report("b"), 1'000));
    EXPECT_TRUE(roster.seen(report("a", 8), 11'000)); // a polls again, on a new table
    auto list = roster.list(15'999);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].report.id, "a");
    EXPECT_TRUE(list[0].live);
    EXPECT_EQ(list[0].report.tableVersion, 8);
    EXPECT_EQ(list[0].polls, 2u);
    EXPECT_EQ(list[0].firstSeenMs, 1'000);
    EXPECT_EQ(list[0].lastSeenMs, 11'000);
    EXPECT_TRUE(list[1].live); // 14,999 ms of silence
    list = roster.list(16'000);
    EXPECT_FALSE(list[1].live); // 15 s: lost, and still listed
    EXPECT_TRUE(list[0].live);
    EXPECT_TRUE(roster.seen(report("b"), 20'000)); // back: live again, the same entry
    list = roster.list(20'000);
    EXPECT_TRUE(list[1].live);
    EXPECT_EQ(list[1].firstSeenMs, 1'000);
    EXPECT_EQ(roster.list(71'000).size(), 1u); // a silent for 60 s: forgotten
    EXPECT_TRUE(roster.list(80'000).empty());
}

TEST(GatewayRoster, PastItsBoundANewGatewayTakesTheLongestLostsPlaceOrIsRefused) {
    GatewayRoster roster(15'000, 3'600'000, 3);
    EXPECT_TRUE(roster.seen(report("a"), 0));
    EXPECT_TRUE(roster.seen(report("b"), 5'000));
    EXPECT_TRUE(roster.seen(report("c"), 10'000));
    EXPECT_FALSE(roster.seen(report("d"), 12'000)); // all three live
    EXPECT_EQ(roster.refused(), 1u);
    EXPECT_TRUE(roster.seen(report("c"), 12'000)); // a known one always is
    EXPECT_TRUE(roster.seen(report("d"), 21'000)); // a and b are lost; a, the longest, goes
    auto list = roster.list(21'000);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].report.id, "b");
    EXPECT_EQ(list[1].report.id, "c");
    EXPECT_EQ(list[2].report.id, "d");
}

TEST(GatewayRoster, AnotherCollectorsRosterIsTakenInTheNewerPollWinning) {
    GatewayRoster mine(15'000, 86'400'000, 3);
    ASSERT_TRUE(mine.seen(report("edge-1", 7), 1'000));
    GatewayRoster theirs(15'000, 86'400'000, 3);
    ASSERT_TRUE(theirs.seen(report("edge-1", 8), 5'000)); // edge-1 moved to the other collector
    ASSERT_TRUE(theirs.seen(report("edge-2", 8), 5'000));
    auto shared = rosterFromJson(rosterToJson(theirs.list(5'000)));
    ASSERT_EQ(shared.size(), 2u);
    EXPECT_EQ(shared[1].report.id, "edge-2");
    EXPECT_EQ(shared[1].lastSeenMs, 5'000);
    for (const auto& e : shared) mine.absorb(e, 6'000);
    auto both = mine.list(6'000);
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(both[0].report.tableVersion, 8) << "the newer poll";
    EXPECT_EQ(both[0].firstSeenMs, 1'000);
    EXPECT_TRUE(both[1].live);
    // An older report does not go back in time; a full roster keeps its own.
    mine.absorb(shared[0], 6'000);
    ASSERT_TRUE(mine.seen(report("edge-1", 9), 7'000));
    GatewayRoster::Entry old = shared[0];
    mine.absorb(old, 7'000);
    EXPECT_EQ(mine.list(7'000)[0].report.tableVersion, 9);
    ASSERT_TRUE(mine.seen(report("edge-3"), 7'000));
    GatewayRoster::Entry fourth = shared[1];
    fourth.report.id = "edge-4";
    mine.absorb(fourth, 7'000);
    EXPECT_EQ(mine.list(7'000).size(), 3u);
    EXPECT_TRUE(rosterFromJson("not json").empty());
    EXPECT_TRUE(rosterFromJson(R"([{"id": "bad id/"}, 3])").empty());
}

} // namespace
} // namespace gatehouse::gateway
