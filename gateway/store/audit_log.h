#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace gatehouse::gateway {

// Who changed what, kept in the store's own SQLite database: the gateway's admin store
// and the collector's share the table and its rows' shape.
struct AuditEntry {
    std::int64_t id = 0;
    std::string at; // ISO 8601 UTC
    std::string actor;
    std::string role;
    std::string action;
    std::string target;
    std::string detail; // JSON text
};

// CREATE TABLE IF NOT EXISTS audit (...), for the store's schema.
extern const char* const kAuditSchema;
// One row, inside the caller's transaction when there is one; its id, or 0 when it failed
// (sqlite3_errmsg says why).
std::int64_t insertAudit(sqlite3* db, const AuditEntry& entry);
// Newest first; `beforeId` > 0: only older rows (the next page).
std::vector<AuditEntry> selectAudit(sqlite3* db, std::size_t limit, std::int64_t beforeId = 0);

} // namespace gatehouse::gateway
