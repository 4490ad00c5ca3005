#include "filters/filter_registry.h"

#include "core/catalogue/filter_catalogue.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway::filters {


const FilterRegistration* findRegistration(std::string_view name) {
    for (const FilterRegistration& registration : filterRegistry()) {
        if (registration.name == name) return &registration;
    }
    return nullptr;
}

GlueHealth& GlueHealthBoard::add(std::string_view name, std::string_view meanwhile) {
    for (auto& health : health_) {
        if (health->name() == name) return *health;
    }
    return *health_.emplace_back(std::make_unique<GlueHealth>(name, meanwhile));
}

GlueHealth& GlueHealthBoard::at(std::string_view name) {
    for (auto& health : health_) {
        if (health->name() == name) return *health;
    }
    throw std::logic_error(fmt::format("no glue service '{}' was registered", name)); // a programming error, at build time
}

void GlueHealth::failed(std::string_view reason) {
    failures_.fetch_add(1, std::memory_order_relaxed);
    if (!failing_.exchange(true, std::memory_order_relaxed)) {
        spdlog::error("glue: the {} service is failing ({}); {} until it answers", name_, reason, meanwhile_);
    }
}

void GlueHealth::answered() {
    if (failing_.load(std::memory_order_relaxed) && failing_.exchange(false, std::memory_order_relaxed)) {
        spdlog::info("glue: the {} service answers again", name_);
    }
}

config::FilterRef defaultFilterRef(std::string_view name) {
    config::FilterRef ref{std::string(name), config::FilterMode::enforce, {}};
    if (const catalogue::FilterSpec* spec = catalogue::findFilter(name)) {
        for (const catalogue::ParamSpec& param : spec->params) {
            if (param.defaultValue) ref.params.emplace(param.name, *param.defaultValue);
        }
    }
    return ref;
}

std::string paramString(const config::FilterParams& params, std::string_view name, std::string fallback) {
    auto it = params.find(name);
    if (it == params.end()) return fallback;
    const auto* text = std::get_if<std::string>(&it->second);
    return text ? *text : fallback;
}

std::int64_t paramInteger(const config::FilterParams& params, std::string_view name, std::int64_t fallback) {
    auto it = params.find(name);
    if (it == params.end()) return fallback;
    const auto* number = std::get_if<std::int64_t>(&it->second);
    return number ? *number : fallback;
}

std::vector<std::string> paramList(const config::FilterParams& params, std::string_view name) {
    auto it = params.find(name);
    if (it == params.end()) return {};
    const auto* list = std::get_if<std::vector<std::string>>(&it->second);
    return list ? *list : std::vector<std::string>{};
}

namespace {

std::expected<ChainEntry, std::string> buildEntry(const FilterEnvironment& env, const config::ServiceConfig& service,
                                                  std::size_t routeIndex, const config::FilterRef& ref, std::size_t ordinal,
                                                  std::string_view phase, std::size_t position, FilterSwitch* toggle,
                                                  FilterStatsRegistry& stats) {
    const catalogue::FilterSpec* spec = catalogue::findFilter(ref.name);
    const FilterRegistration* registration = findRegistration(ref.name);
    if (!spec || !registration) return std::unexpected(fmt::format("no filter called '{}' in this gateway", ref.name));
    auto filter = registration->factory(BuildContext{env, service, routeIndex, ref, ordinal});
    if (!filter) return std::unexpected(filter.error());
    return ChainEntry{std::move(*filter), spec->name, ref.mode, toggle,
                      stats.get(service.name, routeIndex, spec->name, phase, position, ref.mode, toggle != nullptr)};
}

} // namespace

std::expected<std::shared_ptr<const FilterChain>, config::Problem> buildChain(
    const FilterEnvironment& env, const config::ServiceConfig& service, std::size_t routeIndex,
    const std::vector<DefaultFilter>& defaultsBefore, const std::vector<DefaultFilter>& defaultsAfter,
    FilterStatsRegistry& stats) {
    const config::Route& route = service.routes[routeIndex];
    std::vector<ChainEntry> phases[2];
    for (int p = 0; p < 2; ++p) {
        const bool before = p == 0;
        const char* phase = before ? "before" : "after";
        const std::vector<config::FilterRef>& own = before ? route.beforeFilters : route.afterFilters;
        const std::vector<DefaultFilter>& defaults = before ? defaultsBefore : defaultsAfter;
        for (const DefaultFilter& d : defaults) {
            const bool declared = std::any_of(own.begin(), own.end(), [&](const config::FilterRef& r) { return r.name == d.ref.name; });
            if (declared) continue;
            auto entry = buildEntry(env, service, routeIndex, d.ref, 0, phase, phases[p].size(), d.toggle, stats);
            if (!entry) {
                return std::unexpected(config::Problem{service.source, fmt::format("default_filters.{}", phase),
                                                       "filter_unavailable", entry.error(), config::Severity::error, ""});
            }
            phases[p].push_back(std::move(*entry));
        }
        std::map<std::string, std::size_t, std::less<>> ordinals;
        for (std::size_t i = 0; i < own.size(); ++i) {
            auto entry = buildEntry(env, service, routeIndex, own[i], ordinals[own[i].name]++, phase, phases[p].size(), nullptr, stats);
            if (!entry) {
                return std::unexpected(config::Problem{
                    service.source, fmt::format("routes[{}].{}_filters[{}]", routeIndex, phase, i), "filter_unavailable",
                    entry.error(), config::Severity::error,
                    "configure the glue service in the gateway's gatehouse.json (docs/filters.md), or remove the filter"});
            }
            phases[p].push_back(std::move(*entry));
        }
    }
    return std::make_shared<const FilterChain>(std::move(phases[0]), std::move(phases[1]));
}

} // namespace gatehouse::gateway::filters
