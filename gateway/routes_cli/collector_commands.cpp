#include "routes_cli/collector_commands.h"

#include "core/validation/service_parser.h"
#include "routes_cli/collector_client.h"
#include "routes_cli/text_table.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <expected>
#include <fstream>
#include <sstream>
#include <thread>

namespace gatehouse::cli {
namespace json = boost::json;

namespace {

std::string text(const json::object& obj, std::string_view key) {
    const json::value* v = obj.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t number(const json::object& obj, std::string_view key) {
    const json::value* v = obj.if_contains(key);
    return v && v->is_int64() ? v->as_int64() : v && v->is_uint64() ? static_cast<std::int64_t>(v->as_uint64()) : 0;
}

const json::array& list(const json::object& obj, std::string_view key) {
    static const json::array empty;
    const json::value* v = obj.if_contains(key);
    return v && v->is_array() ? v->as_array() : empty;
}

// The collector names problems of the registered service by its name: show the file.
void printProblems(const json::array& problems, const std::string& service, const std::string& file, std::ostream& out) {
    for (const json::value& item : problems) {
        if (!item.is_object()) continue;
        const json::object& p = item.as_object();
        config::Problem problem{text(p, "file") == service ? file : text(p, "file"), text(p, "path"), text(p, "code"),
                                text(p, "message"),
                                text(p, "severity") == "warning" ? config::Severity::warning : config::Severity::error,
                                text(p, "hint")};
        out << config::formatProblem(problem) << '\n';
    }
}

std::string describeRoute(const json::value& value) {
    if (!value.is_object()) return "404 (no route)";
    const json::object& r = value.as_object();
    return fmt::format("{} {} '{}'", text(r, "service"), text(r, "route"), text(r, "path"));
}

std::string routeLine(const json::object& r) {
    std::vector<std::string> methods, hosts;
    for (const json::value& m : list(r, "methods")) methods.emplace_back(m.as_string());
    for (const json::value& h : list(r, "hosts")) hosts.emplace_back(h.as_string());
    return fmt::format("#{} {} {} {} {} {}", number(r, "position"), text(r, "service"), text(r, "route"),
                       methods.empty() ? "*" : fmt::format("{}", fmt::join(methods, ",")),
                       hosts.empty() ? "*" : fmt::format("{}", fmt::join(hosts, ",")), text(r, "path"));
}

void printDiff(const json::object& diff, std::ostream& out) {
    const json::array& added = list(diff, "added");
    const json::array& removed = list(diff, "removed");
    const json::array& moved = list(diff, "moved");
    const json::array& changed = list(diff, "changed_requests");
    if (added.empty() && removed.empty() && moved.empty() && changed.empty()) {
        out << "  the routing table would not change\n";
        return;
    }
    for (const json::value& r : added) out << "  + " << routeLine(r.as_object()) << '\n';
    for (const json::value& r : removed) out << "  - " << routeLine(r.as_object()) << '\n';
    for (const json::value& r : moved) {
        out << fmt::format("  ~ {} moves from #{} to #{}\n", routeLine(r.as_object()), number(r.as_object(), "from"),
                           number(r.as_object(), "to"));
    }
    if (!changed.empty()) out << "  requests that would reach another route:\n";
    for (const json::value& item : changed) {
        const json::object& c = item.as_object();
        const std::string host = text(c, "host");
        out << fmt::format("    {} {} {}: {} -> {}\n", text(c, "method"), host.empty() ? "(any host)" : host, text(c, "path"),
                           describeRoute(c.at("before")), describeRoute(c.at("after")));
    }
}

struct Session {
    CollectorUrl url;
    std::string token;
};

std::expected<Session, std::string> connect(const CollectorCommand& command) {
    auto url = parseCollectorUrl(command.collector);
    if (!url) return std::unexpected(fmt::format("--collector: {}", url.error()));
    url->caFile = command.caFile;
    std::ifstream in(command.tokenFile);
    std::string token;
    if (!in || !std::getline(in, token)) return std::unexpected(fmt::format("--token-file {}: cannot read it", command.tokenFile));
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return std::unexpected(fmt::format("--token-file {}: the first line should hold the token", command.tokenFile));
    return Session{std::move(*url), std::move(token)};
}

// Prints the collector's answer to a change; returns the exit code.
int report(const HttpAnswer& answer, const std::string& service, const std::string& file, bool dryRun, OutputFormat format,
           std::ostream& out, std::ostream& err) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(answer.body, ec);
    const json::object* body = ec ? nullptr : parsed.if_object();
    if (format == OutputFormat::json && body) out << answer.body << '\n';
    if (!body) {
        err << fmt::format("{}: the collector answered HTTP {} without a JSON body\n", service, answer.status);
        return kUnavailable;
    }
    const bool asText = format == OutputFormat::text;
    switch (answer.status) {
    case 200:
    case 201: {
        if (!asText) return kOk;
        printProblems(list(*body, "warnings"), service, file, out);
        const bool changed = body->if_contains("changed") && body->at("changed").as_bool();
        if (dryRun) {
            out << fmt::format("{}: valid; {}\n", service, "what registering it would do:");
        } else if (changed) {
            out << fmt::format("{}: {} revision {} (table v{})\n", service, answer.status == 201 ? "registered, new service," : "registered",
                               number(*body, "revision"), number(*body, "version"));
        } else {
            out << fmt::format("{}: unchanged (revision {} is the same config)\n", service, number(*body, "revision"));
        }
        const json::value* diff = body->if_contains("diff");
        if (!diff || !diff->is_object()) return kOk;
        if (dryRun) {
            printDiff(diff->as_object(), out);
        } else if (changed) { // the details were for the dry run: a summary
            const json::object& d = diff->as_object();
            out << fmt::format("  {} route(s) added, {} removed, {} moved; {} example request(s) now reach another route\n",
                               list(d, "added").size(), list(d, "removed").size(), list(d, "moved").size(),
                               list(d, "changed_requests").size());
        }
        return kOk;
    }
    case 409:
        if (asText) {
            for (const json::value& c : list(*body, "conflicts")) {
                const json::object& conflict = c.as_object();
                out << fmt::format("{}: {}: route takeover refused: '{}' is already served by service '{}' ({})\n", file,
                                   text(conflict, "route"), text(conflict, "path"), text(conflict, "owner"),
                                   text(conflict, "owner_route"));
            }
            out << fmt::format("{}: refused: {}\n", service, text(*body, "message"));
            out << "    hint: a path belongs to one service: agree on an owner, or give each route its own hosts or methods\n";
        }
        return kInvalid;
    case 422:
        if (asText) {
            printProblems(list(*body, "problems"), service, file, out);
            out << fmt::format("{}: refused: {}\n", service, text(*body, "message"));
        }
        return kInvalid;
    case 404:
        if (asText) out << fmt::format("{}: {}\n", service, text(*body, "message"));
        return kInvalid;
    default:
        err << fmt::format("{}: the collector answered HTTP {}: {}\n", service, answer.status, text(*body, "message"));
        return kUnavailable;
    }
}

} // namespace

int runRegister(const CollectorCommand& command, bool dryRun, OutputFormat format, std::ostream& out, std::ostream& err) {
    auto session = connect(command);
    if (!session) {
        err << session.error() << '\n';
        return kUsage;
    }
    int worst = kOk;
    for (const std::string& file : command.files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            err << fmt::format("{}: cannot read it\n", file);
            worst = std::max(worst, static_cast<int>(kInvalid));
            continue;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string configText = buffer.str();
        // The same validator as the collector's: a broken file is not sent at all.
        const config::ParsedService local = config::parseServiceText(configText, file);
        if (!local.ok()) {
            for (const config::Problem& p : local.problems) out << config::formatProblem(p) << '\n';
            out << fmt::format("{}: not sent: {} error(s)\n", file, config::countErrors(local.problems));
            worst = std::max(worst, static_cast<int>(kInvalid));
            continue;
        }
        const std::string& name = local.service.name;
        const std::string target = dryRun ? fmt::format("/v1/services/{}/dry-run", name) : fmt::format("/v1/services/{}", name);
        auto answer = collectorRequest(session->url, dryRun ? "POST" : "PUT", target, session->token, configText);
        if (!answer) {
            err << answer.error() << '\n';
            return kUnavailable;
        }
        worst = std::max(worst, report(*answer, name, file, dryRun, format, out, err));
    }
    return worst;
}

int runRollback(const CollectorCommand& command, bool dryRun, OutputFormat format, std::ostream& out, std::ostream& err) {
    auto session = connect(command);
    if (!session) {
        err << session.error() << '\n';
        return kUsage;
    }
    const std::string target = fmt::format("/v1/services/{}/rollback?revision={}{}", command.service, command.revision,
                                           dryRun ? "&dry_run=1" : "");
    auto answer = collectorRequest(session->url, "POST", target, session->token, {});
    if (!answer) {
        err << answer.error() << '\n';
        return kUnavailable;
    }
    return report(*answer, command.service, command.service, dryRun, format, out, err);
}

int runGateways(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err) {
    auto session = connect(command);
    if (!session) {
        err << session.error() << '\n';
        return kUsage;
    }
    auto answer = collectorRequest(session->url, "GET", "/v1/gateways", session->token, {});
    if (!answer) {
        err << answer.error() << '\n';
        return kUnavailable;
    }
    boost::system::error_code ec;
    const json::value parsed = json::parse(answer->body, ec);
    if (ec || !parsed.is_object() || answer->status != 200) {
        err << fmt::format("the collector answered HTTP {}{}\n", answer->status,
                           !ec && parsed.is_object() ? ": " + text(parsed.as_object(), "message") : std::string());
        return kUnavailable;
    }
    const json::object& body = parsed.as_object();
    const std::int64_t version = number(body, "table_version");
    TextTable table({"GATEWAY", "STATE", "TABLE", "SOURCE", "STALE", "VERSION", "SILENT", "ADMIN"});
    bool converged = true;
    for (const json::value& item : list(body, "gateways")) {
        if (!item.is_object()) continue;
        const json::object& g = item.as_object();
        const bool live = text(g, "state") == "live";
        const bool current = number(g, "table_version") == version;
        converged = converged && live && current;
        table.addRow({text(g, "gateway_id"), text(g, "state"),
                      fmt::format("v{}{}", number(g, "table_version"), current ? "" : " (behind)"), text(g, "table_source"),
                      fmt::format("{:.1f} s", static_cast<double>(number(g, "staleness_ms")) / 1000),
                      text(g, "version"), fmt::format("{:.1f} s", static_cast<double>(number(g, "silent_ms")) / 1000),
                      text(g, "admin_url").empty() ? "-" : text(g, "admin_url")});
    }
    if (format == OutputFormat::json) {
        out << answer->body << '\n';
    } else {
        out << fmt::format("collector table v{}: {} live, {} lost\n", version, number(body, "live"), number(body, "lost"));
        table.print(out);
    }
    return converged ? kOk : kInvalid;
}

namespace {

// GET /v1/security/filters as JSON; an error in words.
std::expected<json::value, std::string> fetchSwitches(const CollectorUrl& url, const std::string& token) {
    auto answer = collectorRequest(url, "GET", "/v1/security/filters", token, {});
    if (!answer) return std::unexpected(answer.error());
    boost::system::error_code ec;
    json::value parsed = json::parse(answer->body, ec);
    if (ec || !parsed.is_object() || answer->status != 200) {
        return std::unexpected(fmt::format("the collector answered HTTP {}{}", answer->status,
                                           !ec && parsed.is_object() ? ": " + text(parsed.as_object(), "message") : std::string()));
    }
    return parsed;
}

bool everyGatewayRuns(const json::object& filter) { return list(filter, "pending").empty(); }

std::string joined(const json::array& ids) {
    std::string out;
    for (const json::value& id : ids) out += (out.empty() ? "" : ", ") + std::string(id.is_string() ? id.as_string() : "?");
    return out.empty() ? "-" : out;
}

} // namespace

int runSwitches(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err) {
    auto session = connect(command);
    if (!session) {
        err << session.error() << '\n';
        return kUsage;
    }
    auto switches = fetchSwitches(session->url, session->token);
    if (!switches) {
        err << switches.error() << '\n';
        return kUnavailable;
    }
    const json::object& body = switches->as_object();
    const std::int64_t live = body.contains("gateways") ? number(body.at("gateways").as_object(), "live") : 0;
    TextTable table({"FILTER", "STATE", "APPLIED", "PENDING", "CHANGED BY", "AT", "REASON"});
    bool converged = true;
    for (const json::value& item : list(body, "default_filters")) {
        if (!item.is_object()) continue;
        const json::object& f = item.as_object();
        converged = converged && everyGatewayRuns(f);
        const bool enabled = f.contains("enabled") && f.at("enabled").is_bool() && f.at("enabled").as_bool();
        table.addRow({text(f, "name"), enabled ? "on" : "OFF", fmt::format("{} of {}", list(f, "applied_by").size(), live),
                      joined(list(f, "pending")), text(f, "changed_by").empty() ? "-" : text(f, "changed_by"),
                      text(f, "changed_at").empty() ? "-" : text(f, "changed_at"), text(f, "reason").empty() ? "-" : text(f, "reason")});
    }
    if (format == OutputFormat::json) {
        out << json::serialize(body) << '\n';
    } else {
        out << fmt::format("fleet switches v{}: {} live gateway(s)\n", number(body, "switch_version"), live);
        table.print(out);
    }
    return converged ? kOk : kInvalid;
}

int runSwitch(const CollectorCommand& command, OutputFormat format, std::ostream& out, std::ostream& err) {
    auto session = connect(command);
    if (!session) {
        err << session.error() << '\n';
        return kUsage;
    }
    const std::string body = json::serialize(json::object{{"enabled", command.enabled}, {"reason", command.reason}});
    auto answer = collectorRequest(session->url, "PUT", "/v1/security/filters/" + command.filter, session->token, body);
    if (!answer) {
        err << answer.error() << '\n';
        return kUnavailable;
    }
    boost::system::error_code ec;
    const json::value parsed = json::parse(answer->body, ec);
    const json::object empty;
    const json::object& reply = !ec && parsed.is_object() ? parsed.as_object() : empty;
    if (answer->status != 200) {
        err << fmt::format("refused (HTTP {}): {}\n", answer->status, text(reply, "message"));
        return answer->status == 400 || answer->status == 404 ? kInvalid : kUnavailable;
    }
    if (format == OutputFormat::json) out << answer->body << '\n';
    else out << fmt::format("{} switched {} for the fleet (switch version {})\n", command.filter, command.enabled ? "on" : "off",
                            number(reply, "version"));
    // Bounded: every live gateway acknowledges on its next poll, within moments.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(command.waitSeconds);
    while (command.waitSeconds > 0) {
        auto switches = fetchSwitches(session->url, session->token);
        if (!switches) {
            err << switches.error() << '\n';
            return kUnavailable;
        }
        for (const json::value& item : list(switches->as_object(), "default_filters")) {
            if (!item.is_object() || text(item.as_object(), "name") != command.filter) continue;
            const json::object& f = item.as_object();
            // A collector that has just started knows no gateway until their next polls.
            if (everyGatewayRuns(f) && !list(f, "applied_by").empty()) {
                if (format != OutputFormat::json) out << fmt::format("applied by every live gateway: {}\n", joined(list(f, "applied_by")));
                return kOk;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                err << (list(f, "applied_by").empty() && list(f, "pending").empty()
                            ? fmt::format("after {} s no live gateway has polled the collector\n", command.waitSeconds)
                            : fmt::format("after {} s still pending on: {}\n", command.waitSeconds, joined(list(f, "pending"))));
                return kInvalid;
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) return kInvalid; // not listed: cannot be waited for
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return kOk;
}

} // namespace gatehouse::cli
