#pragma once

#include <boost/asio/awaitable.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gatehouse::gateway::filters {

// Where rate_limit counts: "INCRBY key 1, EXPIRE key ttl" as rack-attack does on Redis.
// A store answers now (memory) or later (Redis, without blocking the thread); nullopt
// means it could not count, and the request is let through.
class CounterStore {
public:
    virtual ~CounterStore() = default;
    virtual bool isAsync() const = 0;
    virtual std::optional<std::int64_t> incrementNow(std::string_view key, std::int64_t ttlSeconds, std::int64_t nowSeconds) = 0;
    virtual boost::asio::awaitable<std::optional<std::int64_t>> increment(std::string key, std::int64_t ttlSeconds,
                                                                          std::int64_t nowSeconds);
};

// Counters in this process, shared by its workers (sharded locks held for a map lookup).
// Bounded: a full shard is swept of expired counters at most once a second (so a flood
// of new keys cannot turn every request into a sweep); past `maxCounters` new keys are
// not counted (the request passes, `overflows` rises, the log says so).
class MemoryCounterStore final : public CounterStore {
public:
    explicit MemoryCounterStore(std::size_t maxCounters = 1'000'000) : maxPerShard_(maxCounters / kShards + 1) {}
    bool isAsync() const override { return false; }
    std::optional<std::int64_t> incrementNow(std::string_view key, std::int64_t ttlSeconds, std::int64_t nowSeconds) override;
    std::uint64_t overflows() const { return overflows_.load(); }
    std::size_t size() const;

private:
    static constexpr std::size_t kShards = 16;
    struct Counter {
        std::int64_t count = 0;
        std::int64_t expiresAt = 0; // epoch seconds
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Counter> counters;
        std::int64_t lastSweep = 0; // epoch seconds: a full shard is swept at most once a second
    };
    std::size_t maxPerShard_;
    std::array<Shard, kShards> shards_;
    std::atomic<std::uint64_t> overflows_{0};
};

} // namespace gatehouse::gateway::filters
