#include "admin/admin_store.h"

#include "store/sqlite.h"

#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>

namespace gatehouse::gateway {
namespace {

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
)sql";

} // namespace

std::expected<std::unique_ptr<AdminStore>, std::string> AdminStore::open(const std::string& file, std::optional<unsigned> group) {
    auto db = openSqlite(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, group);
    if (!db) return std::unexpected(db.error());
    std::unique_ptr<AdminStore> store(new AdminStore(*db));
    for (const char* schema : {kSchema, kAuditSchema}) {
        if (auto set = store->exec(schema); !set) return std::unexpected(fmt::format("cannot set up {}: {}", file, set.error()));
    }
    return store;
}

AdminStore::~AdminStore() {
    sqlite3_close(db_);
}

std::expected<void, std::string> AdminStore::exec(const char* sql) const { return execSql(db_, sql); }

std::map<std::string, AdminStore::Switch> AdminStore::switches() const {
    std::map<std::string, Switch> out;
    SqliteStatement select(db_, "SELECT name, enabled, changed_by, changed_at, reason FROM default_filter_switches");
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        Switch s{select.text(0), select.integer(1) != 0, select.text(2), select.text(3), select.text(4)};
        out.emplace(s.name, s);
    }
    return out;
}

std::expected<AdminStore::Switch, std::string> AdminStore::setSwitch(const std::string& name, bool enabled,
                                                                     const std::string& actor, const std::string& role,
                                                                     const std::string& reason) {
    if (auto begun = exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
    const Switch result{name, enabled, actor, isoNow(), reason};
    {
        SqliteStatement upsert(db_, "INSERT INTO default_filter_switches (name, enabled, changed_by, changed_at, reason) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO UPDATE SET enabled = ?2, "
                              "changed_by = ?3, changed_at = ?4, reason = ?5");
        upsert.bind(1, name);
        upsert.bind(2, std::int64_t{enabled ? 1 : 0});
        upsert.bind(3, actor);
        upsert.bind(4, result.changedAt);
        upsert.bind(5, reason);
        const AuditEntry entry{0, result.changedAt, actor, role, enabled ? "default_filter.enable" : "default_filter.disable", name,
                               boost::json::serialize(boost::json::object{{"enabled", enabled}, {"reason", reason}})};
        if (sqlite3_step(upsert.get()) != SQLITE_DONE || insertAudit(db_, entry) == 0) {
            std::string error = sqlite3_errmsg(db_);
            (void)exec("ROLLBACK"); // the change failed already; that is the error to report
            return std::unexpected(std::move(error));
        }
    }
    if (auto committed = exec("COMMIT"); !committed) {
        (void)exec("ROLLBACK");
        return std::unexpected(committed.error());
    }
    return result;
}

std::expected<void, std::string> AdminStore::recordAudit(const std::string& actor, const std::string& role, const std::string& action,
                                                         const std::string& target, const std::string& detail) {
    if (insertAudit(db_, {0, isoNow(), actor, role, action, target, detail}) == 0) {
        return std::unexpected(std::string(sqlite3_errmsg(db_)));
    }
    return {};
}

void AdminStore::recordAlert(const std::string& service, const std::string& rule, const std::string& severity,
                             const std::string& state) {
    SqliteStatement insert(db_, "INSERT INTO alert_history (at, service, rule, severity, state) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, isoNow());
    insert.bind(2, service);
    insert.bind(3, rule);
    insert.bind(4, severity);
    insert.bind(5, state);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) { // the alert itself stands; only its history lacks the change
        spdlog::error("admin store: alert {} {} {} not recorded in the history: {}", service, rule, state, sqlite3_errmsg(db_));
    }
}

std::vector<AdminStore::AlertChange> AdminStore::alertHistory(std::size_t limit) const {
    std::vector<AlertChange> out;
    SqliteStatement select(db_, "SELECT id, at, service, rule, severity, state FROM alert_history ORDER BY id DESC LIMIT ?1");
    select.bind(1, static_cast<std::int64_t>(limit));
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        out.push_back({select.integer(0), select.text(1), select.text(2), select.text(3), select.text(4),
                       select.text(5)});
    }
    return out;
}

std::vector<AdminStore::AuditEntry> AdminStore::audit(std::size_t limit) const { return selectAudit(db_, limit); }

} // namespace gatehouse::gateway
