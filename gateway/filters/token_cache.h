#pragma once

#include "filters/filter.h"
#include "common/text_util.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <expected>
#include <memory>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gatehouse::gateway::filters {

// Introspection results by credential, bounded (least recently used goes first) and
// shared by every worker. Keys are SHA-256 digests: the cache never holds a token.
// Inactive answers live in a smaller list of their own, so a flood of made-up tokens
// can never push out the active ones.
class TokenCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        bool active = false;
        Identity identity;
        Clock::time_point expires;
    };

    // `newPerSecond`: introspection calls for tokens not in the cache, per second (a
    // burst of as many is allowed); 0 = no bound.
    explicit TokenCache(std::size_t capacity, std::size_t newPerSecond = 0);
    std::optional<Entry> find(const std::string& key, Clock::time_point now);
    void put(const std::string& key, Entry entry);
    std::size_t size() const;

    // One introspection call per token at a time, whichever worker asks: the first asker
    // leads (makes the call and finishes the flight); the others wait for its answer.
    struct Flight {
        std::mutex mutex;
        std::optional<std::expected<Entry, std::string>> result;
        std::vector<std::pair<boost::asio::any_io_executor, std::shared_ptr<boost::asio::steady_timer>>> waiters;
    };
    // The flight for `key` and whether the caller leads it.
    std::pair<std::shared_ptr<Flight>, bool> joinFlight(const std::string& key);
    // Stores the leader's answer and wakes every waiter, each on its own thread.
    void finishFlight(const std::string& key, const std::shared_ptr<Flight>& flight, std::expected<Entry, std::string> result);
    // Takes one of this second's calls for a token not in the cache; false when spent.
    bool allowNewToken(Clock::time_point now);
    // Requests refused because the budget was spent: counts one and returns the total.
    std::uint64_t countShed() { return shed_.fetch_add(1, std::memory_order_relaxed) + 1; }
    std::uint64_t shed() const { return shed_.load(std::memory_order_relaxed); }

private:
    using List = std::list<std::pair<std::string, Entry>>;
    struct Lru {
        std::size_t capacity;
        List order; // most recent first
        std::unordered_map<std::string, List::iterator> index;
    };
    std::optional<Entry> findIn(Lru& lru, const std::string& key, Clock::time_point now);
    mutable std::mutex mutex_;
    Lru active_;
    Lru inactive_;
    std::mutex flightsMutex_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    std::mutex budgetMutex_;
    double budgetPerSecond_;
    double budget_;
    Clock::time_point budgetAt_{};
    std::atomic<std::uint64_t> shed_{0};
};


} // namespace gatehouse::gateway::filters
