#pragma once

#include <string>

namespace gatehouse::gateway {

// `gatehouse-routes serve`: the route collector's process.
struct CollectorOptions {
    std::string listen = "127.0.0.1:9700"; // an IP literal and a port (0: the OS picks; see portFile)
    std::string db;                        // the SQLite file (created when absent)
    std::string tokens;                    // the tokens file; empty: read-only collector
    std::string portFile;                  // written once listening: {"port": N, "pid": P}
    std::string config;                    // --config: limits, TLS, allowed hosts (collector_config.h)
};

// Serves until SIGTERM or SIGINT; returns the exit code (1: could not start, said why).
int runCollector(const CollectorOptions& options);

} // namespace gatehouse::gateway
