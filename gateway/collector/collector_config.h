#pragma once

#include "core/config/destination_policy.h"
#include "core/config/problem.h"
#include "core/config/service_limits.h"
#include "observe/thresholds.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// `gatehouse-routes serve --config FILE`: what the collector enforces and how it listens
// (docs/collector-api.md). Every key is optional; the defaults are those shown.
//   {"tls": {"cert_file", "key_file"},        HTTPS on --listen (tokens never cross in clear)
//    "allowed_hosts": ["collector.internal"],  Host names answered (others 421); default: the
//                                              listen address, localhost, 127.0.0.1, ::1
//    "limits": {...},                          config/service_limits.h keys
//    "forbidden_destinations": [...],          ranges no destination may point into
//    "max_connections": 4096, "max_pending_connections": 128, "max_long_polls_per_token": 256,
//    "gateway_lost_after_seconds": 15,         a gateway silent this long is lost (GET /v1/gateways)
//    "max_gateways": 1000,                     gateways remembered; past it a new one replaces the longest lost
//    "db_group": "ops",                        the database 0640 for that group; default 0600
//    "fleet": {"token_file": "fleet.token",    the fleet reads (/v1/fleet/*): a viewer token of the
//              "timeout_ms": 2000,             gateways' admin API; each gateway's time limit;
//              "ca_file": "..."},              the CA of gateways' https admin URLs (default: the system's)
//    "thresholds": {...}}                      the fleet views' status bands (gatehouse.json's keys)
struct CollectorConfig {
    std::optional<std::pair<std::string, std::string>> tls; // cert file, key file
    std::vector<std::string> allowedHosts;
    config::ServiceLimits limits;
    std::vector<config::AddressRange> forbiddenDestinations;
    std::size_t maxConnections = 4096;
    std::size_t maxPending = 128;
    std::size_t maxLongPollsPerToken = 256;
    int gatewayLostAfterSeconds = 15;
    std::size_t maxGateways = 1000;
    std::optional<unsigned> dbGroup; // "db_group": the database readable by this group too (0640); else 0600
    struct Fleet {
        std::string tokenFile;
        int timeoutMs = 2000;
        std::string caFile;
    };
    std::optional<Fleet> fleet;
    Thresholds thresholds;
};

struct ParsedCollectorConfig {
    CollectorConfig config;
    config::Problems problems;
    bool ok() const { return !config::hasErrors(problems); }
};

ParsedCollectorConfig parseCollectorConfigText(const std::string& text, const std::string& file);
ParsedCollectorConfig loadCollectorConfig(const std::string& file);

} // namespace gatehouse::gateway
