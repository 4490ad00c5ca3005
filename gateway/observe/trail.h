#pragma once

#include "filters/filter.h"

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace gatehouse::gateway {

// One request as the trail stores it: every request the gateway read a head for,
// whether it reached a backend or not (docs/trail.md).
struct TrailRecord {
    std::int64_t timeMs = 0;       // when its head was read, epoch milliseconds
    std::string requestId;
    std::string method;
    std::string host;
    std::string path;              // without the query string
    std::string service;           // empty: no route
    std::string route;             // "routes[0].paths[1]"
    std::string destination;       // host:port, when one was tried
    int status = 0;                // 0: no answer was sent (the client left)
    std::string termination;       // terminationName()
    std::int64_t durationUs = 0;
    std::int64_t filtersUs = 0;    // before filters, summed
    std::int64_t connectUs = -1;   // upstream connect; -1: none (reused or no upstream)
    std::int64_t ttfbUs = -1;      // request sent → response head; -1: no response head
    std::uint64_t bytesIn = 0;     // head + body from the client
    std::uint64_t bytesOut = 0;    // to the client
    std::string clientIp;
    std::string userId;
    std::vector<filters::FilterRecord> filters;
};

// The admin API's trail queries (admin/trail_queries.h): threads, how many may wait,
// and how long one may run.
struct TrailQuerySettings {
    std::size_t threads = 2;
    std::size_t queue = 8;
    std::chrono::milliseconds timeLimit{10'000};
};

struct TrailSettings {
    std::size_t queueCapacity = 100'000;
    std::int64_t maxAgeHours = 24 * 7;
    std::int64_t maxRows = 5'000'000;
    std::optional<unsigned> group; // trail.db readable by this group too (0640); else 0600
};

// Writes the trail off the request path: submit() moves a record into a bounded queue
// (a short lock, never disk); a writer thread stores batches in one transaction each.
// A full queue drops the record and counts it: a request is never held up by the trail.
class TrailWriter {
public:
    static std::expected<std::unique_ptr<TrailWriter>, std::string> open(const std::string& file, TrailSettings settings);
    ~TrailWriter(); // flushes what is queued, then stops
    TrailWriter(const TrailWriter&) = delete;
    TrailWriter& operator=(const TrailWriter&) = delete;

    bool submit(TrailRecord record);
    void flush(); // waits (bounded, 5 s) until everything submitted so far is stored: tests, drains

    std::uint64_t written() const { return written_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }
    std::size_t queued() const;
    // One retention pass (the writer runs one every 10 s): rows past max_age_hours or
    // beyond max_rows go, at most 20,000 of each per pass. Thread-safe.
    void applyRetention();

private:
    TrailWriter(sqlite3* db, TrailSettings settings);
    void run();
    void store(std::vector<TrailRecord>& batch);

    sqlite3* db_;
    std::mutex dbMutex_; // the writer thread and applyRetention() callers
    TrailSettings settings_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable stored_;
    std::vector<TrailRecord> queue_;
    std::uint64_t submitted_ = 0; // under mutex_
    std::uint64_t done_ = 0;      // under mutex_: stored or dropped
    bool stopping_ = false;
    bool flushWanted_ = false;
    static constexpr std::size_t kBatchWakeUp = 4096;
    std::atomic<std::uint64_t> written_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::thread thread_;
};

// Reads the trail for the admin API (its own connection: WAL lets it read while the
// writer writes).
class TrailReader {
public:
    static std::expected<std::unique_ptr<TrailReader>, std::string> open(const std::string& file);
    ~TrailReader();

    // Each query stops (SQLite's progress handler) once it has run this long; 0: never.
    void setTimeLimit(std::chrono::milliseconds limit) { timeLimit_ = limit; }
    // The last query ran out of time and its answer is incomplete.
    bool interrupted() const { return interrupted_; }

    struct Query {
        std::string service, route, termination, user;
        std::optional<int> status;
        std::optional<int> statusClass; // 2..5
        std::optional<std::int64_t> fromMs, toMs;
        std::size_t limit = 100;
        std::optional<std::int64_t> cursor; // rows older than this one
    };
    // Newest first; JSON text of {"records": [...], "next_cursor": id|null}.
    std::string list(const Query& query) const;
    std::optional<std::string> byRequestId(const std::string& requestId) const; // JSON, or nothing
    // `statusClass` 1-5 narrows to one status class (as the list does).
    std::string summary(const std::string& service, std::optional<std::int64_t> fromMs, std::optional<std::int64_t> toMs,
                        std::optional<int> statusClass = std::nullopt) const;

private:
    explicit TrailReader(sqlite3* db) : db_(db) {}
    class Clock; // arms the time limit for one query
    sqlite3* db_;
    mutable std::mutex mutex_;
    std::chrono::milliseconds timeLimit_{0};
    mutable bool interrupted_ = false;
};

} // namespace gatehouse::gateway
