#pragma once

#include "common/clock.h"
#include "store/audit_log.h"

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace gatehouse::gateway {

// The gateway's own durable state in SQLite (state_dir/gatehouse.db, WAL): the switches
// of the default filters with who changed them, when and why, and the audit log of
// every admin change. Used only off the request path (the control thread).
class AdminStore {
public:
    struct Switch {
        std::string name;
        bool enabled = true;
        std::string changedBy;
        std::string changedAt; // ISO 8601 UTC
        std::string reason;
    };
    using AuditEntry = gateway::AuditEntry;

    // Opens (creating) the database; an error says which file and why.
    static std::expected<std::unique_ptr<AdminStore>, std::string> open(const std::string& file,
                                                                        std::optional<unsigned> group = std::nullopt);
    ~AdminStore();
    AdminStore(const AdminStore&) = delete;
    AdminStore& operator=(const AdminStore&) = delete;

    std::map<std::string, Switch> switches() const;
    // Records the switch and its audit entry in one transaction.
    std::expected<Switch, std::string> setSwitch(const std::string& name, bool enabled, const std::string& actor,
                                                 const std::string& role, const std::string& reason);
    std::vector<AuditEntry> audit(std::size_t limit) const;
    // One audit entry on its own (an acknowledged alert); `detail` is JSON.
    std::expected<void, std::string> recordAudit(const std::string& actor, const std::string& role, const std::string& action,
                                                 const std::string& target, const std::string& detail);

    // Alert state changes (pending, firing, resolved), newest first.
    struct AlertChange {
        std::int64_t id = 0;
        std::string at, service, rule, severity, state;
    };
    void recordAlert(const std::string& service, const std::string& rule, const std::string& severity, const std::string& state);
    std::vector<AlertChange> alertHistory(std::size_t limit) const;

private:
    explicit AdminStore(sqlite3* db) : db_(db) {}
    std::expected<void, std::string> exec(const char* sql) const;
    sqlite3* db_;
};

} // namespace gatehouse::gateway
