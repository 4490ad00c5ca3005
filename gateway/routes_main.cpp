// gatehouse-routes: the service owners' tool. Validates service configs, prints the
// ordered routing table and explains which route a request hits and why; registers
// services with a route collector; and, with `serve`, is the route collector.
#include "collector/collector_server.h"
#include "routes_cli/collector_commands.h"
#include "routes_cli/routes_commands.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <functional>
#include <optional>
#include <iostream>

namespace {

// The fleet's commands: the gateways, the default-filter switches, switching one.
struct FleetCommands {
    CLI::App* gateways = nullptr;
    CLI::App* switches = nullptr;
    CLI::App* switchCmd = nullptr;
    bool on = false;
    bool off = false;
};

void addFleetCommands(CLI::App& app, FleetCommands& fleet, gatehouse::cli::CollectorCommand& collector,
                      const std::function<void(CLI::App*)>& addCollector) {
    fleet.gateways = app.add_subcommand("gateways", "the gateways following the collector: live or lost, their table");
    addCollector(fleet.gateways);
    fleet.switches = app.add_subcommand("switches", "the fleet's default-filter switches and which gateways run them");
    addCollector(fleet.switches);
    CLI::App* switchCmd = fleet.switchCmd =
        app.add_subcommand("switch", "switch a default filter on or off for the whole fleet (an admin token)");
    addCollector(switchCmd);
    switchCmd->add_option("filter", collector.filter, "a default filter: request_id, sanitize, security_headers, ...")->required();
    auto* onFlag = switchCmd->add_flag("--on", fleet.on, "run it again");
    switchCmd->add_flag("--off", fleet.off, "stop running it")->excludes(onFlag);
    switchCmd->add_option("--reason", collector.reason, "why, in 1 to 500 characters (audited)")->required();
    switchCmd->add_option("--wait", collector.waitSeconds, "wait up to this many seconds until every live gateway runs it")
        ->check(CLI::Range(0, 600));
}

std::optional<int> runFleetCommand(const FleetCommands& fleet, gatehouse::cli::CollectorCommand& collector,
                                   gatehouse::cli::OutputFormat format) {
    using namespace gatehouse::cli;
    if (*fleet.gateways) return runGateways(collector, format, std::cout, std::cerr);
    if (*fleet.switches) return runSwitches(collector, format, std::cout, std::cerr);
    if (!*fleet.switchCmd) return std::nullopt;
    if (fleet.on == fleet.off) {
        std::cerr << "switch: say --on or --off\n";
        return kUsage;
    }
    collector.enabled = fleet.on;
    return runSwitch(collector, format, std::cout, std::cerr);
}

// The collector's own commands: serving, and moving its state to etcd.
struct ServeCommands {
    CLI::App* serve = nullptr;
    CLI::App* migrate = nullptr;
    gatehouse::gateway::CollectorOptions options;
    std::string db;
    std::string migrateFrom;
    std::string migrateTo;
};

void addServeCommands(CLI::App& app, ServeCommands& commands) {
    CLI::App* serve = commands.serve = app.add_subcommand("serve", "run the route collector (docs/collector-api.md)");
    serve->add_option("--listen", commands.options.listen, "address and port, as 127.0.0.1:9700 (port 0: the OS picks)")
        ->capture_default_str();
    auto* storeOption = serve->add_option("--store", commands.options.store,
                                          "where every revision lives: sqlite:PATH (created when absent) or "
                                          "etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (several collectors, docs/fleet.md)");
    serve->add_option("--db", commands.db, "SQLite file: the same as --store sqlite:PATH")->excludes(storeOption);
    serve->add_option("--tokens", commands.options.tokens, "tokens file: who may register which services (without it: read-only)");
    serve->add_option("--port-file", commands.options.portFile, "write {\"port\", \"pid\"} here once listening");
    serve->add_option("--config", commands.options.config,
                      "JSON file: tls, allowed_hosts, limits, forbidden_destinations, connection caps (docs/collector-api.md)")
        ->check(CLI::ExistingFile);
    CLI::App* migrate = commands.migrate =
        app.add_subcommand("migrate", "copy a collector's SQLite store (revisions, switches, audit) into an empty etcd prefix");
    migrate->add_option("--from", commands.migrateFrom, "the SQLite store, as sqlite:/var/lib/gatehouse/collector.db")->required();
    migrate->add_option("--to", commands.migrateTo, "the etcd store, as etcd://10.0.0.1:2379,10.0.0.2:2379/gatehouse")->required();
}

} // namespace

int main(int argc, char** argv) {
    using namespace gatehouse::cli;
    CLI::App app{"gatehouse-routes: validate service configs and explain routing"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "gatehouse-routes 0.1.0");

    std::map<std::string, OutputFormat> formats{{"text", OutputFormat::text}, {"json", OutputFormat::json}};
    OutputFormat format = OutputFormat::text;
    auto addFormat = [&](CLI::App* cmd) {
        cmd->add_option("--format", format, "output format: text or json")
            ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    };

    std::vector<std::string> paths;
    CLI::App* validate = app.add_subcommand("validate", "validate service config files or directories");
    validate->add_option("paths", paths, "service config files or directories of them")->required();
    addFormat(validate);

    std::string servicesDir;
    CLI::App* table = app.add_subcommand("table", "print the ordered routing table");
    table->add_option("--services", servicesDir, "directory of service configs")->required()->check(CLI::ExistingDirectory);
    addFormat(table);

    ExplainOptions explain;
    CLI::App* explainCmd = app.add_subcommand("explain", "which route does this request hit, and why?");
    explainCmd->add_option("--services", explain.servicesDir, "directory of service configs")
        ->required()
        ->check(CLI::ExistingDirectory);
    explainCmd->add_option("--method", explain.method, "request method, e.g. GET")->required();
    explainCmd->add_option("--host", explain.host, "Host header, e.g. api.example.com")->required();
    explainCmd->add_option("--path", explain.path, "request path, e.g. /v2/droplets/42")->required();
    explainCmd->add_flag("--all", explain.all, "text format: also list routes whose path does not match");
    addFormat(explainCmd);

    ServeCommands serveCommands;
    addServeCommands(app, serveCommands);
    gatehouse::gateway::CollectorOptions& serveOptions = serveCommands.options;
    CLI::App* serve = serveCommands.serve;
    CLI::App* migrate = serveCommands.migrate;

    CollectorCommand collector;
    auto addCollector = [&](CLI::App* cmd) {
        cmd->add_option("--collector", collector.collector, "the collector's URL, as https://collector.internal:9700")->required();
        cmd->add_option("--token-file", collector.tokenFile, "file whose first line is your bearer token")->required();
        cmd->add_option("--ca-file", collector.caFile, "https: the CA certificate (PEM) that signed the collector's")
            ->check(CLI::ExistingFile);
        addFormat(cmd);
    };
    CLI::App* registerCmd = app.add_subcommand("register", "register (or replace) services with the collector");
    addCollector(registerCmd);
    registerCmd->add_option("files", collector.files, "service config files")->required();
    CLI::App* dryRun = app.add_subcommand("dry-run", "what registering would do: problems, takeovers, the table diff");
    addCollector(dryRun);
    dryRun->add_option("files", collector.files, "service config files")->required();
    bool rollbackDryRun = false;
    CLI::App* rollback = app.add_subcommand("rollback", "register an earlier revision of a service again");
    addCollector(rollback);
    rollback->add_option("--service", collector.service, "service name")->required();
    rollback->add_option("--revision", collector.revision, "revision number (GET /v1/services/NAME lists them)")
        ->required()
        ->check(CLI::PositiveNumber);
    rollback->add_flag("--dry-run", rollbackDryRun, "show what it would do, change nothing");
    FleetCommands fleet;
    addFleetCommands(app, fleet, collector, addCollector);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }

    if (*serve) {
        if (!serveCommands.db.empty()) serveOptions.store = "sqlite:" + serveCommands.db;
        if (serveOptions.store.empty()) {
            std::cerr << "serve: say where the state lives: --store sqlite:PATH, --store etcd://HOST:PORT or --db PATH\n";
            return kUsage;
        }
        std::signal(SIGPIPE, SIG_IGN);
        spdlog::set_default_logger(spdlog::stderr_color_mt("gatehouse-routes"));
        return gatehouse::gateway::runCollector(serveOptions);
    }
    if (*migrate) {
        spdlog::set_default_logger(spdlog::stderr_color_mt("gatehouse-routes"));
        return gatehouse::gateway::runMigrate(serveCommands.migrateFrom, serveCommands.migrateTo);
    }
    if (*registerCmd) return runRegister(collector, false, format, std::cout, std::cerr);
    if (*dryRun) return runRegister(collector, true, format, std::cout, std::cerr);
    if (*rollback) return runRollback(collector, rollbackDryRun, format, std::cout, std::cerr);
    if (const std::optional<int> code = runFleetCommand(fleet, collector, format)) return *code;
    if (*validate) return runValidate(paths, format, std::cout, std::cerr);
    if (*table) return runTable(servicesDir, format, std::cout, std::cerr);
    return runExplain(explain, format, std::cout, std::cerr);
}
