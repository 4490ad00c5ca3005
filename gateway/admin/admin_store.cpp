#include "admin/admin_store.h"

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>

namespace gatehouse::gateway {
namespace {

// A prepared statement that finalizes itself.
struct Statement {
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
    ~Statement() { sqlite3_finalize(stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    void bind(int index, const std::string& text) { sqlite3_bind_text(stmt, index, text.c_str(), -1, SQLITE_TRANSIENT); }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt, index, value); }
    std::string text(int column) const {
        const auto* value = sqlite3_column_text(stmt, column);
        return value ? reinterpret_cast<const char*>(value) : "";
    }
    sqlite3_stmt* stmt = nullptr;
};

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS default_filter_switches (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  service TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL
);
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

} // namespace

std::string isoNow() {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

std::expected<std::unique_ptr<AdminStore>, std::string> AdminStore::open(const std::string& file) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return std::unexpected(fmt::format("cannot open {}: {}", file, why));
    }
    sqlite3_busy_timeout(db, 2000);
    std::unique_ptr<AdminStore> store(new AdminStore(db));
    std::string error;
    if (!store->exec(kSchema, error)) return std::unexpected(fmt::format("cannot set up {}: {}", file, error));
    return store;
}

AdminStore::~AdminStore() {
    sqlite3_close(db_);
}

bool AdminStore::exec(const char* sql, std::string& error) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    error = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return false;
}

std::map<std::string, AdminStore::Switch> AdminStore::switches() const {
    std::map<std::string, Switch> out;
    Statement select(db_, "SELECT name, enabled, changed_by, changed_at, reason FROM default_filter_switches");
    while (sqlite3_step(select.stmt) == SQLITE_ROW) {
        Switch s{select.text(0), sqlite3_column_int(select.stmt, 1) != 0, select.text(2), select.text(3), select.text(4)};
        out.emplace(s.name, s);
    }
    return out;
}

std::expected<AdminStore::Switch, std::string> AdminStore::setSwitch(const std::string& name, bool enabled,
                                                                     const std::string& actor, const std::string& role,
                                                                     const std::string& reason) {
    std::string error;
    if (!exec("BEGIN IMMEDIATE", error)) return std::unexpected(error);
    const Switch result{name, enabled, actor, isoNow(), reason};
    {
        Statement upsert(db_, "INSERT INTO default_filter_switches (name, enabled, changed_by, changed_at, reason) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE SET enabled = ?2, "
                              "changed_by = ?3, changed_at = ?4, reason = ?5");
        upsert.bind(1, name);
        upsert.bind(2, std::int64_t{enabled ? 1 : 0});
        upsert.bind(3, actor);
        upsert.bind(4, result.changedAt);
        upsert.bind(5, reason);
        Statement audit(db_, "INSERT INTO audit (at, actor, role, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        audit.bind(1, result.changedAt);
        audit.bind(2, actor);
        audit.bind(3, role);
        audit.bind(4, std::string(enabled ? "default_filter.enable" : "default_filter.disable"));
        audit.bind(5, name);
        audit.bind(6, boost::json::serialize(boost::json::object{{"enabled", enabled}, {"reason", reason}}));
        if (sqlite3_step(upsert.stmt) != SQLITE_DONE || sqlite3_step(audit.stmt) != SQLITE_DONE) {
            error = sqlite3_errmsg(db_);
            std::string ignored;
            exec("ROLLBACK", ignored);
            return std::unexpected(error);
        }
    }
    if (!exec("COMMIT", error)) {
        std::string ignored;
        exec("ROLLBACK", ignored);
        return std::unexpected(error);
    }
    return result;
}

void AdminStore::recordAlert(const std::string& service, const std::string& rule, const std::string& severity,
                             const std::string& state) {
    Statement insert(db_, "INSERT INTO alert_history (at, service, rule, severity, state) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, isoNow());
    insert.bind(2, service);
    insert.bind(3, rule);
    insert.bind(4, severity);
    insert.bind(5, state);
    sqlite3_step(insert.stmt);
}

std::vector<AdminStore::AlertChange> AdminStore::alertHistory(std::size_t limit) const {
    std::vector<AlertChange> out;
    Statement select(db_, "SELECT id, at, service, rule, severity, state FROM alert_history ORDER BY id DESC LIMIT ?1");
    select.bind(1, static_cast<std::int64_t>(limit));
    while (sqlite3_step(select.stmt) == SQLITE_ROW) {
        out.push_back({sqlite3_column_int64(select.stmt, 0), select.text(1), select.text(2), select.text(3), select.text(4),
                       select.text(5)});
    }
    return out;
}

std::vector<AdminStore::AuditEntry> AdminStore::audit(std::size_t limit) const {
    std::vector<AuditEntry> out;
    Statement select(db_, "SELECT id, at, actor, role, action, target, detail FROM audit ORDER BY id DESC LIMIT ?1");
    select.bind(1, static_cast<std::int64_t>(limit));
    while (sqlite3_step(select.stmt) == SQLITE_ROW) {
        out.push_back({sqlite3_column_int64(select.stmt, 0), select.text(1), select.text(2), select.text(3), select.text(4),
                       select.text(5), select.text(6)});
    }
    return out;
}

} // namespace gatehouse::gateway
