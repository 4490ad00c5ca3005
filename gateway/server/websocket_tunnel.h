#pragma once

#include "http/local_reply.h"
#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace gatehouse::gateway {

// After a WebSocket handshake (101): bytes both ways, unparsed (frames, masking and
// extensions are the two ends' business), until a side closes, nothing moves for
// `idle`, the tunnel reaches `maxDuration`, or `drainGrace` after the gateway began
// draining. A tunnel the gateway ends gets a close frame (1001, going away) each way,
// unless a write was in the middle of a frame.
struct TunnelLimits {
    std::chrono::milliseconds idle{300'000};
    std::chrono::milliseconds maxDuration{86'400'000};
    std::chrono::milliseconds drainGrace{5'000};
    std::chrono::milliseconds check{250}; // how often the limits are looked at
};

struct TunnelResult {
    std::uint64_t toUpstream = 0; // bytes relayed from the client
    std::uint64_t toClient = 0;   // bytes relayed from the service
    Termination cause = Termination::websocketClientClosed;
};

// `clientPending` / `upstreamPending`: bytes that came with the handshake and its
// answer (the first frames), relayed first.
boost::asio::awaitable<TunnelResult> runTunnel(TimedSocket& client, boost::beast::flat_buffer& clientPending, TimedSocket& upstream,
                                               boost::beast::flat_buffer& upstreamPending, const std::atomic<bool>& draining,
                                               TunnelLimits limits);

} // namespace gatehouse::gateway
