#include "collector/collector_store.h"

#include "collector/etcd_collector_store.h"
#include "collector/sqlite_collector_store.h"
#include "common/clock.h"

#include <fmt/format.h>

namespace gatehouse::gateway {

CollectorStore::Revision CollectorStore::Revision::made(const std::string& service, const std::string& action,
                                                       const std::optional<std::string>& config, const std::string& createdBy,
                                                       std::optional<std::int64_t> rolledBackTo) {
    Revision r;
    r.service = service;
    r.action = action;
    r.config = config;
    r.createdBy = createdBy;
    r.createdAt = isoNow();
    r.rolledBackTo = rolledBackTo;
    return r;
}

std::expected<std::unique_ptr<CollectorStore>, std::string> openCollectorStore(const std::string& spec, std::optional<unsigned> group) {
    if (spec.starts_with("etcd://")) {
        auto location = parseEtcdLocation(spec);
        if (!location) return std::unexpected(fmt::format("--store '{}': {}", spec, location.error()));
        return std::make_unique<EtcdCollectorStore>(std::move(*location));
    }
    const std::string file = spec.starts_with("sqlite:") ? spec.substr(7) : spec;
    if (file.empty()) return std::unexpected("--store sqlite:PATH: name the file");
    auto store = SqliteCollectorStore::open(file, group);
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<CollectorStore>(std::move(*store));
}

} // namespace gatehouse::gateway
