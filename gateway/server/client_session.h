#pragma once

#include "net/timed_socket.h"
#include "server/active_request.h"
#include "server/downstream.h"
#include "server/request_flow.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <string>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

class Http2Session;
class Worker;

// One client connection. It speaks HTTP/1.1 (the HTTP/1.1 codec): reads requests one
// after another (so pipelined requests are answered in order) and has RequestFlow
// handle each. A TLS client that chose "h2" by ALPN, or a cleartext one that opens with
// the HTTP/2 preface where h2c is allowed, is handed to an Http2Session instead.
class ClientSession final : public Downstream {
public:
    ClientSession(boost::asio::ip::tcp::socket socket, Worker& worker, boost::asio::ssl::context* tls, bool http2);
    ~ClientSession() override;
    ClientSession(const ClientSession&) = delete;
    ClientSession& operator=(const ClientSession&) = delete;

    boost::asio::awaitable<void> run();
    // Called on the session's thread when the gateway starts draining: an idle
    // connection is closed now; a busy one closes after its current response.
    void onDrain();
    // Called on the session's thread when its event loop is torn down: ends it now.
    void abort();

    // Downstream
    std::string_view protocol(const ActiveRequest& request) const override { return request.minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1"; }
    std::string_view clientIp() const override { return clientIp_; }
    bool secure() const override { return client_.secure(); }
    bool closing() const override { return closing_; }
    boost::asio::awaitable<bool> sendLocalReply(ActiveRequest& request, int status, std::string_view id, std::string_view message,
                                                bool close, std::string_view fields) override;
    boost::asio::awaitable<bool> sendContinue() override;
    boost::asio::awaitable<Pumped> sendRequestBody(ActiveRequest& request, TimedSocket& upstream, std::string_view head) override;
    boost::asio::awaitable<ResponseSent> sendResponse(ActiveRequest& request, const http::ResponseHead& head,
                                                      const http::BodyFraming& framing, UpstreamConnection& up) override;
    boost::asio::awaitable<TunnelResult> tunnel(std::string_view switchingHead, UpstreamConnection& up, TunnelLimits limits) override;

private:
    // answered: by the gateway, the connection goes on; http2: the HTTP/2 preface came
    enum class ReadHead { ok, closed, replied, answered, http2 };
    boost::asio::awaitable<ReadHead> readHead(ActiveRequest& request);
    boost::asio::awaitable<ReadHead> answerServerOptions(ActiveRequest& request);
    boost::asio::awaitable<bool> writeClient(std::string_view data);
    boost::asio::awaitable<void> serveHttp2();

    TimedSocket client_;
    boost::beast::flat_buffer buffer_;
    Worker& worker_;
    RequestFlow flow_{worker_, *this};
    boost::asio::ssl::context* tls_; // null: plain HTTP
    bool http2_;                     // ALPN h2 on TLS; prior-knowledge h2c on cleartext
    std::string clientIp_;
    Http2Session* h2_ = nullptr;     // while the connection speaks HTTP/2
    bool idle_ = true;
    bool firstHead_ = true;
    bool closing_ = false;
    bool linger_ = false; // refused a request and closed: drain the client's input briefly
};

} // namespace gatehouse::gateway
