#pragma once

#include "config/gateway_config.h"
#include "glue/glue_client.h"
#include "filters/redis_counter_store.h"
#include "observe/metrics.h"
#include "proxy/upstream_pool.h"
#include "state/gateway_state.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <map>
#include <memory>
#include <set>
#include <thread>
#include <vector>

namespace gatehouse::gateway {

class ClientSession;

// One thread, one io_context, its own acceptors (SO_REUSEPORT: the kernel spreads new
// connections over the workers), its own sessions and upstream pool. Workers share
// only GatewayState.
class Worker {
public:
    Worker(GatewayState& state, std::size_t index);
    ~Worker();

    struct Listener {
        boost::asio::ip::tcp::endpoint endpoint;
        std::shared_ptr<boost::asio::ssl::context> tls; // null: plain HTTP
        bool http2 = false; // ALPN h2 on TLS, prior-knowledge h2c on cleartext
    };
    // Binds one acceptor per listener; port 0 takes what the first worker got.
    void listen(const std::vector<Listener>& listeners);
    std::vector<boost::asio::ip::tcp::endpoint> boundEndpoints() const;

    void start();              // runs the io_context on a new thread
    void stopAccepting();      // thread-safe: closes acceptors, drains sessions
    void stop();               // thread-safe: stops the io_context
    void join();

    boost::asio::io_context& io() { return io_; }
    GatewayState& state() { return state_; }
    UpstreamPool& pool() { return pool_; }
    Watchdog& watchdog() { return watchdog_; }
    GlueClient& glue() { return glue_; }
    WorkerMetrics& metrics() { return metrics_; }
    filters::CounterStore* sharedCounters() { return redis_.get(); } // null without "redis"
    std::size_t nextDestination(std::size_t serviceIndex); // round robin per service (index in the table)
    // The current table snapshot, through a worker-local owner: requests copy it without
    // touching a reference count that every worker shares.
    const std::shared_ptr<const TableSnapshot>& snapshot();

    void addSession(ClientSession* session) { sessions_.insert(session); }
    void removeSession(ClientSession* session) { sessions_.erase(session); }

private:
    boost::asio::awaitable<void> acceptLoop(boost::asio::ip::tcp::acceptor& acceptor, Listener listener);

    GatewayState& state_;
    std::size_t index_;
    boost::asio::io_context io_{1};
    Watchdog watchdog_{io_};
    UpstreamPool pool_{io_, watchdog_};
    GlueClient glue_{pool_, watchdog_, &state_.upstreamTlsRaw};
    std::unique_ptr<RedisCounterStore> redis_;
    WorkerMetrics metrics_{*state_.metrics, state_.series};
    std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
    std::vector<Listener> acceptorListeners_; // parallel to acceptors_
    std::set<ClientSession*> sessions_;
    std::vector<std::size_t> roundRobin_; // by service index; starting points only, so a reload may reshuffle them
    std::shared_ptr<const TableSnapshot> snapshot_;
    std::uint64_t snapshotVersion_ = 0;
    std::thread thread_;
};

} // namespace gatehouse::gateway
