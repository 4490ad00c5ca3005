// The trail's cost and its drill-down speed as the store grows.
// - BM_TrailWriter/<rows already stored>: rows per second the writer stores, and CPU
//   per row (every thread of the process: the writer's and the submitting thread's),
//   on a trail already holding 0, 1 M or 5 M requests (at 5 M, retention drops blocks
//   as it writes: the steady state of a full trail).
// - BM_TrailSubmit: what submit() costs a request (packing it into the queue).
// - BM_Trail{ServicePage,RequestId,ServiceSummary}: the drill-down's three queries on a
//   trail of 5 M requests spread over the last hour; p95 of 20 runs.
// Run: build/release/bench/gatehouse_trail_bench (figures in docs/benchmarks.md).
// GATEHOUSE_TRAIL_BENCH_DIR keeps the seeded trails between runs (seeding 5 M takes a while).
#include "admin/trail_json.h"
#include "observe/trail.h"
#include "tools/trail_seed.h"

#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <unistd.h>

namespace {

using namespace gatehouse;
using namespace gatehouse::gateway;
namespace fs = std::filesystem;

constexpr std::int64_t kMaxRows = 5'000'000;

fs::path benchDir() {
    static const fs::path dir = [] {
        const char* kept = std::getenv("GATEHOUSE_TRAIL_BENCH_DIR");
        fs::path d = kept ? fs::path(kept) : fs::temp_directory_path() / ("gatehouse-trail-bench-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// A trail holding `rows` requests spread over the last hour (seeded once per file).
std::string seededTrail(std::int64_t rows, const std::string& name) {
    const fs::path file = benchDir() / (name + "-" + std::to_string(rows) + ".db");
    if (rows > 0 && !fs::exists(file)) {
        tools::TrailSeed seed;
        seed.rows = rows;
        auto seeded = tools::seedTrail(file.string(), seed);
        if (!seeded) std::abort();
    }
    return file.string();
}

void removeTrail(const std::string& file) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file + suffix);
}

void BM_TrailWriter(benchmark::State& state) {
    const std::int64_t prefill = state.range(0);
    // A private copy: the run appends and retains.
    const std::string source = seededTrail(prefill, "writer-source");
    const std::string file = (benchDir() / ("writer-run-" + std::to_string(prefill) + ".db")).string();
    removeTrail(file);
    if (prefill > 0) fs::copy_file(source, file);
    TrailSettings settings;
    settings.maxRows = kMaxRows;
    settings.queueCapacity = 1'000'000;
    auto writer = *TrailWriter::open(file, settings);
    tools::TrailSeed seed;
    seed.rows = 1'000'000'000;
    std::int64_t i = prefill;
    constexpr int kBatch = 20'000;
    // Made beforehand and submitted again each time: nothing but the trail runs while measured.
    std::vector<TrailRecord> records(kBatch);
    for (TrailRecord& record : records) record = tools::seedRecord(seed, i++);
    for (auto _ : state) {
        for (const TrailRecord& record : records) writer->submit(record);
        writer->flush();
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    state.counters["dropped"] = static_cast<double>(writer->dropped());
    state.counters["rows_after"] = static_cast<double>(writer->rows());
    state.counters["cpu_us_per_row"] =
        benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    writer.reset();
    removeTrail(file);
}
BENCHMARK(BM_TrailWriter)->Arg(0)->Arg(1'000'000)->Arg(5'000'000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_TrailSubmit(benchmark::State& state) {
    const std::string file = (benchDir() / "submit.db").string();
    auto writer = *TrailWriter::open(file, {});
    tools::TrailSeed seed;
    const TrailRecord sample = tools::seedRecord(seed, 1);
    const TrailEntry entry = sample.entry(); // the session hands over views of its own fields
    std::int64_t n = 0;
    for (auto _ : state) {
        writer->submit(entry);
        if (++n % 4096 == 0) { // as at line rate: the writer keeps up and the queue's buffer is reused
            state.PauseTiming();
            writer->flush();
            state.ResumeTiming();
        }
    }
    state.counters["dropped"] = static_cast<double>(writer->dropped());
    writer.reset();
    removeTrail(file);
}
BENCHMARK(BM_TrailSubmit);

// The drill-down on 5 M requests, through the same reader the admin API uses.
struct Drilldown {
    std::unique_ptr<TrailReader> reader;
    std::string requestId; // one from the middle of the trail
    std::int64_t nowMs = 0;
    static Drilldown& get() {
        static Drilldown d = [] {
            Drilldown out;
            const std::string file = seededTrail(kMaxRows, "drilldown");
            out.reader = std::move(*TrailReader::open(file));
            tools::TrailSeed seed;
            seed.rows = kMaxRows;
            seed.endMs = 1; // ids do not depend on the time
            out.requestId = tools::seedRecord(seed, kMaxRows / 2).requestId;
            TrailReader::Query newest;
            newest.limit = 1; // "now" is the newest request's time (a kept trail may be older)
            out.nowMs = boost::json::parse(trailPageJson(out.reader->list(newest))).at("records").at(0).at("time_ms").as_int64();
            return out;
        }();
        return d;
    }
};

double p95(const std::vector<double>& runs) {
    std::vector<double> sorted = runs;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<std::size_t>(0.95 * static_cast<double>(sorted.size() - 1) + 0.5)];
}

// A service's last hour, newest first, one page (the console's first request).
void BM_TrailServicePage(benchmark::State& state) {
    Drilldown& d = Drilldown::get();
    TrailReader::Query query;
    query.service = state.range(0) == 0 ? "accounts" : "networks"; // the busiest, the quietest
    query.fromMs = d.nowMs - 3'600'000;
    query.limit = 100;
    for (auto _ : state) {
        const std::string page = trailPageJson(d.reader->list(query)); // as the API answers
        benchmark::DoNotOptimize(page.data());
    }
}
BENCHMARK(BM_TrailServicePage)->Arg(0)->Arg(1)->Iterations(1)->Repetitions(20)->ComputeStatistics("p95", p95)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TrailRequestId(benchmark::State& state) {
    Drilldown& d = Drilldown::get();
    const std::string wanted = state.range(0) == 0 ? d.requestId : "ffffffffffffffffffffffffffffffff";
    for (auto _ : state) {
        auto row = d.reader->byRequestId(wanted);
        if (state.range(0) == 0 && !row) state.SkipWithError("the request id was not found");
        benchmark::DoNotOptimize(row);
    }
}
BENCHMARK(BM_TrailRequestId)->Arg(0)->Arg(1)->Iterations(1)->Repetitions(20)->ComputeStatistics("p95", p95)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->UseRealTime();

// A service over the last hour: the busiest (about half the trail), the quietest, and
// every service (the whole trail).
void BM_TrailServiceSummary(benchmark::State& state) {
    Drilldown& d = Drilldown::get();
    const std::string service = state.range(0) == 0 ? "accounts" : state.range(0) == 1 ? "networks" : "";
    std::int64_t total = 0;
    for (auto _ : state) {
        const std::string summary = trailSummaryJson(d.reader->summary(service, d.nowMs - 3'600'000, std::nullopt));
        total = boost::json::parse(summary).at("total").as_int64();
    }
    state.counters["requests"] = static_cast<double>(total);
}
BENCHMARK(BM_TrailServiceSummary)->Arg(0)->Arg(1)->Arg(2)->Iterations(1)->Repetitions(20)->ComputeStatistics("p95", p95)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (!std::getenv("GATEHOUSE_TRAIL_BENCH_DIR")) fs::remove_all(benchDir());
    return 0;
}
