#pragma once

#include "filters/filter.h"

#include <array>
#include <chrono>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gatehouse::gateway::filters {

// Counters of one filter entry of one route, kept across reloads (the metrics issue
// exports them). Atomics: every worker adds to them.
struct FilterStats {
    std::string service;
    std::size_t routeIndex = 0;
    std::string filter;
    std::string phase; // "before" | "after"
    config::FilterMode mode = config::FilterMode::enforce;
    bool isDefault = false;
    std::array<std::atomic<std::uint64_t>, 4> decisions{}; // by Decision
    std::atomic<std::uint64_t> shadowMismatches{0};
};

// Owns every FilterStats; a rebuilt chain finds the counters of its predecessor.
class FilterStatsRegistry {
public:
    std::shared_ptr<FilterStats> get(const std::string& service, std::size_t routeIndex, std::string_view filter,
                                     std::string_view phase, std::size_t position, config::FilterMode mode, bool isDefault);
    std::vector<std::shared_ptr<const FilterStats>> all() const;
    // Forgets counters that no chain holds any more (removed routes, reordered filters).
    void prune();

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<FilterStats>> stats_;
};

// A default filter's runtime switch (admin API): read by every request, written by the
// control thread.
struct FilterSwitch {
    std::string name;
    std::string phase;
    std::atomic<bool> enabled{true};
};

struct ChainEntry {
    std::shared_ptr<const Filter> filter;
    std::string_view name; // the catalogue's (static) name
    config::FilterMode mode = config::FilterMode::enforce;
    const FilterSwitch* toggle = nullptr; // default filters only
    std::shared_ptr<FilterStats> stats;
};

// The filters of one route: the gateway's default filters, then the route's own. Before
// filters run in order, after filters in reverse order (the defaults wrap the route's).
// The chain owns iteration: a filter returns Continue or Stop and never calls the next.
class FilterChain {
public:
    FilterChain(std::vector<ChainEntry> before, std::vector<ChainEntry> after);

    bool hasAsync() const { return hasAsync_; }
    bool empty() const { return before_.empty() && after_.empty(); }
    const std::vector<ChainEntry>& before() const { return before_; }
    const std::vector<ChainEntry>& after() const { return after_; }

    // Runs every before filter when none is asynchronous; the reply to send if one
    // (enforced) filter stopped the request.
    std::optional<LocalReply> runBefore(RequestContext& context) const;
    // The same for chains with asynchronous filters (glue calls), without blocking.
    boost::asio::awaitable<std::optional<LocalReply>> runBeforeAsync(RequestContext& context) const;
    // After filters in reverse order; `context.status` and `context.response` are set.
    void runAfter(RequestContext& context) const;
    // Once the backend's status is known: flags shadow decisions it contradicts.
    void flagShadowMismatches(RequestContext& context, int upstreamStatus) const;

private:
    enum class Step { next, stop };
    struct Pending; // a filter's run in progress: snapshots for shadow mode
    using Clock = std::chrono::steady_clock;
    // `started`: when the filter began (the previous filter's end: one clock read per filter).
    Pending begin(const ChainEntry& entry, RequestContext& context, Clock::time_point started) const;
    Step finish(const ChainEntry& entry, Pending& pending, Outcome outcome, RequestContext& context,
                std::optional<LocalReply>& reply, Clock::time_point& now) const;

    std::vector<ChainEntry> before_;
    std::vector<ChainEntry> after_;
    bool hasAsync_ = false;
};

} // namespace gatehouse::gateway::filters
