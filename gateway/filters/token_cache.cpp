#include "filters/token_cache.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace gatehouse::gateway::filters {

TokenCache::TokenCache(std::size_t capacity, std::size_t newPerSecond)
    : active_{capacity, {}, {}}, inactive_{capacity == 0 ? 0 : std::max<std::size_t>(64, capacity / 4), {}, {}},
      budgetPerSecond_(static_cast<double>(newPerSecond)), budget_(static_cast<double>(newPerSecond)) {}

std::optional<TokenCache::Entry> TokenCache::findIn(Lru& lru, const std::string& key, Clock::time_point now) {
    auto it = lru.index.find(key);
    if (it == lru.index.end()) return std::nullopt;
    if (it->second->second.expires <= now) {
        lru.order.erase(it->second);
        lru.index.erase(it);
        return std::nullopt;
    }
    lru.order.splice(lru.order.begin(), lru.order, it->second);
    return it->second->second;
}

std::optional<TokenCache::Entry> TokenCache::find(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (auto entry = findIn(active_, key, now)) return entry;
    return findIn(inactive_, key, now);
}

void TokenCache::put(const std::string& key, Entry entry) {
    std::lock_guard lock(mutex_);
    Lru& lru = entry.active ? active_ : inactive_;
    Lru& other = entry.active ? inactive_ : active_;
    if (auto it = other.index.find(key); it != other.index.end()) { // a token revoked, or activated
        other.order.erase(it->second);
        other.index.erase(it);
    }
    if (lru.capacity == 0) return;
    if (auto it = lru.index.find(key); it != lru.index.end()) {
        it->second->second = std::move(entry);
        lru.order.splice(lru.order.begin(), lru.order, it->second);
        return;
    }
    lru.order.emplace_front(key, std::move(entry));
    lru.index.emplace(key, lru.order.begin());
    while (lru.index.size() > lru.capacity) {
        lru.index.erase(lru.order.back().first);
        lru.order.pop_back();
    }
}

std::size_t TokenCache::size() const {
    std::lock_guard lock(mutex_);
    return active_.index.size() + inactive_.index.size();
}

std::pair<std::shared_ptr<TokenCache::Flight>, bool> TokenCache::joinFlight(const std::string& key) {
    std::lock_guard lock(flightsMutex_);
    auto [it, created] = flights_.try_emplace(key);
    if (created) it->second = std::make_shared<Flight>();
    return {it->second, created};
}

void TokenCache::finishFlight(const std::string& key, const std::shared_ptr<Flight>& flight,
                              std::expected<Entry, std::string> result) {
    {
        std::lock_guard lock(flightsMutex_);
        if (auto it = flights_.find(key); it != flights_.end() && it->second == flight) flights_.erase(it);
    }
    std::vector<std::pair<boost::asio::any_io_executor, std::shared_ptr<boost::asio::steady_timer>>> waiters;
    {
        std::lock_guard lock(flight->mutex);
        flight->result = std::move(result);
        waiters.swap(flight->waiters);
    }
    // Each waiter's timer belongs to its worker's loop: cancelled there, not from here.
    for (auto& [executor, timer] : waiters) boost::asio::post(executor, [waiter = timer] { waiter->cancel(); });
}

bool TokenCache::allowNewToken(Clock::time_point now) {
    if (budgetPerSecond_ <= 0) return true;
    std::lock_guard lock(budgetMutex_);
    const double elapsed = std::chrono::duration<double>(now - budgetAt_).count();
    budget_ = std::min(budgetPerSecond_, budget_ + elapsed * budgetPerSecond_);
    budgetAt_ = now;
    if (budget_ < 1) return false;
    budget_ -= 1;
    return true;
}

} // namespace gatehouse::gateway::filters
