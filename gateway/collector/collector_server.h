#pragma once

#include <string>

namespace gatehouse::gateway {

// `gatehouse-routes serve`: the route collector's process.
struct CollectorOptions {
    std::string listen = "127.0.0.1:9700"; // an IP literal and a port (0: the OS picks; see portFile)
    std::string store;                     // "sqlite:PATH" (created when absent) or "etcd://HOST:PORT[,...][/PREFIX]"
    std::string tokens;                    // the tokens file; empty: read-only collector
    std::string portFile;                  // written once listening: {"port": N, "pid": P}
    std::string config;                    // --config: limits, TLS, allowed hosts (collector_config.h)
};

// Serves until SIGTERM or SIGINT; returns the exit code (1: could not start, said why).
// A store that cannot be read yet (etcd down) is waited for before listening: a collector
// that answered with an empty table would empty every gateway.
int runCollector(const CollectorOptions& options);

// `gatehouse-routes migrate`: copies every revision, switch and audit entry of a SQLite
// store into an empty etcd prefix, keeping the collector id and versions (gateways see
// the same table). Returns the exit code.
int runMigrate(const std::string& from, const std::string& to);

} // namespace gatehouse::gateway
