#pragma once

#include "collector/collector_store.h"

struct sqlite3;

namespace gatehouse::gateway {

// The collector's state in one SQLite file (WAL, synchronous): the default, for one
// collector. Revision numbers are the rows' AUTOINCREMENT ids, never reused.
class SqliteCollectorStore final : public CollectorStore {
public:
    static std::expected<std::unique_ptr<SqliteCollectorStore>, std::string> open(const std::string& file,
                                                                                  std::optional<unsigned> group = std::nullopt);
    ~SqliteCollectorStore() override;
    SqliteCollectorStore(const SqliteCollectorStore&) = delete;
    SqliteCollectorStore& operator=(const SqliteCollectorStore&) = delete;

    std::string location() const override { return "sqlite:" + file_; }
    Result<Snapshot> snapshot() override;
    Result<std::vector<Revision>> history(const std::string& service) override;
    Result<std::optional<Revision>> revision(const std::string& service, std::int64_t number) override;
    Result<Revision> append(const std::string& service, const std::string& action, const std::optional<std::string>& config,
                            const std::string& createdBy, std::optional<std::int64_t> rolledBackTo) override;
    Result<routing::FilterSwitchState> setSwitch(const std::string& name, bool enabled, const std::string& actor,
                                                 const std::string& role, const std::string& reason) override;
    Result<std::vector<AuditEntry>> audit(std::size_t limit, std::int64_t beforeId = 0) override;

    // For `gatehouse-routes migrate`: everything, oldest first.
    const std::string& collectorId() const { return collectorId_; }
    std::vector<Revision> allRevisions() const;
    std::vector<AuditEntry> allAudit() const;

private:
    SqliteCollectorStore(sqlite3* db, std::string file) : db_(db), file_(std::move(file)) {}
    std::vector<Revision> select(const char* sql, const std::string& service, std::int64_t number) const;
    sqlite3* db_;
    std::string file_;
    std::string collectorId_;
};

} // namespace gatehouse::gateway
