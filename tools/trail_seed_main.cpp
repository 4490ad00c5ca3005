// gatehouse-trail-seed: fills a trail.db with realistic requests, for benchmarks
// (bench/run --prefill) and by hand. Run it while no gateway writes that file.
#include "tools/trail_seed.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>

int main(int argc, char** argv) {
    CLI::App app{"Fills a gatehouse trail.db with realistic requests (benchmarks)."};
    std::string file;
    gatehouse::tools::TrailSeed seed;
    std::int64_t spanSeconds = 3600;
    app.add_option("--file", file, "the trail database (state_dir/trail.db)")->required();
    app.add_option("--rows", seed.rows, "requests to append")->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
    app.add_option("--span-seconds", spanSeconds, "spread over this many seconds up to now")->check(CLI::PositiveNumber);
    app.add_option("--id-prefix", seed.idPrefix, "request ids as PREFIX<n> (default: random hex, as the gateway's)");
    app.add_option("--services", seed.services, "the services, busiest first (default: eight)")->delimiter(',');
    app.add_option("--error-every", seed.errorEvery, "one request in N a 502 from the gateway, one in 4N a 500 (0: none)")
        ->check(CLI::Range(0, 1'000'000));
    CLI11_PARSE(app, argc, argv);
    seed.spanMs = spanSeconds * 1000;
    const auto started = std::chrono::steady_clock::now();
    auto rows = gatehouse::tools::seedTrail(file, seed);
    if (!rows) {
        fmt::print(stderr, "gatehouse-trail-seed: {}\n", rows.error());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("{} requests appended in {:.1f} s ({:.0f}/s); the trail holds {}\n", seed.rows, seconds, seed.rows / seconds, *rows);
    return 0;
}
