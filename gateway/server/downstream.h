#pragma once

#include "server/body_pump.h"
#include "server/websocket_tunnel.h"

#include <boost/asio/awaitable.hpp>

#include <string_view>

namespace gatehouse::gateway {

struct ActiveRequest;
struct UpstreamConnection;
class TimedSocket;

// The client's side of one request, as its codec speaks it (HTTP/1.1 on a connection,
// HTTP/2 on a stream). RequestFlow decides what to say; a Downstream says it.
class Downstream {
public:
    virtual ~Downstream() = default;

    virtual std::string_view protocol(const ActiveRequest& request) const = 0; // "HTTP/1.1", "HTTP/1.0", "HTTP/2": for the trail
    virtual std::string_view clientIp() const = 0;
    virtual bool secure() const = 0;               // the client spoke TLS
    virtual bool closing() const = 0;              // going away: no new attempt upstream

    // The gateway's own answer: the JSON error body of localReply, with `fields` ("Name:
    // value\r\n" lines). `close`: the request's body was not read. True when the
    // connection (or stream) goes on.
    virtual boost::asio::awaitable<bool> sendLocalReply(ActiveRequest& request, int status, std::string_view id,
                                                        std::string_view message, bool close, std::string_view fields) = 0;
    // 100 Continue, before the request body is read.
    virtual boost::asio::awaitable<bool> sendContinue() = 0;
    // The request body to `upstream`, after `head` (our own, not sent yet), framed as
    // request.framing says; bounded by request.bodyLimit.
    virtual boost::asio::awaitable<Pumped> sendRequestBody(ActiveRequest& request, TimedSocket& upstream, std::string_view head) = 0;

    // How a response went to the client.
    struct ResponseSent {
        Pumped body;
        bool closeClient = false; // the client connection closes after it
    };
    // The response whose head (`head`, its body framed by `framing`) is at the start of
    // `up`'s buffer, and then its body, streamed. The after filters have run.
    virtual boost::asio::awaitable<ResponseSent> sendResponse(ActiveRequest& request, const http::ResponseHead& head,
                                                              const http::BodyFraming& framing, UpstreamConnection& up) = 0;
    // 101 Switching Protocols (`switchingHead`, written), then bytes both ways until the
    // tunnel ends. Only a codec that accepts upgrades is asked.
    virtual boost::asio::awaitable<TunnelResult> tunnel(std::string_view switchingHead, UpstreamConnection& up, TunnelLimits limits) = 0;
};

} // namespace gatehouse::gateway
