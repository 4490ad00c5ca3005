#include "store/audit_log.h"

#include "store/sqlite.h"

#include <sqlite3.h>

namespace gatehouse::gateway {

const char* const kAuditSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

std::int64_t insertAudit(sqlite3* db, const AuditEntry& entry) {
    SqliteStatement insert(db, "INSERT INTO audit (at, actor, role, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, entry.at);
    insert.bind(2, entry.actor);
    insert.bind(3, entry.role);
    insert.bind(4, entry.action);
    insert.bind(5, entry.target);
    insert.bind(6, entry.detail);
    return insert.done() ? sqlite3_last_insert_rowid(db) : 0;
}

std::vector<AuditEntry> selectAudit(sqlite3* db, std::size_t limit, std::int64_t beforeId) {
    std::vector<AuditEntry> out;
    SqliteStatement select(db, "SELECT id, at, actor, role, action, target, detail FROM audit WHERE ?1 <= 0 OR id < ?1 "
                               "ORDER BY id DESC LIMIT ?2");
    select.bind(1, beforeId);
    select.bind(2, static_cast<std::int64_t>(limit));
    while (select.row()) {
        out.push_back({select.integer(0), select.text(1), select.text(2), select.text(3), select.text(4), select.text(5),
                       select.text(6)});
    }
    return out;
}

} // namespace gatehouse::gateway
