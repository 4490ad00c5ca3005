#pragma once

#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <memory>
#include <string_view>

namespace gatehouse::gateway {

class Worker;

// One client connection that speaks HTTP/2 (nghttp2 as the codec). Every stream is one
// request through RequestFlow, in a coroutine of its own: the same routing, filters,
// limits, answers, metrics and trail as HTTP/1.1; upstreams stay HTTP/1.1.
//
// Bounded by default (docs/gateway.md): concurrent streams, counting those the client
// reset while their work goes on (rapid reset); resets, control frames and empty frames
// per second; header blocks by the HTTP/1.1 head limits and the header time-out;
// flow-control windows that the gateway opens only as it forwards a body; the idle
// time-out; a client that reads nothing. The socket's operations have no deadline of
// their own: a guard times the connection, as the WebSocket tunnel's does.
class Http2Session {
public:
    // `socket`: the client connection, after its TLS handshake if any; `pending`: what
    // was read from it already (a cleartext client's preface).
    Http2Session(TimedSocket& socket, boost::beast::flat_buffer& pending, Worker& worker, std::string_view clientIp);
    ~Http2Session();
    Http2Session(const Http2Session&) = delete;
    Http2Session& operator=(const Http2Session&) = delete;

    // Until the connection ends and every stream's work has ended.
    boost::asio::awaitable<void> run();
    // Draining: GOAWAY (a notice first, then the last stream taken); streams finish.
    void onDrain();
    // The event loop is torn down: ends now.
    void abort();

    struct Connection; // what the loops, the callbacks and the streams share
    struct Stream;     // one request

private:
    std::shared_ptr<Connection> connection_;
};

} // namespace gatehouse::gateway
