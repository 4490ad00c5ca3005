#include "filters/redis_counter_store.h"

#include "http/http_head.h"
#include "net/timed_socket.h"
#include "proxy/upstream_pool.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <hiredis/hiredis.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

std::string formatCommand(std::initializer_list<std::string_view> args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (std::string_view arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    char* out = nullptr;
    const int n = redisFormatCommandArgv(&out, static_cast<int>(argv.size()), argv.data(), lengths.data());
    std::string command(out, static_cast<std::size_t>(std::max(n, 0)));
    redisFreeCommand(out);
    return command;
}
} // namespace

// One INCRBY + EXPIRE waiting for its two replies (or AUTH/SELECT, one reply, no waiter).
struct RedisCounterStore::Op {
    explicit Op(asio::io_context& io) : wake(io) {}
    asio::steady_timer wake;
    std::optional<std::int64_t> result;
    int repliesLeft = 2;
    bool done = false;
    bool waited = true; // false for the connection's own AUTH/SELECT
};

RedisCounterStore::RedisCounterStore(asio::io_context& io, Watchdog& watchdog, RedisEndpoint endpoint,
                                     filters::GlueHealth& health, asio::ssl::context* tls)
    : io_(io), watchdog_(watchdog), endpoint_(std::move(endpoint)), health_(health), tls_(tls) {}

RedisCounterStore::~RedisCounterStore() {
    stopped_ = true;
    fail("shutting down");
    if (reader_) redisReaderFree(reader_);
}

void RedisCounterStore::shutdown() {
    stopped_ = true;
    fail("shutting down");
}

void RedisCounterStore::fail(const std::string& why) {
    if (connection_) connection_->socket.close();
    ++generation_;
    if (state_ != State::down && !stopped_) health_.failed(why);
    state_ = State::down;
    retryAt_ = std::chrono::steady_clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(5000));
    for (Op* op : inFlight_) {
        op->done = true;
        op->result.reset();
        op->wake.cancel();
        if (!op->waited) delete op;
    }
    inFlight_.clear();
    outbox_.clear();
    writing_ = false; // a writer of the old connection sees the generation change and stops
    wakeConnectWaiters();
}

void RedisCounterStore::wakeConnectWaiters() {
    for (asio::steady_timer* waiter : connectWaiters_) waiter->cancel();
    connectWaiters_.clear();
}

asio::awaitable<void> RedisCounterStore::connect() {
    state_ = State::connecting;
    const std::uint64_t generation = ++generation_;
    boost::system::error_code ec;
    std::unique_ptr<UpstreamConnection> connection =
        co_await connectUpstream(io_, watchdog_, endpoint_.hostPort, endpoint_.timeout * 4, ec, endpoint_.tls ? tls_ : nullptr);
    if (generation != generation_ || stopped_) co_return; // failed or stopped meanwhile
    if (!connection) {
        state_ = State::up; // so that fail() counts and logs it
        fail(fmt::format("cannot connect to redis {}: {}", endpoint_.hostPort, ec.message()));
        co_return;
    }
    connection_ = std::move(connection);
    if (reader_) redisReaderFree(reader_);
    reader_ = redisReaderCreate();
    state_ = State::up;
    backoff_ = std::chrono::milliseconds(100);
    health_.answered();
    auto silent = [&](std::string command) {
        Op* op = new Op(io_);
        op->repliesLeft = 1;
        op->waited = false;
        send(std::move(command), op);
    };
    if (!endpoint_.password.empty()) {
        silent(endpoint_.user.empty() ? formatCommand({"AUTH", endpoint_.password})
                                      : formatCommand({"AUTH", endpoint_.user, endpoint_.password})); // Redis 6 ACL
    }
    if (endpoint_.database != 0) silent(formatCommand({"SELECT", std::to_string(endpoint_.database)}));
    asio::co_spawn(io_, readLoop(generation_), asio::detached);
    wakeConnectWaiters();
}

void RedisCounterStore::send(std::string command, Op* op) {
    outbox_.append(command);
    inFlight_.push_back(op);
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(io_, writeLoop(generation_), asio::detached);
    }
}

asio::awaitable<void> RedisCounterStore::writeLoop(std::uint64_t generation) {
    std::string sending;
    while (generation == generation_ && !outbox_.empty()) {
        sending.swap(outbox_);
        outbox_.clear();
        boost::system::error_code ec;
        const asio::const_buffer buffer = asio::buffer(sending);
        const std::shared_ptr<UpstreamConnection> connection = connection_; // outlives a reconnect
        co_await connection->socket.writeAll({&buffer, 1}, Clock::time_point::max(), ec); // each command has its own time-out
        if (generation != generation_) break;
        if (ec) {
            fail(fmt::format("writing to redis {}: {}", endpoint_.hostPort, ec.message()));
            break;
        }
        sending.clear();
    }
    if (generation == generation_) writing_ = false;
}

asio::awaitable<void> RedisCounterStore::readLoop(std::uint64_t generation) {
    char buffer[16 * 1024];
    while (generation == generation_) {
        boost::system::error_code ec;
        const std::shared_ptr<UpstreamConnection> connection = connection_; // outlives a reconnect
        const std::size_t n = co_await connection->socket.readSome(asio::buffer(buffer), Clock::time_point::max(), ec);
        if (generation != generation_) co_return;
        if (ec) {
            fail(fmt::format("reading from redis {}: {}", endpoint_.hostPort, ec == asio::error::eof ? "closed" : ec.message()));
            co_return;
        }
        if (redisReaderFeed(reader_, buffer, n) != REDIS_OK) {
            fail("redis sent something that is not RESP");
            co_return;
        }
        while (true) {
            void* raw = nullptr;
            if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
                fail("redis sent something that is not RESP");
                co_return;
            }
            if (!raw) break;
            std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
            if (inFlight_.empty()) {
                fail("redis answered a command nobody sent");
                co_return;
            }
            Op* op = inFlight_.front();
            if (reply->type == REDIS_REPLY_ERROR) {
                const std::string message(reply->str, reply->len);
                if (!op->waited) { // AUTH or SELECT refused: this connection is useless
                    fail(fmt::format("redis refused the connection's set-up: {}", message));
                    co_return;
                }
                health_.failed(fmt::format("redis error: {}", message));
            } else if (op->repliesLeft == 2 && reply->type == REDIS_REPLY_INTEGER) {
                op->result = reply->integer; // INCRBY's answer; EXPIRE's follows
            }
            if (--op->repliesLeft == 0) {
                inFlight_.pop_front();
                op->done = true;
                if (op->waited) op->wake.cancel();
                else delete op;
            }
        }
    }
}

asio::awaitable<std::optional<std::int64_t>> RedisCounterStore::increment(std::string key, std::int64_t ttlSeconds,
                                                                          std::int64_t) {
    if (stopped_) co_return std::nullopt;
    if (inFlight_.size() >= endpoint_.maxInFlight) {
        health_.failed(fmt::format("more than {} commands waiting for redis", endpoint_.maxInFlight));
        co_return std::nullopt;
    }
    if (state_ == State::down) {
        if (std::chrono::steady_clock::now() < retryAt_) co_return std::nullopt; // backing off: not counted
        asio::co_spawn(io_, connect(), asio::detached);
    }
    if (state_ == State::connecting) {
        asio::steady_timer waiter(io_);
        waiter.expires_after(endpoint_.timeout * 4);
        connectWaiters_.push_back(&waiter);
        co_await waiter.async_wait(kToken);
        std::erase(connectWaiters_, &waiter); // when the time ran out rather than the connect
        if (state_ != State::up) co_return std::nullopt;
    }
    Op op(io_);
    send(formatCommand({"INCRBY", key, "1"}) + formatCommand({"EXPIRE", key, std::to_string(ttlSeconds)}), &op);
    op.wake.expires_after(endpoint_.timeout);
    co_await op.wake.async_wait(kToken);
    if (!op.done) {
        // Nothing within the timeout: Redis is slow or gone. Everything waiting fails
        // with it, and the next request reconnects (after the backoff).
        fail(fmt::format("redis {} did not answer within {} ms", endpoint_.hostPort, endpoint_.timeout.count()));
        co_return std::nullopt;
    }
    co_return op.result;
}

} // namespace gatehouse::gateway
