#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gatehouse::routing {
class RouteTable;
} // namespace gatehouse::routing

namespace gatehouse::gateway {

struct GatewayState;
struct TableSnapshot;
class HealthChecker;

// Takes routing tables for the gateway, from services_dir or the collector: checks a
// table as this gateway would serve it (limits, destinations, table analysis, every
// route's filter chain) and swaps it in whole, recording the change; with errors nothing
// changes. Runs on the control thread.
class TableInstaller {
public:
    TableInstaller(GatewayState& state, HealthChecker& health) : state_(state), health_(health) {}

    config::Problems install(std::vector<config::ServiceConfig> services, config::Problems problems);
    // Reads services_dir and installs what it holds.
    config::Problems installStaticDir();

private:
    void recordChange(const routing::RouteTable& table, std::uint64_t version, const TableSnapshot* previous);

    GatewayState& state_;
    HealthChecker& health_;
    std::map<std::string, std::int64_t> servedRevisions_; // the collector's revision of each service in use
};

} // namespace gatehouse::gateway
