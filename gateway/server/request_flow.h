#pragma once

#include "server/active_request.h"
#include "server/body_pump.h"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::config {
struct ServiceConfig;
} // namespace gatehouse::config

namespace gatehouse::routing {
struct RouteEntry;
} // namespace gatehouse::routing

namespace gatehouse::gateway {

class Downstream;
class Worker;
struct UpstreamConnection;

// What happens to one request whatever codec carried it: its head checked, its route
// and filters, the limits, the destination loop and the upstream exchange, the
// gateway's own answers, and its trail record. The codec (a Downstream) reads the head
// and says what this decides.
class RequestFlow {
public:
    RequestFlow(Worker& worker, Downstream& downstream) : worker_(worker), down_(downstream) {}

    struct HeadRefusal {
        int status;
        std::string_view id;
        std::string message;
        std::string fields = {}; // "Name: value\r\n" lines for the answer
    };
    // The checks on a complete head (request.parsed), no I/O: its framing and target
    // form, a WebSocket handshake, then what the request needs is copied out. OPTIONS *
    // is marked for the codec's own answer. The head's views must stay valid until the
    // before filters have run.
    std::optional<HeadRefusal> checkHead(ActiveRequest& request);
    // Routes the request, runs its filters and relays it; true when the connection goes on.
    boost::asio::awaitable<bool> handle(ActiveRequest& request);
    // The gateway's own answer, after the route's after filters; true when the connection goes on.
    boost::asio::awaitable<bool> reply(ActiveRequest& request, int status, std::string_view id, std::string_view message,
                                       bool close, std::string_view fields = {});
    // One row of the trail (and the metrics) for the request that just ended.
    void recordTrail(ActiveRequest& request);

private:
    struct Relayed;   // how one exchange with one upstream connection ended
    struct Connected; // an upstream connection, or why there is none
    std::optional<std::string> acceptHead(ActiveRequest& request, const http::BodyFraming& framing);
    void startRoute(ActiveRequest& request, const routing::RouteEntry& route);
    // The destination loop: picks destinations and connections, retries what may be
    // retried, and answers for the gateway when no destination takes the request.
    boost::asio::awaitable<bool> proxy(ActiveRequest& request, const routing::RouteEntry& route);
    boost::asio::awaitable<Connected> connectUpstream(ActiveRequest& request, const config::ServiceConfig& service, std::size_t index);
    boost::asio::awaitable<bool> refuseUnsent(ActiveRequest& request, const config::ServiceConfig& service, bool overflowed,
                                              bool triedAny, const std::string& lastError);
    boost::asio::awaitable<std::optional<Relayed>> sendRequest(ActiveRequest& request, UpstreamConnection& upstream,
                                                               const config::ServiceConfig& service);
    boost::asio::awaitable<Relayed> refuseBody(ActiveRequest& request, Pumped::Status status, std::string_view destination);
    boost::asio::awaitable<Relayed> relayResponse(ActiveRequest& request, const routing::RouteEntry& route,
                                                  std::unique_ptr<UpstreamConnection> upstream);
    // The service switched to WebSocket (101): its answer checked, then the codec's tunnel.
    boost::asio::awaitable<Relayed> relayTunnel(ActiveRequest& request, const routing::RouteEntry& route, UpstreamConnection& up);
    boost::asio::awaitable<std::optional<Relayed>> readResponseHead(ActiveRequest& request, const config::ServiceConfig& service,
                                                                    UpstreamConnection& up);
    boost::asio::awaitable<Relayed> refuseResponse(ActiveRequest& request, const config::ServiceConfig& service,
                                                   const UpstreamConnection& up, std::string_view why);
    // Our own head for the upstream request (http::appendUpstreamHead).
    void buildUpstreamHead(ActiveRequest& request) const;

    Worker& worker_;
    Downstream& down_;
};

} // namespace gatehouse::gateway
