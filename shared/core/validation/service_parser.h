#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"
#include "core/config/service_limits.h"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace gatehouse::config {

struct ParsedService {
    ServiceConfig service; // best effort; use it only when ok()
    Problems problems;     // every problem in the file, not just the first
    bool ok() const { return !hasErrors(problems); }
};

// Reads and validates one service config. Never throws on bad input: every mistake,
// including null anywhere, becomes a Problem with a JSON path, a code and a hint.
// `limits` bound what one config may ask of the route index (config/service_limits.h).
ParsedService parseServiceText(std::string_view text, const std::string& source, const ServiceLimits& limits = {});
ParsedService parseServiceJson(const boost::json::value& document, const std::string& source, const ServiceLimits& limits = {});

// The rules shared with other readers (the gateway config, the console).
bool isValidServiceName(std::string_view name);
// An error message for a route host, or empty when it is a valid lower-case host name.
std::string checkRouteHost(std::string_view host, std::string& hint);

} // namespace gatehouse::config
