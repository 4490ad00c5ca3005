#pragma once

#include "observe/trail_block.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace gatehouse::gateway {

struct TrailSinkSettings {
    std::string url;                             // "http://host:port/path"
    std::size_t batchRecords = 1000;             // requests per POST, at most
    std::chrono::milliseconds flushInterval{1000}; // a smaller batch leaves after this
    std::size_t queueRecords = 100'000;          // held while the receiver is slow or down
    std::chrono::milliseconds timeout{5000};     // connect, send and answer, per POST
};

// Ships the trail to an existing log engine (Vector, Fluent Bit, Loki's push gateway,
// an Elasticsearch ingest pipeline...) as JSON lines, POSTed in batches: what a fleet
// of gateways needs to read one trail. The trail writer hands it every batch it stored
// (never the request path); its own thread sends. Bounded: a receiver that is slow or
// down fills the queue, then records are dropped and counted, never held in memory
// without limit; failed POSTs are retried with backoff (1 s doubling to 30 s).
class TrailSink {
public:
    // `settings.url` must be valid (the config checked it).
    static std::expected<std::unique_ptr<TrailSink>, std::string> open(TrailSinkSettings settings);
    ~TrailSink(); // tries what is queued once more (bounded by the time-out), then stops
    TrailSink(const TrailSink&) = delete;
    TrailSink& operator=(const TrailSink&) = delete;

    // Packed records (trail_block.h) as the writer stored them; copied.
    void offer(std::string_view packed, std::size_t records);
    // Waits (bounded, 5 s) until the queue is empty: tests.
    void flush();

    std::uint64_t sent() const { return sent_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }
    std::uint64_t failures() const { return failures_.load(); }
    std::size_t queued() const;

private:
    TrailSink(TrailSinkSettings settings, std::string hostPort, std::string host, std::string port, std::string path);
    void run();
    // One POST of `body`; false and why when no 2xx answer came.
    std::expected<void, std::string> post(const std::string& body) const;

    TrailSinkSettings settings_;
    std::string hostPort_, host_, port_, path_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable drained_;
    std::string queue_;            // packed records; [offset_, end) not sent yet
    std::size_t offset_ = 0;
    std::size_t queueRecords_ = 0;
    bool sending_ = false;         // a batch taken from the queue is on its way
    bool stopping_ = false;
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint64_t> failures_{0};
    std::thread thread_;
};

// One record as a JSON object on one line (the trail API's fields, without the local
// id), newline included: what the sink sends.
void appendJsonLine(const trail::Packed& record, std::string& out);

} // namespace gatehouse::gateway
