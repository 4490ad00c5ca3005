#pragma once

#include "filters/filter_settings.h"
#include "filters/counter_store.h"
#include "filters/filter_registry.h"
#include "filters/flipper_flags.h"
#include "filters/token_cache.h"

#include <chrono>
#include <memory>
#include <vector>

namespace gatehouse::gateway::filters {

// What the gateway keeps for its filters from start to stop, whatever tables come and
// go: glue endpoints, caches, counters, flags, statistics and the switches of the
// default filters.
struct FilterServices {
    explicit FilterServices(const FilterServicesSettings& config);
    FilterServices(const FilterServices&) = delete;
    FilterServices& operator=(const FilterServices&) = delete;

    FilterSwitch* findSwitch(std::string_view name);
    // Every number the filters' shared state reports, in registration order.
    std::vector<FilterStat> report() const;
    // The request id of an answer given before any route is known: what a default filter
    // that decides ids says (its switch on), else a new one.
    std::string unroutedRequestId(std::string_view incoming) const;

    MemoryCounterStore counters;
    TokenCache tokenCache;
    FlagStore flagStore;
    GlueHealthBoard glue;
    std::chrono::milliseconds flagPollInterval{5'000};
    FilterStatsRegistry stats;
    FilterEnvironment env;
    std::vector<std::unique_ptr<FilterSwitch>> switches; // one per default filter
    std::vector<DefaultFilter> defaultsBefore;
    std::vector<DefaultFilter> defaultsAfter;
};

} // namespace gatehouse::gateway::filters
