// rate_limit: rack-attack's throttle at the edge. Fixed windows aligned to the epoch,
// keys "rack::attack:<epoch / period>:<name>:<discriminator>", counted in a
// CounterStore (memory here, Redis shared with rack-attack in the Ruby-compat issue).
#include "filters/counter_store.h"
#include "filters/filter_registry.h"
#include "filters/filter_services.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace gatehouse::gateway::filters::builtin {
namespace {

enum class Key { user, token, ip, header };

class RateLimitFilter final : public Filter {
public:
    RateLimitFilter(std::int64_t limit, std::int64_t period, Key by, std::string header, std::string name, std::string prefix,
                    CounterStore& store, bool shared)
        : limit_(limit), period_(period), by_(by), header_(std::move(header)), name_(std::move(name)),
          prefix_(std::move(prefix)), store_(store), shared_(shared) {}

    // With Redis every worker counts through its own connection (the request's context
    // brings it); without, in this process's store.
    bool isAsync() const override { return shared_ || store_.isAsync(); }

    Outcome onRequest(RequestContext& context) const override {
        std::string discriminator;
        if (!this->discriminator(context, discriminator)) return Outcome::skip("nothing to count by");
        const std::int64_t now = nowSeconds();
        return decide(context, store_.incrementNow(key(discriminator, now), ttl(now), now), now);
    }

    boost::asio::awaitable<Outcome> onRequestAsync(RequestContext& context) const override {
        std::string discriminator;
        if (!this->discriminator(context, discriminator)) co_return Outcome::skip("nothing to count by");
        const std::int64_t now = nowSeconds();
        CounterStore& store = shared_ && context.counters ? *context.counters : store_;
        const std::optional<std::int64_t> count = co_await store.increment(key(discriminator, now), ttl(now), now);
        co_return decide(context, count, now);
    }

private:
    static std::int64_t nowSeconds() {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    std::string key(std::string_view discriminator, std::int64_t now) const {
        return fmt::format("{}:{}:{}:{}", prefix_, now / period_, name_, discriminator);
    }
    std::int64_t ttl(std::int64_t now) const { return period_ - (now % period_) + 1; } // rack-attack's expires_in

    bool discriminator(const RequestContext& context, std::string& out) const {
        switch (by_) {
        case Key::ip: out.assign(context.clientIp); break;
        case Key::user:
            if (context.identity) out = context.identity->userId;
            break;
        case Key::token:
            // Only a credential an authenticator accepted: counting any Authorization
            // value would let a client mint a new counter per request.
            if (context.identity && !context.identity->tokenKey.empty()) out = context.identity->tokenKey;
            break;
        case Key::header: out.assign(context.header(header_)); break;
        }
        return !out.empty();
    }

    Outcome decide(RequestContext& context, std::optional<std::int64_t> count, std::int64_t now) const {
        if (!count) return Outcome::fail("not counted (store full or unavailable): let through", std::nullopt); // as rack-attack does
        const std::int64_t remaining = std::max<std::int64_t>(0, limit_ - *count);
        const std::int64_t reset = period_ - (now % period_);
        setRateLimitFields(context, remaining, reset);
        if (*count > limit_) {
            return Outcome::deny(fmt::format("{} > {} per {} s", *count, limit_, period_),
                                 LocalReply{429, "too_many_requests", "API Rate limit exceeded.",
                                            fmt::format("Retry-After: {}\r\n", reset)});
        }
        return Outcome::allow(fmt::format("{} of {}", *count, limit_));
    }

    // RateLimit-* (draft-ietf-httpapi-ratelimit-headers) on every response of the route,
    // local or proxied, instead of the backend's: the most restrictive throttle's (the
    // lowest remaining) when several count the request.
    void setRateLimitFields(RequestContext& context, std::int64_t remaining, std::int64_t reset) const {
        const std::string_view current = context.responseField("RateLimit-Remaining");
        std::int64_t shown = 0;
        const bool moreRestrictive = current.empty() ||
                                     (std::from_chars(current.data(), current.data() + current.size(), shown).ec == std::errc{} &&
                                      remaining < shown);
        if (!moreRestrictive) return;
        context.claimResponseFields("RateLimit-");
        char number[24];
        const auto set = [&](std::string_view name, std::int64_t value) {
            const auto end = std::to_chars(number, number + sizeof number, value).ptr;
            context.setResponseField(name, std::string_view(number, static_cast<std::size_t>(end - number)));
        };
        set("RateLimit-Limit", limit_);
        set("RateLimit-Remaining", remaining);
        set("RateLimit-Reset", reset);
    }

    std::int64_t limit_;
    std::int64_t period_;
    Key by_;
    std::string header_;
    std::string name_;
    std::string prefix_;
    CounterStore& store_;
    bool shared_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> rateLimit(const BuildContext& context) {
    if (!context.env.counters) return std::unexpected("no rate-limit counter store is configured");
    const config::FilterParams& params = context.ref.params;
    const std::string by = paramString(params, "by", "ip");
    Key key = Key::ip;
    std::string header;
    if (by == "user") key = Key::user;
    else if (by == "token") key = Key::token;
    else if (by.starts_with("header:")) {
        key = Key::header;
        header = by.substr(7);
    }
    // Unnamed throttles get a name of their own, stable across reloads.
    std::string name = paramString(params, "name");
    if (name.empty()) name = fmt::format("{}.route{}.{}", context.service.name, context.routeIndex, context.ordinal);
    // A shadow entry counts apart: it must not spend the enforced (or rack-attack's) budget.
    if (context.ref.mode == config::FilterMode::shadow) name += ".shadow";
    return std::make_shared<const RateLimitFilter>(paramInteger(params, "limit", 1), paramInteger(params, "period_seconds", 1),
                                                   key, std::move(header), std::move(name), context.env.rateLimitPrefix,
                                                   *context.env.counters, context.env.sharedCounters);
}

FilterRegistration rateLimitRegistration() {
    FilterRegistration r{"rate_limit", rateLimit, "redis", "rate-limited requests pass uncounted"};
    r.report = [](const FilterServices& services, std::vector<FilterStat>& out) {
        out.push_back({{}, {}, false, "rate_limit.counters", services.counters.size()});
        out.push_back({"gatehouse_rate_limit_store_full_total",
                       "Requests let through uncounted because the in-process counter store was full.", true,
                       "rate_limit.overflows", services.counters.overflows()});
    };
    return r;
}

} // namespace gatehouse::gateway::filters::builtin
