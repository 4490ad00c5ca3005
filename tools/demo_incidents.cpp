#include "demo_incidents.h"

#include <algorithm>
#include <cmath>

namespace gatehouse::demo {
namespace {
// 0 at `from`, 1 at `to`, clamped.
double ramp(double t, double from, double to) { return std::clamp((t - from) / (to - from), 0.0, 1.0); }
} // namespace

Conditions conditionsAt(std::chrono::seconds elapsed) {
    const double t = static_cast<double>(elapsed.count() % kCycle.count());
    Conditions c{"calm", 0.02, 300, false, 0.02, 1.0};
    // Traffic breathes (a slow wave, +-25 %), as real traffic does over a day.
    c.rateFactor = 1.0 + 0.25 * std::sin(2 * 3.14159265358979 * static_cast<double>(elapsed.count()) / 300.0);
    if (t >= 120 && t < 300) { // a bad deploy: volumes fails more and more, then is rolled back
        c.phase = "volumes degrading";
        c.volumesErrors = 0.02 + 0.33 * ramp(t, 120, 240);
    } else if (t >= 300 && t < 390) { // a networking instance crashes; the other one serves
        c.phase = "networking destination down";
        c.networkingDown = true;
    } else if (t >= 390 && t < 570) { // billing's database slows down: latency climbs toward the 10 s timeout
        c.phase = "billing slowing toward its timeout";
        c.billingDelayMs = static_cast<int>(300 + 8700 * ramp(t, 390, 540));
    } else if (t >= 600 && t < 660) { // a client ships an expired token to every request
        c.phase = "burst of 401s";
        c.badTokenShare = 0.6;
    }
    return c;
}

} // namespace gatehouse::demo
