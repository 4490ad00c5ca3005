#include "net/api_http.h"

#include "common/text_util.h"
#include "http/http_head.h"
#include "http/local_reply.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace gatehouse::gateway {
namespace json = boost::json;

ApiResponse apiError(int status, std::string_view id, std::string_view message, std::string_view realm,
                     const json::object* extra) {
    json::object body = extra ? *extra : json::object{};
    body["id"] = id;
    body["message"] = message;
    body["request_id"] = newRequestId();
    return {status, json::serialize(body),
            status == 401 ? fmt::format("WWW-Authenticate: Bearer realm=\"{}\"\r\n", realm) : std::string()};
}

ApiResponse apiOk(const json::value& body, int status) { return {status, json::serialize(body), {}}; }

ApiResponse apiMethodNotAllowed(std::string_view allowed) {
    ApiResponse response = apiError(405, "method_not_allowed", fmt::format("use {}", allowed));
    response.fields = fmt::format("Allow: {}\r\n", allowed);
    return response;
}

std::string printable(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 200)) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
    return out;
}

namespace {
// Calls `visit(key, value, hasValue)` for each parameter until it returns true.
template <typename Visit>
bool forEachParameter(std::string_view query, Visit visit) {
    while (!query.empty()) {
        const std::size_t amp = std::min(query.find('&'), query.size());
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (visit(pair.substr(0, eq), eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1))) return true;
        query.remove_prefix(std::min(amp + 1, query.size()));
    }
    return false;
}
} // namespace

std::string queryValue(std::string_view query, std::string_view key) {
    std::string found;
    forEachParameter(query, [&](std::string_view k, std::string_view v) {
        if (k != key) return false;
        found = std::string(v);
        return true;
    });
    return found;
}

bool hasQueryKey(std::string_view query, std::string_view key) {
    return forEachParameter(query, [&](std::string_view k, std::string_view) { return k == key; });
}

std::optional<ApiResponse> apiUnknownParameter(std::string_view query, std::initializer_list<std::string_view> known) {
    std::optional<ApiResponse> refusal;
    forEachParameter(query, [&](std::string_view key, std::string_view) {
        if (key.empty() || std::find(known.begin(), known.end(), key) != known.end()) return false;
        refusal = apiError(400, "bad_request", fmt::format("unknown query parameter '{}'", printable(key)));
        return true;
    });
    return refusal;
}

std::expected<std::vector<TokenRecord>, std::string> loadTokenFile(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::unexpected(fmt::format("{}: cannot read the tokens file", file));
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const json::value document = json::parse(text.str(), ec);
    if (ec) return std::unexpected(fmt::format("{}: not JSON ({})", file, ec.message()));
    const json::value* list = document.is_object() ? document.as_object().if_contains("tokens") : nullptr;
    if (!list || !list->is_array()) return std::unexpected(fmt::format("{}: tokens: missing; write {{\"tokens\": [...]}}", file));
    std::vector<TokenRecord> tokens;
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
        const json::value& item = list->as_array()[i];
        const std::string path = fmt::format("tokens[{}]", i);
        const json::object* obj = item.if_object();
        auto text = [&](const char* key) -> std::string {
            const json::value* v = obj ? obj->if_contains(key) : nullptr;
            return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        const std::string name = text("name"), token = text("token"), hashed = text("token_sha256");
        if (name.empty() || token.empty() == hashed.empty()) {
            return std::unexpected(fmt::format("{}: {}: needs \"name\" and one of \"token_sha256\" (preferred) or \"token\"", file, path));
        }
        std::string digest;
        if (!hashed.empty()) { // stored hashed: `printf %s TOKEN | sha256sum`
            if (hashed.size() != 64 || hashed.find_first_not_of("0123456789abcdef") != std::string::npos) {
                return std::unexpected(fmt::format("{}: {}.token_sha256: 64 lower-case hex digits (sha256sum's output)", file, path));
            }
            for (std::size_t k = 0; k < 64; k += 2) digest += static_cast<char>(std::stoi(hashed.substr(k, 2), nullptr, 16));
        } else {
            if (token.size() < 16) return std::unexpected(fmt::format("{}: {}.token: at least 16 characters", file, path));
            digest = sha256(token);
        }
        json::object fields = *obj;
        fields.erase("token"); // the secret is not kept, not even as JSON text
        tokens.push_back({name, std::move(digest), path, json::serialize(fields)});
    }
    return tokens;
}

std::optional<std::size_t> findBearer(std::string_view authorization, const std::vector<std::string>& sha256s) {
    if (authorization.size() <= 7 || !http::equalsIgnoreCase(authorization.substr(0, 7), "bearer ")) return std::nullopt;
    const std::string digest = sha256(authorization.substr(7));
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < sha256s.size(); ++i) {
        if (sha256s[i].size() == digest.size() && CRYPTO_memcmp(sha256s[i].data(), digest.data(), digest.size()) == 0) found = i;
    }
    return found;
}

EndpointPattern::EndpointPattern(const char* pattern) {
    std::string_view rest(pattern);
    while (!rest.empty()) {
        rest.remove_prefix(1); // the '/'
        const std::string_view segment = rest.substr(0, rest.find('/'));
        segments_.push_back(segment.starts_with('{') ? std::string_view() : segment);
        rest.remove_prefix(segment.size());
    }
}

std::optional<std::vector<std::string>> EndpointPattern::match(std::string_view path) const {
    std::vector<std::string> captures;
    for (std::string_view segment : segments_) {
        if (!path.starts_with('/')) return std::nullopt;
        path.remove_prefix(1);
        const std::string_view part = path.substr(0, path.find('/'));
        if (segment.empty() ? part.empty() : part != segment) return std::nullopt;
        if (segment.empty()) captures.emplace_back(part);
        path.remove_prefix(part.size());
    }
    if (!path.empty()) return std::nullopt;
    return captures;
}

std::expected<QueryParams, ApiResponse> QueryParams::parse(std::string_view query, std::initializer_list<std::string_view> known) {
    if (std::optional<ApiResponse> unknown = apiUnknownParameter(query, known)) return std::unexpected(std::move(*unknown));
    return QueryParams(query);
}

std::optional<std::string> QueryParams::decoded(std::string_view key) const {
    return http::urlDecode(raw(key));
}

std::expected<std::optional<std::int64_t>, ApiResponse> QueryParams::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
    const std::string text = raw(key);
    if (text.empty()) return std::optional<std::int64_t>();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return std::unexpected(apiError(400, "bad_request", fmt::format("'{}' must be an integer from {} to {}", key, min, max)));
    }
    return std::optional<std::int64_t>(value);
}

std::expected<std::string, std::string> readTokenFile(const std::string& file) {
    std::ifstream in(file);
    if (!in) return std::unexpected(fmt::format("{}: cannot read the collector token file", file));
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return std::unexpected(fmt::format("{}: the first line should hold the token", file));
    return token;
}

std::expected<ExplainQuery, ApiResponse> parseExplainQuery(std::string_view query, std::string_view realm) {
    auto params = QueryParams::parse(query, {"method", "host", "path"});
    if (!params) return std::unexpected(params.error());
    auto method = params->decoded("method");
    auto host = params->decoded("host");
    auto path = params->decoded("path");
    if (!method || method->empty()) return std::unexpected(apiError(400, "bad_request", "'method' is required (GET, POST, ...)", realm));
    if (!host) return std::unexpected(apiError(400, "bad_request", "'host' is not URL-encoded properly", realm));
    if (!path || path->empty() || path->front() != '/') {
        return std::unexpected(apiError(400, "bad_request", "'path' is required and must start with '/'", realm));
    }
    return ExplainQuery{std::move(*method), std::move(*host), std::move(*path)};
}

} // namespace gatehouse::gateway
