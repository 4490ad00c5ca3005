#include "observe/service_series.h"

#include <boost/json.hpp>

namespace gatehouse::gateway {
namespace json = boost::json;

GatewayFailure gatewayFailureOf(std::string_view termination) {
    if (termination == "upstream_timeout") return GatewayFailure::upstreamTimeout;
    if (termination == "no_healthy_upstream") return GatewayFailure::noHealthyUpstream;
    if (termination.starts_with("upstream_")) return GatewayFailure::upstreamError;
    return GatewayFailure::none;
}

SeriesRing::SeriesRing(std::size_t slots, std::int64_t slotSeconds) : slots_(slots), slotSeconds_(slotSeconds) {}

void SeriesRing::add(std::int64_t nowSeconds, int status, GatewayFailure failure, std::int64_t durationUs, bool fromService) {
    const std::int64_t period = nowSeconds / slotSeconds_;
    Slot& slot = slots_[static_cast<std::size_t>(period) % slots_.size()];
    std::int64_t seen = slot.period.load(std::memory_order_acquire);
    if (seen != period && slot.period.compare_exchange_strong(seen, period, std::memory_order_acq_rel)) {
        // This writer recycles the slot. A request another worker adds while it is being
        // cleared may be lost: a count in a dashboard, not an account.
        for (auto& count : slot.counts) count.store(0, std::memory_order_relaxed);
        for (auto& bucket : slot.latency) bucket.store(0, std::memory_order_relaxed);
    }
    auto bump = [&](Count c) { slot.counts[c].fetch_add(1, std::memory_order_relaxed); };
    bump(requests);
    if (status >= 200 && status < 600) bump(static_cast<Count>(s2xx + (status / 100 - 2)));
    if (status >= 500 && status < 600 && fromService && failure == GatewayFailure::none) bump(service5xx);
    if (failure != GatewayFailure::none) {
        bump(failures);
        bump(failure == GatewayFailure::upstreamTimeout ? failuresTimeout
             : failure == GatewayFailure::upstreamError ? failuresError
                                                          : failuresNoHealthy);
    }
    std::size_t bucket = 0;
    while (bucket < kLatencyBoundsMs.size() && durationUs > kLatencyBoundsMs[bucket] * 1000) ++bucket;
    slot.latency[bucket].fetch_add(1, std::memory_order_relaxed);
}

json::array SeriesRing::points(std::int64_t nowSeconds) const {
    const std::int64_t newest = nowSeconds / slotSeconds_;
    const auto n = static_cast<std::int64_t>(slots_.size());
    json::array out;
    for (std::int64_t period = newest - n + 1; period <= newest; ++period) {
        const Slot& slot = slots_[static_cast<std::size_t>(period) % slots_.size()];
        const bool live = slot.period.load(std::memory_order_acquire) == period;
        auto count = [&](Count c) -> std::uint64_t { return live ? slot.counts[c].load(std::memory_order_relaxed) : 0; };
        Totals bucket;
        for (std::size_t b = 0; b < bucket.latency.size(); ++b) bucket.latency[b] = live ? slot.latency[b].load(std::memory_order_relaxed) : 0;
        auto percentile = [&](double q) -> json::value {
            const auto ms = bucket.percentileMs(q);
            return ms ? json::value(*ms) : json::value(nullptr);
        };
        out.push_back(json::object{{"t", period * slotSeconds_},
                                   {"requests", count(requests)},
                                   {"status_2xx", count(s2xx)},
                                   {"status_3xx", count(s3xx)},
                                   {"status_4xx", count(s4xx)},
                                   {"status_5xx", count(s5xx)},
                                   {"service_5xx", count(service5xx)},
                                   {"gateway_failures", count(failures)},
                                   {"failures_timeout", count(failuresTimeout)},
                                   {"failures_upstream_error", count(failuresError)},
                                   {"failures_no_healthy", count(failuresNoHealthy)},
                                   {"p50_ms", percentile(0.50)},
                                   {"p95_ms", percentile(0.95)},
                                   {"p99_ms", percentile(0.99)}});
        // The histogram too, where there is one: series from several gateways merge by it.
        if (count(requests) > 0) out.back().as_object()["latency_counts"] = json::array(bucket.latency.begin(), bucket.latency.end());
    }
    return out;
}

SeriesRing::Totals SeriesRing::totals(std::int64_t nowSeconds, std::int64_t seconds) const {
    Totals out;
    const std::int64_t newest = nowSeconds / slotSeconds_;
    const std::int64_t count = std::min<std::int64_t>(static_cast<std::int64_t>(slots_.size()), std::max<std::int64_t>(1, seconds / slotSeconds_));
    for (std::int64_t period = newest - count + 1; period <= newest; ++period) {
        const Slot& slot = slots_[static_cast<std::size_t>(period) % slots_.size()];
        if (slot.period.load(std::memory_order_acquire) != period) continue;
        out.requests += slot.counts[requests].load(std::memory_order_relaxed);
        out.status5xx += slot.counts[s5xx].load(std::memory_order_relaxed);
        out.service5xx += slot.counts[service5xx].load(std::memory_order_relaxed);
        out.gatewayFailures += slot.counts[failures].load(std::memory_order_relaxed);
        for (std::size_t b = 0; b < out.latency.size(); ++b) out.latency[b] += slot.latency[b].load(std::memory_order_relaxed);
    }
    return out;
}

SeriesRing::Recent SeriesRing::recent(std::int64_t nowSeconds, std::size_t count) const {
    Recent out;
    count = std::min(count, slots_.size());
    out.requests.reserve(count);
    out.errors.reserve(count);
    const std::int64_t newest = nowSeconds / slotSeconds_;
    for (std::int64_t period = newest - static_cast<std::int64_t>(count) + 1; period <= newest; ++period) {
        const Slot& slot = slots_[static_cast<std::size_t>(period) % slots_.size()];
        const bool live = slot.period.load(std::memory_order_acquire) == period;
        auto read = [&](Count c) -> std::uint32_t { return live ? slot.counts[c].load(std::memory_order_relaxed) : 0; };
        out.requests.push_back(read(requests));
        out.errors.push_back(read(service5xx) + read(failures));
    }
    return out;
}

std::optional<std::int64_t> SeriesRing::Totals::percentileMs(double q) const {
    std::uint64_t total = 0;
    for (std::uint64_t n : latency) total += n;
    if (total == 0) return std::nullopt;
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < latency.size(); ++b) {
        cumulative += latency[b];
        if (static_cast<double>(cumulative) >= q * static_cast<double>(total)) {
            return b < kLatencyBoundsMs.size() ? kLatencyBoundsMs[b] : kLatencyBoundsMs.back();
        }
    }
    return kLatencyBoundsMs.back();
}

ServiceSeries& SeriesStore::get(const std::string& service) {
    std::lock_guard lock(mutex_);
    auto& slot = series_[service];
    if (!slot) slot = std::make_unique<ServiceSeries>();
    return *slot;
}

const ServiceSeries* SeriesStore::find(const std::string& service) const {
    std::lock_guard lock(mutex_);
    auto it = series_.find(service);
    return it == series_.end() ? nullptr : it->second.get();
}

} // namespace gatehouse::gateway
