#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"

#include <boost/json/value.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace gatehouse::testing {

// A valid service config as JSON, for tests to break one thing at a time.
boost::json::value validServiceJson(const std::string& name = "droplets");

// Parses JSON text into a service and fails the test if it has errors.
config::ServiceConfig serviceFromJson(const std::string& text);

// The problems whose code and path are exactly these.
std::vector<config::Problem> problemsAt(const config::Problems& problems, const std::string& code, const std::string& path);

// For failure messages.
std::string describe(const config::Problems& problems);

std::string sourceDir(); // the repository root

} // namespace gatehouse::testing

#include "core/routing/route_table.h"

#include <memory>

namespace gatehouse::testing {

// A service from a compact description: routes as {hosts, methods, paths}.
struct RouteSpec {
    std::vector<std::string> hosts;
    std::vector<std::string> methods;
    std::vector<std::string> paths;
};
config::ServiceConfig makeService(const std::string& name, const std::vector<RouteSpec>& routes);

std::shared_ptr<const routing::RouteTable> makeTable(std::vector<config::ServiceConfig> services);

// "service:route:path" of each entry in table order, for readable assertions.
std::vector<std::string> tableOrder(const routing::RouteTable& table);

} // namespace gatehouse::testing
