#include "routes_cli/routes_commands.h"

#include "core/validation/service_loader.h"
#include "core/routing/explain.h"
#include "core/routing/route_json.h"
#include "core/routing/route_table.h"
#include "core/routing/table_analysis.h"
#include "routes_cli/text_table.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace gatehouse::cli {
namespace {

struct LoadedTable {
    std::shared_ptr<const routing::RouteTable> table;
    config::Problems problems;
    std::size_t filesRead = 0;
    std::size_t filesRejected = 0;
};

// Every check a service owner's change goes through: each file on its own, then the
// table they make together.
LoadedTable loadAndAnalyse(const std::vector<std::string>& paths) {
    config::LoadedServices loaded = config::loadServiceFiles(paths);
    LoadedTable result;
    result.problems = std::move(loaded.problems);
    result.filesRead = loaded.filesRead;
    result.filesRejected = loaded.filesRejected;
    result.table = routing::RouteTable::build(std::move(loaded.services));
    config::Problems tableProblems = routing::analyseTable(*result.table);
    result.problems.insert(result.problems.end(), tableProblems.begin(), tableProblems.end());
    return result;
}

void printProblems(const config::Problems& problems, std::ostream& out) {
    for (const config::Problem& p : problems) out << config::formatProblem(p) << '\n';
}

std::string joinOr(const std::vector<std::string>& items, std::string_view none) {
    return items.empty() ? std::string(none) : fmt::format("{}", fmt::join(items, ","));
}

std::string joinFilters(const std::vector<config::FilterRef>& filters) {
    std::vector<std::string> names;
    for (const auto& f : filters) names.push_back(routing::describeFilter(f));
    return names.empty() ? "-" : fmt::format("{}", fmt::join(names, ", "));
}

// table and explain describe a table the gateway would accept: errors stop them.
bool reportBlockingProblems(const LoadedTable& loaded, std::ostream& err) {
    if (!config::hasErrors(loaded.problems)) {
        printProblems(loaded.problems, err); // warnings only
        return false;
    }
    printProblems(loaded.problems, err);
    err << fmt::format("{} error(s): the gateway would refuse this table; run 'gatehouse-routes validate' for details\n",
                       config::countErrors(loaded.problems));
    return true;
}

} // namespace

int runValidate(const std::vector<std::string>& paths, OutputFormat format, std::ostream& out, std::ostream&) {
    const LoadedTable loaded = loadAndAnalyse(paths);
    const bool valid = !config::hasErrors(loaded.problems);
    if (format == OutputFormat::json) {
        out << boost::json::serialize(routing::validationToJson(loaded.problems)) << '\n';
    } else {
        printProblems(loaded.problems, out);
        const std::size_t errors = config::countErrors(loaded.problems);
        const std::size_t warnings = loaded.problems.size() - errors;
        out << fmt::format("{} file(s), {} service(s), {} route(s): {} error(s), {} warning(s): {}\n", loaded.filesRead,
                           loaded.table->services().size(), loaded.table->entries().size(), errors, warnings,
                           valid ? "valid" : "INVALID");
    }
    return valid ? kOk : kInvalid;
}

int runTable(const std::string& servicesDir, OutputFormat format, std::ostream& out, std::ostream& err) {
    const LoadedTable loaded = loadAndAnalyse({servicesDir});
    if (reportBlockingProblems(loaded, err)) return kInvalid;
    if (format == OutputFormat::json) {
        out << boost::json::serialize(routing::tableToJson(*loaded.table)) << '\n';
        return kOk;
    }
    TextTable text({"#", "SERVICE", "ROUTE", "METHODS", "HOSTS", "PATH", "KIND", "BEFORE", "AFTER"});
    for (const routing::RouteEntry& entry : loaded.table->entries()) {
        text.addRow({std::to_string(entry.position), entry.serviceName(), std::to_string(entry.routeIndex),
                     joinOr(entry.route().methods, "*"), joinOr(entry.route().hosts, "*"), entry.pattern.source,
                     routing::pathKindName(entry.pattern.kind), joinFilters(entry.route().beforeFilters),
                     joinFilters(entry.route().afterFilters)});
    }
    text.print(out);
    out << fmt::format("{} route(s) from {} service(s); the first route that matches wins\n",
                       loaded.table->entries().size(), loaded.table->services().size());
    return kOk;
}

int runExplain(const ExplainOptions& options, OutputFormat format, std::ostream& out, std::ostream& err) {
    const LoadedTable loaded = loadAndAnalyse({options.servicesDir});
    if (reportBlockingProblems(loaded, err)) return kInvalid;
    const routing::Explanation explanation =
        routing::explainRequest(*loaded.table, options.method, options.host, options.path);
    if (format == OutputFormat::json) {
        out << boost::json::serialize(routing::explanationToJson(explanation)) << '\n';
        return kOk;
    }
    out << fmt::format("request  {} {} {}\n", explanation.method, explanation.host.empty() ? "(no host)" : explanation.host,
                       explanation.path);
    if (explanation.winner) {
        const routing::RouteEntry& w = *explanation.winner->entry;
        std::vector<std::string> params;
        for (const auto& [name, value] : explanation.winner->params) params.push_back(name + "=" + value);
        out << fmt::format("winner   #{} {} {} {}{}\n", w.position, w.serviceName(), w.jsonPath(), w.pattern.source,
                           params.empty() ? "" : fmt::format("  params: {}", fmt::join(params, " ")));
    } else {
        out << "winner   none: no route matches, the gateway answers 404\n";
    }
    out << '\n';
    TextTable text({"#", "SERVICE", "ROUTE", "PATH", "VERDICT", "REASON"});
    std::size_t hidden = 0;
    for (const routing::Candidate& c : explanation.candidates) {
        if (c.verdict == routing::Verdict::pathMismatch && !options.all) {
            ++hidden;
            continue;
        }
        text.addRow({std::to_string(c.entry->position), c.entry->serviceName(), std::to_string(c.entry->routeIndex),
                     c.entry->pattern.source, routing::verdictName(c.verdict), c.reason});
    }
    text.print(out);
    if (hidden > 0) out << fmt::format("({} route(s) whose path does not match are not shown; --all lists them)\n", hidden);
    return kOk;
}

} // namespace gatehouse::cli
