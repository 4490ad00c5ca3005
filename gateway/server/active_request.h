#pragma once

#include "filters/filter_chain.h"
#include "http/http_head.h"
#include "http/local_reply.h"
#include "http/websocket_upgrade.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::routing {
struct RouteEntry;
} // namespace gatehouse::routing

namespace gatehouse::gateway {

struct TableSnapshot;

// One request from its head to its trail record, whatever codec carried it: the parsed
// head (owned copies), its route and filters' state, timings and why it ended.
struct ActiveRequest {
    std::string method;
    std::string target; // origin form
    std::string host;   // as received (Host, :authority, or the authority of an absolute-form target)
    std::string requestId;
    int minorVersion = 1;
    http::BodyFraming framing;
    bool keepAlive = true;
    bool expectContinue = false;
    bool serverOptions = false; // OPTIONS * without a body: the gateway answers
    std::optional<http::WebSocketRequest> webSocket; // a checked WebSocket handshake
    std::string forwardedFields; // "Name: value\r\n" lines passed upstream as they came
    std::string clientRequestIdField; // the client's X-Request-Id line(s), passed on when request_id does not run
    std::string_view incomingRequestId; // the first of them (a view into the head), for answers before any route
    filters::RequestContext context;  // the filters' per-request state
    const filters::FilterChain* chain = nullptr;
    bool afterFiltersRan = false;
    // For the trail.
    const routing::RouteEntry* route = nullptr;
    std::chrono::steady_clock::time_point started{};
    std::int64_t startedMs = 0;
    std::chrono::steady_clock::time_point sentAt{}; // the request's last byte went upstream
    std::int64_t connectUs = -1;
    std::int64_t ttfbUs = -1;
    std::string_view destination; // the service's, in the snapshot the request holds
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t bodyLimit = 0;
    Termination cause = Termination::completed;
    int status = 0;
    std::shared_ptr<const TableSnapshot> snapshot;
    // Reused from one request to the next on a connection, so that their capacity is
    // allocated once, not per request.
    http::RequestHead parsed;
    http::ResponseHead upstreamParsed;
    std::string upstreamHead;
    std::string clientHead;

    void reset();
};

} // namespace gatehouse::gateway
