#include "http/local_reply.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace gatehouse::gateway {

const char* terminationName(Termination cause) {
    switch (cause) {
    case Termination::completed: return "completed";
    case Termination::badRequest: return "bad_request";
    case Termination::noRoute: return "no_route";
    case Termination::bodyTooLarge: return "body_too_large";
    case Termination::upstreamConnectFailed: return "upstream_connect_failed";
    case Termination::upstreamReset: return "upstream_reset";
    case Termination::upstreamTimeout: return "upstream_timeout";
    case Termination::upstreamProtocolError: return "upstream_protocol_error";
    case Termination::noHealthyUpstream: return "no_healthy_upstream";
    case Termination::upstreamOverflow: return "upstream_overflow";
    case Termination::clientAborted: return "client_aborted";
    case Termination::clientTimeout: return "client_timeout";
    case Termination::filterDenied: return "filter_denied";
    case Termination::websocketClientClosed: return "websocket_client_closed";
    case Termination::websocketUpstreamClosed: return "websocket_upstream_closed";
    case Termination::websocketIdleTimeout: return "websocket_idle_timeout";
    case Termination::websocketMaxDuration: return "websocket_max_duration";
    case Termination::websocketDrained: return "websocket_drained";
    }
    return "?";
}

const char* reasonPhrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

std::string localReply(int status, std::string_view id, std::string_view message, std::string_view requestId,
                       bool closeConnection, std::string_view extraFields, bool headOnly) {
    const std::string body = boost::json::serialize(boost::json::object{
        {"id", id}, {"message", message}, {"request_id", requestId}});
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Request-Id: {}\r\n{}{}\r\n{}",
                       status, reasonPhrase(status), body.size(), requestId, extraFields,
                       closeConnection ? "Connection: close\r\n" : "", headOnly ? std::string_view() : std::string_view(body));
}

std::string newRequestId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(32, '0');
    for (int half = 0; half < 2; ++half) {
        std::uint64_t bits = rng();
        for (int i = 15; i >= 0; --i, bits >>= 4) id[static_cast<std::size_t>(half * 16 + i)] = kHex[bits & 0xf];
    }
    return id;
}

bool isValidRequestId(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == ':' || c == '-';
    });
}

} // namespace gatehouse::gateway
