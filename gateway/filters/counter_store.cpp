#include "filters/counter_store.h"

#include <spdlog/spdlog.h>

#include <functional>

namespace gatehouse::gateway::filters {

boost::asio::awaitable<std::optional<std::int64_t>> CounterStore::increment(std::string key, std::int64_t ttlSeconds,
                                                                             std::int64_t nowSeconds) {
    co_return incrementNow(key, ttlSeconds, nowSeconds);
}

std::optional<std::int64_t> MemoryCounterStore::incrementNow(std::string_view key, std::int64_t ttlSeconds,
                                                             std::int64_t nowSeconds) {
    Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
    std::lock_guard lock(shard.mutex);
    auto it = shard.counters.find(std::string(key));
    if (it != shard.counters.end() && it->second.expiresAt <= nowSeconds) {
        shard.counters.erase(it); // an expired key starts again, as in Redis
        it = shard.counters.end();
    }
    if (it == shard.counters.end()) {
        if (shard.counters.size() >= maxPerShard_) {
            if (shard.lastSweep != nowSeconds) {
                shard.lastSweep = nowSeconds;
                std::erase_if(shard.counters, [&](const auto& item) { return item.second.expiresAt <= nowSeconds; });
            }
            if (shard.counters.size() >= maxPerShard_) {
                const std::uint64_t overflows = overflows_.fetch_add(1, std::memory_order_relaxed) + 1;
                if (overflows == 1 || overflows % 100'000 == 0) {
                    spdlog::error("rate_limit: {} live counters, the bound; {} request(s) let through uncounted so far",
                                  maxPerShard_ * kShards, overflows);
                }
                return std::nullopt;
            }
        }
        // rack-attack sets EXPIRE on every increment; all of them name the same moment (the
        // window end + 1 s), so setting it once is the same.
        it = shard.counters.emplace(std::string(key), Counter{0, nowSeconds + ttlSeconds}).first;
    }
    return ++it->second.count;
}

std::size_t MemoryCounterStore::size() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.counters.size();
    }
    return total;
}

} // namespace gatehouse::gateway::filters
