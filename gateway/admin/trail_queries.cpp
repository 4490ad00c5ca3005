#include "admin/trail_queries.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;

std::expected<std::unique_ptr<TrailQueries>, std::string> TrailQueries::open(const std::string& file, Settings settings,
                                                                             std::atomic<std::uint64_t>& busy,
                                                                             std::atomic<std::uint64_t>& timedOut) {
    std::unique_ptr<TrailQueries> queries(new TrailQueries(settings, busy, timedOut));
    for (std::size_t i = 0; i < settings.threads; ++i) {
        auto reader = TrailReader::open(file);
        if (!reader) return std::unexpected(reader.error());
        (*reader)->setTimeLimit(settings.timeLimit);
        queries->free_.push_back(reader->get());
        queries->readers_.push_back(std::move(*reader));
    }
    return queries;
}

TrailQueries::~TrailQueries() {
    pool_.join(); // running queries end within their time limit
}

TrailReader& TrailQueries::checkOut() {
    std::lock_guard lock(mutex_);
    TrailReader* reader = free_.back(); // a pool thread runs one job at a time: one reader each
    free_.pop_back();
    return *reader;
}

void TrailQueries::checkIn(TrailReader& reader) {
    std::lock_guard lock(mutex_);
    free_.push_back(&reader);
}

asio::awaitable<ApiResponse> TrailQueries::run(Job job) {
    if (inFlight_.fetch_add(1) >= settings_.threads + settings_.queue) {
        inFlight_.fetch_sub(1);
        const std::uint64_t refused = refusedBusy_.fetch_add(1, std::memory_order_relaxed) + 1;
        if ((refused & (refused - 1)) == 0) spdlog::warn("admin: {} trail quer(ies) refused so far: every query thread busy", refused);
        ApiResponse busy = apiError(503, "queries_busy",
                                    fmt::format("{} trail queries are running or waiting already; try again shortly",
                                                settings_.threads + settings_.queue),
                                    "gatehouse-admin");
        busy.fields = "Retry-After: 1\r\n";
        co_return busy;
    }
    // A coroutine function, not a capturing lambda (its parameters live in its frame), and
    // named rather than a temporary inside the co_await, which GCC 12 mishandles.
    asio::awaitable<ApiResponse> work = execute(std::move(job));
    ApiResponse answer = co_await asio::co_spawn(pool_, std::move(work), asio::use_awaitable);
    inFlight_.fetch_sub(1);
    co_return answer;
}

asio::awaitable<ApiResponse> TrailQueries::execute(Job job) {
    TrailReader& reader = checkOut();
    ApiResponse result = job(reader);
    if (reader.interrupted()) {
        timedOut_.fetch_add(1, std::memory_order_relaxed);
        spdlog::warn("admin: a trail query ran over {} ms and was stopped", settings_.timeLimit.count());
        result = apiError(503, "query_timeout",
                          fmt::format("the query ran over {} ms and was stopped; narrow it (a service, a shorter window)",
                                      settings_.timeLimit.count()),
                          "gatehouse-admin");
    }
    checkIn(reader);
    co_return result;
}

} // namespace gatehouse::gateway
