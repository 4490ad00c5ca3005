#include "collector/route_registry.h"

#include "admin/admin_store.h"
#include "config/service_parser.h"
#include "routing/table_analysis.h"
#include "routing/table_document.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>
#include <tuple>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

// The same JSON value, however it was spaced or its keys ordered: a re-registration of
// it changes nothing.
bool sameConfig(const std::string& a, const std::string& b) {
    boost::system::error_code ec, ec2;
    const json::value left = json::parse(a, ec);
    const json::value right = json::parse(b, ec2);
    return !ec && !ec2 ? left == right : a == b;
}

std::optional<config::ServiceConfig> parseStored(const CollectorStore::Revision& revision) {
    config::ParsedService parsed = config::parseServiceText(*revision.config, revision.service);
    if (!parsed.ok() || parsed.service.name != revision.service) {
        // Only configs that passed are stored; a newer release with stricter rules may
        // still refuse one. It stays out of the table (gateways would refuse the whole
        // table otherwise), loudly, until its owner registers a fixed config.
        spdlog::error("collector: stored revision {} of {} no longer validates ({} error(s)); it is left out of the table",
                      revision.revision, revision.service, config::countErrors(parsed.problems));
        return std::nullopt;
    }
    return std::move(parsed.service);
}

} // namespace

RouteRegistry::RouteRegistry(CollectorStore& store) : store_(store) {
    for (CollectorStore::Revision& revision : store_.current()) {
        std::optional<config::ServiceConfig> service = parseStored(revision);
        if (!service) continue;
        const std::string name = revision.service;
        registered_.emplace(name, Registered{std::move(revision), std::move(*service)});
    }
    version_ = store_.version();
    publish();
}

void RouteRegistry::publish() {
    std::vector<config::ServiceConfig> services;
    json::array configs;
    for (const auto& [name, entry] : registered_) {
        services.push_back(entry.service);
        configs.push_back(json::parse(*entry.revision.config));
    }
    table_ = routing::RouteTable::build(std::move(services));
    tableProblems_ = routing::analyseTable(*table_);
    document_ = json::serialize(routing::makeTableDocument(version_, store_.collectorId(), isoNow(), configs, *table_));
    etag_ = fmt::format("\"{}-{}\"", store_.collectorId(), version_);
}

RouteRegistry::Outcome RouteRegistry::evaluate(const std::string& name, const config::ServiceConfig* replacement) const {
    Outcome outcome;
    std::vector<config::ServiceConfig> services;
    for (const auto& [other, entry] : registered_) {
        if (other != name) services.push_back(entry.service);
    }
    if (replacement) services.push_back(*replacement);
    const auto proposed = routing::RouteTable::build(std::move(services));

    // The problems this change brings: every one on the service itself, and those on
    // other services that the current table does not have (a route it now shadows).
    std::set<std::tuple<std::string, std::string, std::string>> before;
    for (const config::Problem& p : tableProblems_) before.emplace(p.file, p.path, p.code);
    for (config::Problem& p : routing::analyseTable(*proposed)) {
        if (p.file == name || !before.contains({p.file, p.path, p.code})) outcome.problems.push_back(std::move(p));
    }
    for (const routing::RouteConflict& c : routing::findRouteConflicts(*proposed)) {
        const routing::RouteEntry* mine = c.first->serviceName() == name ? c.first : c.second->serviceName() == name ? c.second : nullptr;
        if (!mine) continue; // an old conflict between others (cannot happen: none is ever accepted)
        const routing::RouteEntry* theirs = mine == c.first ? c.second : c.first;
        outcome.conflicts.push_back({mine->jsonPath(), mine->pattern.source, theirs->serviceName(), theirs->jsonPath()});
    }
    outcome.diff = routing::diffTables(*table_, *proposed);
    // Taking requests another service serves today is how a monolith is carved up, so
    // it is allowed; it is never silent. (Same-shape claims are takeovers, refused above.)
    if (replacement) {
        std::set<std::pair<std::string, std::string>> told;
        for (const routing::ChangedRequest& change : outcome.diff.changedRequests) {
            if (!change.before || !change.after || change.after->service != name || change.before->service == name) continue;
            if (!told.emplace(change.before->service, change.before->jsonPath).second) continue;
            outcome.problems.push_back(
                {name, change.after->jsonPath, "takes_traffic",
                 fmt::format("{} {} {} goes to service '{}' ({} '{}') today and would come to '{}' instead",
                             change.method, change.host.empty() ? "(any host)" : change.host, change.path,
                             change.before->service, change.before->jsonPath, change.before->path, change.after->path),
                 config::Severity::warning,
                 fmt::format("make sure the owners of '{}' agree: the dry run's changed_requests lists the requests that move",
                             change.before->service)});
        }
    }
    outcome.verdict = !outcome.conflicts.empty()              ? Verdict::conflict
                      : config::hasErrors(outcome.problems) ? Verdict::invalid
                                                             : Verdict::accepted;
    return outcome;
}

RouteRegistry::Outcome RouteRegistry::commit(Outcome outcome, const std::string& name, const std::string& action,
                                             const std::optional<std::string>& config, const std::string& who,
                                             std::optional<std::int64_t> rolledBackTo) {
    auto revision = store_.append(name, action, config, who, rolledBackTo);
    if (!revision) {
        spdlog::error("collector: cannot store {} of {}: {}", action, name, revision.error());
        outcome.verdict = Verdict::storeFailed;
        outcome.message = fmt::format("the change could not be stored: {}", revision.error());
        return outcome;
    }
    std::optional<config::ServiceConfig> service = config ? parseStored(*revision) : std::nullopt;
    if (service) {
        registered_[name] = Registered{*revision, std::move(*service)};
    } else {
        registered_.erase(name);
    }
    version_ = revision->version;
    publish();
    spdlog::info("collector: {} {} revision {} by {}: table v{}", action, name, revision->revision, who, version_);
    outcome.revision = std::move(*revision);
    return outcome;
}

RouteRegistry::Outcome RouteRegistry::change(const std::string& name, const std::string& configText, const std::string& who,
                                             bool dryRun, const std::string& action, std::optional<std::int64_t> rolledBackTo) {
    config::ParsedService parsed = config::parseServiceText(configText, name);
    Outcome outcome;
    if (parsed.ok() && parsed.service.name != name) {
        parsed.problems.push_back({name, "name", "name_mismatch",
                                   fmt::format("the config names service '{}', the URL '{}'", parsed.service.name, name),
                                   config::Severity::error, "register a config under its own name: PUT /v1/services/<its name>"});
    }
    if (!parsed.ok()) {
        outcome.verdict = Verdict::invalid;
        outcome.problems = std::move(parsed.problems);
        return outcome;
    }
    const auto current = registered_.find(name);
    outcome = evaluate(name, &parsed.service);
    outcome.problems.insert(outcome.problems.begin(), parsed.problems.begin(), parsed.problems.end()); // warnings
    outcome.created = current == registered_.end();
    if (outcome.verdict != Verdict::accepted) return outcome;
    if (!outcome.created && sameConfig(*current->second.revision.config, configText)) {
        outcome.verdict = Verdict::unchanged;
        outcome.revision = current->second.revision;
        return outcome;
    }
    if (dryRun) return outcome;
    return commit(std::move(outcome), name, action, configText, who, rolledBackTo);
}

RouteRegistry::Outcome RouteRegistry::put(const std::string& name, const std::string& configText, const std::string& who,
                                          bool dryRun) {
    return change(name, configText, who, dryRun, "register", std::nullopt);
}

RouteRegistry::Outcome RouteRegistry::remove(const std::string& name, const std::string& who, bool dryRun) {
    if (!registered_.contains(name)) {
        Outcome outcome;
        outcome.verdict = Verdict::notFound;
        outcome.message = fmt::format("service '{}' is not registered", name);
        return outcome;
    }
    Outcome outcome = evaluate(name, nullptr);
    outcome.verdict = Verdict::accepted; // removing a service cannot create a conflict
    if (dryRun) return outcome;
    return commit(std::move(outcome), name, "delete", std::nullopt, who, std::nullopt);
}

RouteRegistry::Outcome RouteRegistry::rollback(const std::string& name, std::int64_t revision, const std::string& who,
                                               bool dryRun) {
    const auto earlier = store_.revision(name, revision);
    if (!earlier || !earlier->config) {
        Outcome outcome;
        outcome.verdict = Verdict::notFound;
        outcome.message = !earlier ? fmt::format("service '{}' has no revision {}", name, revision)
                                   : fmt::format("revision {} of '{}' removed the service: there is no config to go back to; "
                                                 "DELETE it instead",
                                                 revision, name);
        return outcome;
    }
    return change(name, *earlier->config, who, dryRun, "rollback", revision);
}

} // namespace gatehouse::gateway
