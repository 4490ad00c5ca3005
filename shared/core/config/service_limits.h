#pragma once

#include "core/config/json_reader.h"
#include "core/config/problem.h"
#include "core/config/service_config.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace gatehouse::config {

// Bounds on what one registration may ask of every gateway. The route index holds one
// entry per host and path of a route, so the product is what costs memory and time: it
// is counted from the lists' sizes before anything is built. The same limits (from the
// gateway's or the collector's configuration) are checked by the collector when a team
// registers and by every gateway when a table arrives.
struct ServiceLimits {
    std::size_t documentBytes = 1 << 20;     // "max_document_bytes": one service config
    std::size_t routes = 256;                // "max_routes": per service
    std::size_t pathsPerRoute = 64;          // "max_paths_per_route"
    std::size_t hostsPerRoute = 64;          // "max_hosts_per_route"
    std::size_t destinations = 64;           // "max_destinations": per service
    std::size_t indexEntries = 4096;         // "max_index_entries": hosts x paths summed over a service's routes
    std::size_t tableIndexEntries = 262'144; // "max_table_index_entries": the same over the whole table
    std::size_t tableBytes = 16 << 20;       // "max_table_bytes": the published table document (gateways refuse > 64 MiB)
};

// hosts x paths (a route without hosts counts once per path).
std::uint64_t indexEntries(const Route& route);
std::uint64_t indexEntries(const ServiceConfig& service);

// table_too_large (error, path "") when the services together exceed tableIndexEntries;
// reported against `source`.
Problems checkTableLimits(std::span<const ServiceConfig> services, const ServiceLimits& limits, const std::string& source);

// Reads {"max_routes": ..., ...} at `path` into `limits` (unknown keys refused).
void readServiceLimits(JsonReader& reader, const boost::json::value& value, const std::string& path, ServiceLimits& limits);

} // namespace gatehouse::config
