#pragma once

#include "observe/trail_block.h"
#include "observe/trail_record.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace gatehouse::gateway {

class SqliteStatement;
class TrailSink;

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
    std::size_t blockRecords = 4096;              // requests per stored block, at most
    std::chrono::milliseconds batchInterval{100}; // what gathered is stored after this, at most
    std::chrono::milliseconds blockAge{10'000};   // a block not full by then is closed
    std::size_t queueBytes = 64u << 20;      // the queue's bound in bytes, beside its count
    TrailSink* sink = nullptr;                // also ships every stored batch there (outlives the writer)
};

// Writes the trail off the request path. submit() packs the request into a bounded
// queue (one buffer: a short lock and a copy, never disk, no allocation per field); a
// writer thread, every batch interval (or as soon as a block's worth is queued), adds
// what gathered to blocks of requests stored column by column (trail_block.h), one row
// per block, each batch in one transaction. The newest block stays open, stored again
// as it grows, until it is full or block_age old. Retention drops whole blocks, oldest
// first. A full queue drops the record and counts it: a request is never held up.
class TrailWriter {
public:
    static std::expected<std::unique_ptr<TrailWriter>, std::string> open(const std::string& file, TrailSettings settings);
    ~TrailWriter(); // flushes what is queued, then stops
    TrailWriter(const TrailWriter&) = delete;
    TrailWriter& operator=(const TrailWriter&) = delete;

    bool submit(const TrailEntry& entry);
    bool submit(const TrailRecord& record) { return submit(record.entry()); }
    void flush(); // waits (bounded, 5 s) until everything submitted so far is stored: tests, drains

    std::uint64_t written() const { return written_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }
    std::size_t queued() const;
    std::int64_t rows() const { return rows_.load(); } // stored now, after retention
    // One retention pass (the writer runs one after every batch, by age every 10 s):
    // whole blocks go, oldest first, while more than max_rows are stored or when all
    // their requests are older than max_age_hours. Thread-safe.
    void applyRetention();

private:
    TrailWriter(sqlite3* db, TrailSettings settings);
    void run();
    void store(std::string_view batch, std::size_t records);
    bool writeOpenBlock(bool closing);
    void closeOpenBlock();
    void retainByCount();
    void retainByAge();
    void dropOldest(const std::function<bool(std::int64_t, std::int64_t)>& goes);

    sqlite3* db_;
    std::mutex dbMutex_; // the writer thread and applyRetention() callers
    TrailSettings settings_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable stored_;
    std::string queue_;             // packed records (trail_block.h)
    std::size_t queueRecords_ = 0;  // under mutex_
    std::uint64_t submitted_ = 0;   // under mutex_
    std::uint64_t done_ = 0;        // under mutex_: stored or dropped
    bool stopping_ = false;
    bool flushWanted_ = false;
    // The writer thread's (and applyRetention's, under dbMutex_).
    std::unique_ptr<SqliteStatement> insert_;
    trail::BlockBuilder builder_;   // the open block: stored, and stored again as it grows
    std::int64_t openId_ = 1;       // the open block's id (its first request's)
    std::optional<std::chrono::steady_clock::time_point> openedAt_;
    std::int64_t untilMs_ = 0;      // no stored request ended after this
    std::atomic<std::int64_t> rows_{0};
    std::atomic<std::uint64_t> written_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::thread thread_;
};

// Reads the trail for the admin API (its own connection: WAL lets it read while the
// writer writes).
// One request read back from the trail, with its row id (the list's cursor).
struct TrailRow {
    struct StoredDecision {
        std::string name;
        config::FilterMode mode = config::FilterMode::enforce;
        filters::Decision decision = filters::Decision::allow;
        std::string reason;
        std::uint32_t micros = 0;
        bool isDefault = false;
        bool mismatch = false;
    };
    std::int64_t id = 0;
    TrailRecord record; // `filters` stays empty: the decisions are below
    std::vector<StoredDecision> decisions;
};

// A page of the list, newest first; `nextCursor` continues it.
struct TrailPage {
    std::vector<TrailRow> records;
    std::optional<std::int64_t> nextCursor;
};

// A summary: counts of every request in the window.
struct TrailSummary {
    struct Count {
        std::string key;
        std::int64_t count = 0;
    };
    std::int64_t total = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> byStatus; // (status, count), most first
    std::vector<Count> byTermination, byRoute, topUsers, topClients; // most first, then by key
    std::array<std::int64_t, trail::kLatencyBuckets> latency{}; // buckets of trail::kLatencyBoundsMs, the last unbounded
};

// The trail's query side: rows, pages and summaries (the admin API writes them as JSON).
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
    TrailPage list(const Query& query) const;
    std::optional<TrailRow> byRequestId(const std::string& requestId) const;
    // `statusClass` 1-5 narrows to one status class (as the list does).
    TrailSummary summary(const std::string& service, std::optional<std::int64_t> fromMs, std::optional<std::int64_t> toMs,
                        std::optional<int> statusClass = std::nullopt) const;

private:
    explicit TrailReader(sqlite3* db) : db_(db) {}
    class Clock; // arms the time limit for one query
    bool outOfTime() const;
    sqlite3* db_;
    mutable std::mutex mutex_;
    std::chrono::milliseconds timeLimit_{0};
    mutable bool interrupted_ = false;
    mutable std::chrono::steady_clock::time_point deadline_{};
};

} // namespace gatehouse::gateway
