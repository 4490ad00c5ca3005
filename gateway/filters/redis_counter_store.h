#pragma once

#include "filters/counter_store.h"
#include "filters/filter_registry.h"
#include "glue/redis_endpoint.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <string>

struct redisReader;

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

class Watchdog;
struct UpstreamConnection;

// One worker's connection to the Redis that rate limits share with other gateways and
// with rack-attack: INCRBY + EXPIRE pipelined, as rack-attack's RedisProxy does.
// Commands are formatted and replies parsed by hiredis; the socket is the worker's Asio
// loop's, so a request waits for Redis without blocking the thread. Bounded: at most
// `maxInFlight` commands wait for answers; each waits at most `timeout`. Redis down,
// slow or full: the request passes uncounted (as rack-attack does), the failure is
// counted and logged once per outage, and the connection comes back by itself
// (reconnects with backoff from 100 ms to 5 s).
class RedisCounterStore final : public filters::CounterStore {
public:
    // `tls`: the client context for rediss:// (unused for redis://).
    RedisCounterStore(boost::asio::io_context& io, Watchdog& watchdog, RedisEndpoint endpoint, filters::GlueHealth& health,
                      boost::asio::ssl::context* tls = nullptr);
    ~RedisCounterStore() override;

    bool isAsync() const override { return true; }
    std::optional<std::int64_t> incrementNow(std::string_view, std::int64_t, std::int64_t) override { return std::nullopt; }
    boost::asio::awaitable<std::optional<std::int64_t>> increment(std::string key, std::int64_t ttlSeconds,
                                                                  std::int64_t nowSeconds) override;
    void shutdown(); // closes the connection; pending commands answer "not counted"

private:
    struct Op;
    enum class State { down, connecting, up };
    boost::asio::awaitable<void> connect();
    boost::asio::awaitable<void> readLoop(std::uint64_t generation);
    boost::asio::awaitable<void> writeLoop(std::uint64_t generation);
    void send(std::string command, Op* op);
    void fail(const std::string& why);
    void wakeConnectWaiters();

    boost::asio::io_context& io_;
    Watchdog& watchdog_;
    RedisEndpoint endpoint_;
    filters::GlueHealth& health_;
    boost::asio::ssl::context* tls_;
    // Plain or TLS. Shared with the read and write loops, which may still unwind from a
    // closed connection after a reconnect replaced it.
    std::shared_ptr<UpstreamConnection> connection_;
    State state_ = State::down;
    std::uint64_t generation_ = 0; // bumped on every (re)connect: stale loops stop
    std::chrono::steady_clock::time_point retryAt_{};
    std::chrono::milliseconds backoff_{100};
    std::vector<boost::asio::steady_timer*> connectWaiters_; // requests waiting for a connect; woken when it ends
    std::deque<Op*> inFlight_;            // awaiting replies, in order
    std::string outbox_;
    bool writing_ = false;
    redisReader* reader_ = nullptr;
    bool stopped_ = false;
};

} // namespace gatehouse::gateway
