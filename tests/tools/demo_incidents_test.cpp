// The demo's incident schedule: every incident of the cycle happens, each in its window,
// recovers, and the cycle repeats.
#include "demo_incidents.h"

#include <gtest/gtest.h>

namespace gatehouse::demo {
namespace {

using std::chrono::seconds;

TEST(DemoIncidents, EachIncidentHasItsWindowAndRecovers) {
    EXPECT_EQ(conditionsAt(seconds(60)).phase, "calm");
    EXPECT_LT(conditionsAt(seconds(60)).volumesErrors, 0.05);
    EXPECT_GT(conditionsAt(seconds(250)).volumesErrors, 0.3); // the bad deploy at its worst
    EXPECT_LT(conditionsAt(seconds(310)).volumesErrors, 0.05); // rolled back
    EXPECT_TRUE(conditionsAt(seconds(320)).networkingDown);
    EXPECT_FALSE(conditionsAt(seconds(400)).networkingDown);
    EXPECT_GT(conditionsAt(seconds(550)).billingDelayMs, 8000); // close to billing's 10 s timeout
    EXPECT_LT(conditionsAt(seconds(580)).billingDelayMs, 1000);
    EXPECT_GT(conditionsAt(seconds(620)).badTokenShare, 0.5);
    EXPECT_LT(conditionsAt(seconds(670)).badTokenShare, 0.05);
    // The cycle repeats, and the rate breathes without stopping.
    EXPECT_EQ(conditionsAt(seconds(250)).phase, conditionsAt(seconds(250) + kCycle).phase);
    for (int t = 0; t < 2 * kCycle.count(); t += 7) {
        const double f = conditionsAt(seconds(t)).rateFactor;
        EXPECT_GE(f, 0.75);
        EXPECT_LE(f, 1.25);
    }
}

} // namespace
} // namespace gatehouse::demo
