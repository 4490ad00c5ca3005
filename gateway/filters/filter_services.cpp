#include "filters/filter_services.h"

#include "filters/rails_session.h"
#include "common/text_util.h"

namespace gatehouse::gateway::filters {
namespace {

std::optional<GlueEndpoint> endpoint(const GlueService& settings) {
    std::string ignored;
    auto parsed = parseGlueUrl(settings.url, ignored); // validated with the config
    if (parsed) parsed->timeout = std::chrono::milliseconds(settings.timeoutMs);
    return parsed;
}

} // namespace

FilterServices::FilterServices(const FilterServicesSettings& config)
    : tokenCache(config.glue.introspection ? config.glue.introspection->cacheEntries : 0,
                 config.glue.introspection ? config.glue.introspection->newTokensPerSecond : 0) {
    env.counters = &counters;
    env.tokenCache = &tokenCache;
    env.flagStore = &flagStore;
    env.glueStats = &glueStats;
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

FilterSwitch* FilterServices::findSwitch(std::string_view name) {
    for (auto& toggle : switches) {
        if (toggle->name == name) return toggle.get();
    }
    return nullptr;
}

} // namespace gatehouse::gateway::filters
