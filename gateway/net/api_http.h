#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <expected>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// What the JSON APIs (the admin API, the route collector) share: the request and response
// as their handlers see them, the error body, query parameters and bearer tokens.

struct ApiRequest {
    std::string method;
    std::string path;  // without the query
    std::string query;
    std::string authorization;
    std::string ifNoneMatch;
    std::string body;
};

struct ApiResponse {
    int status = 200;
    std::string body;   // JSON unless contentType says otherwise
    std::string fields; // extra "Name: value\r\n" lines
    std::string contentType = "application/json";
    // When set, the body instead of `body`: one serialised document shared by every
    // answer that carries it (a table sent to many gateways at once).
    std::shared_ptr<const std::string> sharedBody;
};

// The error body every Gatehouse API uses: {"id", "message", "request_id"}, plus `extra`
// members where they help (problems, conflicts). A 401 names the realm in WWW-Authenticate.
ApiResponse apiError(int status, std::string_view id, std::string_view message, std::string_view realm = "gatehouse",
                     const boost::json::object* extra = nullptr);
ApiResponse apiOk(const boost::json::value& body, int status = 200);
ApiResponse apiMethodNotAllowed(std::string_view allowed);

// The first query parameter not in `known` as a 400 that names it, or nothing.
std::optional<ApiResponse> apiUnknownParameter(std::string_view query, std::initializer_list<std::string_view> known);
// The raw value of `key` in a query string ("" when absent).
std::string queryValue(std::string_view query, std::string_view key);
bool hasQueryKey(std::string_view query, std::string_view key);
// Text from a request as one log line: control characters escaped, length bounded.
std::string printable(std::string_view text);

// A path pattern: literal segments and "{name}" segments, each matching one non-empty
// segment ("/api/v1/services/{name}/series").
class EndpointPattern {
public:
    EndpointPattern(const char* pattern); // NOLINT: tables of routes spell patterns as literals
    // The segments "{...}" matched, in order, or nothing when `path` does not match.
    std::optional<std::vector<std::string>> match(std::string_view path) const;

private:
    std::vector<std::string_view> segments_; // "" for a capture
};

// A JSON API as a table: each route a method, a path pattern and what answers it (plus
// whatever its table adds: a role, a thread). The first route whose pattern and method
// match is the one; when patterns match but no method does, the answer is 405 with the
// methods that would (Allow).
template <typename Route> struct RouteMatch {
    const Route* route = nullptr;
    std::vector<std::string> captures;
    std::string allowed; // when only the method differed: "GET, PUT"
};
template <typename Route> RouteMatch<Route> findRoute(const std::vector<Route>& routes, std::string_view method, std::string_view path) {
    RouteMatch<Route> found;
    for (const Route& route : routes) {
        std::optional<std::vector<std::string>> captures = route.pattern.match(path);
        if (!captures) continue;
        if (route.method == method) {
            found.route = &route;
            found.captures = std::move(*captures);
            return found;
        }
        if (found.allowed.find(route.method) == std::string::npos) found.allowed += (found.allowed.empty() ? "" : ", ") + std::string(route.method);
    }
    return found;
}

// A query string read once, typed: every parameter must be one the endpoint knows, and
// a bad value is a 400 that names the parameter and what it must be.
class QueryParams {
public:
    static std::expected<QueryParams, ApiResponse> parse(std::string_view query, std::initializer_list<std::string_view> known);
    // As sent ("" when absent), and URL-decoded (nothing when the encoding is broken).
    std::string raw(std::string_view key) const { return queryValue(query_, key); }
    bool has(std::string_view key) const { return hasQueryKey(query_, key); }
    std::optional<std::string> decoded(std::string_view key) const;
    // Nothing when absent; a 400 unless a decimal integer in [min, max].
    std::expected<std::optional<std::int64_t>, ApiResponse> integer(std::string_view key, std::int64_t min, std::int64_t max) const;

private:
    explicit QueryParams(std::string_view query) : query_(query) {}
    std::string query_;
};

// "Which route does this request hit?" asked in a query: ?method=&host=&path= (decoded),
// or a 400 naming what is missing or malformed.
struct ExplainQuery {
    std::string method, host, path;
};
std::expected<ExplainQuery, ApiResponse> parseExplainQuery(std::string_view query, std::string_view realm = "gatehouse");

// A token file: {"tokens": [{"name": ..., "token_sha256": ... | "token": ..., <more>}]}.
// Only the SHA-256 of a token is kept; `fields` are the entry's other members for the
// caller to read (a role, owned services). An error names the file, the JSON path and why.
struct TokenRecord {
    std::string name;
    std::string tokenSha256; // raw 32 bytes
    std::string path;        // "tokens[2]", for the caller's messages
    std::string fieldsJson;  // the entry as JSON text
};
std::expected<std::vector<TokenRecord>, std::string> loadTokenFile(const std::string& file);

// The bearer token in `file` (its first line), for a client (a gateway following the
// collector, the collector reading gateways); an error says why there is none.
std::expected<std::string, std::string> readTokenFile(const std::string& file);

// The index of the token an "Authorization: Bearer <token>" carries (every entry is
// compared in constant time), or nothing.
std::optional<std::size_t> findBearer(std::string_view authorization, const std::vector<std::string>& sha256s);

} // namespace gatehouse::gateway
