#pragma once

#include <string>
#include <string_view>

namespace gatehouse::gateway {

// Why the gateway, not a backend, ended a request. Later issues log, count and store it.
enum class Termination {
    completed,
    badRequest,
    noRoute,
    bodyTooLarge,
    upstreamConnectFailed,
    upstreamReset,
    upstreamTimeout,
    upstreamProtocolError,
    noHealthyUpstream,
    upstreamOverflow, // every available destination at max_connections
    clientAborted,
    clientTimeout,
    filterDenied, // a before filter answered (401, 403, 429, ...)
    // A WebSocket tunnel (status 101) ended: who or what closed it.
    websocketClientClosed,
    websocketUpstreamClosed,
    websocketIdleTimeout,
    websocketMaxDuration,
    websocketDrained,
};

const char* terminationName(Termination cause); // "upstream_timeout", ...

const char* reasonPhrase(int status);

// A complete response the gateway makes itself, with the JSON error body
// {"id", "message", "request_id"}.
// `extraFields`: "Name: value\r\n" lines from filters (Retry-After, RateLimit-*, ...).
// `headOnly`: the answer to a HEAD request: the same head, no body (RFC 9110 §9.3.2).
std::string localReply(int status, std::string_view id, std::string_view message, std::string_view requestId,
                       bool closeConnection, std::string_view extraFields = {}, bool headOnly = false);

// 32 hex characters from a per-thread generator.
std::string newRequestId();
// An incoming X-Request-Id is kept when it is 1-128 characters of [A-Za-z0-9._:-].
bool isValidRequestId(std::string_view id);

} // namespace gatehouse::gateway
