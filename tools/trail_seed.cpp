#include "tools/trail_seed.h"

#include <fmt/format.h>

#include <chrono>

namespace gatehouse::tools {

namespace {

std::uint64_t mixed(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Service k takes about twice the traffic of service k + 1.
std::size_t serviceOf(std::uint64_t r, std::size_t services) {
    std::size_t k = 0;
    while (k + 1 < services && (r & 1)) {
        ++k;
        r >>= 1;
    }
    return k;
}

} // namespace

gateway::TrailRecord seedRecord(const TrailSeed& seed, std::int64_t i) {
    const std::uint64_t r = mixed(static_cast<std::uint64_t>(i));
    const std::int64_t end = seed.endMs != 0 ? seed.endMs
                                             : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch()).count();
    gateway::TrailRecord t;
    t.timeMs = end - seed.spanMs + (seed.rows > 1 ? seed.spanMs * i / (seed.rows - 1) : seed.spanMs);
    t.requestId = seed.idPrefix.empty() ? fmt::format("{:016x}{:016x}", mixed(r), mixed(r + 1)) : seed.idPrefix + std::to_string(i);
    t.method = r % 5 == 0 ? "POST" : "GET";
    t.host = "api.example.com";
    t.service = seed.services.empty() ? std::string() : seed.services[serviceOf(r >> 8, seed.services.size())];
    t.path = fmt::format("/v2/{}/{}", t.service, (r >> 20) % static_cast<std::uint64_t>(std::max(seed.paths, 1)));
    t.route = fmt::format("routes[{}].paths[0]", (r >> 40) % 3);
    t.destination = fmt::format("10.0.{}.17:8080", (r >> 44) % 4);
    const bool gatewayFailure = seed.errorEvery > 0 && i % seed.errorEvery == 0;
    const bool serviceError = seed.errorEvery > 0 && i % (seed.errorEvery * 4) == 1;
    t.status = gatewayFailure ? 502 : serviceError ? 500 : (r >> 12) % 10 == 0 ? 201 : 200;
    t.termination = gatewayFailure ? "upstream_reset" : "completed";
    t.durationUs = 400 + static_cast<std::int64_t>((r >> 24) % 4000) + (r % 97 == 0 ? 250'000 : 0);
    t.filtersUs = 3 + static_cast<std::int64_t>((r >> 50) % 10);
    t.connectUs = r % 31 == 0 ? 150 : -1;
    t.ttfbUs = gatewayFailure ? -1 : t.durationUs - 100;
    t.bytesIn = 300 + (r >> 30) % 400;
    t.bytesOut = gatewayFailure ? 120 : 800 + (r >> 34) % 16000;
    t.clientIp = fmt::format("198.51.{}.{}", ((r >> 36) % static_cast<std::uint64_t>(std::max(seed.clients, 1))) / 250,
                             ((r >> 36) % static_cast<std::uint64_t>(std::max(seed.clients, 1))) % 250);
    if (r % 3 != 0) t.userId = std::to_string((r >> 16) % static_cast<std::uint64_t>(std::max(seed.users, 1)));
    t.filters.push_back({"request_id", config::FilterMode::enforce, gateway::filters::Decision::allow, "generated", 1, true, false, nullptr});
    t.filters.push_back({"sanitize", config::FilterMode::enforce, gateway::filters::Decision::allow, "", 2, true, false, nullptr});
    if (!t.userId.empty()) {
        t.filters.push_back({"oauth_token", config::FilterMode::enforce, gateway::filters::Decision::allow, "token valid (cached)", 4, false, false, nullptr});
    }
    t.filters.push_back({"security_headers", config::FilterMode::enforce, gateway::filters::Decision::allow, "", 1, true, false, nullptr});
    return t;
}

std::expected<std::int64_t, std::string> seedTrail(const std::string& file, const TrailSeed& seed, gateway::TrailSettings settings) {
    settings.maxRows = std::max<std::int64_t>(settings.maxRows, seed.rows);
    settings.maxAgeHours = std::max<std::int64_t>(settings.maxAgeHours, seed.spanMs / 3'600'000 + 2);
    auto writer = gateway::TrailWriter::open(file, settings);
    if (!writer) return std::unexpected(writer.error());
    TrailSeed fixed = seed;
    if (fixed.endMs == 0) {
        fixed.endMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    const auto step = static_cast<std::int64_t>(std::max<std::size_t>(settings.queueCapacity / 2, 1));
    for (std::int64_t i = 0; i < fixed.rows; ++i) {
        (*writer)->submit(seedRecord(fixed, i));
        if ((i + 1) % step == 0) (*writer)->flush(); // the queue is bounded: let the writer catch up
    }
    (*writer)->flush();
    return (*writer)->rows();
}

} // namespace gatehouse::tools
