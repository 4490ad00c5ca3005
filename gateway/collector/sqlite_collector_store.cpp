#include "collector/sqlite_collector_store.h"

#include "common/clock.h"
#include "store/sqlite.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace gatehouse::gateway {
namespace json = boost::json;
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
  version INTEGER PRIMARY KEY AUTOINCREMENT,
  service TEXT NOT NULL,
  revision INTEGER NOT NULL,
  action TEXT NOT NULL,
  config TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rolled_back_to INTEGER,
  UNIQUE (service, revision)
);
CREATE TABLE IF NOT EXISTS filter_switches (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  version INTEGER NOT NULL
);
)sql";

constexpr const char* kColumns = "version, service, revision, action, config, created_by, created_at, rolled_back_to";

SqliteCollectorStore::Revision readRevision(const SqliteStatement& row) {
    SqliteCollectorStore::Revision r;
    r.version = static_cast<std::uint64_t>(row.integer(0));
    r.service = row.text(1);
    r.revision = row.integer(2);
    r.action = row.text(3);
    if (!row.isNull(4)) r.config = row.text(4);
    r.createdBy = row.text(5);
    r.createdAt = row.text(6);
    if (!row.isNull(7)) r.rolledBackTo = row.integer(7);
    return r;
}

} // namespace

std::expected<std::unique_ptr<SqliteCollectorStore>, std::string> SqliteCollectorStore::open(const std::string& file,
                                                                                          std::optional<unsigned> group) {
    auto db = openSqlite(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, group);
    if (!db) return std::unexpected(db.error());
    std::unique_ptr<SqliteCollectorStore> store(new SqliteCollectorStore(*db, file));
    for (const char* schema : {kSchema, kAuditSchema}) {
        if (auto set = execSql(*db, schema); !set) return std::unexpected(fmt::format("cannot set up {}: {}", file, set.error()));
    }
    {
        SqliteStatement select(*db, "SELECT value FROM meta WHERE key = 'collector_id'");
        if (select.row()) store->collectorId_ = select.text(0);
    }
    if (store->collectorId_.empty()) {
        unsigned char bytes[8];
        RAND_bytes(bytes, sizeof bytes);
        for (unsigned char b : bytes) fmt::format_to(std::back_inserter(store->collectorId_), "{:02x}", b);
        SqliteStatement insert(*db, "INSERT INTO meta (key, value) VALUES ('collector_id', ?1)");
        insert.bind(1, store->collectorId_);
        if (!insert.done()) return std::unexpected(fmt::format("cannot write {}: {}", file, sqlite3_errmsg(*db)));
    }
    return store;
}

SqliteCollectorStore::~SqliteCollectorStore() { sqlite3_close(db_); }

CollectorStore::Result<CollectorStore::Snapshot> SqliteCollectorStore::snapshot() {
    Snapshot out;
    out.collectorId = collectorId_;
    {
        SqliteStatement select(db_, "SELECT COALESCE(MAX(version), 0) FROM revisions");
        if (select.row()) out.version = static_cast<std::uint64_t>(select.integer(0));
    }
    out.current = select(fmt::format("SELECT {} FROM revisions r WHERE version = (SELECT MAX(version) FROM revisions "
                                     "WHERE service = r.service) AND action != 'delete' ORDER BY service",
                                     kColumns)
                             .c_str(),
                         {}, 0);
    SqliteStatement switches(db_, "SELECT name, enabled, changed_by, changed_at, reason, version FROM filter_switches ORDER BY name");
    while (switches.row()) {
        out.switches.push_back({switches.text(0), switches.integer(1) != 0, switches.text(2), switches.text(3), switches.text(4),
                                static_cast<std::uint64_t>(switches.integer(5))});
        out.switchVersion = std::max(out.switchVersion, out.switches.back().version);
    }
    return out;
}

std::vector<CollectorStore::Revision> SqliteCollectorStore::select(const char* sql, const std::string& service,
                                                             std::int64_t number) const {
    std::vector<Revision> out;
    SqliteStatement statement(db_, sql);
    if (!service.empty()) statement.bind(1, service);
    if (number > 0) statement.bind(2, number);
    while (statement.row()) out.push_back(readRevision(statement));
    return out;
}

std::vector<CollectorStore::Revision> SqliteCollectorStore::allRevisions() const {
    return select(fmt::format("SELECT {} FROM revisions ORDER BY version", kColumns).c_str(), {}, 0);
}

std::vector<CollectorStore::AuditEntry> SqliteCollectorStore::allAudit() const {
    std::vector<AuditEntry> out = selectAudit(db_, std::numeric_limits<int>::max(), 0);
    std::reverse(out.begin(), out.end());
    return out;
}

CollectorStore::Result<std::vector<CollectorStore::Revision>> SqliteCollectorStore::history(const std::string& service) {
    return select(fmt::format("SELECT {} FROM revisions WHERE service = ?1 ORDER BY revision DESC", kColumns).c_str(), service, 0);
}

CollectorStore::Result<std::optional<CollectorStore::Revision>> SqliteCollectorStore::revision(const std::string& service,
                                                                                                std::int64_t number) {
    auto found = select(fmt::format("SELECT {} FROM revisions WHERE service = ?1 AND revision = ?2", kColumns).c_str(), service,
                        number);
    if (found.empty()) return std::optional<Revision>();
    return std::optional<Revision>(std::move(found.front()));
}

CollectorStore::Result<CollectorStore::Revision> SqliteCollectorStore::append(const std::string& service,
                                                                             const std::string& action,
                                                                             const std::optional<std::string>& config,
                                                                             const std::string& createdBy,
                                                                             std::optional<std::int64_t> rolledBackTo) {
    if (auto begun = execSql(db_, "BEGIN IMMEDIATE"); !begun) return std::unexpected(Failure{Failure::Kind::failed, begun.error()});
    std::string error;
    Revision r = Revision::made(service, action, config, createdBy, rolledBackTo);
    bool ok = false;
    {
        SqliteStatement next(db_, "SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE service = ?1");
        next.bind(1, service);
        if (next.row()) r.revision = next.integer(0);
        SqliteStatement insert(db_, "INSERT INTO revisions (service, revision, action, config, created_by, created_at, "
                                    "rolled_back_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        insert.bind(1, service);
        insert.bind(2, r.revision);
        insert.bind(3, action);
        config ? insert.bind(4, *config) : insert.bindNull(4);
        insert.bind(5, createdBy);
        insert.bind(6, r.createdAt);
        rolledBackTo ? insert.bind(7, *rolledBackTo) : insert.bindNull(7);
        ok = r.revision > 0 && insert.done();
        if (ok) r.version = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db_));
        json::object detail{{"revision", r.revision}, {"version", r.version}};
        if (rolledBackTo) detail["rolled_back_to"] = *rolledBackTo;
        ok = ok && insertAudit(db_, {0, r.createdAt, createdBy, "owner", fmt::format("service.{}", action), service,
                                     json::serialize(detail)}) != 0;
        if (!ok) error = sqlite3_errmsg(db_);
    }
    if (ok) {
        auto committed = execSql(db_, "COMMIT");
        if (committed) return r;
        error = committed.error();
    }
    (void)execSql(db_, "ROLLBACK"); // the change failed already; that is the error to report
    return std::unexpected(Failure{Failure::Kind::failed, error});
}

CollectorStore::Result<routing::FilterSwitchState> SqliteCollectorStore::setSwitch(const std::string& name, bool enabled,
                                                                                 const std::string& actor, const std::string& role,
                                                                                 const std::string& reason) {
    if (auto begun = execSql(db_, "BEGIN IMMEDIATE"); !begun) return std::unexpected(Failure{Failure::Kind::failed, begun.error()});
    routing::FilterSwitchState state{name, enabled, actor, isoNow(), reason, 0};
    state.version = static_cast<std::uint64_t>(
        insertAudit(db_, {0, state.changedAt, actor, role, enabled ? "default_filter.enable" : "default_filter.disable", name,
                          json::serialize(json::object{{"enabled", enabled}, {"reason", reason}})}));
    bool ok = state.version != 0;
    if (ok) {
        SqliteStatement upsert(db_, "INSERT INTO filter_switches (name, enabled, changed_by, changed_at, reason, version) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET enabled = ?2, "
                                    "changed_by = ?3, changed_at = ?4, reason = ?5, version = ?6");
        upsert.bind(1, name);
        upsert.bind(2, std::int64_t{enabled ? 1 : 0});
        upsert.bind(3, actor);
        upsert.bind(4, state.changedAt);
        upsert.bind(5, reason);
        upsert.bind(6, static_cast<std::int64_t>(state.version));
        ok = upsert.done();
    }
    std::string error = ok ? std::string() : std::string(sqlite3_errmsg(db_));
    if (ok) {
        auto committed = execSql(db_, "COMMIT");
        if (committed) return state;
        error = committed.error();
    }
    (void)execSql(db_, "ROLLBACK"); // the change failed already; that is the error to report
    return std::unexpected(Failure{Failure::Kind::failed, error});
}

CollectorStore::Result<std::vector<CollectorStore::AuditEntry>> SqliteCollectorStore::audit(std::size_t limit, std::int64_t beforeId) {
    return selectAudit(db_, limit, beforeId);
}

} // namespace gatehouse::gateway
