#pragma once

#include <boost/json/value.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// Per-service time series for the console, kept in memory (no Prometheus needed on one
// machine): 10-second buckets for the last hour, 1-minute buckets for the last 24 hours.
// Each bucket counts requests by status class and gateway failures, and keeps a
// latency histogram (mergeable; percentiles are read from it). Lock-free: workers add
// with relaxed atomics; a bucket is recycled by the first writer of its new period.
// Why the gateway answered instead of the service (502/503/504); `none` for everything
// else, including the gateway's own 4xx refusals (a filter, a bad request).
enum class GatewayFailure : unsigned char { none, upstreamTimeout, upstreamError, noHealthyUpstream };
// From a trail termination cause: upstream_timeout; upstream_connect_failed,
// upstream_reset, upstream_protocol_error; no_healthy_upstream.
GatewayFailure gatewayFailureOf(std::string_view termination);

class SeriesRing {
public:
    static constexpr std::array<std::int64_t, 15> kLatencyBoundsMs = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000};

    SeriesRing(std::size_t slots, std::int64_t slotSeconds);
    // `fromService`: the status is the service's own answer (a response head came from
    // upstream), not one the gateway made itself.
    void add(std::int64_t nowSeconds, int status, GatewayFailure failure, std::int64_t durationUs, bool fromService);
    // Oldest to newest: {"t", "requests", "status_2xx".."status_5xx" (as the clients saw
    // them), "service_5xx" (5xx the service itself answered), "gateway_failures",
    // "failures_timeout", "failures_upstream_error", "failures_no_healthy", "p50_ms", "p95_ms", "p99_ms"} (percentiles null without requests; a histogram
    // bucket's upper bound, 60000 for the open one), and "latency_counts" (the bucket's
    // histogram over kLatencyBoundsMs and one open bucket) when it has requests.
    boost::json::array points(std::int64_t nowSeconds) const;
    std::int64_t slotSeconds() const { return slotSeconds_; }

    // The last `seconds` merged: counts and one histogram (histograms add up).
    struct Totals {
        std::uint64_t requests = 0;
        std::uint64_t status5xx = 0;   // every 5xx the clients received
        std::uint64_t service5xx = 0;  // of those, the ones the service answered itself
        std::uint64_t gatewayFailures = 0;
        std::array<std::uint64_t, kLatencyBoundsMs.size() + 1> latency{};
        std::optional<std::int64_t> percentileMs(double q) const; // nothing without requests
    };
    Totals totals(std::int64_t nowSeconds, std::int64_t seconds) const;

    // The newest `count` buckets, oldest first, for sparklines: requests, and errors (the
    // service's own 5xx plus the gateway's failures).
    struct Recent {
        std::vector<std::uint32_t> requests;
        std::vector<std::uint32_t> errors;
    };
    Recent recent(std::int64_t nowSeconds, std::size_t count) const;

private:
    enum Count { requests, s2xx, s3xx, s4xx, s5xx, service5xx, failures, failuresTimeout, failuresError, failuresNoHealthy, kCounts };
    struct Slot {
        std::atomic<std::int64_t> period{-1};
        std::array<std::atomic<std::uint32_t>, kCounts> counts{};
        std::array<std::atomic<std::uint32_t>, kLatencyBoundsMs.size() + 1> latency{};
    };
    std::vector<Slot> slots_;
    std::int64_t slotSeconds_;
};

struct ServiceSeries {
    SeriesRing hour{360, 10};
    SeriesRing day{1440, 60};
    void add(std::int64_t nowSeconds, int status, GatewayFailure failure, std::int64_t durationUs, bool fromService) {
        hour.add(nowSeconds, status, failure, durationUs, fromService);
        day.add(nowSeconds, status, failure, durationUs, fromService);
    }
};

// Series by service name, created on a service's first request and kept (services are
// few; ~130 KB each).
class SeriesStore {
public:
    ServiceSeries& get(const std::string& service);
    const ServiceSeries* find(const std::string& service) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<ServiceSeries>, std::less<>> series_;
};

} // namespace gatehouse::gateway
