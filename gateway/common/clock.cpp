#include "common/clock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace gatehouse::gateway {

std::string isoNow() {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

std::int64_t epochMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace gatehouse::gateway
