#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

using Clock = std::chrono::steady_clock;

class TimedSocket;

// One per event loop: every `tick` it cancels the operations of the sockets whose
// deadline has passed. Setting a deadline is then a store, not a timer: a proxy sets
// several per request, and a timer each would cost more than the request's own work.
// Deadlines are honoured to within one tick.
class Watchdog {
public:
    // The sockets being watched. Shared with them, so that a socket destroyed after its
    // watchdog (while an event loop tears down) finds it gone instead of dangling.
    struct Registry {
        std::unordered_set<TimedSocket*> sockets;
        bool alive = true;
    };

    explicit Watchdog(boost::asio::io_context& io, std::chrono::milliseconds tick = std::chrono::milliseconds(50));
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    const std::shared_ptr<Registry>& registry() const { return registry_; }
    // Cancels every pending operation now (used when a loop is torn down).
    void cancelAll();
    // The time for computing deadlines, updated every tick: no clock read per operation.
    // One tick ahead of the last reading, so a deadline never fires early.
    Clock::time_point now() const { return now_ + tick_; }

private:
    void schedule();
    boost::asio::steady_timer timer_;
    std::chrono::milliseconds tick_;
    Clock::time_point now_ = Clock::now();
    std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

// A TCP socket whose operations have deadlines, enforced by the loop's Watchdog. An
// operation past its deadline fails with asio::error::timed_out and the socket stays
// open, so that a 408 can still be written. Writes first try a non-blocking send: most
// of the time the send buffer has room and the write costs one system call.
class TimedSocket {
public:
    TimedSocket(boost::asio::io_context& io, Watchdog& watchdog);
    TimedSocket(boost::asio::ip::tcp::socket socket, Watchdog& watchdog);
    ~TimedSocket();
    TimedSocket(const TimedSocket&) = delete;
    TimedSocket& operator=(const TimedSocket&) = delete;

    boost::asio::ip::tcp::socket& socket() { return socket_; }

    boost::asio::awaitable<std::size_t> readSome(boost::asio::mutable_buffer buffer, Clock::time_point deadline,
                                                 boost::system::error_code& ec);
    boost::asio::awaitable<void> writeAll(std::span<const boost::asio::const_buffer> buffers, Clock::time_point deadline,
                                          boost::system::error_code& ec);
    // Tries `endpoints` in order; with `allowed`, only those it accepts.
    boost::asio::awaitable<void> connect(const boost::asio::ip::tcp::resolver::results_type& endpoints,
                                         Clock::time_point deadline, boost::system::error_code& ec,
                                         const std::function<bool(const boost::asio::ip::tcp::endpoint&)>& allowed = {});
    // Turns the connection into TLS. As a client, `serverName` is sent as SNI and the
    // peer's certificate must be valid for it (the context verifies the chain).
    boost::asio::awaitable<void> handshake(boost::asio::ssl::context& context, bool asServer, const std::string& serverName,
                                           Clock::time_point deadline, boost::system::error_code& ec);
    bool secure() const { return tls_ != nullptr; }
    // The protocol the TLS handshake chose by ALPN ("h2", "http/1.1"), or "".
    std::string_view alpn() const;
    void close();

    // Called by the Watchdog.
    void expireIfDue(Clock::time_point now);
    void cancel();

private:
    void finish(boost::system::error_code& ec);

    struct Tls; // the OpenSSL stream, kept out of this header
    boost::asio::ip::tcp::socket socket_;
    std::unique_ptr<Tls> tls_;
    std::shared_ptr<Watchdog::Registry> registry_;
    Clock::time_point deadline_ = Clock::time_point::max();
    bool timedOut_ = false;
    std::vector<boost::asio::const_buffer> rest_; // what a partial write left; reused
};

} // namespace gatehouse::gateway
