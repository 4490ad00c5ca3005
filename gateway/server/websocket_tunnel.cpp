#include "server/websocket_tunnel.h"

#include "http/websocket_upgrade.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <variant>
#include <vector>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr std::size_t kChunk = 8 * 1024; // per direction: 16 KiB a tunnel, as nginx's proxy buffers
constexpr auto kNever = Clock::time_point::max(); // the guard, not the sockets, times a tunnel

// What the two directions and the guard share (one event loop: no locking).
struct TunnelState {
    Clock::time_point lastActivity = Clock::now();
    http::FrameTracker frames[2];   // which side sent a close frame first
    int firstClose = -1;             // the direction whose close frame came first
    Clock::time_point writingSince[2] = {kNever, kNever}; // 0: to the service, 1: to the client
    std::uint64_t bytes[2] = {0, 0};
};

void note(TunnelState& state, int direction, std::string_view bytes) {
    http::FrameTracker& tracker = state.frames[direction];
    if (tracker.sawClose()) return;
    tracker.feed(bytes);
    if (tracker.sawClose() && state.firstClose < 0) state.firstClose = direction;
}

// One direction: what came with the handshake, then whatever `from` sends, to `to`.
// Ends when `from` closes (`closed`) or `to` refuses (`refused`).
asio::awaitable<Termination> pump(TimedSocket& from, beast::flat_buffer& pending, TimedSocket& to, TunnelState& state, int direction,
                                  Termination closed, Termination refused) {
    boost::system::error_code ec;
    if (pending.size() > 0) {
        const asio::const_buffer first = pending.data();
        state.writingSince[direction] = Clock::now();
        co_await to.writeAll({&first, 1}, kNever, ec);
        state.writingSince[direction] = kNever;
        if (ec) co_return refused;
        state.bytes[direction] += pending.size();
        note(state, direction, {static_cast<const char*>(first.data()), first.size()});
        pending.consume(pending.size());
    }
    std::vector<char> chunk(kChunk);
    while (true) {
        const std::size_t n = co_await from.readSome(asio::buffer(chunk), kNever, ec);
        if (ec) co_return closed;
        state.lastActivity = Clock::now();
        const asio::const_buffer data(chunk.data(), n);
        state.writingSince[direction] = state.lastActivity;
        co_await to.writeAll({&data, 1}, kNever, ec);
        state.writingSince[direction] = kNever;
        if (ec) co_return refused;
        state.bytes[direction] += n;
        note(state, direction, {chunk.data(), n});
        state.lastActivity = Clock::now();
    }
}

// The limits: nothing moved for `idle` (or a write stuck that long), the maximum
// duration, the drain's grace.
asio::awaitable<Termination> guard(TunnelState& state, const std::atomic<bool>& draining, const TunnelLimits& limits) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const Clock::time_point started = Clock::now();
    Clock::time_point drainSeen = kNever;
    while (true) {
        timer.expires_after(limits.check);
        co_await timer.async_wait(asio::use_awaitable);
        const Clock::time_point now = Clock::now();
        if (now - started >= limits.maxDuration) co_return Termination::websocketMaxDuration;
        if (now - state.lastActivity >= limits.idle) co_return Termination::websocketIdleTimeout;
        for (const Clock::time_point since : state.writingSince) {
            if (since != kNever && now - since >= limits.idle) co_return Termination::websocketIdleTimeout;
        }
        if (draining.load(std::memory_order_relaxed)) {
            if (drainSeen == kNever) drainSeen = now;
            if (now - drainSeen >= limits.drainGrace) co_return Termination::websocketDrained;
        }
    }
}

} // namespace

asio::awaitable<TunnelResult> runTunnel(TimedSocket& client, beast::flat_buffer& clientPending, TimedSocket& upstream,
                                        beast::flat_buffer& upstreamPending, const std::atomic<bool>& draining, TunnelLimits limits) {
    TunnelState state;
    // The first to end decides; the others are cancelled.
    const auto ended = co_await (pump(client, clientPending, upstream, state, 0, Termination::websocketClientClosed,
                                      Termination::websocketUpstreamClosed) ||
                                 pump(upstream, upstreamPending, client, state, 1, Termination::websocketUpstreamClosed,
                                      Termination::websocketClientClosed) ||
                                 guard(state, draining, limits));
    TunnelResult result;
    std::visit([&](Termination cause) { result.cause = cause; }, ended);
    // A closing handshake says who closed; the TCP close that follows it is the server's.
    if (ended.index() != 2 && state.firstClose >= 0) {
        result.cause = state.firstClose == 0 ? Termination::websocketClientClosed : Termination::websocketUpstreamClosed;
    }
    result.toUpstream = state.bytes[0];
    result.toClient = state.bytes[1];
    const bool gatewayEnded = ended.index() == 2;
    if (gatewayEnded) {
        // Said in the protocol, where no write was cut in the middle of a frame.
        boost::system::error_code ec;
        const auto deadline = Clock::now() + std::chrono::seconds(1);
        if (state.writingSince[1] == kNever) {
            const std::string frame = http::closeFrame(1001, false);
            const asio::const_buffer b = asio::buffer(frame);
            co_await client.writeAll({&b, 1}, deadline, ec);
        }
        if (state.writingSince[0] == kNever) {
            const std::string frame = http::closeFrame(1001, true);
            const asio::const_buffer b = asio::buffer(frame);
            co_await upstream.writeAll({&b, 1}, deadline, ec);
        }
    }
    co_return result;
}

} // namespace gatehouse::gateway
