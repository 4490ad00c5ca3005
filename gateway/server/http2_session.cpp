#include "server/http2_session.h"

#include "server/active_request.h"
#include "server/downstream.h"
#include "server/request_flow.h"

#include "http/forwarding.h"
#include "http/http2_fields.h"
#include "proxy/upstream_pool.h"
#include "server/worker.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nghttp2/nghttp2.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

namespace {

constexpr auto kNever = Clock::time_point::max();
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kWriteBatch = 64 * 1024;     // frames gathered into one write
constexpr std::size_t kStreamOutBuffer = 64 * 1024; // a response body waiting for the client's window, per stream
// Budgets per connection: a burst, then so many a second. A browser or an API client
// stays far below them; a flood does not.
constexpr double kControlBurst = 1000, kControlRate = 100;   // PING, SETTINGS, PRIORITY
constexpr double kEmptyBurst = 100, kEmptyRate = 10;         // DATA without payload nor END_STREAM
constexpr std::uint64_t kResetBurst = 1000, kResetRate = 33; // RST_STREAM (nghttp2's own bucket, CVE-2023-44487)
// Beyond this many bytes of fields a header block is not even kept for a 431: the
// stream is reset (an HPACK bomb expands small frames into large fields).
constexpr std::size_t kHeaderHardFactor = 4;
// Finished streams kept for reuse per connection: with many streams in flight, each new
// one takes the buffers of one that just ended instead of allocating its own. Given back
// when the connection has no stream at a guard tick.
constexpr std::size_t kSpareStreams = 128;


// Wakes one waiting coroutine; a notification before the wait is kept.
class Signal {
public:
    explicit Signal(const asio::any_io_executor& executor) : timer_(executor) {}
    void notify() {
        pending_ = true;
        timer_.cancel();
    }
    void clear() { pending_ = false; }
    // False when `deadline` came first.
    asio::awaitable<bool> wait(Clock::time_point deadline) {
        if (!pending_) {
            timer_.expires_at(deadline);
            co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        const bool woken = pending_;
        pending_ = false;
        co_return woken;
    }

private:
    asio::steady_timer timer_;
    bool pending_ = false;
};

struct TokenBucket {
    double tokens, burst, rate;
    Clock::time_point last = Clock::now();
    TokenBucket(double b, double r) : tokens(b), burst(b), rate(r) {}
    bool take(Clock::time_point now) {
        tokens = std::min(burst, tokens + std::chrono::duration<double>(now - last).count() * rate);
        last = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
};

nghttp2_nv makeNv(std::string_view name, std::string_view value) {
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())), reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())),
            name.size(), value.size(), NGHTTP2_NV_FLAG_NONE};
}

} // namespace

struct Http2Session::Connection {
    Connection(TimedSocket& s, beast::flat_buffer& p, Worker& w, std::string_view ip)
        : socket(s), pending(p), worker(w), limits(w.state().config.limits), clientIp(ip), writerWake(w.io().get_executor()),
          allDone(w.io().get_executor()) {}

    TimedSocket& socket;
    beast::flat_buffer& pending;
    Worker& worker;
    const Limits& limits;
    std::string clientIp;
    nghttp2_session* session = nullptr;
    std::unordered_map<std::int32_t, std::shared_ptr<Stream>> streams; // until closed and served
    std::vector<std::shared_ptr<Stream>> ready;                        // heads complete, to start
    std::size_t working = 0; // stream coroutines running, reset streams' too: what max concurrent streams bounds
    Signal writerWake;
    Signal allDone;
    bool dead = false;      // the connection is gone: streams stop at once
    bool calm = false;      // a budget ran out: GOAWAY ENHANCE_YOUR_CALM
    bool terminated = false;
    Clock::time_point terminatedAt = kNever;
    int drainStep = 0;      // 1: notice sent, 2: GOAWAY with the last stream sent
    bool drainRequested = false;
    Clock::time_point lastActivity = Clock::now();
    Clock::time_point headerBlockSince = kNever;
    Clock::time_point writingSince = kNever;
    TokenBucket control{kControlBurst, kControlRate};
    TokenBucket empty{kEmptyBurst, kEmptyRate};
    TokenBucket resets{static_cast<double>(kResetBurst), static_cast<double>(kResetRate)}; // RST_STREAM, and streams the client broke
    std::string out;

    void wakeWriter() { writerWake.notify(); }
    // The loop's clock (its watchdog's, a tick ahead): frames are stamped without a clock read.
    Clock::time_point now() const { return worker.watchdog().now(); }
    // A stream for `id`: a finished one reused (its buffers keep their capacity), or a new one.
    std::shared_ptr<Stream> takeStream(std::int32_t id);
    std::vector<std::shared_ptr<Stream>> spare; // finished streams, at most kSpareStreams
    void terminate(std::uint32_t code, std::atomic<std::uint64_t>& counter) {
        if (terminated) return;
        terminated = true;
        terminatedAt = Clock::now();
        counter.fetch_add(1);
        nghttp2_session_terminate_session(session, code);
        wakeWriter();
    }
    void finishStream(const std::shared_ptr<Stream>& stream);
    void releaseStream(std::int32_t id);
};

struct Http2Session::Stream final : Downstream {
    Stream(Connection& c, std::int32_t streamId) : conn(c), id(streamId), signal(c.worker.io().get_executor()) {}

    Connection& conn;
    std::int32_t id;
    Signal signal;
    // The request as it came: fields in `arena`, as offsets (it grows while they come).
    struct FieldAt {
        std::uint32_t name, nameLength, value, valueLength;
    };
    std::string arena;
    std::vector<FieldAt> fields;
    std::size_t headerBytes = 0;
    bool headersTooLarge = false;
    std::string headText; // the HTTP/1.1 head made of them
    bool endStream = false; // the client's side ended
    std::string body;       // request DATA not forwarded yet
    std::size_t unconsumed = 0; // received and not yet given back to the flow-control windows
    bool discardBody = false;   // answered without reading the body: what comes is dropped
    bool closed = false;        // nghttp2 closed the stream (done or reset)
    bool started = false;       // its head came: a coroutine serves it
    bool serving = false;       // that coroutine runs
    bool responded = false;     // a response was submitted
    // The response.
    std::string out;
    std::size_t outAt = 0;
    bool outEnded = false;
    bool resetAfterResponse = false; // the body was not read: RST_STREAM(NO_ERROR) after the response
    std::string fieldStorage;
    std::vector<http::HeaderField> responseFields;
    std::vector<http::HeaderField> fieldViews; // the request's, into `arena`
    std::vector<nghttp2_nv> nv;

    ActiveRequest request;
    RequestFlow flow{conn.worker, *this};

    std::size_t outPending() const { return out.size() - outAt; }
    // Ready to serve stream `streamId`, keeping what its buffers allocated.
    void reuse(std::int32_t streamId) {
        id = streamId;
        signal.clear();
        arena.clear();
        fields.clear();
        headerBytes = 0;
        headersTooLarge = false;
        headText.clear();
        endStream = false;
        body.clear();
        unconsumed = 0;
        discardBody = false;
        closed = started = serving = responded = false;
        out.clear();
        outAt = 0;
        outEnded = false;
        resetAfterResponse = false;
        request.reset();
    }
    void consume(std::size_t n) {
        n = std::min(n, unconsumed);
        if (n == 0) return;
        unconsumed -= n;
        nghttp2_session_consume(conn.session, id, n);
        conn.wakeWriter(); // WINDOW_UPDATE
    }
    // Submits a response: `headText` is an HTTP/1.1 response head the gateway wrote.
    bool submit(std::string_view headText, bool withBody);
    void reset(std::uint32_t code) {
        if (closed || conn.dead) return;
        nghttp2_submit_rst_stream(conn.session, NGHTTP2_FLAG_NONE, id, code);
        conn.wakeWriter();
    }

    // Downstream
    std::string_view protocol(const ActiveRequest&) const override { return "HTTP/2"; }
    std::string_view clientIp() const override { return conn.clientIp; }
    bool secure() const override { return conn.socket.secure(); }
    bool closing() const override { return conn.dead || closed; }
    asio::awaitable<bool> sendLocalReply(ActiveRequest& request, int status, std::string_view id, std::string_view message, bool close,
                                         std::string_view fields) override;
    asio::awaitable<bool> sendContinue() override;
    asio::awaitable<Pumped> sendRequestBody(ActiveRequest& request, TimedSocket& upstream, std::string_view head) override;
    asio::awaitable<ResponseSent> sendResponse(ActiveRequest& request, const http::ResponseHead& head, const http::BodyFraming& framing,
                                               UpstreamConnection& up) override;
    asio::awaitable<TunnelResult> tunnel(std::string_view, UpstreamConnection&, TunnelLimits) override {
        co_return TunnelResult{.cause = Termination::clientAborted}; // no upgrade is accepted on HTTP/2 (no extended CONNECT)
    }
};

namespace {

using Connection = Http2Session::Connection;
using Stream = Http2Session::Stream;

Stream* streamOf(nghttp2_session* session, std::int32_t id) {
    return static_cast<Stream*>(nghttp2_session_get_stream_user_data(session, id));
}

// ---- nghttp2's callbacks: no I/O, no coroutine; they note what came ----

int onBeginHeaders(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    auto& c = *static_cast<Connection*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;
    c.headerBlockSince = c.now();
    if (frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0; // trailers
    if (c.working + c.ready.size() >= c.limits.http2MaxConcurrentStreams) {
        // Streams the client reset still count while their work goes on: resetting is no
        // way around the bound.
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_REFUSED_STREAM);
        return 0;
    }
    std::shared_ptr<Stream> stream = c.takeStream(frame->hd.stream_id);
    nghttp2_session_set_stream_user_data(session, frame->hd.stream_id, stream.get());
    c.streams.emplace(frame->hd.stream_id, std::move(stream));
    return 0;
}

int onHeader(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t nameLength, const std::uint8_t* value,
             std::size_t valueLength, std::uint8_t, void* user) {
    auto& c = *static_cast<Connection*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0; // trailers are not forwarded
    Stream* s = streamOf(c.session, frame->hd.stream_id);
    if (!s) return 0;
    s->headerBytes += nameLength + valueLength + 4; // as the HTTP/1.1 head counts them: ": " and CRLF
    if (s->headerBytes > c.limits.maxHeadBytes * kHeaderHardFactor) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // stream reset
    if (s->headerBytes > c.limits.maxHeadBytes || s->fields.size() >= c.limits.maxHeaders + 4) s->headersTooLarge = true;
    if (s->headersTooLarge) return 0; // counted, not kept: the answer is 431
    const auto at = static_cast<std::uint32_t>(s->arena.size());
    s->arena.append(reinterpret_cast<const char*>(name), nameLength);
    s->arena.append(reinterpret_cast<const char*>(value), valueLength);
    s->fields.push_back({at, static_cast<std::uint32_t>(nameLength), static_cast<std::uint32_t>(at + nameLength),
                         static_cast<std::uint32_t>(valueLength)});
    return 0;
}

int onFrameRecv(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    auto& c = *static_cast<Connection*>(user);
    const Clock::time_point now = c.now();
    c.lastActivity = now;
    Stream* s = frame->hd.stream_id != 0 ? streamOf(session, frame->hd.stream_id) : nullptr;
    const bool ended = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    switch (frame->hd.type) {
    case NGHTTP2_HEADERS:
        c.headerBlockSince = kNever;
        if (!s) break;
        if (frame->headers.cat == NGHTTP2_HCAT_REQUEST && !s->started) {
            s->endStream = ended;
            s->started = true;
            s->serving = true;
            c.ready.push_back(c.streams.at(frame->hd.stream_id));
        } else if (ended) {
            s->endStream = true; // trailers end the body
            s->signal.notify();
        }
        break;
    case NGHTTP2_DATA:
        if (frame->hd.length == 0 && !ended && !c.empty.take(now)) c.calm = true;
        if (s && ended) {
            s->endStream = true;
            s->signal.notify();
        }
        break;
    case NGHTTP2_PING:
    case NGHTTP2_PRIORITY:
        if (!c.control.take(now)) c.calm = true;
        break;
    case NGHTTP2_SETTINGS:
        if ((frame->hd.flags & NGHTTP2_FLAG_ACK) == 0 && !c.control.take(now)) c.calm = true;
        break;
    case NGHTTP2_RST_STREAM:
        if (!c.resets.take(now)) c.calm = true; // rapid reset
        break;
    default: break;
    }
    return 0;
}

int onDataChunk(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t length, void* user) {
    auto& c = *static_cast<Connection*>(user);
    Stream* s = streamOf(session, id);
    if (!s || s->discardBody) {
        nghttp2_session_consume(session, id, length); // nobody reads it: the windows open again at once
        c.wakeWriter();
        return 0;
    }
    s->body.append(reinterpret_cast<const char*>(data), length);
    s->unconsumed += length;
    s->signal.notify();
    return 0;
}

int onStreamClose(nghttp2_session* session, std::int32_t id, std::uint32_t, void* user) {
    auto& c = *static_cast<Connection*>(user);
    Stream* s = streamOf(session, id);
    if (!s) return 0;
    s->closed = true;
    if (s->unconsumed > 0) nghttp2_session_consume_connection(session, s->unconsumed);
    s->unconsumed = 0;
    nghttp2_session_set_stream_user_data(session, id, nullptr);
    s->signal.notify();
    if (!s->serving) c.releaseStream(id); // else its coroutine lets it go when it ends
    return 0;
}

int onFrameSend(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    auto& c = *static_cast<Connection*>(user);
    c.lastActivity = c.now();
    if (frame->hd.type == NGHTTP2_RST_STREAM && frame->rst_stream.error_code == NGHTTP2_REFUSED_STREAM) {
        c.worker.state().http2.streamsRefused.fetch_add(1); // by our bound or by nghttp2's own, once SETTINGS are acknowledged
    }
    if ((frame->hd.type != NGHTTP2_DATA && frame->hd.type != NGHTTP2_HEADERS) || (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) return 0;
    if (Stream* s = streamOf(session, frame->hd.stream_id); s && s->resetAfterResponse && !s->endStream) {
        // The whole answer went; the rest of the request is not wanted (RFC 9113 §8.1).
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_NO_ERROR);
    }
    return 0;
}

// A frame nghttp2 refused (it resets the stream or ends the connection itself): streams
// the client breaks on purpose are resets too ("made you reset").
int onInvalidFrame(nghttp2_session*, const nghttp2_frame*, int, void* user) {
    auto& c = *static_cast<Connection*>(user);
    if (!c.resets.take(c.now())) c.calm = true;
    return 0;
}

// The response body, as the stream's coroutine put it in `out`: deferred until more comes.
ssize_t readBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length, std::uint32_t* flags,
                 nghttp2_data_source* source, void*) {
    auto* s = static_cast<Stream*>(source->ptr);
    const std::size_t n = std::min(length, s->outPending());
    std::memcpy(buffer, s->out.data() + s->outAt, n);
    s->outAt += n;
    if (s->outAt == s->out.size()) {
        s->out.clear();
        s->outAt = 0;
    } else if (s->outAt > kStreamOutBuffer) {
        s->out.erase(0, s->outAt);
        s->outAt = 0;
    }
    if (n == 0 && !s->outEnded) return NGHTTP2_ERR_DEFERRED;
    if (s->outEnded && s->outPending() == 0) *flags |= NGHTTP2_DATA_FLAG_EOF;
    if (n > 0) s->signal.notify(); // room for more
    return static_cast<ssize_t>(n);
}

nghttp2_session* newSession(Connection& c) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose);
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, onFrameSend);
    nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(callbacks, onInvalidFrame);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    // Windows open as bodies are forwarded, not as they arrive: a slow service slows
    // its client, and at most the windows are held in memory.
    nghttp2_option_set_no_auto_window_update(option, 1);
    nghttp2_option_set_no_closed_streams(option, 1);
    // Our own bucket counts resets first; nghttp2's stays behind it as a backstop.
    nghttp2_option_set_stream_reset_rate_limit(option, kResetBurst * 2, kResetRate * 2);
    nghttp2_session* session = nullptr;
    nghttp2_session_server_new2(&session, callbacks, &c, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, static_cast<std::uint32_t>(c.limits.http2MaxConcurrentStreams)},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, c.limits.http2StreamWindowBytes},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<std::uint32_t>(c.limits.maxHeadBytes)},
    };
    nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, settings, std::size(settings));
    nghttp2_session_set_local_window_size(session, NGHTTP2_FLAG_NONE, 0, static_cast<std::int32_t>(c.limits.http2ConnectionWindowBytes));
    return session;
}

asio::awaitable<void> serveStream(std::shared_ptr<Connection> keep, std::shared_ptr<Stream> s);

void startReady(const std::shared_ptr<Connection>& keep) {
    Connection& c = *keep;
    for (std::shared_ptr<Stream>& s : c.ready) {
        ++c.working;
        asio::co_spawn(c.worker.io(), serveStream(keep, std::move(s)), asio::detached);
    }
    c.ready.clear();
}

// Frames in, as they come; ends when the client leaves. On a fatal error or a budget
// spent, GOAWAY is queued and reading stops: the writer sends it and ends the connection.
asio::awaitable<void> readLoop(std::shared_ptr<Connection> keep) {
    Connection& c = *keep;
    while (!c.terminated) {
        if (c.pending.size() > 0) {
            const std::string_view data = bufferView(c.pending);
            const ssize_t rv = nghttp2_session_mem_recv(c.session, reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
            c.pending.consume(c.pending.size());
            startReady(keep);
            if (rv < 0) {
                spdlog::debug("HTTP/2 from {}: {}", c.clientIp, nghttp2_strerror(static_cast<int>(rv)));
                const bool flood = rv == NGHTTP2_ERR_FLOODED || rv == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS;
                c.terminate(flood ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR,
                            flood ? c.worker.state().http2.goawayFlood : c.worker.state().http2.goawayProtocolError);
                break;
            }
            if (c.calm) {
                c.terminate(NGHTTP2_ENHANCE_YOUR_CALM, c.worker.state().http2.goawayFlood);
                break;
            }
            c.wakeWriter();
        }
        boost::system::error_code ec;
        const std::size_t n = co_await c.socket.readSome(c.pending.prepare(kReadChunk), kNever, ec);
        if (ec) co_return; // the client left
        c.pending.commit(n);
    }
    Signal parked(c.worker.io().get_executor());
    co_await parked.wait(kNever); // until the writer is done
}

// Frames out: what nghttp2 has to send, gathered into few writes; ends when nghttp2 is
// done with the connection (GOAWAY sent and no stream left) or the client is gone.
asio::awaitable<void> writeLoop(Connection& c) {
    while (!c.dead) {
        c.out.clear();
        while (c.out.size() < kWriteBatch) {
            const std::uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(c.session, &data);
            if (n < 0) co_return;
            if (n == 0) break;
            c.out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
        }
        if (!c.out.empty()) {
            const asio::const_buffer buffer(c.out.data(), c.out.size());
            boost::system::error_code ec;
            c.writingSince = c.now();
            co_await c.socket.writeAll({&buffer, 1}, kNever, ec);
            c.writingSince = kNever;
            if (ec) co_return;
            continue;
        }
        if (!nghttp2_session_want_read(c.session) && !nghttp2_session_want_write(c.session)) co_return;
        co_await c.writerWake.wait(kNever);
    }
}

// The connection's clocks: a client that reads nothing, a header block that does not
// end, no stream for the idle time-out, and the drain's two GOAWAYs.
asio::awaitable<void> guardLoop(Connection& c) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const milliseconds tick = std::min({milliseconds(1000), milliseconds(c.limits.headerTimeoutMs / 4), milliseconds(c.limits.idleTimeoutMs / 4)});
    Http2Stats& stats = c.worker.state().http2;
    while (!c.dead) {
        timer.expires_after(tick);
        const auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        const Clock::time_point now = Clock::now();
        if (c.writingSince != kNever && now - c.writingSince >= milliseconds(c.limits.bodyTimeoutMs)) co_return; // it reads nothing
        if (c.terminated) {
            if (now - c.terminatedAt >= std::chrono::seconds(2)) co_return; // the GOAWAY did not leave: close anyway
            continue;
        }
        if (c.headerBlockSince != kNever && now - c.headerBlockSince >= milliseconds(c.limits.headerTimeoutMs)) {
            c.terminate(NGHTTP2_PROTOCOL_ERROR, stats.goawayHeaderTimeout);
            continue;
        }
        if (c.drainRequested || c.worker.state().draining.load(std::memory_order_relaxed)) {
            // A notice first, then, a tick later (a round trip at least), the last stream taken.
            if (c.drainStep == 0) {
                nghttp2_submit_shutdown_notice(c.session);
                c.drainStep = 1;
            } else if (c.drainStep == 1) {
                nghttp2_submit_goaway(c.session, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(c.session), NGHTTP2_NO_ERROR,
                                      nullptr, 0);
                c.drainStep = 2;
                stats.goawayDrain.fetch_add(1);
            }
            c.wakeWriter();
            continue;
        }
        if (c.streams.empty() && c.working == 0) {
            c.spare.clear(); // an idle connection holds no stream buffers
            if (now - c.lastActivity >= milliseconds(c.limits.idleTimeoutMs)) c.terminate(NGHTTP2_NO_ERROR, stats.goawayIdle);
        }
    }
}

// One stream: its fields as an HTTP/1.1 head, checked and handled as any request.
asio::awaitable<void> serveStream(std::shared_ptr<Connection> keep, std::shared_ptr<Stream> s) {
    Connection& c = *keep;
    ActiveRequest& request = s->request;
    RequestFlow& flow = s->flow;
    std::vector<http::HeaderField>& fields = s->fieldViews;
    fields.clear();
    const std::string_view arena = s->arena;
    for (const Stream::FieldAt& f : s->fields) fields.push_back({arena.substr(f.name, f.nameLength), arena.substr(f.value, f.valueLength)});
    request.bytesIn = s->headerBytes;
    if (s->headersTooLarge) {
        request.cause = Termination::badRequest;
        co_await flow.reply(request, 431, "bad_request",
                            fmt::format("the header fields exceed {} bytes or {} fields", c.limits.maxHeadBytes, c.limits.maxHeaders), true);
    } else if (const std::optional<http::HeadError> malformed = http::http2RequestHead(fields, s->endStream, s->headText)) {
        request.cause = Termination::badRequest;
        co_await flow.reply(request, malformed->status, "bad_request", malformed->reason, true);
    } else {
        // The head made of the fields is a little longer than they are: the request line, Host.
        const http::HeadLimits limits{c.limits.maxHeadBytes + 1024, c.limits.maxRequestLine, c.limits.maxHeaders + 2};
        http::HeadError error;
        const http::ParseStatus parsed = http::parseRequestHead(s->headText, limits, request.parsed, error);
        if (parsed != http::ParseStatus::complete) {
            request.cause = Termination::badRequest;
            co_await flow.reply(request, parsed == http::ParseStatus::error ? error.status : 400, "bad_request",
                                parsed == http::ParseStatus::error ? error.reason : "the header fields do not make a request", true);
        } else if (const std::optional<RequestFlow::HeadRefusal> refused = flow.checkHead(request)) {
            request.cause = Termination::badRequest;
            co_await flow.reply(request, refused->status, refused->id, refused->message, true, refused->fields);
        } else if (request.serverOptions) {
            request.status = 200; // OPTIONS *: the gateway answers, as on HTTP/1.1
            s->outEnded = true;
            s->submit("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
        } else {
            co_await flow.handle(request);
        }
    }
    flow.recordTrail(request);
    // An answer cut short (or none, when the client's body stopped coming) is reset, so
    // the client cannot take it for a whole one.
    if (!s->closed && !c.dead && (!s->responded || !s->outEnded)) s->reset(NGHTTP2_INTERNAL_ERROR);
    c.finishStream(s);
}

} // namespace

void Http2Session::Connection::finishStream(const std::shared_ptr<Stream>& stream) {
    stream->serving = false;
    --working;
    if (stream->closed) releaseStream(stream->id);
    if (working == 0) allDone.notify();
    wakeWriter();
}

std::shared_ptr<Http2Session::Stream> Http2Session::Connection::takeStream(std::int32_t id) {
    if (spare.empty()) return std::make_shared<Stream>(*this, id);
    std::shared_ptr<Stream> stream = std::move(spare.back());
    spare.pop_back();
    stream->reuse(id);
    return stream;
}

void Http2Session::Connection::releaseStream(std::int32_t id) {
    const auto it = streams.find(id);
    if (it == streams.end()) return;
    // Held here and, at most, by its coroutine as it returns: nothing refers to it after.
    if (spare.size() < kSpareStreams) spare.push_back(std::move(it->second));
    streams.erase(it);
}

bool Http2Session::Stream::submit(std::string_view text, bool withBody) {
    if (closed || conn.dead) return false;
    http::ResponseHead head;
    http::HeadError error;
    if (http::parseResponseHead(text, {1u << 20, 1u << 16, 10'000}, head, error) != http::ParseStatus::complete) {
        reset(NGHTTP2_INTERNAL_ERROR); // our own head: cannot happen
        return false;
    }
    http::http2ResponseFields(head, fieldStorage, responseFields);
    nv.clear();
    for (const http::HeaderField& f : responseFields) nv.push_back(makeNv(f.name, f.value));
    nghttp2_data_provider provider{};
    provider.source.ptr = this;
    provider.read_callback = readBody;
    const int rv = nghttp2_submit_response(conn.session, id, nv.data(), nv.size(), withBody ? &provider : nullptr);
    responded = rv == 0;
    conn.wakeWriter();
    return responded;
}

asio::awaitable<bool> Http2Session::Stream::sendLocalReply(ActiveRequest& r, int status, std::string_view replyId, std::string_view message,
                                                           bool close, std::string_view extra) {
    const bool headOnly = r.method == "HEAD";
    const std::string text = localReply(status, replyId, message, r.requestId, false, extra, headOnly);
    const std::size_t headEnd = text.find("\r\n\r\n") + 4;
    out.assign(text, headEnd);
    outAt = 0;
    outEnded = true;
    if (close && !endStream) {
        // The body is not wanted: drop it, give its window back, reset after the answer.
        discardBody = true;
        resetAfterResponse = true;
        consume(unconsumed);
        body.clear();
    }
    const bool ok = submit(std::string_view(text).substr(0, headEnd), text.size() > headEnd);
    r.bytesOut += text.size();
    co_return ok;
}

asio::awaitable<bool> Http2Session::Stream::sendContinue() {
    if (closing()) co_return false;
    const nghttp2_nv nv = makeNv(":status", "100");
    nghttp2_submit_headers(conn.session, NGHTTP2_FLAG_NONE, id, nullptr, &nv, 1, nullptr);
    conn.wakeWriter();
    co_return true;
}

asio::awaitable<Pumped> Http2Session::Stream::sendRequestBody(ActiveRequest& r, TimedSocket& upstream, std::string_view head) {
    Pumped result;
    const bool chunked = r.framing.kind == http::BodyFraming::Kind::chunked;
    const milliseconds timeout(conn.limits.bodyTimeoutMs);
    std::string_view prefix = head;
    std::uint64_t payload = 0;
    std::string sending;
    std::vector<std::string_view> pieces;
    while (true) {
        if (!body.empty() || endStream || !prefix.empty()) {
            if (chunked && r.bodyLimit != 0 && payload + body.size() > r.bodyLimit) {
                result.status = Pumped::Status::tooLarge;
                co_return result;
            }
            sending.swap(body); // DATA that comes during the write goes to `body`
            body.clear();
            const bool complete = endStream;
            pieces.assign(1, sending);
            const boost::system::error_code written = co_await writePieces(upstream, conn.worker.watchdog().now() + timeout, prefix, pieces,
                                                                           chunked, complete && chunked ? "0\r\n\r\n" : "");
            if (written) {
                result.status = Pumped::Status::writeFailed;
                co_return result;
            }
            result.bytesWritten += prefix.size() + sending.size();
            result.bytesRead += sending.size();
            payload += sending.size();
            consume(sending.size());
            prefix = {};
            if (complete) co_return result;
            continue;
        }
        if (closing()) {
            result.status = Pumped::Status::readFailed; // the client reset the stream
            result.readError = asio::error::connection_reset;
            co_return result;
        }
        if (!co_await signal.wait(Clock::now() + timeout)) {
            result.status = Pumped::Status::readFailed;
            result.readError = asio::error::timed_out;
            co_return result;
        }
    }
}

asio::awaitable<Downstream::ResponseSent> Http2Session::Stream::sendResponse(ActiveRequest& r, const http::ResponseHead& head,
                                                                             const http::BodyFraming& framing, UpstreamConnection& up) {
    ResponseSent sent;
    const filters::RequestContext& context = r.context;
    http::ClientResponse response;
    response.requestWasHead = r.method == "HEAD";
    if (context.propagateRequestId) response.requestId = r.requestId;
    response.claimedFields = context.claimedResponseFields;
    response.filterFields = context.responseFields;
    http::appendClientHead(head, framing, response, r.clientHead);
    up.buffer.consume(head.size);
    const bool withBody = framing.kind != http::BodyFraming::Kind::none;
    outEnded = !withBody;
    if (!submit(r.clientHead, withBody)) {
        sent.body.status = Pumped::Status::writeFailed;
        co_return sent;
    }
    sent.body.bytesWritten = r.clientHead.size();
    if (!withBody) co_return sent;
    http::BodyCutter cutter(framing);
    std::vector<std::string_view> pieces;
    const milliseconds timeout(conn.limits.bodyTimeoutMs);
    while (true) {
        pieces.clear();
        const http::BodyCutter::Step step = cutter.next(bufferView(up.buffer), pieces);
        if (step.status == http::BodyCutter::Status::badFraming) {
            reset(NGHTTP2_INTERNAL_ERROR);
            sent.body.status = Pumped::Status::badFraming;
            co_return sent;
        }
        for (const std::string_view piece : pieces) {
            out.append(piece);
            sent.body.bytesWritten += piece.size();
        }
        sent.body.bytesRead += step.used;
        up.buffer.consume(step.used);
        const bool complete = step.status == http::BodyCutter::Status::complete;
        outEnded = complete;
        if (!pieces.empty() || complete) {
            nghttp2_session_resume_data(conn.session, id);
            conn.wakeWriter();
        }
        if (complete) co_return sent;
        // The client's window, not the service, sets the pace: at most a buffer waits here.
        while (outPending() > kStreamOutBuffer && !closing()) {
            if (!co_await signal.wait(Clock::now() + timeout)) break;
        }
        if (closing() || outPending() > kStreamOutBuffer) {
            sent.body.status = Pumped::Status::writeFailed; // reset, or reads nothing
            co_return sent;
        }
        boost::system::error_code ec;
        const std::size_t n = co_await up.socket.readSome(up.buffer.prepare(kBodyReadChunk), conn.worker.watchdog().now() + timeout, ec);
        if (ec == asio::error::eof && cutter.endsAtClose()) {
            outEnded = true;
            nghttp2_session_resume_data(conn.session, id);
            conn.wakeWriter();
            co_return sent;
        }
        if (ec) {
            sent.body.status = Pumped::Status::readFailed;
            sent.body.readError = ec;
            co_return sent;
        }
        up.buffer.commit(n);
    }
}

Http2Session::Http2Session(TimedSocket& socket, beast::flat_buffer& pending, Worker& worker, std::string_view clientIp)
    : connection_(std::make_shared<Connection>(socket, pending, worker, clientIp)) {
    connection_->session = newSession(*connection_);
    worker.state().http2.connectionsOpen.fetch_add(1);
}

Http2Session::~Http2Session() {
    connection_->worker.state().http2.connectionsOpen.fetch_sub(1);
    connection_->streams.clear();
    nghttp2_session_del(connection_->session);
    connection_->session = nullptr;
}

asio::awaitable<void> Http2Session::run() {
    const std::shared_ptr<Connection> keep = connection_;
    Connection& c = *keep;
    co_await (readLoop(keep) || writeLoop(c) || guardLoop(c));
    c.dead = true;
    c.socket.close(); // streams still at work find their client gone
    for (const auto& [id, stream] : c.streams) stream->signal.notify();
    while (c.working > 0) co_await c.allDone.wait(kNever);
}

void Http2Session::onDrain() {
    Connection& c = *connection_;
    c.drainRequested = true;
    if (c.drainStep == 0 && !c.terminated) {
        nghttp2_submit_shutdown_notice(c.session);
        c.drainStep = 1;
        c.wakeWriter();
    }
}

void Http2Session::abort() {
    Connection& c = *connection_;
    c.dead = true;
    for (const auto& [id, stream] : c.streams) stream->signal.notify();
    c.wakeWriter();
    c.socket.close();
}

} // namespace gatehouse::gateway
