#pragma once

#include "admin/api_http.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <functional>
#include <optional>

namespace gatehouse::gateway {

// One request per connection for the JSON APIs (admin listener, route collector): probes,
// operators, gateways polling, not traffic. Reading the request is bounded by
// `readTimeout` and `maxBody` (Content-Length only); the handler may take its time (a
// long poll); the answer closes the connection.
struct ApiServerLimits {
    std::size_t maxBody = 64 * 1024;
    std::chrono::milliseconds readTimeout{5000};
    std::chrono::milliseconds writeTimeout{10000};
    // Asked once the head is read, before any body is: an answer refuses the request
    // without reading it (an unknown token does not get a megabyte of buffer).
    std::function<std::optional<ApiResponse>(const ApiRequest& head)> admit;
};

using ApiHandler = std::function<boost::asio::awaitable<ApiResponse>(ApiRequest request)>;

boost::asio::awaitable<void> serveApiRequest(boost::asio::ip::tcp::socket socket, ApiServerLimits limits,
                                             const ApiHandler& handler);

} // namespace gatehouse::gateway
