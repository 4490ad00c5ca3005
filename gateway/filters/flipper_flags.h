#pragma once

#include <atomic>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace gatehouse::gateway::filters {

// One feature's gates as a Flipper HTTP API returns them (GET /features?keys=...).
struct FeatureGates {
    bool boolean = false;
    std::set<std::string> actors;       // flipper ids ("User;42")
    double percentageOfActors = 0;      // 0..100, up to three decimals
    double percentageOfTime = 0;        // 0..100
    std::set<std::string> groups;       // named Ruby blocks: not evaluated by the gateway
};

struct FlagSet {
    std::map<std::string, FeatureGates, std::less<>> features;
};

// Parses the Flipper API's {"features": [{"key", "state", "gates": [{"key", "value"}]}]}.
std::expected<FlagSet, std::string> parseFlipperFeatures(std::string_view json);

// Flipper's answer for `feature` and an actor (nullopt: no actor): any open gate
// enables it. Percentage of actors uses Flipper's bucketing, CRC32 of feature name +
// flipper id, so an actor gets the same answer as in the Ruby app. `random01` in [0, 1)
// decides percentage of time.
bool flipperEnabled(const FeatureGates& gates, std::string_view feature, std::optional<std::string_view> flipperId,
                    double random01);

// CRC-32 (IEEE, as Ruby's Zlib.crc32).
std::uint32_t crc32(std::string_view data);

// The flags the gateway last fetched, swapped whole by the poller; read per request.
class FlagStore {
public:
    std::shared_ptr<const FlagSet> current() const { return flags_.load(std::memory_order_acquire); }
    void replace(std::shared_ptr<const FlagSet> flags) { flags_.store(std::move(flags), std::memory_order_release); }

private:
    std::atomic<std::shared_ptr<const FlagSet>> flags_;
};

} // namespace gatehouse::gateway::filters
