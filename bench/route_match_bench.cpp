// Route lookup cost as the table grows: 10, 1,000 and 100,000 routes. The index should
// keep lookups nearly flat; the linear scan is shown beside it for scale.
// Run: build/release/bench/gatehouse_route_bench (figures in docs/benchmarks.md).
#include "core/routing/route_table.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

namespace {

using namespace gatehouse;

// A DigitalOcean-like fleet: every service owns a resource collection under /v2 with
// item, action and sub-resource routes; a fifth are host-constrained; some take
// wildcards. Five routes per service.
std::vector<config::ServiceConfig> syntheticFleet(int routes) {
    std::vector<config::ServiceConfig> services;
    const int serviceCount = std::max(1, routes / 5);
    for (int s = 0; s < serviceCount; ++s) {
        config::ServiceConfig service;
        service.name = "svc" + std::to_string(s);
        service.destinations.push_back({"http", "127.0.0.1:9001"});
        const std::string base = "/v2/res" + std::to_string(s);
        std::vector<std::string> hosts;
        if (s % 5 == 0) hosts.push_back("api" + std::to_string(s % 7) + ".example.com");
        auto add = [&](std::vector<std::string> methods, std::string path) {
            if (static_cast<int>(services.size()) * 5 + static_cast<int>(service.routes.size()) >= routes) return;
            service.routes.push_back({hosts, std::move(methods), {std::move(path)}, {}, {}});
        };
        add({"GET", "POST"}, base);
        add({"GET", "PUT", "DELETE"}, base + "/:id");
        add({"POST"}, base + "/:id/actions");
        add({"GET"}, base + "/:id/actions/:action_id");
        add({}, base + "/:id/files/*");
        if (!service.routes.empty()) services.push_back(std::move(service));
    }
    return services;
}

struct Workload {
    std::shared_ptr<const routing::RouteTable> table;
    std::vector<std::string> hosts;
    std::vector<std::string> paths;
    std::vector<std::string> methods;
    std::vector<routing::RouteRequest> requests;
};

// Requests that hit routes across the table (concrete ids), plus 10% misses.
Workload makeWorkload(int routes) {
    Workload w;
    w.table = routing::RouteTable::build(syntheticFleet(routes));
    std::mt19937 rng(42);
    const auto& entries = w.table->entries();
    constexpr int kRequests = 4096;
    for (int i = 0; i < kRequests; ++i) {
        const auto& entry = entries[std::uniform_int_distribution<std::size_t>(0, entries.size() - 1)(rng)];
        std::string path;
        for (const auto& segment : entry.pattern.segments) {
            path += "/";
            if (segment.kind == routing::SegmentKind::literal) path += segment.text;
            else if (segment.kind == routing::SegmentKind::param) path += std::to_string(rng() % 100000);
            else path += "a/b.txt";
        }
        if (i % 10 == 0) path += "/missing/tail";
        w.paths.push_back(path.empty() ? "/" : path);
        w.hosts.push_back(entry.hosts.empty() ? "api.example.com" : entry.hosts.front());
        w.methods.push_back(entry.anyMethod ? "GET" : entry.route().methods.front());
    }
    // Filled in place: the segments view w.paths, which no longer moves.
    w.requests.resize(kRequests);
    for (int i = 0; i < kRequests; ++i) {
        w.requests[i].method = config::requestMethodBit(w.methods[i]);
        w.requests[i].host = routing::normalizeRequestHost(w.hosts[i]);
        routing::splitRequestPath(w.paths[i], w.requests[i].segments);
    }
    return w;
}

// Lookup only: the request is already split (what the gateway does once per request).
void BM_IndexLookup(benchmark::State& state) {
    const Workload w = makeWorkload(static_cast<int>(state.range(0)));
    std::size_t i = 0;
    std::size_t hits = 0;
    for (auto _ : state) {
        const routing::RouteEntry* entry = w.table->find(w.requests[i++ & 4095]);
        hits += entry != nullptr;
        benchmark::DoNotOptimize(entry);
    }
    state.counters["routes"] = static_cast<double>(w.table->entries().size());
    state.counters["hit_ratio"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_IndexLookup)->Arg(10)->Arg(1000)->Arg(100000);

// The whole match: normalise host, split path, look up, capture params.
void BM_Match(benchmark::State& state) {
    const Workload w = makeWorkload(static_cast<int>(state.range(0)));
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & 4095;
        auto match = w.table->match(w.methods[k], w.hosts[k], w.paths[k]);
        benchmark::DoNotOptimize(match);
    }
}
BENCHMARK(BM_Match)->Arg(10)->Arg(1000)->Arg(100000);

// The reference scan, for scale.
void BM_LinearScan(benchmark::State& state) {
    const Workload w = makeWorkload(static_cast<int>(state.range(0)));
    std::size_t i = 0;
    for (auto _ : state) {
        const routing::RouteEntry* entry = w.table->findLinear(w.requests[i++ & 4095]);
        benchmark::DoNotOptimize(entry);
    }
}
BENCHMARK(BM_LinearScan)->Arg(10)->Arg(1000)->Arg(100000);

// Building a table (sort + index), as on every reload.
void BM_BuildTable(benchmark::State& state) {
    const auto services = syntheticFleet(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto table = routing::RouteTable::build(services);
        benchmark::DoNotOptimize(table);
    }
}
BENCHMARK(BM_BuildTable)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
