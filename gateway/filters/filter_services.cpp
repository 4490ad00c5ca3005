#include "filters/filter_services.h"

#include "filters/rails_session.h"
#include "common/text_util.h"
#include "http/local_reply.h"

namespace gatehouse::gateway::filters {
namespace {

std::optional<GlueEndpoint> endpoint(const GlueService& settings) {
    auto parsed = parseGlueUrl(settings.url); // validated with the config
    if (!parsed) return std::nullopt;
    parsed->timeout = std::chrono::milliseconds(settings.timeoutMs);
    return std::move(*parsed);
}

} // namespace

FilterServices::FilterServices(const FilterServicesSettings& config)
    : tokenCache(config.glue.introspection ? config.glue.introspection->cacheEntries : 0,
                 config.glue.introspection ? config.glue.introspection->newTokensPerSecond : 0) {
    env.counters = &counters;
    env.tokenCache = &tokenCache;
    env.flagStore = &flagStore;
    env.glue = &glue;
    for (const FilterRegistration& registration : filterRegistry()) {
        if (!registration.glue.empty()) glue.add(registration.glue, registration.glueMeanwhile);
    }
    if (config.railsSession) env.railsCookies = std::make_shared<const RailsCookieDecoder>(*config.railsSession);
    if (config.redis) {
        env.sharedCounters = true;
        env.rateLimitPrefix = config.redis->keyPrefix;
    }
    if (const auto& introspection = config.glue.introspection) {
        env.introspection = endpoint(*introspection);
        env.introspectionAuthorization =
            "Basic " + base64(formEncode(introspection->clientId) + ":" + formEncode(introspection->clientSecret));
        env.tokenCacheMaxSeconds = introspection->cacheMaxSeconds;
        env.tokenNegativeCacheSeconds = introspection->negativeCacheSeconds;
    }
    if (config.glue.session) env.session = endpoint(*config.glue.session);
    if (config.glue.policy) env.policy = endpoint(*config.glue.policy);
    if (config.glue.flags) {
        env.flags = endpoint(*config.glue.flags);
        env.actorPrefix = config.glue.flags->actorPrefix;
        flagPollInterval = std::chrono::milliseconds(config.glue.flags->pollMs);
    }
    for (auto [names, phase, out] : {std::tuple{&config.defaultBefore, "before", &defaultsBefore},
                                     std::tuple{&config.defaultAfter, "after", &defaultsAfter}}) {
        for (const std::string& name : *names) {
            auto& toggle = switches.emplace_back(std::make_unique<FilterSwitch>());
            toggle->name = name;
            toggle->phase = phase;
            out->push_back({defaultFilterRef(name), toggle.get()});
        }
    }
}

std::vector<FilterStat> FilterServices::report() const {
    std::vector<FilterStat> out;
    for (const FilterRegistration& registration : filterRegistry()) {
        if (registration.report) registration.report(*this, out);
    }
    return out;
}

std::string FilterServices::unroutedRequestId(std::string_view incoming) const {
    for (const DefaultFilter& filter : defaultsBefore) {
        const FilterRegistration* registration = findRegistration(filter.ref.name);
        if (!registration || !registration->unroutedRequestId) continue;
        if (!filter.toggle->enabled.load(std::memory_order_relaxed)) continue;
        if (auto id = registration->unroutedRequestId(incoming)) return std::move(*id);
    }
    return newRequestId();
}

FilterSwitch* FilterServices::findSwitch(std::string_view name) {
    for (auto& toggle : switches) {
        if (toggle->name == name) return toggle.get();
    }
    return nullptr;
}

} // namespace gatehouse::gateway::filters
