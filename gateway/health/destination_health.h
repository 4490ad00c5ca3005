#pragma once

#include "core/config/service_config.h"
#include "core/routing/route_table.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gatehouse::gateway {
namespace filters {
class FilterChain;
} // namespace filters

// The health of one destination of one service. Workers read `healthy` and report
// passive failures with atomics only; the health checker (control thread) owns the
// active-check counters.
struct DestinationHealth {
    DestinationHealth(std::string service, std::string address) : service(std::move(service)), address(std::move(address)) {}

    const std::string service;
    const std::string address;
    std::atomic<bool> healthy{true};
    std::atomic<int> passiveFailures{0};
    std::atomic<std::int64_t> readmitAtMs{0}; // passive ejection without active checks: when to try again
    std::atomic<std::uint64_t> checksPassed{0}; // active health checks, for /metrics
    std::atomic<std::uint64_t> checksFailed{0};

    struct Report {
        bool healthy = true;
        int consecutiveFailures = 0;
        int consecutiveSuccesses = 0;
        std::string lastResult = "not checked yet";
        std::chrono::system_clock::time_point lastCheck{};
    };
    // A change between healthy and unhealthy, when (epoch ms) and why.
    struct HealthChange {
        std::int64_t atMs = 0;
        bool healthy = true;
        std::string why;
    };
    static constexpr std::size_t kHistory = 32;

    Report report() const;
    std::vector<HealthChange> history() const; // newest first, at most kHistory
    std::int64_t changedAtMs() const;          // the last change; 0: never changed
    std::size_t changesSince(std::int64_t epochMs) const;
    void recordCheck(bool success, std::string result, int maxFailed, int minSuccessful);
    // Live traffic: a connect failure or 502 counts, any other answer resets the count.
    void recordTraffic(bool failure, int threshold, bool hasActiveCheck);
    bool available(); // healthy, or a passive ejection whose time is up

private:
    void setHealthy(bool value, const std::string& why);
    mutable std::mutex mutex_;
    Report report_;
    std::deque<HealthChange> history_; // newest first
};


// What a request loads once: the routing table and the health of every destination,
// swapped together on reload.
struct TableSnapshot {
    std::shared_ptr<const routing::RouteTable> table;
    std::uint64_t version = 0;
    // Per service in table order, parallel to its destinations: an index, not a lookup.
    std::vector<std::vector<std::shared_ptr<DestinationHealth>>> health;
    // Per service in table order, per route: the built filter chain (defaults included).
    std::vector<std::vector<std::shared_ptr<const filters::FilterChain>>> chains;

    std::size_t serviceIndex(const config::ServiceConfig* service) const {
        return static_cast<std::size_t>(service - table->services().data());
    }
    const std::vector<std::shared_ptr<DestinationHealth>>* destinations(const config::ServiceConfig* service) const {
        return &health[serviceIndex(service)];
    }
    const filters::FilterChain* chain(const routing::RouteEntry& entry) const {
        const std::size_t index = serviceIndex(entry.service);
        return index < chains.size() ? chains[index][entry.routeIndex].get() : nullptr;
    }
};

// Builds a snapshot for `table`, keeping the health objects of `previous` for the
// destinations that are still there (state survives a reload).
std::shared_ptr<const TableSnapshot> makeSnapshot(
    std::shared_ptr<const routing::RouteTable> table, std::uint64_t version, const TableSnapshot* previous,
    std::vector<std::vector<std::shared_ptr<const filters::FilterChain>>> chains = {});

inline constexpr int kPassiveThresholdWithoutChecks = 5;
inline constexpr std::chrono::seconds kPassiveEjection{10};

} // namespace gatehouse::gateway
