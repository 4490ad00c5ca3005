#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace gatehouse::cli {

// The little HTTP client `gatehouse-routes register/dry-run/rollback` needs to talk to a
// collector: one blocking request per connection, http:// or https://, bounded by a
// time-out. Over https the collector's certificate is verified for its host name or
// address, against `caFile` or the system's CAs.
struct CollectorUrl {
    std::string host;
    std::string port;
    std::string basePath; // without a trailing '/'
    bool https = false;
    std::string caFile;   // --ca-file; empty: the system's CAs
};

std::expected<CollectorUrl, std::string> parseCollectorUrl(std::string_view url);

struct HttpAnswer {
    int status = 0;
    std::string body;
};

// An error says what failed (resolving, connecting, time-out, an unreadable answer).
std::expected<HttpAnswer, std::string> collectorRequest(const CollectorUrl& url, std::string_view method,
                                                        std::string_view target, std::string_view token,
                                                        std::string_view body,
                                                        std::chrono::milliseconds timeout = std::chrono::seconds(30));

} // namespace gatehouse::cli
