// gatehouse-routes: the service owners' tool. Validates service configs, prints the
// ordered routing table and explains which route a request hits and why.
#include "routes_cli/routes_commands.h"

#include <CLI/CLI.hpp>

#include <iostream>

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

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }

    if (*validate) return runValidate(paths, format, std::cout, std::cerr);
    if (*table) return runTable(servicesDir, format, std::cout, std::cerr);
    return runExplain(explain, format, std::cout, std::cerr);
}
