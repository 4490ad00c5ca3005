#pragma once

#include "observe/trail.h"

#include <boost/json/object.hpp>

#include <string>

namespace gatehouse::gateway {

// The trail as the admin API writes it (docs/admin-api.md#trail).
boost::json::object trailRowJson(const TrailRow& row);
// {"records": [...], "next_cursor": id|null}
std::string trailPageJson(const TrailPage& page);
// {"total", "by_status", "by_termination", "by_route", "top_users", "top_clients", "latency"}
std::string trailSummaryJson(const TrailSummary& summary);

} // namespace gatehouse::gateway
