#pragma once

#include "state/gateway_state.h"

#include <string>

namespace gatehouse::gateway {

// Everything /metrics shows: the request-path families plus what is read at scrape
// time from the gateway's own counters (destinations, filters, glue services, rate
// limits, the trail, the table), in Prometheus' text format.
std::string renderMetrics(GatewayState& state);

} // namespace gatehouse::gateway
