#include "support/service_fixtures.h"

#include "core/validation/service_parser.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace gatehouse::testing {

boost::json::value validServiceJson(const std::string& name) {
    boost::json::value doc = boost::json::parse(R"({
      "name": "droplets",
      "routes": [
        { "hosts": ["api.example.com"], "methods": ["GET", "POST"], "paths": ["/v2/droplets", "/v2/droplets/:id"],
          "before_filters": ["oauth_token", "ensure_auth",
                             {"name": "rate_limit", "mode": "shadow", "params": {"limit": 250, "period_seconds": 60, "by": "user"}}],
          "after_filters": [] },
        { "hosts": ["api.example.com"], "methods": ["DELETE"], "paths": ["/v2/droplets/:id"],
          "before_filters": ["oauth_token", "ensure_auth", "identity_headers"],
          "after_filters": ["security_headers"] }
      ],
      "timeout_seconds": 15,
      "max_idle_conns": 5,
      "destinations": [ { "scheme": "http", "host": "127.0.0.1:9001" } ],
      "health_check": { "path": "/health", "interval_seconds": 5, "max_failed_attempts": 3,
                        "min_successful_attempts": 3, "timeout_seconds": 3 }
    })");
    doc.as_object()["name"] = name;
    return doc;
}

config::ServiceConfig serviceFromJson(const std::string& text) {
    config::ParsedService parsed = config::parseServiceText(text, "inline.json");
    EXPECT_TRUE(parsed.ok()) << describe(parsed.problems);
    return parsed.service;
}

std::vector<config::Problem> problemsAt(const config::Problems& problems, const std::string& code, const std::string& path) {
    std::vector<config::Problem> found;
    for (const auto& p : problems) {
        if (p.code == code && p.path == path) found.push_back(p);
    }
    return found;
}

std::string describe(const config::Problems& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += p.file + ": " + p.path + ": " + config::severityName(p.severity) + " [" + p.code + "] " + p.message;
        if (!p.hint.empty()) out += " (hint: " + p.hint + ")";
        out += "\n";
    }
    return out.empty() ? "(no problems)" : out;
}

std::string sourceDir() {
    return GATEHOUSE_SOURCE_DIR;
}

} // namespace gatehouse::testing

namespace gatehouse::testing {

config::ServiceConfig makeService(const std::string& name, const std::vector<RouteSpec>& routes) {
    config::ServiceConfig service;
    service.name = name;
    service.source = name + ".json";
    service.destinations.push_back({"http", "127.0.0.1:9001"});
    for (const RouteSpec& spec : routes) {
        config::Route route;
        route.hosts = spec.hosts;
        route.methods = spec.methods;
        route.paths = spec.paths;
        service.routes.push_back(std::move(route));
    }
    return service;
}

std::shared_ptr<const routing::RouteTable> makeTable(std::vector<config::ServiceConfig> services) {
    return routing::RouteTable::build(std::move(services));
}

std::vector<std::string> tableOrder(const routing::RouteTable& table) {
    std::vector<std::string> out;
    for (const auto& entry : table.entries()) {
        out.push_back(entry.serviceName() + ":" + std::to_string(entry.routeIndex) + ":" + entry.pattern.source);
    }
    return out;
}

} // namespace gatehouse::testing
