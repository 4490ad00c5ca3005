#pragma once

#include "filters/filter.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// One request as the request path hands it to the trail and the metrics: views into
// the session's own buffers, valid for the call only, so that nothing is copied or
// allocated per field (docs/trail.md).
struct TrailEntry {
    std::int64_t timeMs = 0;       // when its head was read, epoch milliseconds
    std::string_view requestId;
    std::string_view method;
    std::string_view host;
    std::string_view path;         // without the query string
    std::string_view service;      // empty: no route
    std::string_view route;        // "routes[0].paths[1]"
    std::string_view destination;  // host:port, when one was tried
    int status = 0;                // 0: no answer was sent (the client left)
    std::string_view termination;  // terminationName()
    std::int64_t durationUs = 0;
    std::int64_t filtersUs = 0;    // before filters, summed
    std::int64_t connectUs = -1;   // upstream connect; -1: none (reused or no upstream)
    std::int64_t ttfbUs = -1;      // request sent → response head; -1: no response head
    std::uint64_t bytesIn = 0;     // head + body from the client
    std::uint64_t bytesOut = 0;    // to the client
    std::string_view clientIp;
    std::string_view userId;
    std::span<const filters::FilterRecord> filters;
    std::string_view protocol = "HTTP/1.1"; // as the client spoke: "HTTP/1.1", "HTTP/2"
};

// The same, owning its fields: for tests, tools and benchmarks that build records.
struct TrailRecord {
    std::int64_t timeMs = 0;
    std::string requestId;
    std::string method;
    std::string host;
    std::string path;
    std::string service;
    std::string route;
    std::string destination;
    int status = 0;
    std::string termination;
    std::int64_t durationUs = 0;
    std::int64_t filtersUs = 0;
    std::int64_t connectUs = -1;
    std::int64_t ttfbUs = -1;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::string clientIp;
    std::string userId;
    std::vector<filters::FilterRecord> filters;
    std::string protocol = "HTTP/1.1";

    TrailEntry entry() const {
        return {timeMs, requestId, method, host, path, service, route, destination, status, termination, durationUs, filtersUs,
                connectUs, ttfbUs, bytesIn, bytesOut, clientIp, userId, filters, protocol};
    }
};

} // namespace gatehouse::gateway
