#pragma once

#include <cstdint>
#include <string>

namespace gatehouse::gateway {

// The wall clock for records and staleness: ISO 8601 UTC, and milliseconds since the epoch.
std::string isoNow();
std::int64_t epochMs();

} // namespace gatehouse::gateway
