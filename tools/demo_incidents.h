#pragma once

#include <chrono>
#include <string>

namespace gatehouse::demo {

// The demo's scripted incidents: one 12-minute cycle, repeated for as long as the demo
// runs, so that whoever opens the console arrives during (or just after) something.
// The fleet (backends) and the load generator read the same schedule from the same
// start time, each in its own process.
struct Conditions {
    std::string phase;          // for people: "calm", "volumes degrading", ...
    double volumesErrors = 0;   // share of volumes' requests it answers with 500
    int billingDelayMs = 0;     // billing's typical latency (its timeout is 10 s)
    bool networkingDown = false; // one networking destination has crashed
    double badTokenShare = 0;   // share of requests sent with an unknown token (401)
    double rateFactor = 1;      // the load's request rate, relative to the configured one
};

inline constexpr std::chrono::seconds kCycle{720};

// Pure: the conditions `elapsed` after the demo began.
Conditions conditionsAt(std::chrono::seconds elapsed);

} // namespace gatehouse::demo
