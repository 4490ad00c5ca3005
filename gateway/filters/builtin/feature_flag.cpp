// feature_flag: routes only for actors with a Flipper feature enabled. Flags come from
// the FlagStore, refreshed in the background: a request never waits for the flag
// service.
#include "filters/filter_registry.h"
#include "filters/filter_services.h"
#include "filters/flipper_flags.h"
#include "core/routing/route_table.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <random>
#include <set>

namespace gatehouse::gateway::filters::builtin {
namespace {

class FeatureFlagFilter final : public Filter {
public:
    FeatureFlagFilter(std::string flag, int onDisabled, std::string actorPrefix, const FlagStore& store)
        : flag_(std::move(flag)), onDisabled_(onDisabled), actorPrefix_(std::move(actorPrefix)), store_(store) {}

    Outcome onRequest(RequestContext& context) const override {
        const std::shared_ptr<const FlagSet> flags = store_.current();
        if (!flags) return Outcome::fail("flag service not reached yet: treated as disabled", disabledReply(context));
        auto it = flags->features.find(flag_);
        if (it == flags->features.end()) return Outcome::deny("unknown flag: disabled", disabledReply(context));
        thread_local std::mt19937_64 rng{std::random_device{}()};
        const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        std::string flipperId;
        if (context.identity) flipperId = actorPrefix_ + context.identity->userId;
        const std::optional<std::string_view> actor = context.identity ? std::optional<std::string_view>(flipperId) : std::nullopt;
        if (flipperEnabled(it->second, flag_, actor, random01)) return Outcome::allow("enabled");
        return Outcome::deny(actor ? fmt::format("disabled for {}", flipperId) : std::string("disabled (no actor)"),
                             disabledReply(context));
    }

private:
    LocalReply disabledReply(const RequestContext& context) const {
        // A 404 reads like the gateway's own "no route" answer: a hidden feature stays hidden.
        if (onDisabled_ == 404) {
            return {404, "not_found", fmt::format("no route for {} {}{}", context.method, context.host, context.path), {}};
        }
        return {403, "forbidden", "this feature is not enabled for you", {}};
    }

    std::string flag_;
    int onDisabled_;
    std::string actorPrefix_;
    const FlagStore& store_;
};

// The flag keys every route in use asks about.
std::set<std::string> flagKeys(const routing::RouteTable* table) {
    std::set<std::string> keys;
    if (!table) return keys;
    for (const config::ServiceConfig& service : table->services()) {
        for (const config::Route& route : service.routes) {
            for (const config::FilterRef& ref : route.beforeFilters) {
                if (ref.name == "feature_flag") keys.insert(paramString(ref.params, "flag"));
            }
        }
    }
    return keys;
}

// Flags are fetched in the background (ETag: an unchanged set costs a 304) and swapped
// whole; requests only read the last good set. Failures count as the flags glue
// service's and are logged once per outage.
boost::asio::awaitable<void> pollFlags(BackgroundContext background) {
    FilterServices& services = background.services;
    const GlueEndpoint& endpoint = *services.env.flags;
    GlueHealth& health = services.glue.at("flags");
    std::string etag;
    std::string etagTarget; // an ETag answers one question: a new key set asks another
    boost::asio::steady_timer timer(background.executor);
    const auto interval = services.flagPollInterval;
    std::string base = endpoint.path;
    while (!base.empty() && base.back() == '/') base.pop_back();
    while (!background.stopping()) {
        const std::shared_ptr<const routing::RouteTable> table = background.routes();
        const std::set<std::string> keys = flagKeys(table.get());
        if (!keys.empty()) {
            const std::string target = fmt::format("{}/features?keys={}", base, fmt::join(keys, ","));
            if (target != etagTarget) etag.clear();
            const std::string fields = etag.empty() ? "Accept: application/json\r\n"
                                                    : fmt::format("Accept: application/json\r\nIf-None-Match: {}\r\n", etag);
            auto response = co_await background.glue.call(endpoint, "GET", target, fields, {});
            std::string failure;
            if (!response) {
                failure = response.error();
            } else if (response->status == 200) {
                auto parsed = parseFlipperFeatures(response->body);
                if (parsed) {
                    services.flagStore.replace(std::make_shared<const FlagSet>(std::move(*parsed)));
                    etag = response->etag;
                    etagTarget = target;
                } else {
                    failure = fmt::format("{}: {}", endpoint.url, parsed.error());
                }
            } else if (response->status != 304) {
                failure = fmt::format("{} answered HTTP {}", endpoint.url, response->status);
            }
            if (failure.empty()) health.answered();
            else health.failed(failure);
        }
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) co_return;
    }
}

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> featureFlag(const BuildContext& context) {
    if (!context.env.flags || !context.env.flagStore) return std::unexpected("feature_flag needs glue.flags (a Flipper API URL)");
    return std::make_shared<const FeatureFlagFilter>(paramString(context.ref.params, "flag"),
                                                     static_cast<int>(paramInteger(context.ref.params, "on_disabled", 404)),
                                                     context.env.actorPrefix, *context.env.flagStore);
}

FilterRegistration featureFlagRegistration() {
    FilterRegistration r{"feature_flag", featureFlag, "flags", "feature_flag keeps the last flags fetched"};
    r.runsIn = [](const FilterEnvironment& env) { return env.flags.has_value(); };
    r.background = pollFlags;
    return r;
}

} // namespace gatehouse::gateway::filters::builtin
