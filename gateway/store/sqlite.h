#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gatehouse::gateway {

// The little of SQLite's C API every store here uses (admin store, trail, collector).

// Opens (with `flags`, e.g. SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) and sets a busy
// time-out; an error says which file and why. A database is readable by its owner only
// (0600), or by a group too (0640) when `group` is given: the stores hold user ids,
// client addresses and who changed what. SQLite gives its -wal and -shm files the
// database's mode. An existing file with a wider mode is narrowed (and logged).
std::expected<sqlite3*, std::string> openSqlite(const std::string& file, int flags, std::optional<unsigned> group = std::nullopt);
// A group name for `group` above ("" -> none); an error names it when it does not exist.
std::expected<std::optional<unsigned>, std::string> lookUpGroup(const std::string& name);
// Runs SQL without results (schema, BEGIN/COMMIT); the reason on failure.
std::expected<void, std::string> execSql(sqlite3* db, const char* sql);

// A prepared statement that finalizes itself. Parameters and columns count from 1 and 0
// as in SQLite.
class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void bind(int index, std::string_view text); // copied
    // Not copied: `text` must outlive the next step (the trail writer's hot loop).
    void bindView(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bindBlob(int index, std::string_view bytes); // not copied, as bindView
    void bindNull(int index);
    void textOrNull(int index, const std::string& value) { value.empty() ? bindNull(index) : bindView(index, value); }
    void integerOrNull(int index, std::int64_t value) { value < 0 ? bindNull(index) : bind(index, value); }

    bool row();  // steps; true while there is a row
    bool done(); // steps; true when the statement completed
    void reset();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    std::string_view blob(int column) const; // valid until the next step or reset
    bool isNull(int column) const;
    sqlite3_stmt* get() const { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace gatehouse::gateway
