#pragma once

#include "collector/collector_store.h"
#include "core/config/destination_policy.h"
#include "core/config/problem.h"
#include "core/config/service_limits.h"
#include "core/config/service_config.h"
#include "core/routing/route_table.h"
#include "core/routing/table_diff.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// The collector's logic, without HTTP: the registered services, the table they make, and
// every change checked against the whole table as it would be after it.
class RouteRegistry {
public:
    // A takeover: `route` of the proposed service claims what `ownerRoute` of `owner` serves.
    struct Conflict {
        std::string route;     // "routes[0].paths[0]"
        std::string path;      // "/v2/droplets/:id"
        std::string owner;     // the service that has it
        std::string ownerRoute;
        // "same_shape": both claim the same path shape; "carve_out": a more specific (or
        // earlier) route would take requests the owner's route serves, and that route
        // does not allow carve-outs.
        std::string kind = "same_shape";
    };
    // storeUnavailable: the store cannot be reached (read-only until it is back);
    // stale: only inside, while a change is decided again on what another collector stored.
    enum class Verdict { accepted, unchanged, invalid, conflict, notFound, storeFailed, storeUnavailable, stale };
    struct Outcome {
        Verdict verdict = Verdict::accepted;
        config::Problems problems; // errors (invalid) or warnings (accepted)
        std::vector<Conflict> conflicts;
        routing::TableDiff diff;
        std::optional<CollectorStore::Revision> revision; // the new one (accepted, not a dry run) or the current one (unchanged)
        bool created = false;  // the service was not registered before
        std::string message;   // notFound, storeFailed, storeUnavailable
    };

    // What a registration may ask of the fleet: sizes, and addresses no destination may
    // point into. Stored revisions are held to them too when the collector starts.
    struct Policy {
        config::ServiceLimits limits;
        config::DestinationPolicy destinations;
    };

    // Reads the store (loaded() says whether it could).
    explicit RouteRegistry(CollectorStore& store, Policy policy = {});

    // What reading the store again found.
    struct Refresh {
        bool failed = false;
        std::string error;
        bool changed = false;           // the table or the switches are not what they were
        std::optional<std::int64_t> lagMs; // changed: from the commit (by any collector) to now
    };
    // Reads the store again and publishes what it holds now: another collector may have
    // changed it. Services whose revision did not move are not validated again.
    Refresh refresh();
    bool loaded() const { return loaded_; }

    // Register or replace `name` with a config (JSON text). `dryRun`: every check, no change.
    Outcome put(const std::string& name, const std::string& configText, const std::string& who, bool dryRun);
    Outcome remove(const std::string& name, const std::string& who, bool dryRun);
    // Registers the config of an earlier revision again, through the same checks.
    Outcome rollback(const std::string& name, std::int64_t revision, const std::string& who, bool dryRun);

    // Switches a default filter for every gateway that follows (persisted and audited
    // first); the document and its ETag change, the table does not.
    CollectorStore::Result<routing::FilterSwitchState> setSwitch(const std::string& name, bool enabled, const std::string& who,
                                                                 const std::string& role, const std::string& reason);
    const std::vector<routing::FilterSwitchState>& switches() const { return switches_; }
    std::uint64_t switchVersion() const { return switchVersion_; }

    std::uint64_t version() const { return version_; }
    const std::string& etag() const { return etag_; }
    const std::string& document() const { return *document_; } // GET /v1/table's body
    // The same bytes, shared by every answer that carries them (long polls woken at once).
    std::shared_ptr<const std::string> sharedDocument() const { return document_; }
    const routing::RouteTable& table() const { return *table_; }
    const std::string& collectorId() const { return collectorId_; }
    // The newest revision of every service in the table, by name.
    std::vector<CollectorStore::Revision> currentRevisions() const;
    CollectorStore& store() { return store_; }

private:
    struct Registered {
        CollectorStore::Revision revision;
        config::ServiceConfig service;
    };
    // `replacement` null: the service goes away.
    Outcome evaluate(const std::string& name, const config::ServiceConfig* replacement, const std::string* replacementText) const;
    Outcome removeOnce(const std::string& name, const std::string& who, bool dryRun);
    Outcome commit(Outcome outcome, const std::string& name, const std::string& action,
                   const std::optional<std::string>& config, const std::string& who, std::optional<std::int64_t> rolledBackTo);
    Outcome change(const std::string& name, const std::string& configText, const std::string& who, bool dryRun,
                   const std::string& action, std::optional<std::int64_t> rolledBackTo);
    // Runs `once` again on a fresh read while another collector's commit made it stale.
    Outcome decide(const std::function<Outcome()>& once);
    void publish();         // rebuilds the table and its document from registered_
    void publishDocument(); // the document alone (the switches changed)

    CollectorStore& store_;
    Policy policy_;
    bool loaded_ = false;
    std::string collectorId_;
    std::map<std::string, Registered> registered_;
    std::shared_ptr<const routing::RouteTable> table_;
    config::Problems tableProblems_; // of the current table (warnings), to tell new ones apart
    std::uint64_t version_ = 0;
    std::vector<routing::FilterSwitchState> switches_;
    std::uint64_t switchVersion_ = 0;
    std::string etag_;
    std::shared_ptr<const std::string> document_;
};

} // namespace gatehouse::gateway
