#pragma once

#include "core/config/service_config.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::catalogue {

// The catalogue of filter names, where they may run, their parameter schemas and their
// dependencies. It lives in shared/ so that the collector and the console validate a
// service config exactly as the gateway will; the gateway builds the filters themselves.

enum class ParamType { boolean, integer, string, stringList };

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::string;
    bool required = false;
    std::optional<config::ParamValue> defaultValue;
    std::optional<std::int64_t> min; // integers
    std::optional<std::int64_t> max;
    std::vector<std::string> allowed; // strings (and list items): one of these, if not empty
    // Further check for strings (and list items): an error message, or nullopt when fine.
    std::function<std::optional<std::string>(std::string_view)> check;
    std::string description;
    bool nonEmpty = false; // lists: at least one item
};

struct FilterSpec {
    std::string name;
    std::string summary;
    bool before = true;          // may appear in before_filters
    bool after = false;          // may appear in after_filters
    bool authenticates = false;  // puts an identity on the request when it succeeds
    bool repeatable = false;     // may appear more than once in one chain
    // True when, with these params, the filter needs an identity from an earlier
    // authenticating filter in the before chain.
    std::function<bool(const config::FilterParams&)> needsIdentity;
    std::vector<ParamSpec> params;
};

const std::vector<FilterSpec>& filterCatalogue();
const FilterSpec* findFilter(std::string_view name);
std::vector<std::string_view> filterNames();
// A filter that may run on every route (default_filters): it needs no identity from an
// earlier filter and no parameters (defaults have none). Only these have fleet-wide switches.
bool canRunByDefault(const FilterSpec& spec);
std::vector<std::string_view> defaultFilterNames();

const char* paramTypeName(ParamType type);

} // namespace gatehouse::catalogue
