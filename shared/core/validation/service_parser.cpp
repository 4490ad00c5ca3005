#include "core/validation/service_parser.h"

#include "core/config/http_method.h"
#include "core/config/json_document.h"
#include "core/config/json_reader.h"
#include "core/config/service_limits.h"
#include "core/config/suggest.h"
#include "core/config/wire_grammar.h"
#include "core/catalogue/filter_catalogue.h"
#include "core/routing/path_pattern.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace gatehouse::config {
namespace json = boost::json;

namespace {

constexpr std::string_view kServiceKeys[] = {"name", "routes", "timeout_seconds", "max_idle_conns", "max_connections",
                                             "destinations", "health_check"};
constexpr std::string_view kRouteKeys[] = {"hosts", "methods", "paths", "before_filters", "after_filters",
                                           "max_body_bytes", "allow_carve_outs", "websocket"};
constexpr std::string_view kFilterKeys[] = {"name", "mode", "params"};
constexpr std::string_view kWebSocketKeys[] = {"idle_timeout_seconds", "max_duration_seconds"};
constexpr std::string_view kDestinationKeys[] = {"scheme", "host"};
constexpr std::string_view kHealthCheckKeys[] = {"path", "interval_seconds", "max_failed_attempts",
                                                 "min_successful_attempts", "timeout_seconds"};

std::string toLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string toUpper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool isDnsName(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t end = std::min(host.find('.', start), host.size());
        const std::string_view label = host.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
                return false;
            }
        }
        start = end + 1;
    }
    return true;
}

class ServiceParser {
public:
    ServiceParser(const std::string& source, Problems& problems, const ServiceLimits& limits)
        : reader_(source, problems), limits_(limits) {}

    void parse(const json::value& document, ServiceConfig& service) {
        service.source = reader_.file();
        const json::object* root = reader_.object(document, "");
        if (!root) return;
        reader_.rejectUnknownKeys(*root, "", kServiceKeys);

        if (const json::value* v = reader_.member(*root, "", "name", true)) {
            if (auto name = reader_.string(*v, "name")) {
                service.name = *name;
                if (!isValidServiceName(*name)) {
                    reader_.error("name", "bad_service_name",
                                  fmt::format("service name '{}' is not allowed", *name),
                                  "use 1 to 63 lower-case letters, digits and '-', starting with a letter and not "
                                  "ending with '-', as in 'droplets' or 'block-storage'");
                }
            }
        }
        if (const json::value* v = reader_.member(*root, "", "timeout_seconds", false)) {
            if (auto n = reader_.integer(*v, "timeout_seconds", 1, kMaxTimeoutSeconds)) service.timeoutSeconds = int(*n);
        }
        if (const json::value* v = reader_.member(*root, "", "max_idle_conns", false)) {
            if (auto n = reader_.integer(*v, "max_idle_conns", 0, kMaxIdleConnsLimit)) service.maxIdleConns = int(*n);
        }
        if (const json::value* v = reader_.member(*root, "", "max_connections", false)) {
            if (auto n = reader_.integer(*v, "max_connections", 1, kMaxConnectionsLimit)) service.maxConnections = int(*n);
        }
        if (const json::value* v = reader_.member(*root, "", "destinations", true)) parseDestinations(*v, service);
        if (const json::value* v = reader_.member(*root, "", "health_check", false)) parseHealthCheck(*v, service);
        if (const json::value* v = reader_.member(*root, "", "routes", true)) parseRoutes(*v, service);
    }

private:
    // A list longer than its limit is refused before any item is read: what is left of
    // a 10,000-item list is not worth 10,000 problems.
    const json::array* nonEmptyArray(const json::value& value, const std::string& path, std::string_view hint,
                                     std::size_t max = 0, std::string_view limitName = {}) {
        const json::array* items = reader_.array(value, path);
        if (items && items->empty()) {
            reader_.error(path, "empty_list", fmt::format("'{}' is empty", path), std::string(hint));
            return nullptr;
        }
        if (items && max != 0 && items->size() > max) {
            reader_.error(path, "limit_exceeded", fmt::format("'{}' lists {} items; {} is {}", path, items->size(), limitName, max),
                          fmt::format("{} bounds what one registration asks of every gateway; use fewer, broader entries "
                                      "(a path parameter or wildcard), or ask the operators to raise it",
                                      limitName));
            return nullptr;
        }
        return items;
    }

    void parseDestinations(const json::value& value, ServiceConfig& service) {
        const json::array* items = nonEmptyArray(value, "destinations", "list at least one {\"scheme\", \"host\"}",
                                                 limits_.destinations, "max_destinations");
        if (!items) return;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string path = indexPath("destinations", i);
            const json::object* obj = reader_.object((*items)[i], path);
            if (!obj) continue;
            reader_.rejectUnknownKeys(*obj, path, kDestinationKeys);
            Destination destination;
            if (const json::value* v = reader_.member(*obj, path, "scheme", true)) {
                if (auto scheme = reader_.string(*v, childPath(path, "scheme"))) {
                    destination.scheme = *scheme;
                    if (*scheme != "http" && *scheme != "https") {
                        reader_.error(childPath(path, "scheme"), "bad_destination",
                                      fmt::format("scheme '{}' is not supported", *scheme), "use \"http\" or \"https\"");
                    }
                }
            }
            if (const json::value* v = reader_.member(*obj, path, "host", true)) {
                if (auto host = reader_.string(*v, childPath(path, "host"))) {
                    destination.host = *host;
                    std::string hint;
                    if (std::string why = checkDestinationHost(*host, hint); !why.empty()) {
                        reader_.error(childPath(path, "host"), "bad_destination", why, hint);
                    }
                }
            }
            service.destinations.push_back(std::move(destination));
        }
    }

    static std::string checkDestinationHost(std::string_view host, std::string& hint) {
        hint = "write host:port, as in \"10.0.0.5:8080\", \"users.internal:80\" or \"[::1]:9000\"";
        if (host.find("://") != std::string_view::npos) {
            return fmt::format("destination host '{}' contains a scheme", host);
        }
        std::string_view name = host;
        std::string_view port;
        if (!host.empty() && host.front() == '[') {
            const std::size_t close = host.find(']');
            if (close == std::string_view::npos) return fmt::format("destination host '{}' has no closing ']'", host);
            name = host.substr(1, close - 1);
            std::string_view rest = host.substr(close + 1);
            if (!rest.empty()) {
                if (rest.front() != ':') return fmt::format("destination host '{}' has text after ']'", host);
                port = rest.substr(1);
            }
            const bool v6 = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
            });
            if (!v6) return fmt::format("destination host '{}' is not a valid IPv6 address", host);
        } else {
            if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
                name = host.substr(0, colon);
                port = host.substr(colon + 1);
            }
            if (!isDnsName(toLower(name))) {
                return fmt::format("destination host '{}' is not a valid host name or IPv4 address", host);
            }
        }
        if (host.find(':') == std::string_view::npos || (host.front() == '[' && port.empty())) {
            return fmt::format("destination host '{}' has no port", host);
        }
        const bool digits = !port.empty() && port.size() <= 5 &&
                            std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (!digits || std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535) {
            return fmt::format("destination host '{}' has a bad port '{}'", host, port);
        }
        return {};
    }

    void parseHealthCheck(const json::value& value, ServiceConfig& service) {
        const json::object* obj = reader_.object(value, "health_check");
        if (!obj) return;
        reader_.rejectUnknownKeys(*obj, "health_check", kHealthCheckKeys);
        HealthCheck check;
        if (const json::value* v = reader_.member(*obj, "health_check", "path", false)) {
            if (auto path = reader_.string(*v, "health_check.path")) {
                check.path = *path;
                if (path->empty() || path->front() != '/') {
                    reader_.error("health_check.path", "path_not_absolute",
                                  fmt::format("health check path '{}' does not start with '/'", *path),
                                  fmt::format("write it as '/{}'", *path));
                } else if (!isOriginFormTarget(*path)) {
                    reader_.error("health_check.path", "bad_health_check_path",
                                  fmt::format("health check path {} is not a valid request target", json::serialize(json::value(*path))),
                                  "use a path and optional query of URL characters (RFC 3986), as in \"/health?full=1\"; "
                                  "percent-encode anything else, and no spaces or line breaks");
                }
            }
        }
        bool intervalOk = true;
        bool timeoutOk = true;
        auto readInt = [&](std::string_view key, int& out, std::int64_t min, std::int64_t max, bool* ok) {
            const std::string path = childPath("health_check", std::string(key));
            if (const json::value* v = reader_.member(*obj, "health_check", key, false)) {
                auto n = reader_.integer(*v, path, min, max);
                if (n) out = int(*n);
                if (ok) *ok = n.has_value();
            }
        };
        readInt("interval_seconds", check.intervalSeconds, 1, 3600, &intervalOk);
        readInt("timeout_seconds", check.timeoutSeconds, 1, kMaxTimeoutSeconds, &timeoutOk);
        readInt("max_failed_attempts", check.maxFailedAttempts, 1, 100, nullptr);
        readInt("min_successful_attempts", check.minSuccessfulAttempts, 1, 100, nullptr);
        if (intervalOk && timeoutOk && check.timeoutSeconds >= check.intervalSeconds) {
            reader_.error("health_check.timeout_seconds", "health_timeout_not_below_interval",
                          fmt::format("health check timeout ({} s) must be shorter than its interval ({} s)",
                                      check.timeoutSeconds, check.intervalSeconds),
                          "otherwise a slow check is still running when the next one starts; lower timeout_seconds or "
                          "raise interval_seconds");
        }
        service.healthCheck = check;
    }

    void parseRoutes(const json::value& value, ServiceConfig& service) {
        const json::array* items = nonEmptyArray(value, "routes", "a service needs at least one route", limits_.routes, "max_routes");
        if (!items) return;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string path = indexPath("routes", i);
            Route route;
            if (const json::object* obj = reader_.object((*items)[i], path)) parseRoute(*obj, path, route);
            service.routes.push_back(std::move(route));
        }
        if (const std::uint64_t entries = indexEntries(service); entries > limits_.indexEntries) {
            reader_.error("routes", "limit_exceeded",
                          fmt::format("the routes make {} index entries (hosts x paths, summed over the routes); "
                                      "max_index_entries is {}",
                                      entries, limits_.indexEntries),
                          "every host of a route is matched with every path of it: split the lists, or use a path "
                          "parameter or wildcard instead of listing each path");
            return; // the index would not be built: checking it for duplicates is moot
        }
        findDuplicateRoutes(service);
    }

    std::vector<std::string> stringList(const json::object& obj, const std::string& routePath, std::string_view key,
                                        bool required, std::string_view emptyHint,
                                        const std::function<void(const std::string&, const std::string&)>& check,
                                        std::size_t max = 0, std::string_view limitName = {}) {
        std::vector<std::string> out;
        const std::string path = childPath(routePath, std::string(key));
        const json::value* v = reader_.member(obj, routePath, key, required);
        if (!v) return out;
        const json::array* items = nonEmptyArray(*v, path, emptyHint, max, limitName);
        if (!items) return out;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string itemPath = indexPath(path, i);
            if (auto text = reader_.string((*items)[i], itemPath)) {
                if (!seen.insert(*text).second) {
                    reader_.warning(itemPath, "duplicate_value", fmt::format("'{}' is listed twice", *text),
                                    "remove the second one");
                }
                check(*text, itemPath);
                out.push_back(*text);
            }
        }
        return out;
    }

    void parseRoute(const json::object& obj, const std::string& path, Route& route) {
        reader_.rejectUnknownKeys(obj, path, kRouteKeys);
        route.hosts = stringList(obj, path, "hosts", false, "omit \"hosts\" to match any host",
                                 [&](const std::string& host, const std::string& itemPath) {
                                     std::string hint;
                                     if (std::string why = checkRouteHost(host, hint); !why.empty()) {
                                         reader_.error(itemPath, "bad_host", why, hint);
                                     }
                                 },
                                 limits_.hostsPerRoute, "max_hosts_per_route");
        route.methods = stringList(obj, path, "methods", false, "omit \"methods\" to match any method",
                                   [&](const std::string& method, const std::string& itemPath) {
                                       if (routeMethodBit(method)) return;
                                       std::string hint;
                                       if (routeMethodBit(toUpper(method))) {
                                           hint = fmt::format("methods are upper-case: did you mean '{}'?", toUpper(method));
                                       } else if (method == "TRACE" || method == "CONNECT") {
                                           hint = "Gatehouse does not proxy TRACE or CONNECT";
                                       } else {
                                           hint = fmt::format("use one of {}", fmt::join(kRouteMethods, ", "));
                                       }
                                       reader_.error(itemPath, "unknown_method",
                                                     fmt::format("unknown method '{}'", method), hint);
                                   });
        route.paths = stringList(obj, path, "paths", true, "list at least one path, as in \"/v2/droplets\"",
                                 [&](const std::string& text, const std::string& itemPath) {
                                     auto pattern = routing::parsePathPattern(text);
                                     if (!pattern) {
                                         reader_.error(itemPath, pattern.error().code, pattern.error().message,
                                                       pattern.error().hint);
                                     }
                                 },
                                 limits_.pathsPerRoute, "max_paths_per_route");
        if (const json::value* v = reader_.member(obj, path, "allow_carve_outs", false)) {
            if (auto b = reader_.boolean(*v, childPath(path, "allow_carve_outs"))) route.allowCarveOuts = *b;
        }
        if (const json::value* v = reader_.member(obj, path, "websocket", false)) parseWebSocket(*v, childPath(path, "websocket"), route);
        if (const json::value* v = reader_.member(obj, path, "max_body_bytes", false)) {
            if (auto n = reader_.integer(*v, childPath(path, "max_body_bytes"), 0, std::int64_t{1} << 50)) {
                route.maxBodyBytes = static_cast<std::uint64_t>(*n);
            }
        }
        parseFilterChain(obj, path, "before_filters", true, route.beforeFilters, nullptr);
        parseFilterChain(obj, path, "after_filters", false, route.afterFilters, &route.beforeFilters);
    }

    // "websocket": true (the defaults), false (none), or {"idle_timeout_seconds", "max_duration_seconds"}.
    void parseWebSocket(const json::value& v, const std::string& path, Route& route) {
        if (v.is_bool()) {
            if (v.as_bool()) route.websocket = WebSocketRoute{};
            return;
        }
        if (!v.is_object()) {
            reader_.error(path, "wrong_type", "expected true, false or an object",
                          "\"websocket\": true, or {\"idle_timeout_seconds\": 300, \"max_duration_seconds\": 86400}");
            return;
        }
        const json::object& o = v.as_object();
        reader_.rejectUnknownKeys(o, path, kWebSocketKeys);
        WebSocketRoute ws;
        if (const json::value* n = o.if_contains("idle_timeout_seconds")) {
            if (auto seconds = reader_.integer(*n, childPath(path, "idle_timeout_seconds"), 1, 86400)) ws.idleTimeoutSeconds = static_cast<int>(*seconds);
        }
        if (const json::value* n = o.if_contains("max_duration_seconds")) {
            if (auto seconds = reader_.integer(*n, childPath(path, "max_duration_seconds"), 1, 604800)) ws.maxDurationSeconds = static_cast<int>(*seconds);
        }
        route.websocket = ws;
    }

    void parseFilterChain(const json::object& obj, const std::string& routePath, std::string_view key, bool before,
                          std::vector<FilterRef>& chain, const std::vector<FilterRef>* beforeChain) {
        const std::string path = childPath(routePath, std::string(key));
        const json::value* v = reader_.member(obj, routePath, key, false);
        if (!v) return;
        const json::array* items = reader_.array(*v, path);
        if (!items) return;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string itemPath = indexPath(path, i);
            std::optional<FilterRef> ref = parseFilterRef((*items)[i], itemPath);
            if (!ref) continue;
            const catalogue::FilterSpec* spec = catalogue::findFilter(ref->name);
            if (!spec) continue; // reported by parseFilterRef
            if (before ? !spec->before : !spec->after) {
                reader_.error(itemPath, "filter_wrong_phase",
                              fmt::format("filter '{}' cannot run {} the backend", ref->name, before ? "before" : "after"),
                              fmt::format("move it to \"{}\"", before ? "after_filters" : "before_filters"));
            }
            if (!spec->repeatable) {
                for (const FilterRef& earlier : chain) {
                    if (earlier.name == ref->name) {
                        reader_.error(itemPath, "duplicate_filter",
                                      fmt::format("filter '{}' appears twice in {}", ref->name, key),
                                      "keep one: it would run twice on every request");
                        break;
                    }
                }
            }
            if (spec->needsIdentity(ref->params)) {
                checkIdentityDependency(*ref, itemPath, before ? chain : *beforeChain);
            }
            chain.push_back(std::move(*ref));
        }
    }

    // The mistake that once took DigitalOcean's gateway down: a filter that needs an
    // identity with nothing before it that could provide one. A shadowed authenticator
    // never sets the identity, so it only satisfies a filter that is itself shadowed.
    void checkIdentityDependency(const FilterRef& ref, const std::string& itemPath, const std::vector<FilterRef>& before) {
        bool provided = false;
        bool onlyShadowed = false;
        for (const FilterRef& earlier : before) {
            const catalogue::FilterSpec* spec = catalogue::findFilter(earlier.name);
            if (!spec || !spec->authenticates) continue;
            if (earlier.mode == FilterMode::enforce || ref.mode == FilterMode::shadow) provided = true;
            else onlyShadowed = true;
        }
        if (provided) return;
        std::vector<std::string_view> authenticators;
        for (const catalogue::FilterSpec& spec : catalogue::filterCatalogue()) {
            if (spec.authenticates) authenticators.emplace_back(spec.name);
        }
        reader_.error(itemPath, "filter_dependency",
                      onlyShadowed
                          ? fmt::format("filter '{}' needs an identity, but the only authentication filter before it is "
                                        "in shadow mode and never sets one: every request would be refused",
                                        ref.name)
                          : fmt::format("filter '{}' needs an identity, but no authentication filter comes before it "
                                        "in before_filters: every request would be refused",
                                        ref.name),
                      onlyShadowed ? fmt::format("put '{}' in shadow mode too, or enforce the authentication filter",
                                                 ref.name)
                                   : fmt::format("add one of {} before it", fmt::join(authenticators, ", ")));
    }

    std::optional<FilterRef> parseFilterRef(const json::value& value, const std::string& path) {
        FilterRef ref;
        const json::object* obj = nullptr;
        std::string namePath = path;
        if (value.is_string()) {
            ref.name = std::string(value.get_string());
        } else {
            obj = reader_.object(value, path);
            if (!obj) return std::nullopt;
            reader_.rejectUnknownKeys(*obj, path, kFilterKeys);
            namePath = childPath(path, "name");
            const json::value* nameValue = reader_.member(*obj, path, "name", true);
            if (!nameValue) return std::nullopt;
            auto name = reader_.string(*nameValue, namePath);
            if (!name) return std::nullopt;
            ref.name = *name;
        }
        const catalogue::FilterSpec* spec = catalogue::findFilter(ref.name);
        if (!spec) {
            const auto names = catalogue::filterNames();
            auto close = closestMatch(ref.name, names);
            reader_.error(namePath, "unknown_filter", fmt::format("unknown filter '{}'", ref.name),
                          close ? fmt::format("did you mean '{}'?", *close)
                                : fmt::format("known filters: {}", fmt::join(names, ", ")));
            return std::nullopt;
        }
        bool paramsOk = true;
        const json::object* params = nullptr;
        if (obj) {
            if (const json::value* mode = reader_.member(*obj, path, "mode", false)) {
                if (auto text = reader_.string(*mode, childPath(path, "mode"))) {
                    if (*text == "shadow") ref.mode = FilterMode::shadow;
                    else if (*text != "enforce") {
                        reader_.error(childPath(path, "mode"), "bad_filter_mode",
                                      fmt::format("mode '{}' is not 'enforce' or 'shadow'", *text),
                                      "use \"shadow\" to record decisions without acting on them");
                    }
                }
            }
            if (const json::value* p = reader_.member(*obj, path, "params", false)) {
                params = reader_.object(*p, childPath(path, "params"));
                paramsOk = params != nullptr;
            }
        }
        // Bad params are reported; the entry still joins the chain so that the chain's
        // own checks (phase, duplicates, dependencies) judge what the author meant.
        if (paramsOk) parseParams(*spec, params, childPath(path, "params"), ref.params);
        return ref;
    }

    bool parseParams(const catalogue::FilterSpec& spec, const json::object* params, const std::string& path,
                     FilterParams& out) {
        bool ok = true;
        if (params) {
            std::vector<std::string_view> known;
            for (const auto& p : spec.params) known.emplace_back(p.name);
            for (const auto& item : *params) {
                const std::string_view key(item.key().data(), item.key().size());
                if (std::find(known.begin(), known.end(), key) != known.end()) continue;
                auto close = closestMatch(key, known);
                reader_.error(childPath(path, std::string(key)), "unknown_key",
                              fmt::format("filter '{}' has no parameter '{}'", spec.name, key),
                              close ? fmt::format("did you mean '{}'?", *close)
                                    : known.empty() ? fmt::format("'{}' takes no parameters", spec.name)
                                                    : fmt::format("its parameters: {}", fmt::join(known, ", ")));
                ok = false;
            }
        }
        for (const catalogue::ParamSpec& param : spec.params) {
            const std::string paramPath = childPath(path, param.name);
            const json::value* value = params ? params->if_contains(param.name) : nullptr;
            if (!value) {
                if (param.required) {
                    reader_.error(paramPath, "missing_field",
                                  fmt::format("filter '{}' needs the parameter '{}' ({})", spec.name, param.name,
                                              param.description),
                                  fmt::format("add \"params\": {{\"{}\": ...}}", param.name));
                    ok = false;
                } else if (param.defaultValue) {
                    out.emplace(param.name, *param.defaultValue);
                }
                continue;
            }
            std::optional<ParamValue> parsed = parseParam(spec, param, *value, paramPath);
            if (parsed) out.emplace(param.name, std::move(*parsed));
            else ok = false;
        }
        return ok;
    }

    bool checkParamString(const catalogue::FilterSpec& spec, const catalogue::ParamSpec& param, const std::string& text,
                          const std::string& path) {
        if (!param.allowed.empty() && std::find(param.allowed.begin(), param.allowed.end(), text) == param.allowed.end()) {
            reader_.error(path, "bad_filter_param",
                          fmt::format("filter '{}': '{}' is not a valid {}", spec.name, text, param.name),
                          fmt::format("use one of {}", fmt::join(param.allowed, ", ")));
            return false;
        }
        if (param.check) {
            if (auto why = param.check(text)) {
                reader_.error(path, "bad_filter_param", fmt::format("filter '{}': {}", spec.name, *why),
                              fmt::format("{}: {}", param.name, param.description));
                return false;
            }
        }
        return true;
    }

    std::optional<ParamValue> parseParam(const catalogue::FilterSpec& spec, const catalogue::ParamSpec& param,
                                         const json::value& value, const std::string& path) {
        switch (param.type) {
        case catalogue::ParamType::boolean:
            if (auto b = reader_.boolean(value, path)) return ParamValue{*b};
            return std::nullopt;
        case catalogue::ParamType::integer: {
            auto n = reader_.integer(value, path, param.min.value_or(std::numeric_limits<std::int64_t>::min()),
                                     param.max.value_or(std::numeric_limits<std::int64_t>::max()));
            if (n) return ParamValue{*n};
            return std::nullopt;
        }
        case catalogue::ParamType::string: {
            auto text = reader_.string(value, path);
            if (text && checkParamString(spec, param, *text, path)) return ParamValue{*text};
            return std::nullopt;
        }
        case catalogue::ParamType::stringList: {
            const json::array* items = reader_.array(value, path);
            if (!items) return std::nullopt;
            if (items->empty() && param.nonEmpty) {
                reader_.error(path, "empty_list", fmt::format("filter '{}': '{}' is empty", spec.name, param.name),
                              fmt::format("{}; omit it to take the default", param.description));
                return std::nullopt;
            }
            std::vector<std::string> list;
            bool ok = true;
            for (std::size_t i = 0; i < items->size(); ++i) {
                auto text = reader_.string((*items)[i], indexPath(path, i));
                if (text && checkParamString(spec, param, *text, indexPath(path, i))) list.push_back(*text);
                else ok = false;
            }
            if (ok) return ParamValue{std::move(list)};
            return std::nullopt;
        }
        }
        return std::nullopt;
    }

    // The same path with the same hosts and methods twice in one service.
    void findDuplicateRoutes(const ServiceConfig& service) {
        std::map<std::string, std::string> firstSeen;
        for (std::size_t r = 0; r < service.routes.size(); ++r) {
            const Route& route = service.routes[r];
            std::vector<std::string> hosts;
            for (const auto& h : route.hosts) hosts.push_back(toLower(h));
            std::sort(hosts.begin(), hosts.end());
            hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
            MethodSet methods = 0;
            for (const auto& m : route.methods) methods |= routeMethodBit(m).value_or(0);
            methods = methods == 0 ? method::any : effectiveMethods(methods);
            for (std::size_t p = 0; p < route.paths.size(); ++p) {
                auto pattern = routing::parsePathPattern(route.paths[p]);
                if (!pattern) continue;
                const std::string key = fmt::format("{}|{}|{}", pattern->shape(), fmt::join(hosts, ","), methods);
                const std::string here = fmt::format("routes[{}].paths[{}]", r, p);
                auto [it, inserted] = firstSeen.emplace(key, here);
                if (!inserted) {
                    reader_.error(here, "duplicate_route",
                                  fmt::format("'{}' with the same hosts and methods is already declared at {}",
                                              route.paths[p], it->second),
                                  "remove one of them; if their filters differ, merge them into one route");
                }
            }
        }
    }

    JsonReader reader_;
    const ServiceLimits& limits_;
};

} // namespace

bool isValidServiceName(std::string_view name) {
    if (name.empty() || name.size() > 63 || !std::islower(static_cast<unsigned char>(name.front())) || name.back() == '-') {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

std::string checkRouteHost(std::string_view host, std::string& hint) {
    if (const std::size_t scheme = host.find("://"); scheme != std::string_view::npos) {
        hint = fmt::format("write only the host name: '{}'", host.substr(scheme + 3, host.find('/', scheme + 3) - scheme - 3));
        return fmt::format("host '{}' contains a scheme", host);
    }
    if (host.find('/') != std::string_view::npos) {
        hint = fmt::format("put paths in \"paths\"; the host is '{}'", host.substr(0, host.find('/')));
        return fmt::format("host '{}' contains a path", host);
    }
    if (host.find('*') != std::string_view::npos) {
        hint = "list each host name; wildcard hosts are not supported";
        return fmt::format("host '{}' contains '*'", host);
    }
    if (host.find(':') != std::string_view::npos) {
        hint = fmt::format("remove the port: hosts match whatever the port, so write '{}'", host.substr(0, host.find(':')));
        return fmt::format("host '{}' contains a port", host);
    }
    if (toLower(host) != host) {
        hint = fmt::format("write it in lower case: '{}' (hosts match case-insensitively)", toLower(host));
        return fmt::format("host '{}' has upper-case letters", host);
    }
    if (!isDnsName(host)) {
        hint = "a host is dot-separated labels of lower-case letters, digits and '-', as in 'api.example.com'";
        return fmt::format("host '{}' is not a valid host name", host);
    }
    return {};
}

ParsedService parseServiceJson(const json::value& document, const std::string& source, const ServiceLimits& limits) {
    ParsedService result;
    ServiceParser(source, result.problems, limits).parse(document, result.service);
    return result;
}

ParsedService parseServiceText(std::string_view text, const std::string& source, const ServiceLimits& limits) {
    ParsedService result;
    result.service.source = source;
    if (text.size() > limits.documentBytes) {
        result.problems.push_back({source, "", "limit_exceeded",
                                   fmt::format("the config is {} bytes; max_document_bytes is {}", text.size(), limits.documentBytes),
                                   Severity::error, "a service config is a few kilobytes; split a huge one into services"});
        return result;
    }
    if (auto document = parseJsonDocument(text, source, result.problems)) return parseServiceJson(*document, source, limits);
    return result;
}

} // namespace gatehouse::config
