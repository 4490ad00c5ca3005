#include "core/catalogue/filter_catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace gatehouse::catalogue {
namespace {

bool isHeaderNameChar(char c) {
    // RFC 9110 token characters.
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::optional<std::string> checkRateLimitKey(std::string_view by) {
    if (by == "user" || by == "token" || by == "ip") return std::nullopt;
    if (by.starts_with("header:")) {
        std::string_view header = by.substr(7);
        if (!header.empty() && std::all_of(header.begin(), header.end(), isHeaderNameChar)) return std::nullopt;
        return fmt::format("'{}' names no valid header after 'header:'", by);
    }
    return fmt::format("'{}' is not one of user, token, ip, header:NAME", by);
}

std::optional<std::string> checkIdentifier(std::string_view value) {
    auto ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
    if (!value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), ok)) return std::nullopt;
    return fmt::format("'{}' must be 1 to 64 letters, digits, '_', '-' or '.'", value);
}

std::optional<std::string> checkCookieName(std::string_view value) {
    if (!value.empty() && std::all_of(value.begin(), value.end(), isHeaderNameChar)) return std::nullopt;
    return fmt::format("'{}' is not a valid cookie name", value);
}

std::optional<std::string> checkScope(std::string_view value) {
    // RFC 6749 §3.3 scope-token: printable ASCII except space, '"' and '\'.
    auto ok = [](char c) { return c > 0x20 && c < 0x7f && c != '"' && c != '\\'; };
    if (!value.empty() && std::all_of(value.begin(), value.end(), ok)) return std::nullopt;
    return fmt::format("'{}' is not a valid OAuth scope", value);
}

bool never(const config::FilterParams&) { return false; }
bool always(const config::FilterParams&) { return true; }

std::vector<FilterSpec> buildCatalogue() {
    std::vector<FilterSpec> c;

    c.push_back({.name = "request_id",
                 .summary = "Keeps a valid incoming X-Request-Id or generates one; passes it upstream and returns it.",
                 .needsIdentity = never});

    c.push_back({.name = "sanitize",
                 .summary = "Strips client-sent identity headers and rejects requests a backend could read differently "
                            "(control characters, traversal, encoded slashes, methods outside the allow-list).",
                 .needsIdentity = never,
                 .params = {{.name = "allowed_methods",
                             .type = ParamType::stringList,
                             .defaultValue = config::ParamValue{std::vector<std::string>{"GET", "HEAD", "POST", "PUT", "PATCH",
                                                                                         "DELETE", "OPTIONS"}},
                             .allowed = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"},
                             .description = "methods let through; TRACE and CONNECT are off by default",
                             .nonEmpty = true}}});

    c.push_back({.name = "security_headers",
                 .summary = "Adds Strict-Transport-Security (TLS only), X-Content-Type-Options, Referrer-Policy and "
                            "X-Frame-Options unless the backend set them.",
                 .before = false,
                 .after = true,
                 .needsIdentity = never,
                 .params = {{.name = "hsts_max_age_seconds", .type = ParamType::integer,
                             .defaultValue = config::ParamValue{std::int64_t{31536000}}, .min = 0, .max = 63072000,
                             .description = "max-age of Strict-Transport-Security"},
                            {.name = "frame_options", .type = ParamType::string,
                             .defaultValue = config::ParamValue{std::string("DENY")}, .allowed = {"DENY", "SAMEORIGIN"},
                             .description = "value of X-Frame-Options"},
                            {.name = "referrer_policy", .type = ParamType::string,
                             .defaultValue = config::ParamValue{std::string("strict-origin-when-cross-origin")},
                             .allowed = {"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
                                         "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"},
                             .description = "value of Referrer-Policy"}}});

    c.push_back({.name = "oauth_token",
                 .summary = "Authenticates 'Authorization: Bearer' tokens by RFC 7662 introspection.",
                 .authenticates = true,
                 .needsIdentity = never,
                 .params = {{.name = "scopes", .type = ParamType::stringList, .check = checkScope,
                             .description = "scopes the token must all have (empty: any active token)"}}});

    c.push_back({.name = "session_cookie",
                 .summary = "Authenticates a session cookie with a session service that knows the user.",
                 .authenticates = true,
                 .needsIdentity = never,
                 .params = {{.name = "cookie", .type = ParamType::string,
                             .defaultValue = config::ParamValue{std::string("_session_id")}, .check = checkCookieName,
                             .description = "name of the session cookie"},
                            {.name = "mode", .type = ParamType::string,
                             .defaultValue = config::ParamValue{std::string("remote")}, .allowed = {"remote", "local"},
                             .description = "remote: ask the session service; local: decrypt a Rails cookie"}}});

    c.push_back({.name = "ensure_auth",
                 .summary = "Answers 401 when no earlier filter authenticated the request.",
                 .needsIdentity = always});

    c.push_back({.name = "identity_headers",
                 .summary = "Sets X-Gatehouse-User-Id, X-Gatehouse-Auth-Method and X-Gatehouse-Scopes for the backend.",
                 .needsIdentity = always});

    c.push_back({.name = "authorize",
                 .summary = "Asks an external policy service (ext_authz style) whether the request may proceed; 403 on deny.",
                 .needsIdentity = never,
                 .params = {{.name = "policy", .type = ParamType::string, .check = checkIdentifier,
                             .description = "policy name passed to the policy service"}}});

    c.push_back({.name = "rate_limit",
                 .summary = "Fixed-window rate limit aligned to the epoch, as rack-attack throttles; 429 when exceeded.",
                 .repeatable = true,
                 .needsIdentity = [](const config::FilterParams& params) {
                     auto it = params.find("by");
                     return it != params.end() && std::get<std::string>(it->second) == "user";
                 },
                 .params = {{.name = "limit", .type = ParamType::integer, .required = true, .min = 1, .max = 100000000,
                             .description = "requests allowed per window"},
                            {.name = "period_seconds", .type = ParamType::integer, .required = true, .min = 1,
                             .max = 86400 * 31, .description = "window length"},
                            {.name = "by", .type = ParamType::string,
                             .defaultValue = config::ParamValue{std::string("ip")}, .check = checkRateLimitKey,
                             .description = "who is counted: user | token | ip | header:NAME"},
                            {.name = "name", .type = ParamType::string, .check = checkIdentifier,
                             .description = "throttle name, shared with rack-attack when both count the same thing"}}});

    c.push_back({.name = "feature_flag",
                 .summary = "Routes only for actors with a Flipper feature enabled; 404 or 403 otherwise.",
                 .needsIdentity = never,
                 .params = {{.name = "flag", .type = ParamType::string, .required = true, .check = checkIdentifier,
                             .description = "feature name in the flag service"},
                            {.name = "on_disabled", .type = ParamType::integer,
                             .defaultValue = config::ParamValue{std::int64_t{404}}, .min = 403, .max = 404,
                             .description = "status when the flag is off: 404 or 403"}}});
    return c;
}

} // namespace

const std::vector<FilterSpec>& filterCatalogue() {
    static const std::vector<FilterSpec> catalogue = buildCatalogue();
    return catalogue;
}

const FilterSpec* findFilter(std::string_view name) {
    for (const FilterSpec& spec : filterCatalogue()) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::vector<std::string_view> filterNames() {
    std::vector<std::string_view> names;
    for (const FilterSpec& spec : filterCatalogue()) names.emplace_back(spec.name);
    return names;
}

bool canRunByDefault(const FilterSpec& spec) {
    const bool needsParams = std::any_of(spec.params.begin(), spec.params.end(), [](const ParamSpec& p) { return p.required; });
    return !needsParams && (!spec.needsIdentity || !spec.needsIdentity({}));
}

std::vector<std::string_view> defaultFilterNames() {
    std::vector<std::string_view> names;
    for (const FilterSpec& spec : filterCatalogue()) {
        if (canRunByDefault(spec)) names.emplace_back(spec.name);
    }
    return names;
}

const char* paramTypeName(ParamType type) {
    switch (type) {
    case ParamType::boolean: return "a boolean";
    case ParamType::integer: return "an integer";
    case ParamType::string: return "a string";
    case ParamType::stringList: return "an array of strings";
    }
    return "?";
}

} // namespace gatehouse::catalogue
