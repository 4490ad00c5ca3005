#pragma once

#include "collector/collector_store.h"
#include "collector/etcd_client.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace gatehouse::gateway {

// The collector's state in etcd v3, shared by every collector that names the same
// endpoints and prefix (docs/collector-api.md has the keys). One key, PREFIX/head, holds
// the counters (table version, switch version, audit id); every change is one etcd
// transaction that writes its revision, its audit entry and the new head only if the head
// is still the one this collector last read. So two collectors cannot both accept changes
// decided on the same table: the second is refused as stale, reads again and decides
// again (a takeover then is a 409).
//
// Calls run on the caller's thread, each bounded by `timeout`; once the watch has seen
// etcd go, they fail at once until it is back.
class EtcdCollectorStore final : public CollectorStore {
public:
    explicit EtcdCollectorStore(EtcdLocation location, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
    ~EtcdCollectorStore() override;
    EtcdCollectorStore(const EtcdCollectorStore&) = delete;
    EtcdCollectorStore& operator=(const EtcdCollectorStore&) = delete;

    std::string location() const override { return location_.text(); }
    Result<Snapshot> snapshot() override;
    Result<std::vector<Revision>> history(const std::string& service) override;
    Result<std::optional<Revision>> revision(const std::string& service, std::int64_t number) override;
    Result<Revision> append(const std::string& service, const std::string& action, const std::optional<std::string>& config,
                            const std::string& createdBy, std::optional<std::int64_t> rolledBackTo) override;
    Result<routing::FilterSwitchState> setSwitch(const std::string& name, bool enabled, const std::string& actor,
                                                 const std::string& role, const std::string& reason) override;
    Result<std::vector<AuditEntry>> audit(std::size_t limit, std::int64_t beforeId = 0) override;
    void watch(std::function<void(Event)> notify) override;
    void stopWatching() override;
    bool available() const override { return available_.load(); }
    bool shared() const override { return true; }
    Result<void> shareRoster(const std::string& collectorInstance, const std::string& roster, int ttlSeconds) override;
    Result<std::vector<std::string>> peerRosters(const std::string& collectorInstance) override;
    Errors errors() const override;

    // `gatehouse-routes migrate`: writes another store's whole history into this one,
    // which must be empty (no head); the head goes last, so an interrupted copy can be
    // run again.
    Result<void> import(const std::string& collectorId, const std::vector<Revision>& revisions,
                        const std::vector<routing::FilterSwitchState>& switches, const std::vector<AuditEntry>& audit);

    // The counters every change moves on.
    struct Head {
        std::string collectorId;
        std::uint64_t version = 0;
        std::uint64_t switchVersion = 0;
        std::int64_t auditId = 0;
        std::int64_t committedAtMs = 0;
    };

private:
    std::string key(std::string_view rest) const { return location_.prefix + "/" + std::string(rest); }
    Failure unreachable(const EtcdClient::Error& error, std::atomic<std::uint64_t>& counter);
    // Writes the head, these puts and an audit entry if the head is still headMod_.
    Result<std::int64_t> commit(const Head& next, boost::json::array puts);
    Result<Snapshot> initialise();
    void watchLoop(std::function<void(Event)> notify);
    bool pause(std::chrono::milliseconds duration); // false: stopping

    EtcdLocation location_;
    std::chrono::milliseconds timeout_;
    EtcdClient client_; // the collector thread's
    // What the last snapshot (or this collector's own last change) saw.
    Head head_;
    std::int64_t headMod_ = -1; // etcd's mod revision of the head; -1: never read
    std::map<std::string, std::int64_t> latest_; // service -> its newest revision number, deleted ones too
    // The current revisions last read or written: a snapshot reads only those that moved.
    std::map<std::string, Revision> cache_;

    std::atomic<bool> available_{true};
    std::atomic<bool> watching_{false};
    std::atomic<std::uint64_t> readErrors_{0};
    std::atomic<std::uint64_t> writeErrors_{0};
    std::atomic<std::uint64_t> watchErrors_{0};
    std::atomic<std::uint64_t> stale_{0};
    std::mutex stopMutex_;
    std::condition_variable stopSignal_;
    bool stopping_ = false; // under stopMutex_
    std::atomic<bool> stoppingFlag_{false};
    std::thread watcher_;
};

} // namespace gatehouse::gateway
