// gatehouse: the gateway. `gatehouse --config gatehouse.json` serves;
// `gatehouse --check --config gatehouse.json` validates everything and exits 0 or 1.
#include "config/gateway_config.h"
#include "observe/alert_rules.h"
#include "server/gateway.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"gatehouse: the API gateway"};
    std::string configFile;
    bool check = false;
    std::string rulesFile;
    app.add_option("--config", configFile, "gateway settings (gatehouse.json)")->required();
    app.add_flag("--check", check, "validate the settings and the routing table, then exit 0 (valid) or 1");
    app.fallthrough(); // `gatehouse alerts export-rules --config F` reads the top-level --config
    CLI::App* alerts = app.add_subcommand("alerts", "alert rules");
    CLI::App* exportRules = alerts->add_subcommand("export-rules", "write the built-in alerts as Prometheus alerting rules");
    exportRules->add_option("--output", rulesFile, "file to write (default: standard output)");
    alerts->fallthrough();
    exportRules->fallthrough();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    std::signal(SIGPIPE, SIG_IGN); // a client gone mid-write is an error code, not a signal
    spdlog::set_default_logger(spdlog::stderr_color_mt("gatehouse")); // stdout stays for command output

    using namespace gatehouse;
    gateway::ParsedGatewayConfig parsed = gateway::loadGatewayConfig(configFile);
    for (const auto& p : parsed.problems) std::cerr << config::formatProblem(p) << '\n';
    if (!parsed.ok()) {
        std::cerr << "gatehouse: " << config::countErrors(parsed.problems) << " error(s) in " << configFile << '\n';
        return 1;
    }
    if (exportRules->parsed()) {
        const std::string rules = gateway::prometheusAlertRules(parsed.config.thresholds);
        if (rulesFile.empty()) {
            std::cout << rules;
        } else if (!(std::ofstream(rulesFile) << rules)) {
            std::cerr << "gatehouse: cannot write " << rulesFile << '\n';
            return 1;
        }
        return 0;
    }
    gateway::Gateway gateway(parsed.config);
    gateway::StartingTable table;
    try {
        table = gateway.loadInitialTable();
    } catch (const std::exception& e) { // TLS files for the collector
        table.refusal = e.what();
    }
    for (const auto& p : table.problems) std::cerr << config::formatProblem(p) << '\n';
    if (!table.refusal.empty()) {
        std::cerr << "gatehouse: " << table.refusal << '\n';
        return 1;
    }
    if (check) {
        std::cout << "gatehouse: " << configFile << " and its routing table are valid\n";
        return 0;
    }
    try {
        gateway.start();
    } catch (const std::exception& e) {
        spdlog::error("cannot start: {}", e.what());
        return 1;
    }
    return gateway.run();
}
