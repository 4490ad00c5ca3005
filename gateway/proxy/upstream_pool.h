#pragma once

#include "core/config/destination_policy.h"
#include "core/config/service_config.h"
#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <atomic>
#include <deque>
#include <mutex>
#include <vector>
#include <map>
#include <memory>
#include <string>

namespace gatehouse::gateway {

// One keep-alive connection to a destination, owned by one worker thread.
struct UpstreamConnection {
    UpstreamConnection(boost::asio::io_context& io, Watchdog& watchdog) : socket(io, watchdog) {}
    ~UpstreamConnection() {
        if (openGauge) openGauge->fetch_sub(1, std::memory_order_relaxed);
    }
    UpstreamConnection(const UpstreamConnection&) = delete;
    UpstreamConnection& operator=(const UpstreamConnection&) = delete;
    std::atomic<std::int64_t>* openGauge = nullptr; // the destination's open-connection count, if counted
    TimedSocket socket;
    boost::beast::flat_buffer buffer;
    std::string key;     // destination "host:port"
    bool secure = false; // TLS: never handed to a plain-http destination on the same address, nor the reverse
    bool reused = false; // came from the idle pool: it may have been closed meanwhile
    std::chrono::steady_clock::time_point idleSince{};
};

// Connects to "host:port" (or "[v6]:port") within `timeout`; nullptr and `ec` on failure.
// With `tls`, the connection then does a TLS handshake, verifying the destination's
// certificate for its host name or address. With `policy`, addresses it forbids are
// skipped after resolution (access_denied when none is left): a name that resolves to
// cloud metadata or the gateway itself is not connected to.
boost::asio::awaitable<std::unique_ptr<UpstreamConnection>> connectUpstream(boost::asio::io_context& io, Watchdog& watchdog,
                                                                           const std::string& hostPort,
                                                                           std::chrono::milliseconds timeout,
                                                                           boost::system::error_code& ec,
                                                                           boost::asio::ssl::context* tls = nullptr,
                                                                           const config::DestinationPolicy* policy = nullptr);

// Idle connections per destination across all workers, for /metrics: a worker looks up
// a destination's counter once, then adds to it without locks.
class PoolGauges {
public:
    std::atomic<std::int64_t>* idle(const std::string& destination);
    std::atomic<std::int64_t>* open(const std::string& destination); // idle + in use: the pool's size
    std::vector<std::pair<std::string, std::int64_t>> idleByDestination() const;
    std::vector<std::pair<std::string, std::int64_t>> openByDestination() const;

private:
    using Counters = std::map<std::string, std::unique_ptr<std::atomic<std::int64_t>>, std::less<>>;
    std::atomic<std::int64_t>* counter(Counters& counters, const std::string& destination);
    std::vector<std::pair<std::string, std::int64_t>> read(const Counters& counters) const;
    mutable std::mutex mutex_;
    Counters idle_;
    Counters open_;
};

// Idle upstream connections of one worker, per destination. No locks: a worker's
// connections never leave its thread.
class UpstreamPool {
public:
    UpstreamPool(boost::asio::io_context& io, Watchdog& watchdog) : io_(io), watchdog_(watchdog) {}
    void setGauges(PoolGauges* gauges) { gauges_ = gauges; }

    // An idle connection to "host:port" over TLS or not (`secure`) that still looks
    // open, or nullptr. The gateway has one TLS client context, so scheme and address
    // name every setting a connection was made with.
    std::unique_ptr<UpstreamConnection> takeIdle(const std::string& key, bool secure);
    // Connections open to "host:port" from every worker (idle and in use), as counted
    // for /metrics: what max_connections bounds.
    std::int64_t openConnections(const std::string& hostPort);
    // Keeps the connection for reuse if fewer than `maxIdle` are idle for its destination.
    void release(std::unique_ptr<UpstreamConnection> connection, std::size_t maxIdle);
    // Connects to "host:port" within `timeout`; returns nullptr and sets `ec` on failure.
    boost::asio::awaitable<std::unique_ptr<UpstreamConnection>> connect(const std::string& hostPort,
                                                                        std::chrono::milliseconds timeout,
                                                                        boost::system::error_code& ec,
                                                                        boost::asio::ssl::context* tls = nullptr,
                                                                        const config::DestinationPolicy* policy = nullptr);

private:
    boost::asio::io_context& io_;
    Watchdog& watchdog_;
    struct Idle {
        std::deque<std::unique_ptr<UpstreamConnection>> list;
        std::atomic<std::int64_t>* gauge = nullptr; // this destination's count in PoolGauges, if any
    };
    std::map<std::string, Idle, std::less<>> idle_;    // plain http
    std::map<std::string, Idle, std::less<>> idleTls_; // https
    std::map<std::string, std::atomic<std::int64_t>*, std::less<>> openGauges_; // looked up once per destination
    PoolGauges* gauges_ = nullptr;
};

} // namespace gatehouse::gateway
