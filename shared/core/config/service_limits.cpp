#include "core/config/service_limits.h"

#include <fmt/format.h>

#include <algorithm>

namespace gatehouse::config {

std::uint64_t indexEntries(const Route& route) {
    return static_cast<std::uint64_t>(route.paths.size()) * std::max<std::uint64_t>(1, route.hosts.size());
}

std::uint64_t indexEntries(const ServiceConfig& service) {
    std::uint64_t total = 0;
    for (const Route& route : service.routes) total += indexEntries(route);
    return total;
}

Problems checkTableLimits(std::span<const ServiceConfig> services, const ServiceLimits& limits, const std::string& source) {
    std::uint64_t total = 0;
    for (const ServiceConfig& service : services) total += indexEntries(service);
    if (total <= limits.tableIndexEntries) return {};
    return {{source, "", "table_too_large",
             fmt::format("the table would hold {} index entries (hosts x paths over every service); the limit is {}", total,
                         limits.tableIndexEntries),
             Severity::error,
             "split hosts and paths into fewer, broader routes (a parameter or a wildcard segment), or raise "
             "max_table_index_entries on the collector and every gateway"}};
}

void readServiceLimits(JsonReader& reader, const boost::json::value& value, const std::string& path, ServiceLimits& limits) {
    static constexpr std::string_view kKeys[] = {"max_document_bytes", "max_routes", "max_paths_per_route",
                                                 "max_hosts_per_route", "max_destinations", "max_index_entries",
                                                 "max_table_index_entries", "max_table_bytes"};
    const boost::json::object* object = reader.object(value, path);
    if (!object) return;
    reader.rejectUnknownKeys(*object, path, kKeys);
    const auto read = [&](std::string_view key, std::size_t& out, std::int64_t max) {
        if (const boost::json::value* item = reader.member(*object, path, key, false)) {
            if (auto n = reader.integer(*item, childPath(path, std::string(key)), 1, max)) out = static_cast<std::size_t>(*n);
        }
    };
    read("max_document_bytes", limits.documentBytes, 64 << 20);
    read("max_routes", limits.routes, 100'000);
    read("max_paths_per_route", limits.pathsPerRoute, 100'000);
    read("max_hosts_per_route", limits.hostsPerRoute, 100'000);
    read("max_destinations", limits.destinations, 100'000);
    read("max_index_entries", limits.indexEntries, 10'000'000);
    read("max_table_index_entries", limits.tableIndexEntries, 100'000'000);
    read("max_table_bytes", limits.tableBytes, 64 << 20); // a gateway reads at most 64 MiB from the collector
}

} // namespace gatehouse::config
