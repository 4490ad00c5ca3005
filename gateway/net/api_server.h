#pragma once

#include "net/api_http.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

// One request per connection for the JSON APIs (admin listener, route collector): probes,
// operators, gateways polling, not traffic. Reading the request is bounded by
// `readTimeout` and `maxBody` (Content-Length only); the handler may take its time (a
// long poll); the answer closes the connection.
struct ApiServerLimits {
    std::size_t maxBody = 64 * 1024;
    std::string maxBodyName; // the setting behind maxBody, named in the 413
    std::chrono::milliseconds readTimeout{5000};
    std::chrono::milliseconds writeTimeout{10000};
    // Asked once the head is read, before any body is: an answer refuses the request
    // without reading it (an unknown token does not get a megabyte of buffer).
    std::function<std::optional<ApiResponse>(const ApiRequest& head)> admit;
    // Host names (lower case, no port) this listener answers to; others get 421. Empty:
    // any. A browser tricked by DNS rebinding sends the attacker's name: refused.
    std::vector<std::string> allowedHosts;
};

using ApiHandler = std::function<boost::asio::awaitable<ApiResponse>(ApiRequest request)>;

// How a listener protects its slots: connections that have not yet sent an admitted
// request head (anyone can open those) are bounded apart from the rest, and a new one
// closes the oldest of them rather than being refused, so a client that asks at once is
// served while idle sockets are held open against it.
struct ApiListenerSettings {
    std::string name = "api";          // in log lines: "admin", "collector"
    std::size_t maxConnections = 4096; // every connection, long polls included
    std::size_t maxPending = 128;      // of them, those still before an admitted head
    std::chrono::milliseconds acceptBackoff{250};
    boost::asio::ssl::context* tls = nullptr; // TLS on this listener (handshake within readTimeout)
};

// What a listener has refused, for /metrics and tests.
struct ApiListenerStats {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> refusedFull{0};    // closed on arrival: maxConnections reached
    std::atomic<std::uint64_t> evictedPending{0}; // closed before a head: maxPending reached
    std::atomic<std::uint64_t> acceptErrors{0};   // each followed by a pause
    std::atomic<std::uint64_t> misdirected{0};    // 421: a Host not in allowedHosts
    std::atomic<std::uint64_t> handshakeFailures{0};
};

// Accepts until the acceptor is closed. `stats` must outlive the coroutine.
boost::asio::awaitable<void> runApiListener(boost::asio::ip::tcp::acceptor& acceptor, ApiListenerSettings settings,
                                            ApiServerLimits limits, ApiHandler handler, ApiListenerStats& stats);

// The host names a listener on `host` answers to by default: that address, localhost,
// 127.0.0.1 and ::1.
std::vector<std::string> defaultAllowedHosts(const std::string& host);

} // namespace gatehouse::gateway
