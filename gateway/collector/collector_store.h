#pragma once

#include "core/validation/table_document.h"
#include "store/audit_log.h"

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// The route collector's durable state: every registration, removal and rollback is a
// revision of its service, kept for ever with who made it and the whole config. Each
// revision is one version of the table: the table's version is the number of the newest
// revision, so it only grows. The fleet's default-filter switches live here too; every
// change to either is an entry of the audit, whose id is also the switch version of a
// switch change.
//
// Two kinds: SQLite (one collector, the default) and etcd (several collectors on one
// replicated store). A change is made against the state last read (snapshot()): when
// another collector changed the store since, it is refused as stale, and the caller reads
// the store again and decides again.
class CollectorStore {
public:
    struct Revision {
        std::uint64_t version = 0; // the table version this change made
        std::string service;
        std::int64_t revision = 0; // 1, 2, ... per service
        std::string action;        // "register", "delete", "rollback"
        std::optional<std::string> config; // the service config as registered; none for "delete"
        std::string createdBy;     // the token's name
        std::string createdAt;     // ISO 8601 UTC
        std::optional<std::int64_t> rolledBackTo;

        // A change as asked, made now; the store gives it its numbers.
        static Revision made(const std::string& service, const std::string& action, const std::optional<std::string>& config,
                             const std::string& createdBy, std::optional<std::int64_t> rolledBackTo);
    };

    // Everything the collector serves, read at one point in time.
    struct Snapshot {
        // Random, made when the store is: a new store restarts versions, and gateways can tell.
        std::string collectorId;
        std::uint64_t version = 0;
        std::vector<Revision> current; // the newest revision of every registered service, by name
        std::vector<routing::FilterSwitchState> switches; // by name (a filter never switched runs)
        std::uint64_t switchVersion = 0; // 0: no switch was ever changed
        std::int64_t committedAtMs = 0;  // when the newest change was made (0: not known)
    };

    struct Failure {
        enum class Kind {
            unavailable, // the store cannot be reached: nothing was changed, or it is not known
            stale,       // another collector changed the store since the last snapshot
            failed,      // the store refused or broke
        };
        Kind kind = Kind::failed;
        std::string message;
    };
    template <class T>
    using Result = std::expected<T, Failure>;

    using AuditEntry = gateway::AuditEntry;

    virtual ~CollectorStore() = default;

    // "sqlite:/var/lib/gatehouse/collector.db", "etcd://10.0.0.1:2379/gatehouse".
    virtual std::string location() const = 0;
    virtual Result<Snapshot> snapshot() = 0;
    // Every revision of one service, newest first.
    virtual Result<std::vector<Revision>> history(const std::string& service) = 0;
    virtual Result<std::optional<Revision>> revision(const std::string& service, std::int64_t number) = 0;
    // Appends the next revision of `service` and its audit entry, atomically.
    virtual Result<Revision> append(const std::string& service, const std::string& action, const std::optional<std::string>& config,
                                    const std::string& createdBy, std::optional<std::int64_t> rolledBackTo) = 0;
    // Records the switch and its audit entry atomically; the result carries the new switch version.
    virtual Result<routing::FilterSwitchState> setSwitch(const std::string& name, bool enabled, const std::string& actor,
                                                         const std::string& role, const std::string& reason) = 0;
    // Newest first; `beforeId` > 0: only older entries (the next page).
    virtual Result<std::vector<AuditEntry>> audit(std::size_t limit, std::int64_t beforeId = 0) = 0;

    // What a store shared with other collectors says as it happens, on a thread of its own.
    struct Event {
        enum class Kind { changed, lost, back };
        Kind kind = Kind::changed;
        std::string detail; // lost: why
    };
    // Starts telling `notify` (from another thread) when the store changes, is lost and is
    // back. A store only this collector writes tells nothing.
    virtual void watch(std::function<void(Event)> notify) { (void)notify; }
    // No more events after this returns (before what `notify` reaches goes away).
    virtual void stopWatching() {}
    // Whether the store answered last time it was asked (the watch keeps asking).
    virtual bool available() const { return true; }

    // Collectors sharing a store share what their gateways said (each gateway polls one
    // collector at a time): `roster` (JSON) is this collector's, kept while it lives (a
    // lease of `ttlSeconds`); the result is every other collector's. A store only this
    // collector writes shares nothing.
    virtual bool shared() const { return false; }
    virtual Result<void> shareRoster(const std::string& collectorInstance, const std::string& roster, int ttlSeconds) {
        (void)collectorInstance, (void)roster, (void)ttlSeconds;
        return {};
    }
    virtual Result<std::vector<std::string>> peerRosters(const std::string& collectorInstance) {
        (void)collectorInstance;
        return std::vector<std::string>{};
    }

    // For the collector's metrics: failed calls of the store, by what they were.
    struct Errors {
        std::uint64_t reads = 0;
        std::uint64_t writes = 0;
        std::uint64_t watch = 0;
        std::uint64_t stale = 0; // changes refused because another collector committed first
    };
    virtual Errors errors() const { return {}; }
};

// "sqlite:PATH" or a bare path: SQLite (WAL); "etcd://HOST:PORT[,HOST:PORT...][/PREFIX]".
// `group`: the SQLite file's group (collector_config.h). An etcd store is not read here:
// call snapshot() (it may be down at start).
std::expected<std::unique_ptr<CollectorStore>, std::string> openCollectorStore(const std::string& spec,
                                                                               std::optional<unsigned> group = std::nullopt);

} // namespace gatehouse::gateway
