#pragma once

#include "observe/trail.h"

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace gatehouse::tools {

// A trail as a busy gateway leaves it, for benchmarks and tests that need millions of
// rows: requests spread evenly over a time span, services with a skewed share of the
// traffic (the first busiest), realistic paths, users, clients, statuses and decisions.
struct TrailSeed {
    std::int64_t rows = 1'000'000;
    std::int64_t endMs = 0;          // the newest request's time; 0: now
    std::int64_t spanMs = 3'600'000; // the oldest is this much older
    std::vector<std::string> services = {"accounts", "billing", "search", "volumes", "images", "droplets", "kubernetes", "networks"};
    int users = 5000;
    int clients = 1000;
    int paths = 500;
    int errorEvery = 50;             // one in this many a 502 from the gateway, one in 4x a 500 from the service
    std::string idPrefix;            // empty: 32 hex digits, as the gateway makes them
};

// Request `i` of the seed (deterministic).
gateway::TrailRecord seedRecord(const TrailSeed& seed, std::int64_t i);
// Appends the seed's requests to the trail in `file` (through the gateway's own writer);
// the rows the trail holds afterwards, or why it could not.
std::expected<std::int64_t, std::string> seedTrail(const std::string& file, const TrailSeed& seed,
                                                   gateway::TrailSettings settings = {});

} // namespace gatehouse::tools
