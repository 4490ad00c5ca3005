// How many rows per second the trail writer stores (SQLite, WAL, batched transactions)
// with realistic records (four filter decisions each), and what submit() costs a
// request. Run: build/release/bench/gatehouse_trail_bench (figures in docs/benchmarks.md).
#include "observe/trail.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <unistd.h>

namespace {

using namespace gatehouse;
using namespace gatehouse::gateway;

TrailRecord sampleRecord(int i) {
    TrailRecord r;
    r.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    r.requestId = "2f0c3e9d-77a4-4f2e-9a61-" + std::to_string(100000000000 + i);
    r.method = "GET";
    r.host = "api.example.com";
    r.path = "/v2/droplets/3164494/actions";
    r.service = "droplets";
    r.route = "routes[1].paths[0]";
    r.destination = "10.0.3.17:8080";
    r.status = i % 50 == 0 ? 502 : 200;
    r.termination = i % 50 == 0 ? "upstream_reset" : "completed";
    r.durationUs = 1200 + i % 900;
    r.filtersUs = 3;
    r.connectUs = -1;
    r.ttfbUs = 900;
    r.bytesIn = 412;
    r.bytesOut = 1630;
    r.clientIp = "192.0.2.7";
    r.userId = std::to_string(i % 5000);
    for (const char* name : {"request_id", "sanitize", "rate_limit", "security_headers"}) {
        r.filters.push_back({name, config::FilterMode::enforce, filters::Decision::allow, "kept", 1, true, false, nullptr});
    }
    return r;
}

void BM_TrailRowsPerSecond(benchmark::State& state) {
    const std::string file = (std::filesystem::temp_directory_path() / ("gatehouse-trail-bench-" + std::to_string(::getpid()) + ".db")).string();
    auto writer = *TrailWriter::open(file, {1'000'000, 24, 50'000'000});
    int i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<TrailRecord> records;
        records.reserve(static_cast<std::size_t>(state.range(0)));
        for (int n = 0; n < state.range(0); ++n) records.push_back(sampleRecord(i++));
        state.ResumeTiming();
        for (TrailRecord& record : records) writer->submit(std::move(record));
        writer->flush();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["dropped"] = static_cast<double>(writer->dropped());
    writer.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
}
BENCHMARK(BM_TrailRowsPerSecond)->Arg(20'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TrailSubmit(benchmark::State& state) {
    const std::string file = (std::filesystem::temp_directory_path() / ("gatehouse-trail-submit-" + std::to_string(::getpid()) + ".db")).string();
    auto writer = *TrailWriter::open(file, {10'000'000, 24, 50'000'000});
    const TrailRecord sample = sampleRecord(1);
    for (auto _ : state) {
        TrailRecord record = sample; // the session builds one per request
        writer->submit(std::move(record));
    }
    writer.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
}
BENCHMARK(BM_TrailSubmit);

} // namespace

BENCHMARK_MAIN();
