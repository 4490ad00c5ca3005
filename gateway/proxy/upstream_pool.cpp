#include "proxy/upstream_pool.h"

#include <cstdlib>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <functional>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Idle connections per destination that keep their read buffers (64 KiB and more each).
constexpr std::size_t kIdleWithBuffers = 64;

// A pooled connection the backend closed while idle reads as EOF; one with unexpected
// bytes waiting is out of step. Either way it must not carry a request.
bool looksOpen(tcp::socket& socket) {
    char byte = 0;
    const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

} // namespace

std::atomic<std::int64_t>* PoolGauges::counter(Counters& counters, const std::string& destination) {
    std::lock_guard lock(mutex_);
    auto& slot = counters[destination];
    if (!slot) slot = std::make_unique<std::atomic<std::int64_t>>(0);
    return slot.get();
}

std::vector<std::pair<std::string, std::int64_t>> PoolGauges::read(const Counters& counters) const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& [destination, count] : counters) out.emplace_back(destination, count->load(std::memory_order_relaxed));
    return out;
}

std::atomic<std::int64_t>* PoolGauges::idle(const std::string& destination) { return counter(idle_, destination); }
std::atomic<std::int64_t>* PoolGauges::open(const std::string& destination) { return counter(open_, destination); }
std::vector<std::pair<std::string, std::int64_t>> PoolGauges::idleByDestination() const { return read(idle_); }
std::vector<std::pair<std::string, std::int64_t>> PoolGauges::openByDestination() const { return read(open_); }

std::unique_ptr<UpstreamConnection> UpstreamPool::takeIdle(const std::string& key, bool secure) {
    auto& idle = secure ? idleTls_ : idle_;
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    auto& list = it->second.list;
    while (!list.empty()) {
        std::unique_ptr<UpstreamConnection> connection = std::move(list.back()); // most recent first: warmest
        list.pop_back();
        if (it->second.gauge) it->second.gauge->fetch_sub(1, std::memory_order_relaxed);
        // A connection idle for a moment is checked with a (non-blocking) peek; a fresher
        // one is trusted, as a peek per request would cost a system call each. A stale
        // one is still caught: bodiless requests are retried on a fresh connection.
        const bool fresh = watchdog_.now() - connection->idleSince < std::chrono::seconds(1); // coarse clock is plenty
        if (connection->socket.socket().is_open() && (fresh || looksOpen(connection->socket.socket()))) {
            connection->reused = true;
            return connection;
        }
    }
    return nullptr;
}

std::int64_t UpstreamPool::openConnections(const std::string& hostPort) {
    if (!gauges_) return 0;
    auto& gauge = openGauges_[hostPort];
    if (!gauge) gauge = gauges_->open(hostPort);
    return gauge->load(std::memory_order_relaxed);
}

void UpstreamPool::release(std::unique_ptr<UpstreamConnection> connection, std::size_t maxIdle) {
    Idle& idle = (connection->secure ? idleTls_ : idle_)[connection->key];
    if (idle.list.size() >= maxIdle || connection->buffer.size() != 0) return; // closed by the destructor
    if (gauges_ && !idle.gauge) idle.gauge = gauges_->idle(connection->key);
    if (idle.gauge) idle.gauge->fetch_add(1, std::memory_order_relaxed);
    connection->idleSince = watchdog_.now();
    // A large idle pool (after a burst) holds sockets, not buffers: the connection that
    // falls out of the most recent few (taken first) gives back its read buffer, taken
    // again if it is used.
    if (idle.list.size() >= kIdleWithBuffers) idle.list[idle.list.size() - kIdleWithBuffers]->buffer.shrink_to_fit();
    idle.list.push_back(std::move(connection));
}

asio::awaitable<std::unique_ptr<UpstreamConnection>> UpstreamPool::connect(const std::string& hostPort,
                                                                           std::chrono::milliseconds timeout,
                                                                           boost::system::error_code& ec,
                                                                           asio::ssl::context* tls,
                                                                           const config::DestinationPolicy* policy) {
    std::unique_ptr<UpstreamConnection> connection = co_await connectUpstream(io_, watchdog_, hostPort, timeout, ec, tls, policy);
    if (connection && gauges_) {
        auto& gauge = openGauges_[hostPort];
        if (!gauge) gauge = gauges_->open(hostPort);
        gauge->fetch_add(1, std::memory_order_relaxed);
        connection->openGauge = gauge;
    }
    co_return connection;
}

asio::awaitable<std::unique_ptr<UpstreamConnection>> connectUpstream(asio::io_context& io, Watchdog& watchdog,
                                                                     const std::string& hostPort,
                                                                     std::chrono::milliseconds timeout,
                                                                     boost::system::error_code& ec, asio::ssl::context* tls,
                                                                     const config::DestinationPolicy* policy) {
    const auto token = asio::as_tuple(asio::use_awaitable);
    // "host:port" or "[v6]:port", as validated in the service config.
    std::string host;
    std::string port = "80";
    if (!hostPort.empty() && hostPort.front() == '[') {
        const std::size_t close = hostPort.find(']');
        host = hostPort.substr(1, close - 1);
        if (close + 2 < hostPort.size() && hostPort[close + 1] == ':') port = hostPort.substr(close + 2);
    } else {
        const std::size_t colon = hostPort.rfind(':');
        host = hostPort.substr(0, colon);
        if (colon != std::string::npos) port = hostPort.substr(colon + 1);
    }

    auto connection = std::make_unique<UpstreamConnection>(io, watchdog);
    connection->key = hostPort;
    connection->secure = tls != nullptr;
    // An IP literal needs no resolver: getaddrinfo runs on a thread of its own, a round
    // trip that costs more than the connect.
    tcp::resolver::results_type endpoints;
    boost::system::error_code literal;
    const asio::ip::address address = asio::ip::make_address(host, literal);
    const unsigned long portNumber = std::strtoul(port.c_str(), nullptr, 10);
    if (!literal && portNumber > 0 && portNumber <= 65535) {
        endpoints = tcp::resolver::results_type::create(tcp::endpoint(address, static_cast<std::uint16_t>(portNumber)), host, port);
    } else {
        tcp::resolver resolver(io);
        auto [resolveError, resolved] = co_await resolver.async_resolve(host, port, tcp::resolver::numeric_service, token);
        if (resolveError) {
            ec = resolveError;
            co_return nullptr;
        }
        endpoints = std::move(resolved);
    }
    std::function<bool(const tcp::endpoint&)> allowed;
    if (policy && !policy->forbidden().empty()) {
        allowed = [policy](const tcp::endpoint& endpoint) {
            const asio::ip::address address = endpoint.address();
            const asio::ip::address_v6 v6 = address.is_v4() ? asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4())
                                                            : address.to_v6();
            return policy->refuses(v6.to_bytes(), endpoint.port()) == nullptr;
        };
        if (std::none_of(endpoints.begin(), endpoints.end(), [&](const auto& entry) { return allowed(entry.endpoint()); })) {
            ec = asio::error::access_denied; // every address it resolves to is forbidden_destinations'
            co_return nullptr;
        }
    }
    const Clock::time_point deadline = Clock::now() + timeout;
    co_await connection->socket.connect(endpoints, deadline, ec, allowed);
    if (ec) co_return nullptr;
    if (tls) {
        co_await connection->socket.handshake(*tls, false, host, deadline, ec);
        if (ec) co_return nullptr;
    }
    connection->socket.socket().set_option(tcp::no_delay(true), ec);
    ec.clear();
    co_return connection;
}

} // namespace gatehouse::gateway
