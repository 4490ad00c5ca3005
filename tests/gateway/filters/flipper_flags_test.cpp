// Flipper's semantics, checked against values computed by Flipper 0.25's own formula.
#include "filters/flipper_flags.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace gatehouse::gateway::filters {
namespace {

TEST(FlipperFlags, Crc32IsZlibs) {
    EXPECT_EQ(crc32("123456789"), 0xCBF43926u); // the CRC-32/ISO-HDLC check value
    EXPECT_EQ(crc32(""), 0u);
    EXPECT_EQ(crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

TEST(FlipperFlags, ParsesTheApiAnswerWithStringOrTypedValues) {
    auto flags = parseFlipperFeatures(R"({"features": [
        {"key": "search", "state": "conditional", "gates": [
            {"key": "boolean", "name": "boolean", "value": null},
            {"key": "actors", "name": "actor", "value": ["User;1", "User;2"]},
            {"key": "percentage_of_actors", "name": "percentage_of_actors", "value": "12.5"},
            {"key": "percentage_of_time", "name": "percentage_of_time", "value": 0},
            {"key": "groups", "name": "group", "value": ["admins"]}]},
        {"key": "everyone", "state": "on", "gates": [{"key": "boolean", "name": "boolean", "value": "true"}]}]})");
    ASSERT_TRUE(flags) << flags.error();
    const FeatureGates& search = flags->features.at("search");
    EXPECT_FALSE(search.boolean);
    EXPECT_EQ(search.actors, (std::set<std::string>{"User;1", "User;2"}));
    EXPECT_DOUBLE_EQ(search.percentageOfActors, 12.5);
    EXPECT_EQ(search.groups, std::set<std::string>{"admins"});
    EXPECT_TRUE(flags->features.at("everyone").boolean);
    EXPECT_FALSE(parseFlipperFeatures("[]").has_value());
    EXPECT_FALSE(parseFlipperFeatures("{\"features\": [{\"state\": \"on\"}]}").has_value());
}

TEST(FlipperFlags, GatesFollowFlipper) {
    FeatureGates gates;
    EXPECT_FALSE(flipperEnabled(gates, "search", "User;1", 0.0));
    gates.actors = {"User;1"};
    EXPECT_TRUE(flipperEnabled(gates, "search", "User;1", 0.99));
    EXPECT_FALSE(flipperEnabled(gates, "search", "User;2", 0.0));
    EXPECT_FALSE(flipperEnabled(gates, "search", std::nullopt, 0.0));
    gates = {};
    gates.percentageOfTime = 25;
    EXPECT_TRUE(flipperEnabled(gates, "search", std::nullopt, 0.24));
    EXPECT_FALSE(flipperEnabled(gates, "search", std::nullopt, 0.25));
    gates = {};
    gates.boolean = true;
    EXPECT_TRUE(flipperEnabled(gates, "search", std::nullopt, 0.99));
}

TEST(FlipperFlags, PercentageOfActorsUsesFlippersBucketing) {
    // Zlib.crc32("search" + "User;" + id) % 100_000 < percentage * 1_000, as Flipper 0.25.
    FeatureGates gates;
    gates.percentageOfActors = 30;
    int enabled = 0;
    for (int id = 1; id <= 2000; ++id) {
        const std::string actor = fmt::format("User;{}", id);
        const bool expected = crc32("search" + actor) % 100'000 < 30'000;
        ASSERT_EQ(flipperEnabled(gates, "search", actor, 0.99), expected) << actor;
        enabled += expected;
    }
    EXPECT_NEAR(enabled, 600, 80); // about 30 %
    // The same actor is bucketed per feature: another feature name, another bucket.
    const std::uint32_t a = crc32("searchUser;7") % 100'000, b = crc32("billingUser;7") % 100'000;
    EXPECT_NE(a, b);
}

} // namespace
} // namespace gatehouse::gateway::filters
