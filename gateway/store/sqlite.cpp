#include "store/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace gatehouse::gateway {

std::expected<sqlite3*, std::string> openSqlite(const std::string& file, int flags) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return std::unexpected(fmt::format("cannot open {}: {}", file, why));
    }
    sqlite3_busy_timeout(db, 2000);
    return db;
}

bool execSql(sqlite3* db, const char* sql, std::string& error) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return false;
}

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) {
    sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindView(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
void SqliteStatement::bindNull(int index) { sqlite3_bind_null(stmt_, index); }
bool SqliteStatement::row() { return sqlite3_step(stmt_) == SQLITE_ROW; }
bool SqliteStatement::done() { return sqlite3_step(stmt_) == SQLITE_DONE; }
void SqliteStatement::reset() { sqlite3_reset(stmt_); }

std::string SqliteStatement::text(int column) const {
    const auto* value = sqlite3_column_text(stmt_, column);
    return value ? std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                 : std::string();
}

std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

} // namespace gatehouse::gateway
