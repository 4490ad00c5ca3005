#pragma once

#include "core/config/problem.h"

#include <boost/asio/io_context.hpp>

#include <string>

namespace gatehouse::gateway {

struct GatewayConfig;
class CollectorFollower;
class TableInstaller;

// The table a gateway starts with, or why there is none (`refusal` not empty).
struct StartingTable {
    config::Problems problems;
    std::string refusal;
};

// Without a collector, services_dir. With one: its answer (bounded by its timeout: the
// control loop runs just for this), else the last table it gave this gateway, else
// services_dir when there is one; each step that fails says why in the log and in the
// refusal.
StartingTable loadStartingTable(boost::asio::io_context& control, const GatewayConfig& config, TableInstaller& installer,
                                CollectorFollower* follower);

} // namespace gatehouse::gateway
