#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

class UpstreamPool;
class Watchdog;

// Where a glue service (token introspection, sessions, policy, flags) answers.
struct GlueEndpoint {
    std::string url;      // as configured, for messages
    bool https = false;
    std::string hostPort; // "127.0.0.1:9200"
    std::string path;     // "/oauth/introspect" (may carry a query)
    std::chrono::milliseconds timeout{1000};
    std::size_t maxBody = 1 << 20; // an introspection or flag answer, not a download
};

// "http://127.0.0.1:9200/introspect": nullopt and a reason when it is not one.
std::expected<GlueEndpoint, std::string> parseGlueUrl(std::string_view url);

struct GlueResponse {
    int status = 0;
    std::string body;
    std::string etag;
};

// Calls glue services over keep-alive connections from a worker's pool (the same pools,
// timeouts and TLS settings as upstream traffic). Never blocks the thread; every call is
// bounded by the endpoint's timeout. One per event loop.
class GlueClient {
public:
    GlueClient(UpstreamPool& pool, Watchdog& watchdog, boost::asio::ssl::context* const* tls)
        : pool_(pool), watchdog_(watchdog), tls_(tls) {}

    // `fields`: extra "Name: value\r\n" lines. Answers of any status are results; an
    // error is a failure to get one (refused, reset, time-out, unreadable), in words.
    boost::asio::awaitable<std::expected<GlueResponse, std::string>> call(const GlueEndpoint& endpoint,
                                                                          std::string_view method, std::string_view target,
                                                                          std::string_view fields, std::string_view body);

private:
    UpstreamPool& pool_;
    Watchdog& watchdog_;
    boost::asio::ssl::context* const* tls_; // the gateway's upstream TLS context, set at start
};

} // namespace gatehouse::gateway
