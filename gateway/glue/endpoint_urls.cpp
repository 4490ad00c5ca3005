// The URLs of glue services and of Redis in gatehouse.json: parsing only, no sockets
// (the config reader and the fuzz build use them without the clients).
#include "glue/glue_client.h"
#include "glue/redis_endpoint.h"
#include "core/config/wire_grammar.h"
#include "http/http_head.h"

#include <fmt/format.h>

#include <algorithm>

namespace gatehouse::gateway {

std::expected<GlueEndpoint, std::string> parseGlueUrl(std::string_view url) {
    GlueEndpoint endpoint;
    endpoint.url = std::string(url);
    std::string_view rest = url;
    if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
        rest.remove_prefix(8);
        endpoint.https = true;
    } else {
        return std::unexpected("must start with http:// or https://");
    }
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    endpoint.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        return std::unexpected("needs a host (and no user info)");
    }
    const std::size_t close = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    const bool hasPort = colon != std::string_view::npos && (close == std::string_view::npos || colon > close);
    endpoint.hostPort = hasPort ? std::string(authority) : fmt::format("{}:{}", authority, endpoint.https ? 443 : 80);
    if (hasPort) {
        const std::string_view port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
            return std::unexpected(fmt::format("'{}' is not a port", port));
        }
    }
    if (!config::isOriginFormTarget(endpoint.path)) { // it goes into a request line as it is
        return std::unexpected("the path is not a request target (spaces, line breaks, a fragment or a bad %-escape)");
    }
    return endpoint;
}

namespace {

// %XX escapes of a URL's user info; nullopt for a broken escape.
std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || http::hexValue(text[i + 1]) < 0 || http::hexValue(text[i + 2]) < 0) return std::nullopt;
        out += static_cast<char>(http::hexValue(text[i + 1]) * 16 + http::hexValue(text[i + 2]));
        i += 2;
    }
    return out;
}

} // namespace

std::string redactRedisUrl(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url.substr(0, 64));
    const std::size_t start = scheme + 3;
    const std::size_t end = std::min(url.find('/', start), url.size());
    const std::size_t at = url.substr(0, end).rfind('@');
    if (at == std::string_view::npos || at < start) return std::string(url);
    const std::size_t colon = url.substr(start, at - start).find(':');
    if (colon == std::string_view::npos) return std::string(url); // a user name, no password
    return fmt::format("{}***{}", url.substr(0, start + colon + 1), url.substr(at));
}

std::expected<RedisEndpoint, std::string> parseRedisUrl(std::string_view url) {
    RedisEndpoint endpoint;
    endpoint.tls = url.starts_with("rediss://");
    if (!endpoint.tls && !url.starts_with("redis://")) {
        return std::unexpected("must start with redis:// or rediss:// (TLS)");
    }
    std::string_view rest = url.substr(endpoint.tls ? 9 : 8);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        const std::string_view db = rest.substr(slash + 1);
        if (!db.empty()) {
            if (db.size() > 2 || db.find_first_not_of("0123456789") != std::string_view::npos) {
                return std::unexpected(fmt::format("'{}' is not a database number", db));
            }
            endpoint.database = std::stoi(std::string(db));
        }
    }
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userInfo = authority.substr(0, at);
        const std::size_t colon = userInfo.find(':');
        auto user = percentDecode(userInfo.substr(0, colon));
        auto password = colon == std::string_view::npos ? std::optional<std::string>("") : percentDecode(userInfo.substr(colon + 1));
        if (!user || !password) {
            return std::unexpected("has a broken %-escape in its user or password");
        }
        endpoint.user = std::move(*user);
        endpoint.password = std::move(*password);
        authority = authority.substr(at + 1);
    }
    if (authority.empty()) {
        return std::unexpected("needs a host");
    }
    const std::size_t colon = authority.rfind(':');
    const std::size_t bracket = authority.rfind(']');
    const bool hasPort = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    endpoint.hostPort = hasPort ? std::string(authority) : fmt::format("{}:6379", authority);
    return endpoint;
}

} // namespace gatehouse::gateway
