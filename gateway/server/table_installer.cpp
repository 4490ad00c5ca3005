#include "server/table_installer.h"

#include "common/clock.h"
#include "core/routing/table_analysis.h"
#include "core/validation/service_loader.h"
#include "filters/filter_services.h"
#include "health/health_checker.h"
#include "state/gateway_state.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace gatehouse::gateway {
namespace {

using Chains = std::vector<std::vector<std::shared_ptr<const filters::FilterChain>>>;

// Every route's filter chain, built (and its params checked against what this gateway
// offers) before the table is used: a filter that cannot work refuses the table.
Chains buildChains(const routing::RouteTable& table, filters::FilterServices& services, config::Problems& problems) {
    Chains chains;
    for (const config::ServiceConfig& service : table.services()) {
        auto& routes = chains.emplace_back();
        for (std::size_t r = 0; r < service.routes.size(); ++r) {
            auto chain = filters::buildChain(services.env, service, r, services.defaultsBefore, services.defaultsAfter,
                                             services.stats);
            if (chain) {
                routes.push_back(std::move(*chain));
            } else {
                problems.push_back(std::move(chain.error()));
                routes.push_back(nullptr);
            }
        }
    }
    return chains;
}

} // namespace

config::Problems TableInstaller::installStaticDir() {
    const std::vector<std::string> paths{state_.config.servicesDir};
    config::LoadedServices loaded = config::loadServiceFiles(paths, state_.config.registrationLimits);
    config::Problems problems = install(std::move(loaded.services), std::move(loaded.problems));
    if (!config::hasErrors(problems)) {
        state_.tableSource.source.store(TableSource::staticDir);
        state_.tableSource.collectorVersion.store(0);
    }
    return problems;
}

config::Problems TableInstaller::install(std::vector<config::ServiceConfig> configs, config::Problems problems) {
    // Checked before the index is built: its size is what the limit protects.
    for (config::Problem& p : config::checkTableLimits(configs, state_.config.registrationLimits, "routing table")) {
        problems.push_back(std::move(p));
    }
    for (const config::ServiceConfig& service : configs) {
        for (config::Problem& p : config::checkDestinations(service, state_.destinationPolicy)) problems.push_back(std::move(p));
    }
    if (config::hasErrors(problems)) return problems;
    auto table = routing::RouteTable::build(std::move(configs));
    const config::Problems analysis = routing::analyseTable(*table);
    problems.insert(problems.end(), analysis.begin(), analysis.end());
    Chains chains = buildChains(*table, *state_.filters, problems);
    if (config::hasErrors(problems)) return problems;

    const std::uint64_t version = state_.tableVersion.load() + 1;
    const std::shared_ptr<const TableSnapshot> previous = state_.snapshot.load();
    auto snapshot = makeSnapshot(table, version, previous.get(), std::move(chains));
    state_.snapshot.store(snapshot);
    state_.tableVersion.store(version);
    recordChange(*table, version, previous.get());
    health_.follow(snapshot, state_.upstreamTls.get()); // runs once the control loop does
    state_.filters->stats.prune(); // counters of entries no table uses any more (in-flight requests keep theirs)
    spdlog::info("routing table v{}: {} routes from {} services", version, table->entries().size(), table->services().size());
    return problems;
}

// The change, for the console's markers: which services moved, where the table came
// from, and who registered what when the collector said.
void TableInstaller::recordChange(const routing::RouteTable& table, std::uint64_t version, const TableSnapshot* previous) {
    TableChange change = describeTableChange(previous ? previous->table.get() : nullptr, table);
    change.version = version;
    const TableSource from = state_.tableSource.installingSource.exchange(TableSource::staticDir);
    change.source = tableSourceName(from);
    change.collectorVersion = from == TableSource::staticDir ? 0 : state_.tableSource.installingVersion.load();
    // A new revision is a change even when no route moved (a destination, a filter).
    const std::vector<routing::ServiceRevision>& installing = state_.tableSource.installingRevisions;
    std::map<std::string, std::int64_t> revisions;
    for (const routing::ServiceRevision& r : installing) revisions[r.service] = r.revision;
    for (const auto& [name, revision] : revisions) {
        const auto served = servedRevisions_.find(name);
        const bool changed = served == servedRevisions_.end() || served->second != revision;
        if (changed && std::find(change.services.begin(), change.services.end(), name) == change.services.end()) {
            change.services.push_back(name);
        }
    }
    std::sort(change.services.begin(), change.services.end());
    servedRevisions_ = std::move(revisions);
    for (const std::string& name : change.services) {
        std::string who;
        for (const routing::ServiceRevision& r : installing) {
            if (r.service == name) who = fmt::format("rev {} by {}", r.revision, r.by);
        }
        change.registeredBy.push_back(std::move(who));
    }
    state_.tableSource.installingRevisions.clear();
    change.atMs = epochMs();
    state_.tableChanges.record(std::move(change));
}

} // namespace gatehouse::gateway
