#include "health/destination_health.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace {
std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

DestinationHealth::Report DestinationHealth::report() const {
    std::lock_guard lock(mutex_);
    Report copy = report_;
    copy.healthy = healthy.load();
    return copy;
}

std::vector<DestinationHealth::HealthChange> DestinationHealth::history() const {
    std::lock_guard lock(mutex_);
    return {history_.begin(), history_.end()};
}

std::int64_t DestinationHealth::changedAtMs() const {
    std::lock_guard lock(mutex_);
    return history_.empty() ? 0 : history_.front().atMs;
}

std::size_t DestinationHealth::changesSince(std::int64_t epochMs) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const HealthChange& change : history_) {
        if (change.atMs < epochMs) break;
        ++n;
    }
    return n;
}

void DestinationHealth::setHealthy(bool value, const std::string& why) {
    if (healthy.exchange(value) == value) return;
    {
        std::lock_guard lock(mutex_);
        const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
        history_.push_front({at.count(), value, why});
        if (history_.size() > kHistory) history_.pop_back();
    }
    if (value) {
        passiveFailures.store(0);
        spdlog::info("health: {} {} is healthy again ({})", service, address, why);
    } else {
        spdlog::warn("health: {} {} is unhealthy ({})", service, address, why);
    }
}

void DestinationHealth::recordCheck(bool success, std::string result, int maxFailed, int minSuccessful) {
    (success ? checksPassed : checksFailed).fetch_add(1, std::memory_order_relaxed);
    bool flipTo = healthy.load();
    {
        std::lock_guard lock(mutex_);
        report_.lastResult = result;
        report_.lastCheck = std::chrono::system_clock::now();
        if (success) {
            report_.consecutiveFailures = 0;
            ++report_.consecutiveSuccesses;
            if (!healthy.load() && report_.consecutiveSuccesses >= minSuccessful) flipTo = true;
        } else {
            report_.consecutiveSuccesses = 0;
            ++report_.consecutiveFailures;
            if (healthy.load() && report_.consecutiveFailures >= maxFailed) flipTo = false;
        }
    }
    if (flipTo != healthy.load()) {
        setHealthy(flipTo, flipTo ? fmt::format("{} consecutive successful checks", minSuccessful)
                                  : fmt::format("{} consecutive failed checks, last: {}", maxFailed, result));
    }
}

void DestinationHealth::recordTraffic(bool failure, int threshold, bool hasActiveCheck) {
    if (!failure) {
        passiveFailures.store(0);
        return;
    }
    const int failures = passiveFailures.fetch_add(1) + 1;
    if (failures >= threshold && healthy.load()) {
        if (!hasActiveCheck) readmitAtMs.store(nowMs() + std::chrono::milliseconds(kPassiveEjection).count());
        {
            std::lock_guard lock(mutex_);
            report_.consecutiveSuccesses = 0; // active checks must prove it healthy again
        }
        setHealthy(false, fmt::format("{} consecutive failures in live traffic", failures));
    }
}

bool DestinationHealth::available() {
    if (healthy.load()) return true;
    const std::int64_t readmit = readmitAtMs.load();
    if (readmit != 0 && nowMs() >= readmit) { // no active checks: live traffic tries it again
        readmitAtMs.store(0);
        setHealthy(true, "passive ejection over");
        return true;
    }
    return false;
}

std::shared_ptr<const TableSnapshot> makeSnapshot(
    std::shared_ptr<const routing::RouteTable> table, std::uint64_t version, const TableSnapshot* previous,
    std::vector<std::vector<std::shared_ptr<const filters::FilterChain>>> chains) {
    std::map<std::pair<std::string, std::string>, std::shared_ptr<DestinationHealth>> old;
    if (previous) {
        for (const auto& list : previous->health) {
            for (const auto& health : list) old[{health->service, health->address}] = health;
        }
    }
    auto snapshot = std::make_shared<TableSnapshot>();
    snapshot->table = std::move(table);
    snapshot->version = version;
    snapshot->chains = std::move(chains);
    snapshot->health.reserve(snapshot->table->services().size());
    for (const config::ServiceConfig& service : snapshot->table->services()) {
        auto& list = snapshot->health.emplace_back();
        for (const config::Destination& destination : service.destinations) {
            auto it = old.find({service.name, destination.host});
            if (it == old.end()) {
                list.push_back(std::make_shared<DestinationHealth>(service.name, destination.host));
                continue;
            }
            // Without active checks nothing would ever bring an unhealthy destination back:
            // let live traffic try it again.
            if (!service.healthCheck && !it->second->healthy.load() && it->second->readmitAtMs.load() == 0) {
                it->second->readmitAtMs.store(1);
            }
            list.push_back(it->second);
        }
    }
    return snapshot;
}

} // namespace gatehouse::gateway
