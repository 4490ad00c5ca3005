#pragma once

#include "core/config/problem.h"
#include "core/routing/explain.h"
#include "core/routing/route_table.h"

#include <boost/json/value.hpp>

namespace gatehouse::routing {

// The JSON shapes of `gatehouse-routes` (a stable interface: docs/cli.md), reused by
// the collector's API so that both say the same thing the same way.
boost::json::value problemsToJson(const config::Problems& problems);
boost::json::value validationToJson(const config::Problems& problems); // {"valid", "problems"}
boost::json::value tableToJson(const RouteTable& table);               // {"routes": [...]}
boost::json::value explanationToJson(const Explanation& explanation);

// "oauth_token", "rate_limit (shadow)": a filter as shown in tables.
std::string describeFilter(const config::FilterRef& filter);

} // namespace gatehouse::routing
