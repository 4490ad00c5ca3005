#pragma once

#include "http/http_head.h"
#include "net/timed_socket.h"
#include "server/body_pump.h"
#include "http/local_reply.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace gatehouse::config {
struct ServiceConfig;
} // namespace gatehouse::config

namespace gatehouse::routing {
struct RouteEntry;
class RouteTable;
} // namespace gatehouse::routing

namespace gatehouse::gateway {

class Worker;
struct UpstreamConnection;

// One client connection: reads requests one after another (so pipelined requests are
// answered in order), routes each through the current table and relays it to an
// upstream with our own framing, streaming bodies both ways.
class ClientSession {
public:
    ClientSession(boost::asio::ip::tcp::socket socket, Worker& worker, boost::asio::ssl::context* tls);
    ~ClientSession();
    ClientSession(const ClientSession&) = delete;
    ClientSession& operator=(const ClientSession&) = delete;

    boost::asio::awaitable<void> run();
    // Called on the session's thread when the gateway starts draining: an idle
    // connection is closed now; a busy one closes after its current response.
    void onDrain();
    // Called on the session's thread when its event loop is torn down: ends it now.
    void abort();

private:
    struct Request; // per-request state: the parsed head (owned copies), route, timings, cause

    enum class ReadHead { ok, closed, replied, answered }; // answered: by the gateway, the connection goes on
    struct Exchange;  // how one exchange with one upstream connection ended
    struct Connected; // an upstream connection, or why there is none
    struct HeadRefusal {
        int status;
        std::string_view id;
        std::string message;
        std::string fields = {}; // "Name: value\r\n" lines for the answer
    };
    boost::asio::awaitable<ReadHead> readHead(Request& request);
    std::optional<HeadRefusal> checkHead(Request& request);
    std::optional<std::string> acceptHead(Request& request, const http::BodyFraming& framing);
    boost::asio::awaitable<ReadHead> answerServerOptions(Request& request);
    boost::asio::awaitable<bool> handle(Request& request);
    void startRoute(Request& request, const routing::RouteEntry& route);
    // The destination loop: picks destinations and connections, retries what may be
    // retried, and answers for the gateway when no destination takes the request.
    boost::asio::awaitable<bool> proxy(Request& request, const routing::RouteEntry& route);
    boost::asio::awaitable<Connected> connectUpstream(Request& request, const config::ServiceConfig& service, std::size_t index);
    boost::asio::awaitable<bool> refuseUnsent(Request& request, const config::ServiceConfig& service, bool overflowed, bool triedAny,
                                              const std::string& lastError);
    boost::asio::awaitable<std::optional<Exchange>> sendRequest(Request& request, UpstreamConnection& upstream,
                                                                const config::ServiceConfig& service);
    boost::asio::awaitable<Exchange> refuseBody(Request& request, Pumped::Status status, std::string_view destination);
    boost::asio::awaitable<Exchange> relayResponse(Request& request, const routing::RouteEntry& route,
                                                   std::unique_ptr<UpstreamConnection> upstream);
    // The service switched to WebSocket (101): its answer checked, the 101 to the client,
    // then bytes both ways until the tunnel ends (server/websocket_tunnel.h).
    boost::asio::awaitable<Exchange> relayTunnel(Request& request, const routing::RouteEntry& route, UpstreamConnection& up);
    boost::asio::awaitable<std::optional<Exchange>> readResponseHead(Request& request, const config::ServiceConfig& service,
                                                                     UpstreamConnection& up);
    boost::asio::awaitable<Exchange> refuseResponse(Request& request, const config::ServiceConfig& service, const UpstreamConnection& up,
                                                    std::string_view why);
    boost::asio::awaitable<bool> reply(Request& request, int status, std::string_view id, std::string_view message,
                                       bool close, std::string_view fields = {});
    boost::asio::awaitable<bool> writeClient(std::string_view data);
    void recordTrail(Request& request);
    // Our own head for the upstream request (http::appendUpstreamHead).
    void buildUpstreamHead(Request& request) const;

    TimedSocket client_;
    boost::beast::flat_buffer buffer_;
    Worker& worker_;
    boost::asio::ssl::context* tls_; // null: plain HTTP
    std::string clientIp_;
    bool idle_ = true;
    bool closing_ = false;
    bool linger_ = false; // refused a request and closed: drain the client's input briefly
};

} // namespace gatehouse::gateway
