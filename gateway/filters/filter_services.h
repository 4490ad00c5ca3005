#pragma once

#include "filters/filter_settings.h"
#include "filters/counter_store.h"
#include "filters/filter_registry.h"
#include "filters/flipper_flags.h"
#include "filters/token_cache.h"

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

    MemoryCounterStore counters;
    TokenCache tokenCache;
    FlagStore flagStore;
    GlueStats glueStats;
    FilterStatsRegistry stats;
    FilterEnvironment env;
    std::vector<std::unique_ptr<FilterSwitch>> switches; // one per default filter
    std::vector<DefaultFilter> defaultsBefore;
    std::vector<DefaultFilter> defaultsAfter;
};

} // namespace gatehouse::gateway::filters
