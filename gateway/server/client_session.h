#pragma once

#include "http/http_head.h"
#include "net/timed_socket.h"
#include "server/local_reply.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>
#include <string>

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
    enum class BodyResult { ok, clientFailed, upstreamFailed, badBody, tooLarge };
    boost::asio::awaitable<ReadHead> readHead(Request& request);
    boost::asio::awaitable<bool> handle(Request& request);
    boost::asio::awaitable<bool> proxy(Request& request, const routing::RouteEntry& route);
    boost::asio::awaitable<BodyResult> streamRequestBody(Request& request, UpstreamConnection& upstream, std::string_view head);
    boost::asio::awaitable<bool> relayResponse(Request& request, const routing::RouteEntry& route,
                                               std::unique_ptr<UpstreamConnection> upstream, bool& upstreamFailed);
    boost::asio::awaitable<bool> reply(Request& request, int status, std::string_view id, std::string_view message,
                                       bool close, std::string_view fields = {});
    boost::asio::awaitable<bool> writeClient(std::string_view data);
    void recordTrail(Request& request);
    // Our own head for the upstream request: request line, Host, the client's fields that
    // may pass, the filters' fields, the forwarding fields, the request id, framing.
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
