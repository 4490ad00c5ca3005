#include "store/sqlite.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gatehouse::gateway {

namespace {

// Creates the file with the mode it must have, or narrows an existing one, before SQLite
// opens it: SQLite would create it with 0644 (the umask permitting).
std::expected<void, std::string> restrictMode(const std::string& file, std::optional<unsigned> group) {
    const mode_t wanted = group ? 0640 : 0600;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, wanted);
    if (fd < 0) return std::unexpected(fmt::format("cannot open {}: {}", file, std::strerror(errno)));
    struct stat st {};
    std::expected<void, std::string> result;
    if (::fstat(fd, &st) == 0 && (st.st_mode & 0777) != wanted) {
        if (::fchmod(fd, wanted) != 0) {
            result = std::unexpected(fmt::format("cannot restrict {} to {:o}: {}", file, wanted, std::strerror(errno)));
        } else {
            spdlog::warn("{} was readable by others (mode {:o}); now {:o}", file, st.st_mode & 0777, wanted);
        }
    }
    if (result && group && st.st_gid != *group && ::fchown(fd, static_cast<uid_t>(-1), *group) != 0) {
        result = std::unexpected(fmt::format("cannot give {} to group {}: {}", file, *group, std::strerror(errno)));
    }
    ::close(fd);
    return result;
}

} // namespace

std::expected<std::optional<unsigned>, std::string> lookUpGroup(const std::string& name) {
    if (name.empty()) return std::optional<unsigned>{};
    const ::group* found = ::getgrnam(name.c_str());
    if (!found) return std::unexpected(fmt::format("no group called '{}' on this machine", name));
    return std::optional<unsigned>{static_cast<unsigned>(found->gr_gid)};
}

std::expected<sqlite3*, std::string> openSqlite(const std::string& file, int flags, std::optional<unsigned> group) {
    if ((flags & SQLITE_OPEN_CREATE) != 0) {
        if (auto restricted = restrictMode(file, group); !restricted) return std::unexpected(restricted.error());
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return std::unexpected(fmt::format("cannot open {}: {}", file, why));
    }
    sqlite3_busy_timeout(db, 2000);
    return db;
}

std::expected<void, std::string> execSql(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return {};
    std::string error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return std::unexpected(std::move(error));
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
void SqliteStatement::bindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
}
std::string_view SqliteStatement::blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    return data ? std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string_view();
}
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
