#pragma once

#include "net/api_http.h"
#include "observe/trail.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// Trail queries (drill-down lists, summaries, lookups) run here, on a few threads of
// their own with a connection each, never on the control thread that answers /healthz,
// /readyz, health checks and the collector follower: a summary over millions of rows
// cannot stall liveness. Bounded twice: at most `threads + queue` queries at once (more
// get 503 at once), and each stops after `timeLimit` (503, incomplete answers dropped).
class TrailQueries {
public:
    using Settings = TrailQuerySettings;
    // `busy` and `timedOut` count refusals (for /metrics); they must outlive this.
    static std::expected<std::unique_ptr<TrailQueries>, std::string> open(const std::string& file, Settings settings,
                                                                           std::atomic<std::uint64_t>& busy,
                                                                           std::atomic<std::uint64_t>& timedOut);
    ~TrailQueries();

    using Job = std::function<ApiResponse(TrailReader&)>;
    // Runs `job` on a query thread; its answer, or 503 (busy, or out of time).
    boost::asio::awaitable<ApiResponse> run(Job job);

private:
    TrailQueries(Settings settings, std::atomic<std::uint64_t>& busy, std::atomic<std::uint64_t>& timedOut)
        : settings_(settings), pool_(settings.threads), refusedBusy_(busy), timedOut_(timedOut) {}
    boost::asio::awaitable<ApiResponse> execute(Job job); // on a query thread
    TrailReader& checkOut();
    void checkIn(TrailReader& reader);

    Settings settings_;
    boost::asio::thread_pool pool_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<TrailReader>> readers_; // one per thread
    std::vector<TrailReader*> free_;
    std::atomic<std::size_t> inFlight_{0};
    std::atomic<std::uint64_t>& refusedBusy_;
    std::atomic<std::uint64_t>& timedOut_;
};

} // namespace gatehouse::gateway
