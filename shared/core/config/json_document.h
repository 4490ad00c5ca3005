#pragma once

#include "core/config/problem.h"

#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace gatehouse::config {

// Parses a JSON document strictly (no comments, no trailing commas). Syntax errors are
// reported with line and column; duplicate object keys, which a plain parser silently
// resolves to the last one, are errors with the JSON path of the repeated key.
// Returns the value only when there were no problems.
std::optional<boost::json::value> parseJsonDocument(std::string_view text, const std::string& file,
                                                    Problems& problems);

} // namespace gatehouse::config
