#pragma once

#include "config/service_config.h"
#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>

namespace gatehouse::gateway {

// One keep-alive connection to a destination, owned by one worker thread.
struct UpstreamConnection {
    UpstreamConnection(boost::asio::io_context& io, Watchdog& watchdog) : socket(io, watchdog) {}
    TimedSocket socket;
    boost::beast::flat_buffer buffer;
    std::string key;     // destination "host:port"
    bool reused = false; // came from the idle pool: it may have been closed meanwhile
    std::chrono::steady_clock::time_point idleSince{};
};

// Connects to "host:port" (or "[v6]:port") within `timeout`; nullptr and `ec` on failure.
// With `tls`, the connection then does a TLS handshake, verifying the destination's
// certificate for its host name or address.
boost::asio::awaitable<std::unique_ptr<UpstreamConnection>> connectUpstream(boost::asio::io_context& io, Watchdog& watchdog,
                                                                           const std::string& hostPort,
                                                                           std::chrono::milliseconds timeout,
                                                                           boost::system::error_code& ec,
                                                                           boost::asio::ssl::context* tls = nullptr);

// Idle upstream connections of one worker, per destination. No locks: a worker's
// connections never leave its thread.
class UpstreamPool {
public:
    UpstreamPool(boost::asio::io_context& io, Watchdog& watchdog) : io_(io), watchdog_(watchdog) {}

    // An idle connection that still looks open, or nullptr.
    std::unique_ptr<UpstreamConnection> takeIdle(const std::string& key);
    // Keeps the connection for reuse if fewer than `maxIdle` are idle for its destination.
    void release(std::unique_ptr<UpstreamConnection> connection, std::size_t maxIdle);
    // Connects to "host:port" within `timeout`; returns nullptr and sets `ec` on failure.
    boost::asio::awaitable<std::unique_ptr<UpstreamConnection>> connect(const std::string& hostPort,
                                                                        std::chrono::milliseconds timeout,
                                                                        boost::system::error_code& ec,
                                                                        boost::asio::ssl::context* tls = nullptr);

private:
    boost::asio::io_context& io_;
    Watchdog& watchdog_;
    std::map<std::string, std::deque<std::unique_ptr<UpstreamConnection>>, std::less<>> idle_;
};

} // namespace gatehouse::gateway
