#include "server/client_session.h"

#include "server/http2_session.h"
#include "server/websocket_tunnel.h"

#include "http/forwarding.h"
#include "http/http2_fields.h"
#include "proxy/upstream_pool.h"
#include "server/body_pump.h"
#include "server/worker.h"

#include <boost/asio/buffer.hpp>

#include <chrono>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using namespace std::string_view_literals;
namespace beast = boost::beast;
using std::chrono::milliseconds;

namespace {

// Client heads are read in small steps, everything else in large ones: a client
// connection that only carries small requests keeps a small buffer (cache-friendly
// with many connections); responses and bodies move in few system calls.
constexpr std::size_t kHeadReadChunk = 8 * 1024;


// What a client that knows we speak HTTP/2 opens with (RFC 9113 §3.4), or its start.
bool startsHttp2Preface(std::string_view data) {
    const std::size_t n = std::min(data.size(), http::kHttp2Preface.size());
    return n >= 4 && data.substr(0, n) == http::kHttp2Preface.substr(0, n); // "PRI " is no HTTP/1.1 method we route
}

} // namespace

ClientSession::ClientSession(asio::ip::tcp::socket socket, Worker& worker, asio::ssl::context* tls, bool http2)
    : client_(std::move(socket), worker.watchdog()), worker_(worker), tls_(tls), http2_(http2) {
    boost::system::error_code ec;
    const auto remote = client_.socket().remote_endpoint(ec);
    clientIp_ = ec ? "unknown" : remote.address().to_string();
    worker_.addSession(this);
}

ClientSession::~ClientSession() {
    worker_.removeSession(this);
}

void ClientSession::abort() {
    closing_ = true;
    if (h2_) h2_->abort();
    client_.close();
}

void ClientSession::onDrain() {
    closing_ = true;
    if (h2_) h2_->onDrain(); // GOAWAY; its streams finish
    else if (idle_) client_.close(); // wakes the pending read; the session ends
}

asio::awaitable<void> ClientSession::run() {
    if (tls_) {
        boost::system::error_code ec;
        co_await client_.handshake(*tls_, true, {},
                                   worker_.watchdog().now() + milliseconds(worker_.state().config.limits.headerTimeoutMs), ec);
        if (ec) {
            client_.close(); // not HTTP yet: nothing to answer with
            co_return;
        }
        if (http2_ && client_.alpn() == "h2") {
            co_await serveHttp2();
            co_return;
        }
    }
    ActiveRequest request;
    while (!closing_) {
        request.reset();
        const ReadHead head = co_await readHead(request);
        if (head == ReadHead::http2) {
            co_await serveHttp2();
            co_return;
        }
        if (head == ReadHead::replied || head == ReadHead::answered) flow_.recordTrail(request);
        if (head == ReadHead::answered) continue;
        if (head != ReadHead::ok) break;
        const bool keepAlive = co_await flow_.handle(request);
        flow_.recordTrail(request);
        if (!keepAlive || worker_.state().draining.load()) break;
    }
    boost::system::error_code ignored;
    client_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    if (linger_ && !closing_ && !client_.secure()) {
        // Lingering close (as nginx does): after refusing a request the client may still
        // be sending its body; closing with unread data would reset the connection and
        // could destroy our answer before the client reads it. Read and drop what comes
        // for a moment: at most 2 s and 4 MiB.
        const auto deadline = worker_.watchdog().now() + std::chrono::seconds(2);
        std::size_t dropped = 0;
        while (dropped < (4u << 20)) {
            buffer_.clear();
            boost::system::error_code ec;
            dropped += co_await client_.readSome(buffer_.prepare(kBodyReadChunk), deadline, ec);
            if (ec) break;
        }
    }
    client_.close();
}

asio::awaitable<bool> ClientSession::writeClient(std::string_view data) {
    const asio::const_buffer buffer(data.data(), data.size());
    boost::system::error_code ec;
    co_await client_.writeAll({&buffer, 1}, worker_.watchdog().now() + milliseconds(worker_.state().config.limits.bodyTimeoutMs), ec);
    co_return !ec;
}

// Reads until a whole head is in the buffer, parsed into `request.parsed` and checked;
// answers a head that breaks the grammar or the limits, or does not arrive in time.
asio::awaitable<ClientSession::ReadHead> ClientSession::readHead(ActiveRequest& request) {
    const Limits& limits = worker_.state().config.limits;
    const http::HeadLimits headLimits{limits.maxHeadBytes, limits.maxRequestLine, limits.maxHeaders};
    http::RequestHead& head = request.parsed;
    http::HeadError error;
    Clock::time_point headDeadline{};
    // Only CRLFs left over (allowed between requests) still count as waiting.
    const std::string_view pending = bufferView(buffer_);
    idle_ = pending.find_first_not_of("\r\n") == std::string_view::npos;
    if (!idle_) headDeadline = worker_.watchdog().now() + milliseconds(limits.headerTimeoutMs); // a head has begun
    while (true) {
        bool prefaceBegun = false;
        if (buffer_.size() > 0) {
            if (http2_ && firstHead_ && !client_.secure() && startsHttp2Preface(bufferView(buffer_))) {
                if (buffer_.size() >= http::kHttp2Preface.size()) co_return ReadHead::http2;
                prefaceBegun = true;
            }
            const http::ParseStatus status =
                prefaceBegun ? http::ParseStatus::incomplete : http::parseRequestHead(bufferView(buffer_), headLimits, head, error);
            if (status == http::ParseStatus::complete) {
                request.bytesIn = head.size;
                firstHead_ = false; // the preface counts only where the connection begins
                break;
            }
            if (status == http::ParseStatus::error) {
                request.cause = Termination::badRequest;
                co_await flow_.reply(request, error.status, "bad_request", error.reason, true);
                co_return ReadHead::replied;
            }
        }
        // Waiting for a new request is the idle timeout; once it has begun, the whole
        // head must arrive within the header timeout (slowloris).
        const Clock::time_point deadline = idle_ ? worker_.watchdog().now() + milliseconds(limits.idleTimeoutMs) : headDeadline;
        boost::system::error_code ec;
        const std::size_t n = co_await client_.readSome(buffer_.prepare(kHeadReadChunk), deadline, ec);
        if (ec) {
            if (ec == asio::error::timed_out && !idle_) {
                request.cause = Termination::clientTimeout;
                co_await flow_.reply(request, 408, "request_timeout", "the request head did not arrive in time", true);
                co_return ReadHead::replied;
            }
            co_return ReadHead::closed; // the client left, or an idle keep-alive connection expired
        }
        buffer_.commit(n);
        if (idle_ && bufferView(buffer_).find_first_not_of("\r\n") != std::string_view::npos) {
            idle_ = false;
            headDeadline = worker_.watchdog().now() + milliseconds(limits.headerTimeoutMs);
        }
    }
    if (const std::optional<RequestFlow::HeadRefusal> refused = flow_.checkHead(request)) {
        request.cause = Termination::badRequest;
        co_await flow_.reply(request, refused->status, refused->id, refused->message, true, refused->fields);
        co_return ReadHead::replied;
    }
    // The head's views stay valid until the next read into the buffer (flat_buffer moves
    // bytes only in prepare): the filters read them before any body is.
    buffer_.consume(head.size);
    if (request.serverOptions) co_return co_await answerServerOptions(request);
    co_return ReadHead::ok;
}

// OPTIONS * asks about the server, not a resource: no backend can answer for all of
// them, so the gateway does (docs/gateway.md), and nothing is routed.
asio::awaitable<ClientSession::ReadHead> ClientSession::answerServerOptions(ActiveRequest& request) {
    request.status = 200;
    const bool close = !request.keepAlive || worker_.state().draining.load();
    const std::string_view answer = close ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"sv
                                          : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"sv;
    request.bytesOut = answer.size();
    const bool written = co_await writeClient(answer);
    co_return written && !close ? ReadHead::answered : ReadHead::replied;
}

asio::awaitable<void> ClientSession::serveHttp2() {
    Http2Session session(client_, buffer_, worker_, clientIp_);
    h2_ = &session;
    if (closing_) session.onDrain(); // draining began during the TLS handshake
    co_await session.run();
    h2_ = nullptr;
    client_.close();
}

asio::awaitable<bool> ClientSession::sendLocalReply(ActiveRequest& request, int status, std::string_view id, std::string_view message,
                                                    bool close, std::string_view fields) {
    linger_ = linger_ || (close && status >= 400 && status < 500); // the client may still be sending
    const std::string answer = localReply(status, id, message, request.requestId, close, fields, request.method == "HEAD");
    request.bytesOut += answer.size();
    const bool written = co_await writeClient(answer);
    co_return written && !close;
}

asio::awaitable<bool> ClientSession::sendContinue() {
    co_return co_await writeClient("HTTP/1.1 100 Continue\r\n\r\n");
}

asio::awaitable<Pumped> ClientSession::sendRequestBody(ActiveRequest& request, TimedSocket& upstream, std::string_view head) {
    http::BodyCutter cutter(request.framing, request.bodyLimit);
    const bool chunked = request.framing.kind == http::BodyFraming::Kind::chunked;
    co_return co_await pumpBody(client_, buffer_, upstream, cutter, head, chunked, worker_.watchdog(),
                                milliseconds(worker_.state().config.limits.bodyTimeoutMs));
}

asio::awaitable<Downstream::ResponseSent> ClientSession::sendResponse(ActiveRequest& request, const http::ResponseHead& head,
                                                                      const http::BodyFraming& framing, UpstreamConnection& up) {
    const filters::RequestContext& context = request.context;
    http::ClientResponse response;
    response.requestMinorVersion = request.minorVersion;
    response.requestWasHead = request.method == "HEAD";
    // A handshake the service refused ends the connection: the client asked to leave HTTP.
    response.closeWanted = !request.keepAlive || worker_.state().draining.load() || request.webSocket.has_value();
    if (context.propagateRequestId) response.requestId = request.requestId;
    response.claimedFields = context.claimedResponseFields;
    response.filterFields = context.responseFields;
    const http::ClientHeadPlan plan = http::appendClientHead(head, framing, response, request.clientHead);
    up.buffer.consume(head.size);
    // The head goes out with the body's first piece.
    http::BodyCutter cutter(framing);
    ResponseSent sent;
    sent.body = co_await pumpBody(up.socket, up.buffer, client_, cutter, request.clientHead, plan.chunked, worker_.watchdog(),
                                  milliseconds(worker_.state().config.limits.bodyTimeoutMs));
    sent.closeClient = plan.closeClient;
    co_return sent;
}

asio::awaitable<TunnelResult> ClientSession::tunnel(std::string_view switchingHead, UpstreamConnection& up, TunnelLimits limits) {
    const asio::const_buffer answer = asio::buffer(switchingHead);
    boost::system::error_code ec;
    co_await client_.writeAll({&answer, 1}, worker_.watchdog().now() + milliseconds(worker_.state().config.limits.bodyTimeoutMs), ec);
    if (ec) co_return TunnelResult{.cause = Termination::clientAborted};
    co_return co_await runTunnel(client_, buffer_, up.socket, up.buffer, worker_.state().draining, limits);
}

} // namespace gatehouse::gateway
