#pragma once

#include "routes_cli/routes_commands.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace gatehouse::cli {

// Exit code when the collector cannot be asked: unreachable, the token refused, a
// server error. (kOk: done; kInvalid: the collector refused the change and said why.)
inline constexpr int kUnavailable = 3;

struct CollectorCommand {
    std::string collector;             // base URL, http://127.0.0.1:9700
    std::string tokenFile;             // first line: the bearer token
    std::string caFile;                // https://: the CA that signed the collector's certificate
    std::vector<std::string> files;    // register / dry-run
    std::string service;               // rollback
    std::int64_t revision = 0;         // rollback
    std::string filter;                // switch: a default filter's name
    bool enabled = true;               // switch: --on / --off
    std::string reason;                // switch: why, for the audit
    int waitSeconds = 0;               // switch: wait until every live gateway runs it
};

// Registers each file's service (PUT /v1/services/{name}); `dryRun` asks what would
// happen instead (POST .../dry-run) and prints the table diff.
int runRegister(const CollectorCommand& command, bool dryRun, OutputFormat format, std::ostream& out, std::ostream& err);
// Registers an earlier revision's config again (POST .../rollback?revision=N).
int runRollback(const CollectorCommand& command, bool dryRun, OutputFormat format, std::ostream& out, std::ostream& err);
// The gateways following the collector (GET /v1/gateways). kOk when every one is live
// and serves the collector's table, kInvalid when one is lost or behind (a deploy can
// wait on it).
int runGateways(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err);
// The fleet's default-filter switches (GET /v1/security/filters): kOk when every live
// gateway runs every switch's current state, kInvalid while one is pending.
int runSwitches(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err);
// Switches a default filter for the fleet (PUT /v1/security/filters/{name}, an admin
// token); with waitSeconds, waits (bounded) until every live gateway runs it.
int runSwitch(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err);

} // namespace gatehouse::cli
