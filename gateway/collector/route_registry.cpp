#include "collector/route_registry.h"

#include "common/clock.h"
#include "core/validation/service_parser.h"
#include "core/routing/table_analysis.h"
#include "core/validation/table_document.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

constexpr int kStaleAttempts = 8;
constexpr const char* kKeptChanging = "the store kept changing under this change (other collectors committed first, 8 times); send it again";

// The same JSON value, however it was spaced or its keys ordered: a re-registration of
// it changes nothing.
bool sameConfig(const std::string& a, const std::string& b) {
    boost::system::error_code ec, ec2;
    const json::value left = json::parse(a, ec);
    const json::value right = json::parse(b, ec2);
    return !ec && !ec2 ? left == right : a == b;
}

std::optional<config::ServiceConfig> parseStored(const CollectorStore::Revision& revision, const RouteRegistry::Policy& policy) {
    config::ParsedService parsed = config::parseServiceText(*revision.config, revision.service, policy.limits);
    if (parsed.ok()) {
        for (config::Problem& p : config::checkDestinations(parsed.service, policy.destinations)) parsed.problems.push_back(std::move(p));
    }
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

// A service already parsed at this revision (of this store) need not be validated again.
template <class Iterator>
bool sameRevisionKnown(Iterator known, Iterator end, const CollectorStore::Revision& revision) {
    return known != end && known->second.revision.revision == revision.revision && known->second.revision.version == revision.version;
}

const routing::RouteEntry* findEntry(const routing::RouteTable& table, const std::string& service, const std::string& jsonPath) {
    for (const routing::RouteEntry& entry : table.entries()) {
        if (entry.serviceName() == service && entry.jsonPath() == jsonPath) return &entry;
    }
    return nullptr;
}

} // namespace

RouteRegistry::RouteRegistry(CollectorStore& store, Policy policy) : store_(store), policy_(std::move(policy)) {
    table_ = routing::RouteTable::build({});
    document_ = std::make_shared<const std::string>();
    if (const Refresh first = refresh(); first.failed) spdlog::error("collector: cannot read {}: {}", store_.location(), first.error);
}

RouteRegistry::Refresh RouteRegistry::refresh() {
    auto snapshot = store_.snapshot();
    Refresh out;
    if (!snapshot) {
        out.failed = true;
        out.error = snapshot.error().message;
        return out;
    }
    const bool sameTable = loaded_ && snapshot->collectorId == collectorId_ && snapshot->version == version_;
    const bool sameSwitches = loaded_ && snapshot->switchVersion == switchVersion_ && snapshot->collectorId == collectorId_;
    if (sameTable && sameSwitches) return out;
    if (!sameTable) {
        std::map<std::string, Registered> next;
        for (CollectorStore::Revision& revision : snapshot->current) {
            const auto known = registered_.find(revision.service);
            if (sameRevisionKnown(known, registered_.end(), revision)) {
                next.emplace(revision.service, std::move(known->second));
                continue;
            }
            std::optional<config::ServiceConfig> service = parseStored(revision, policy_);
            if (!service) continue;
            const std::string name = revision.service;
            next.emplace(name, Registered{std::move(revision), std::move(*service)});
        }
        registered_ = std::move(next);
    }
    collectorId_ = snapshot->collectorId;
    version_ = snapshot->version;
    switches_ = std::move(snapshot->switches);
    switchVersion_ = snapshot->switchVersion;
    if (!sameTable) {
        publish();
    } else {
        publishDocument();
    }
    if (loaded_ && snapshot->committedAtMs > 0) out.lagMs = std::max<std::int64_t>(0, epochMs() - snapshot->committedAtMs);
    loaded_ = true;
    out.changed = true;
    return out;
}

std::vector<CollectorStore::Revision> RouteRegistry::currentRevisions() const {
    std::vector<CollectorStore::Revision> out;
    for (const auto& [name, entry] : registered_) out.push_back(entry.revision);
    return out;
}

void RouteRegistry::publish() {
    std::vector<config::ServiceConfig> services;
    for (const auto& [name, entry] : registered_) services.push_back(entry.service);
    table_ = routing::RouteTable::build(std::move(services));
    tableProblems_ = routing::analyseTable(*table_);
    publishDocument();
}

void RouteRegistry::publishDocument() {
    json::array configs;
    std::vector<routing::ServiceRevision> revisions; // who registered what: the gateways' change markers say it
    for (const auto& [name, entry] : registered_) {
        configs.push_back(json::parse(*entry.revision.config));
        revisions.push_back({name, entry.revision.revision, entry.revision.createdBy, entry.revision.createdAt});
    }
    document_ = std::make_shared<const std::string>(json::serialize(routing::makeTableDocument(
        version_, collectorId_, isoNow(), configs, *table_, revisions, switchVersion_, switches_)));
    // Either a table or a switch change is news to every gateway.
    etag_ = switchVersion_ == 0 ? fmt::format("\"{}-{}\"", collectorId_, version_)
                                : fmt::format("\"{}-{}-s{}\"", collectorId_, version_, switchVersion_);
}

CollectorStore::Result<routing::FilterSwitchState> RouteRegistry::setSwitch(const std::string& name, bool enabled, const std::string& who,
                                                                            const std::string& role, const std::string& reason) {
    for (int attempt = 0;; ++attempt) {
        auto saved = store_.setSwitch(name, enabled, who, role, reason);
        if (saved) {
            std::erase_if(switches_, [&](const routing::FilterSwitchState& s) { return s.name == name; });
            switches_.insert(std::upper_bound(switches_.begin(), switches_.end(), *saved,
                                              [](const auto& a, const auto& b) { return a.name < b.name; }),
                             *saved);
            switchVersion_ = saved->version;
            publishDocument();
            return saved;
        }
        if (saved.error().kind != CollectorStore::Failure::Kind::stale) return saved;
        if (attempt == kStaleAttempts) {
            return std::unexpected(CollectorStore::Failure{CollectorStore::Failure::Kind::failed, kKeptChanging});
        }
        if (const Refresh again = refresh(); again.failed) {
            return std::unexpected(CollectorStore::Failure{CollectorStore::Failure::Kind::unavailable, again.error});
        }
    }
}

RouteRegistry::Outcome RouteRegistry::decide(const std::function<Outcome()>& once) {
    for (int attempt = 0;; ++attempt) {
        Outcome outcome = once();
        if (outcome.verdict != Verdict::stale) return outcome;
        if (attempt == kStaleAttempts) {
            outcome.verdict = Verdict::storeFailed;
            outcome.message = kKeptChanging;
            return outcome;
        }
        // Another collector committed first: decide again on the table as it is now (the
        // same change may now be a takeover, or nothing to do).
        if (const Refresh again = refresh(); again.failed) {
            outcome.verdict = Verdict::storeUnavailable;
            outcome.message = again.error;
            return outcome;
        }
    }
}

RouteRegistry::Outcome RouteRegistry::evaluate(const std::string& name, const config::ServiceConfig* replacement,
                                               const std::string* replacementText) const {
    Outcome outcome;
    std::vector<config::ServiceConfig> services;
    for (const auto& [other, entry] : registered_) {
        if (other != name) services.push_back(entry.service);
    }
    if (replacement) services.push_back(*replacement);
    // The table's size is checked before its index is built: that is what it bounds.
    if (replacement) {
        outcome.problems = config::checkTableLimits(services, policy_.limits, name);
        if (config::hasErrors(outcome.problems)) {
            outcome.verdict = Verdict::invalid;
            return outcome;
        }
    }
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
    // Taking requests another service serves today is how a monolith is carved up: it is
    // allowed where the route losing them says so (allow_carve_outs), never silently;
    // elsewhere it is a takeover (billing registering /v2/droplets/123 under droplets'
    // /v2/droplets/:id would get that droplet's requests, cookies and tokens).
    if (replacement) {
        std::set<std::pair<std::string, std::string>> told;
        for (const routing::ChangedRequest& change : outcome.diff.changedRequests) {
            if (!change.before || !change.after || change.after->service != name || change.before->service == name) continue;
            if (!told.emplace(change.before->service, change.before->jsonPath).second) continue;
            const routing::RouteEntry* losing = findEntry(*table_, change.before->service, change.before->jsonPath);
            const bool sameShape = std::any_of(outcome.conflicts.begin(), outcome.conflicts.end(), [&](const Conflict& c) {
                return c.owner == change.before->service && c.ownerRoute == change.before->jsonPath;
            });
            if (sameShape) continue; // already refused as a same-shape takeover
            if (!losing || !losing->route().allowCarveOuts) {
                outcome.conflicts.push_back({change.after->jsonPath, change.after->path, change.before->service,
                                             change.before->jsonPath, "carve_out"});
                continue;
            }
            outcome.problems.push_back(
                {name, change.after->jsonPath, "takes_traffic",
                 fmt::format("{} {} {} goes to service '{}' ({} '{}') today and would come to '{}' instead",
                             change.method, change.host.empty() ? "(any host)" : change.host, change.path,
                             change.before->service, change.before->jsonPath, change.before->path, change.after->path),
                 config::Severity::warning,
                 fmt::format("'{}' allows carve-outs on that route; its owners should still agree: the dry run's "
                             "changed_requests lists the requests that move",
                             change.before->service)});
        }
    }
    outcome.verdict = !outcome.conflicts.empty()              ? Verdict::conflict
                      : config::hasErrors(outcome.problems) ? Verdict::invalid
                                                             : Verdict::accepted;
    if (outcome.verdict == Verdict::accepted && replacementText) {
        // A table over the gateways' document limit would make every poll fail and stop
        // every team's change from reaching the fleet: refused here, while it is one team's.
        json::array configs;
        for (const auto& [other, entry] : registered_) {
            if (other != name) configs.push_back(json::parse(*entry.revision.config));
        }
        configs.push_back(json::parse(*replacementText));
        const std::size_t bytes =
            json::serialize(routing::makeTableDocument(version_ + 1, collectorId_, isoNow(), configs, *proposed)).size();
        if (bytes > policy_.limits.tableBytes) {
            outcome.problems.push_back({name, "", "limit_exceeded",
                                        fmt::format("the table would be {} bytes with this change; max_table_bytes is {}",
                                                    bytes, policy_.limits.tableBytes),
                                        config::Severity::error,
                                        "the table is shared by every service: make this config smaller, or ask the "
                                        "operators to raise max_table_bytes on the collector and the gateways"});
            outcome.verdict = Verdict::invalid;
        }
    }
    return outcome;
}

RouteRegistry::Outcome RouteRegistry::commit(Outcome outcome, const std::string& name, const std::string& action,
                                             const std::optional<std::string>& config, const std::string& who,
                                             std::optional<std::int64_t> rolledBackTo) {
    auto revision = store_.append(name, action, config, who, rolledBackTo);
    if (!revision) {
        using Kind = CollectorStore::Failure::Kind;
        const CollectorStore::Failure& failure = revision.error();
        if (failure.kind == Kind::stale) {
            outcome.verdict = Verdict::stale;
            return outcome;
        }
        spdlog::error("collector: cannot store {} of {}: {}", action, name, failure.message);
        outcome.verdict = failure.kind == Kind::unavailable ? Verdict::storeUnavailable : Verdict::storeFailed;
        outcome.message = fmt::format("the change could not be stored: {}", failure.message);
        return outcome;
    }
    std::optional<config::ServiceConfig> service = config ? parseStored(*revision, policy_) : std::nullopt;
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
    config::ParsedService parsed = config::parseServiceText(configText, name, policy_.limits);
    Outcome outcome;
    if (parsed.ok()) {
        for (config::Problem& p : config::checkDestinations(parsed.service, policy_.destinations)) parsed.problems.push_back(std::move(p));
    }
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
    outcome = evaluate(name, &parsed.service, &configText);
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
    return decide([&] { return change(name, configText, who, dryRun, "register", std::nullopt); });
}

RouteRegistry::Outcome RouteRegistry::remove(const std::string& name, const std::string& who, bool dryRun) {
    return decide([&] { return removeOnce(name, who, dryRun); });
}

RouteRegistry::Outcome RouteRegistry::removeOnce(const std::string& name, const std::string& who, bool dryRun) {
    if (!registered_.contains(name)) {
        Outcome outcome;
        outcome.verdict = Verdict::notFound;
        outcome.message = fmt::format("service '{}' is not registered", name);
        return outcome;
    }
    Outcome outcome = evaluate(name, nullptr, nullptr);
    outcome.verdict = Verdict::accepted; // removing a service cannot create a conflict
    if (dryRun) return outcome;
    return commit(std::move(outcome), name, "delete", std::nullopt, who, std::nullopt);
}

RouteRegistry::Outcome RouteRegistry::rollback(const std::string& name, std::int64_t revision, const std::string& who,
                                               bool dryRun) {
    const auto read = store_.revision(name, revision);
    if (!read) {
        Outcome outcome;
        outcome.verdict = read.error().kind == CollectorStore::Failure::Kind::unavailable ? Verdict::storeUnavailable : Verdict::storeFailed;
        outcome.message = fmt::format("revision {} of '{}' could not be read: {}", revision, name, read.error().message);
        return outcome;
    }
    const std::optional<CollectorStore::Revision>& earlier = *read;
    if (!earlier || !earlier->config) {
        Outcome outcome;
        outcome.verdict = Verdict::notFound;
        outcome.message = !earlier ? fmt::format("service '{}' has no revision {}", name, revision)
                                   : fmt::format("revision {} of '{}' removed the service: there is no config to go back to; "
                                                 "DELETE it instead",
                                                 revision, name);
        return outcome;
    }
    const std::string config = *earlier->config;
    return decide([&] { return change(name, config, who, dryRun, "rollback", revision); });
}

} // namespace gatehouse::gateway
