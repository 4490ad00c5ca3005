#pragma once

#include "core/validation/table_document.h"
#include "store/audit_log.h"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace gatehouse::gateway {

// The route collector's durable state (SQLite, WAL): every registration, removal and
// rollback is a revision of its service, kept for ever with who made it and the whole
// config. Each revision is one version of the table: the table's version is the id of
// the newest revision, so it only grows (SQLite AUTOINCREMENT never reuses an id).
// The fleet's default-filter switches live here too; every change to either is a row of
// the audit, whose id is also the switch version of a switch change.
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
    };

    static std::expected<std::unique_ptr<CollectorStore>, std::string> open(const std::string& file,
                                                                            std::optional<unsigned> group = std::nullopt);
    ~CollectorStore();
    CollectorStore(const CollectorStore&) = delete;
    CollectorStore& operator=(const CollectorStore&) = delete;

    // Random, made when the database is: a new database restarts versions, and gateways
    // can tell.
    const std::string& collectorId() const { return collectorId_; }
    std::uint64_t version() const;
    // The newest revision of every service that is registered (not deleted), by name.
    std::vector<Revision> current() const;
    // Every revision of one service, newest first.
    std::vector<Revision> history(const std::string& service) const;
    std::optional<Revision> revision(const std::string& service, std::int64_t number) const;
    // Appends the next revision of `service` in one transaction.
    std::expected<Revision, std::string> append(const std::string& service, const std::string& action,
                                                const std::optional<std::string>& config, const std::string& createdBy,
                                                std::optional<std::int64_t> rolledBackTo);

    // The switches ever set, by name (a filter never switched runs).
    std::vector<routing::FilterSwitchState> switches() const;
    std::uint64_t switchVersion() const; // 0: no switch was ever changed
    // Records the switch and its audit entry in one transaction; the result carries the
    // new switch version.
    std::expected<routing::FilterSwitchState, std::string> setSwitch(const std::string& name, bool enabled, const std::string& actor,
                                                                     const std::string& role, const std::string& reason);

    using AuditEntry = gateway::AuditEntry;
    // Newest first; `beforeId` > 0: only older entries (the next page).
    std::vector<AuditEntry> audit(std::size_t limit, std::int64_t beforeId = 0) const;

private:
    explicit CollectorStore(sqlite3* db) : db_(db) {}
    std::vector<Revision> select(const char* sql, const std::string& service, std::int64_t number) const;
    sqlite3* db_;
    std::string collectorId_;
};

} // namespace gatehouse::gateway
