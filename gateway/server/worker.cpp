#include "server/worker.h"

#include "server/client_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Worker::Worker(GatewayState& state, std::size_t index) : state_(state), index_(index) {
    pool_.setGauges(&state_.poolGauges);
    if (const auto& redis = state_.config.redis) {
        RedisEndpoint endpoint = *parseRedisUrl(redis->url); // validated with the config
        endpoint.timeout = std::chrono::milliseconds(redis->timeoutMs);
        endpoint.maxInFlight = redis->maxInFlight;
        redis_ = std::make_unique<RedisCounterStore>(io_, watchdog_, std::move(endpoint), state_.filters->glue.at("redis"),
                                                     state_.upstreamTls.get());
    }
}

Worker::~Worker() {
    stop();
    join();
    // Let every session end while what it refers to (this worker, its pool, its
    // watchdog) still exists: close the clients, cancel every pending operation, and
    // run the loop here (the thread is gone) until the coroutines have unwound.
    for (ClientSession* session : std::vector<ClientSession*>(sessions_.begin(), sessions_.end())) session->abort();
    if (redis_) redis_->shutdown(); // requests waiting for Redis answer "not counted" and unwind
    for (auto& acceptor : acceptors_) {
        boost::system::error_code ignored;
        acceptor->close(ignored);
    }
    watchdog_.cancelAll();
    io_.restart();
    // Bounded: work finishing elsewhere (a name resolution) is waited for, up to 2 s.
    const auto cap = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!sessions_.empty() && std::chrono::steady_clock::now() < cap) {
        io_.run_one_for(std::chrono::milliseconds(5));
        watchdog_.cancelAll();
    }
    if (!sessions_.empty()) spdlog::error("worker {}: {} session(s) did not end at shutdown", index_, sessions_.size());
}

void Worker::listen(const std::vector<Listener>& listeners) {
    for (const Listener& listener : listeners) {
        const tcp::endpoint& endpoint = listener.endpoint;
        auto acceptor = std::make_unique<tcp::acceptor>(io_);
        acceptor->open(endpoint.protocol());
        acceptor->set_option(tcp::acceptor::reuse_address(true));
        const int on = 1;
        ::setsockopt(acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
        acceptor->bind(endpoint);
        acceptor->listen(asio::socket_base::max_listen_connections);
        acceptors_.push_back(std::move(acceptor));
        acceptorListeners_.push_back(listener);
    }
}

std::vector<tcp::endpoint> Worker::boundEndpoints() const {
    std::vector<tcp::endpoint> out;
    for (const auto& acceptor : acceptors_) out.push_back(acceptor->local_endpoint());
    return out;
}

void Worker::start() {
    for (std::size_t i = 0; i < acceptors_.size(); ++i) {
        asio::co_spawn(io_, acceptLoop(*acceptors_[i], acceptorListeners_[i]), asio::detached);
    }
    thread_ = std::thread([this] {
        auto guard = asio::make_work_guard(io_);
        io_.run();
    });
}

void Worker::stopAccepting() {
    asio::post(io_, [this] {
        for (auto& acceptor : acceptors_) {
            boost::system::error_code ignored;
            acceptor->close(ignored);
        }
        // Copy: onDrain may end a session, which removes itself from the set.
        const std::vector<ClientSession*> sessions(sessions_.begin(), sessions_.end());
        for (ClientSession* session : sessions) {
            if (sessions_.count(session)) session->onDrain();
        }
    });
}

void Worker::stop() {
    io_.stop();
}

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

const std::shared_ptr<const TableSnapshot>& Worker::snapshot() {
    if (const std::uint64_t version = state_.tableVersion.load(std::memory_order_acquire); version != snapshotVersion_) {
        std::shared_ptr<const TableSnapshot> shared = state_.snapshot.load();
        snapshotVersion_ = shared ? shared->version : 0;
        const TableSnapshot* raw = shared.get();
        snapshot_ = std::shared_ptr<const TableSnapshot>(raw, [keep = std::move(shared)](const TableSnapshot*) {});
    }
    return snapshot_;
}

std::size_t Worker::nextDestination(std::size_t serviceIndex) {
    if (serviceIndex >= roundRobin_.size()) roundRobin_.resize(serviceIndex + 1, index_); // workers start apart
    return roundRobin_[serviceIndex]++;
}

asio::awaitable<void> Worker::acceptLoop(tcp::acceptor& acceptor, Listener listener) {
    const auto token = asio::as_tuple(asio::use_awaitable);
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(token);
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
            // Out of file descriptors, typically: say so once in a while, not in a loop.
            spdlog::warn("accept failed on port {}: {}; pausing accepts for 100 ms", acceptor.local_endpoint().port(),
                         ec.message());
            asio::steady_timer pause(io_);
            pause.expires_after(std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if (state_.activeConnections.load() >= state_.config.limits.maxConnections || state_.draining.load()) {
            state_.rejectedConnections.fetch_add(1);
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        state_.activeConnections.fetch_add(1);
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(
            io_,
            [this, s = std::move(socket), tls = listener.tls, http2 = listener.http2]() mutable -> asio::awaitable<void> {
                ClientSession session(std::move(s), *this, tls.get(), http2);
                co_await session.run();
            },
            [this](std::exception_ptr error) {
                state_.activeConnections.fetch_sub(1);
                if (error) {
                    try {
                        std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                        spdlog::error("client session ended by an exception: {}", e.what());
                    }
                }
            });
    }
}

} // namespace gatehouse::gateway
