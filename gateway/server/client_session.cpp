#include "server/client_session.h"

#include "filters/filter_chain.h"
#include "filters/text_util.h"
#include "observe/trail.h"
#include "http/chunked_decoder.h"
#include "http/client_fields.h"
#include "proxy/upstream_pool.h"
#include "routing/route_table.h"
#include "server/worker.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/container/small_vector.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
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
constexpr std::size_t kReadChunk = 64 * 1024;

std::string_view view(const beast::flat_buffer& buffer) {
    const auto data = buffer.data();
    return {static_cast<const char*>(data.data()), data.size()};
}

// Hop-by-hop fields (RFC 9110 §7.6.1) and the framing fields the gateway writes
// itself: never copied from a response to the client.
bool isManagedResponseField(std::string_view name, std::string_view connectionValue) {
    return http::namesHopByHopField(name) || (!connectionValue.empty() && http::listContains(connectionValue, name));
}

// Sorts the client's fields: those that pass as they came into `forwarded`, its
// X-Request-Id spellings into `requestIdField`; identity, forwarding and hop-by-hop
// fields, in every spelling, are the gateway's alone and dropped (backends trust them).
// The first field `action` refuses, or nullptr.
const http::HeaderField* sortClientFields(const http::RequestHead& head, std::string_view connectionValue,
                                          http::UnderscoreAction action, std::string& forwarded, std::string& requestIdField) {
    for (const http::HeaderField& field : head.fields) {
        switch (http::classifyClientField(field.name, connectionValue, action)) {
        case http::ClientField::forward:
            forwarded.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
            break;
        case http::ClientField::requestId:
            requestIdField.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
            break;
        case http::ClientField::reject: return &field;
        case http::ClientField::host:
        case http::ClientField::drop: break;
        }
    }
    return nullptr;
}

bool keepsAlive(int minorVersion, std::string_view connectionValue) {
    return minorVersion == 1 ? !http::listContains(connectionValue, "close") : http::listContains(connectionValue, "keep-alive");
}

bool isRateLimitField(std::string_view name) {
    return name.size() > 10 && http::equalsIgnoreCase(name.substr(0, 10), "ratelimit-");
}

// What filters add to every response of their route: their own fields and the RateLimit
// fields of the most restrictive throttle.
void appendFilterFields(std::string& out, const filters::RequestContext& context) {
    out.append(context.responseFields);
    if (context.rateLimit.limit > 0) {
        fmt::format_to(std::back_inserter(out), "RateLimit-Limit: {}\r\nRateLimit-Remaining: {}\r\nRateLimit-Reset: {}\r\n",
                       context.rateLimit.limit, context.rateLimit.remaining, context.rateLimit.reset);
    }
}

bool isIdempotent(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE";
}

} // namespace

struct ClientSession::Request {
    std::string method;
    std::string target; // origin form
    std::string host;   // as received (Host header, or the authority of an absolute-form target)
    std::string requestId;
    int minorVersion = 1;
    http::BodyFraming framing;
    bool keepAlive = true;
    bool expectContinue = false;
    std::string forwardedFields; // "Name: value\r\n" lines passed upstream as they came
    std::string clientRequestIdField; // the client's X-Request-Id line(s), passed on when request_id does not run
    std::string_view incomingRequestId; // the first of them (a view into the head), for answers before any route
    filters::RequestContext context;  // the filters' per-request state
    const filters::FilterChain* chain = nullptr;
    bool afterFiltersRan = false;
    // For the trail.
    const routing::RouteEntry* route = nullptr;
    std::chrono::steady_clock::time_point started{};
    std::int64_t startedMs = 0;
    std::chrono::steady_clock::time_point sentAt{}; // the request's last byte went upstream
    std::int64_t connectUs = -1;
    std::int64_t ttfbUs = -1;
    std::string_view destination; // the service's, in the snapshot the request holds
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t bodyLimit = 0;
    Termination cause = Termination::completed;
    int status = 0;
    std::shared_ptr<const TableSnapshot> snapshot;
    // Reused from one request to the next on a connection, so that their capacity is
    // allocated once, not per request.
    http::RequestHead parsed;
    http::ResponseHead upstreamParsed;
    std::string upstreamHead;
    std::string clientHead;

    void reset() {
        method.clear();
        target.clear();
        host.clear();
        requestId.clear();
        forwardedFields.clear();
        clientRequestIdField.clear();
        incomingRequestId = {};
        context.reset();
        chain = nullptr;
        afterFiltersRan = false;
        route = nullptr;
        started = {};
        startedMs = 0;
        sentAt = {};
        connectUs = ttfbUs = -1;
        destination = {};
        bytesIn = bytesOut = 0;
        upstreamHead.clear();
        clientHead.clear();
        minorVersion = 1;
        framing = {};
        keepAlive = true;
        expectContinue = false;
        bodyLimit = 0;
        cause = Termination::completed;
        status = 0;
        snapshot.reset();
    }
};

ClientSession::ClientSession(asio::ip::tcp::socket socket, Worker& worker, asio::ssl::context* tls)
    : client_(std::move(socket), worker.watchdog()), worker_(worker), tls_(tls) {
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
    client_.close();
}

void ClientSession::onDrain() {
    closing_ = true;
    if (idle_) client_.close(); // wakes the pending read; the session ends
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
    }
    Request request;
    while (!closing_) {
        request.reset();
        const ReadHead head = co_await readHead(request);
        if (head == ReadHead::replied || head == ReadHead::answered) recordTrail(request);
        if (head == ReadHead::answered) continue;
        if (head != ReadHead::ok) break;
        const bool keepAlive = co_await handle(request);
        recordTrail(request);
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
            dropped += co_await client_.readSome(buffer_.prepare(kReadChunk), deadline, ec);
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

asio::awaitable<bool> ClientSession::reply(Request& request, int status, std::string_view id, std::string_view message,
                                           bool close, std::string_view fields) {
    request.status = status;
    close = close || !request.keepAlive || worker_.state().draining.load();
    linger_ = linger_ || (close && status >= 400 && status < 500); // the client may still be sending
    if (request.requestId.empty()) {
        // Before a route (and its chain) is known, request_id as a default filter still
        // decides whether the client's id is kept.
        const filters::FilterSwitch* requestIdFilter = worker_.state().filters->findSwitch("request_id");
        const bool keep = requestIdFilter && requestIdFilter->enabled.load(std::memory_order_relaxed) &&
                          isValidRequestId(request.incomingRequestId);
        request.requestId = keep ? std::string(request.incomingRequestId) : newRequestId();
    }
    std::string extra(fields);
    if (request.chain) { // the route's after filters see the gateway's own answers too
        filters::RequestContext& context = request.context;
        if (!request.afterFiltersRan) {
            context.status = status;
            context.response = nullptr;
            request.chain->runAfter(context);
            request.afterFiltersRan = true;
        }
        appendFilterFields(extra, context);
    }
    const std::string answer = localReply(status, id, message, request.requestId, close, extra, request.method == "HEAD");
    request.bytesOut += answer.size();
    const bool written = co_await writeClient(answer);
    co_return written && !close;
}

asio::awaitable<ClientSession::ReadHead> ClientSession::readHead(Request& request) {
    const Limits& limits = worker_.state().config.limits;
    const http::HeadLimits headLimits{limits.maxHeadBytes, limits.maxRequestLine, limits.maxHeaders};
    http::RequestHead& head = request.parsed;
    http::HeadError error;
    Clock::time_point headDeadline{};
    // Only CRLFs left over (allowed between requests) still count as waiting.
    const std::string_view pending = view(buffer_);
    idle_ = pending.find_first_not_of("\r\n") == std::string_view::npos;
    if (!idle_) headDeadline = worker_.watchdog().now() + milliseconds(limits.headerTimeoutMs); // a head has begun
    while (true) {
        if (buffer_.size() > 0) {
            const http::ParseStatus status = http::parseRequestHead(view(buffer_), headLimits, head, error);
            if (status == http::ParseStatus::complete) {
                request.bytesIn = head.size;
                break;
            }
            if (status == http::ParseStatus::error) {
                request.cause = Termination::badRequest;
                co_await reply(request, error.status, "bad_request", error.reason, true);
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
                co_await reply(request, 408, "request_timeout", "the request head did not arrive in time", true);
                co_return ReadHead::replied;
            }
            co_return ReadHead::closed; // the client left, or an idle keep-alive connection expired
        }
        buffer_.commit(n);
        if (idle_ && view(buffer_).find_first_not_of("\r\n") != std::string_view::npos) {
            idle_ = false;
            headDeadline = worker_.watchdog().now() + milliseconds(limits.headerTimeoutMs);
        }
    }

    request.started = std::chrono::steady_clock::now();
    request.startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (const http::HeaderField* incoming = head.find("x-request-id")) request.incomingRequestId = incoming->value;
    request.method.assign(head.method);
    auto framing = http::requestFraming(head, error);
    const auto form = framing ? http::checkTargetForm(head.method, head.target, error) : std::nullopt;
    if (!framing || !form) {
        request.cause = Termination::badRequest;
        co_await reply(request, error.status, error.status == 501 ? "not_implemented" : "bad_request", error.reason, true);
        co_return ReadHead::replied;
    }
    if (*form == http::TargetForm::asteriskOptions && framing->kind == http::BodyFraming::Kind::none) {
        // OPTIONS * asks about the server, not a resource: no backend can answer for
        // all of them, so the gateway does (docs/gateway.md), and nothing is routed.
        request.target = "*";
        request.status = 200;
        request.keepAlive = keepsAlive(head.minorVersion, head.combined("connection"));
        buffer_.consume(head.size);
        const bool close = !request.keepAlive || worker_.state().draining.load();
        const std::string_view answer = close ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"sv
                                              : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"sv;
        request.bytesOut = answer.size();
        co_return co_await writeClient(answer) && !close ? ReadHead::answered : ReadHead::replied;
    }
    // Everything the request needs is copied out: the buffer will be reused for the body.
    request.minorVersion = head.minorVersion;
    request.framing = *framing;
    std::string_view target = head.target;
    std::string_view host = head.find("host") ? head.find("host")->value : std::string_view{};
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.size() > scheme.size() && http::equalsIgnoreCase(target.substr(0, scheme.size()), scheme)) {
            // Absolute form (RFC 9112 §3.2.2): the authority replaces Host.
            const std::string_view rest = target.substr(scheme.size());
            const std::size_t slash = std::min(rest.find_first_of("/?"), rest.size());
            host = rest.substr(0, slash);
            target = slash < rest.size() ? rest.substr(slash) : std::string_view("/");
        }
    }
    if (target.front() == '?') request.target.push_back('/'); // target is empty here; assigning a literal trips GCC 12 -Wrestrict at -O3
    request.target.append(target);
    request.host.assign(host);
    const std::string connectionValue = head.combined("connection"); // every Connection field counts
    request.keepAlive = keepsAlive(head.minorVersion, connectionValue);
    if (const http::HeaderField* expect = head.find("expect"); expect && head.minorVersion == 1) {
        request.expectContinue = http::equalsIgnoreCase(expect->value, "100-continue"); // never to HTTP/1.0 (RFC 9110 §15.2)
    }
    if (const http::HeaderField* refused = sortClientFields(head, connectionValue, worker_.state().config.limits.underscoreAction,
                                                             request.forwardedFields, request.clientRequestIdField)) {
        request.cause = Termination::badRequest;
        co_await reply(request, 400, "bad_request",
                       fmt::format("header field '{}' is refused: {}", refused->name,
                                   refused->name.find('_') != std::string_view::npos &&
                                           worker_.state().config.limits.underscoreAction == http::UnderscoreAction::reject
                                       ? "this gateway accepts no '_' in field names"
                                       : "read with '_' as '-' it names a field only the gateway sets"),
                       true);
        co_return ReadHead::replied;
    }
    // The head's views stay valid until the next read into the buffer (flat_buffer moves
    // bytes only in prepare): the filters read them before any body is.
    buffer_.consume(head.size);
    co_return ReadHead::ok;
}

asio::awaitable<bool> ClientSession::handle(Request& request) {
    // Requests in progress: counted from here to the trail record (recordTrail).
    worker_.state().metrics->active->Increment();
    struct Done {
        prometheus::Gauge& active;
        ~Done() { active.Decrement(); }
    } done{*worker_.state().metrics->active};
    // The request keeps this snapshot (table and health) to its end, whatever reloads.
    request.snapshot = worker_.snapshot();
    const routing::RouteEntry* route = nullptr;
    if (request.snapshot) {
        const routing::RouteRequest routeRequest = routing::makeRouteRequest(request.method, request.host, request.target);
        route = request.snapshot->table->find(routeRequest);
    }
    const bool hasBody = request.framing.kind != http::BodyFraming::Kind::none;
    if (!route) {
        request.cause = Termination::noRoute;
        co_return co_await reply(request, 404, "not_found",
                                 fmt::format("no route for {} {}{}", request.method, request.host,
                                             request.target.substr(0, request.target.find('?'))),
                                 hasBody); // an unread body leaves the connection unusable
    }
    // The route's chain; its after filters also see the gateway's own answers from here on.
    request.route = route;
    request.chain = request.snapshot->chain(*route);
    if (request.chain) {
        filters::RequestContext& context = request.context;
        context.method = request.method;
        context.host = request.host;
        context.target = request.target;
        context.path = std::string_view(request.target).substr(0, request.target.find('?'));
        context.clientIp = clientIp_;
        context.secure = client_.secure();
        context.head = &request.parsed;
        context.route = route;
        context.glue = &worker_.glue();
        context.counters = worker_.sharedCounters();
    }
    const Limits& limits = worker_.state().config.limits;
    request.bodyLimit = route->route().maxBodyBytes.value_or(limits.maxBodyBytes);
    if (request.framing.kind == http::BodyFraming::Kind::length && request.bodyLimit != 0 &&
        request.framing.length > request.bodyLimit) {
        request.cause = Termination::bodyTooLarge;
        co_return co_await reply(request, 413, "payload_too_large",
                                 fmt::format("the request body is {} bytes; this route accepts at most {}",
                                             request.framing.length, request.bodyLimit),
                                 true);
    }
    // Filters run before any body is read: a 401 or 429 comes before 100 Continue.
    if (request.chain && !request.chain->empty()) {
        filters::RequestContext& context = request.context;
        std::optional<filters::LocalReply> stop;
        if (request.chain->hasAsync()) stop = co_await request.chain->runBeforeAsync(context);
        else stop = request.chain->runBefore(context);
        request.requestId.swap(context.requestId); // the filters are done with it; both keep their capacity
        context.head = nullptr; // its views die when the body is read: after filters see the response only
        if (stop) {
            request.cause = Termination::filterDenied;
            co_return co_await reply(request, stop->status, stop->id, stop->message, hasBody, stop->fields);
        }
    }
    if (request.requestId.empty()) request.requestId = newRequestId();
    if (request.expectContinue && hasBody) {
        if (!co_await writeClient("HTTP/1.1 100 Continue\r\n\r\n")) co_return false;
    }
    co_return co_await proxy(request, *route);
}

// One row of the trail for the request that just ended, handed to the writer's queue
// (never waits for disk; a full queue drops and counts).
void ClientSession::recordTrail(Request& request) {
    TrailWriter* trail = worker_.state().trail.get();
    const auto now = std::chrono::steady_clock::now();
    if (request.startedMs == 0) { // refused before its head was complete (408, 431, ...)
        request.started = now;
        request.startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    TrailEntry record;
    record.timeMs = request.startedMs;
    record.requestId = request.requestId;
    record.method = request.method;
    record.host = request.host;
    const std::string_view target = request.target;
    record.path = target.substr(0, target.find('?'));
    if (request.route) {
        record.service = request.route->serviceName();
        record.route = request.route->jsonPath();
    }
    record.destination = request.destination;
    record.status = request.status;
    record.termination = terminationName(request.cause);
    record.durationUs = std::chrono::duration_cast<std::chrono::microseconds>(now - request.started).count();
    for (const filters::FilterRecord& f : request.context.records) record.filtersUs += f.micros;
    record.connectUs = request.connectUs;
    record.ttfbUs = request.ttfbUs;
    record.bytesIn = request.bytesIn;
    record.bytesOut = request.bytesOut;
    record.clientIp = clientIp_;
    if (request.context.identity) record.userId = request.context.identity->userId;
    record.filters = request.context.records;
    worker_.metrics().record(record);
    if (trail) trail->submit(record);
}

// One gathered write: `prefix` (a head not sent yet), the body pieces (as one chunk when
// `chunked`), then `suffix` (the last chunk). Fewer writes, fewer system calls and
// packets: a small response leaves in one.
asio::awaitable<boost::system::error_code> writePieces(TimedSocket& socket, Clock::time_point deadline,
                                                       std::string_view prefix, const std::vector<std::string_view>& pieces,
                                                       bool chunked, std::string_view suffix = {}) {
    std::size_t total = 0;
    for (std::string_view piece : pieces) total += piece.size();
    boost::container::small_vector<asio::const_buffer, 8> buffers;
    if (!prefix.empty()) buffers.emplace_back(prefix.data(), prefix.size());
    std::string chunkHeader;
    if (total > 0) {
        if (chunked) {
            chunkHeader = fmt::format("{:x}\r\n", total);
            buffers.emplace_back(chunkHeader.data(), chunkHeader.size());
        }
        for (std::string_view piece : pieces) {
            if (!piece.empty()) buffers.emplace_back(piece.data(), piece.size());
        }
        if (chunked) buffers.emplace_back("\r\n", 2);
    }
    if (!suffix.empty()) buffers.emplace_back(suffix.data(), suffix.size());
    boost::system::error_code ec;
    if (!buffers.empty()) co_await socket.writeAll(buffers, deadline, ec);
    co_return ec;
}

asio::awaitable<ClientSession::BodyResult> ClientSession::streamRequestBody(Request& request, UpstreamConnection& upstream,
                                                                          std::string_view head) {
    const milliseconds bodyTimeout(worker_.state().config.limits.bodyTimeoutMs);
    const bool chunked = request.framing.kind == http::BodyFraming::Kind::chunked;
    std::uint64_t remaining = request.framing.length;
    std::uint64_t total = 0;
    http::ChunkedDecoder decoder;
    std::vector<std::string_view> pieces;
    while (true) {
        pieces.clear();
        std::size_t used = 0;
        if (chunked) {
            used = decoder.decode(view(buffer_), pieces);
            if (decoder.failed()) co_return BodyResult::badBody;
            for (std::string_view piece : pieces) total += piece.size();
            if (request.bodyLimit != 0 && total > request.bodyLimit) co_return BodyResult::tooLarge;
        } else {
            used = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffer_.size()));
            if (used > 0) pieces.push_back(view(buffer_).substr(0, used));
            remaining -= used;
        }
        const bool done = chunked ? decoder.done() : remaining == 0;
        if (co_await writePieces(upstream.socket, worker_.watchdog().now() + bodyTimeout, head, pieces, chunked,
                                 done && chunked ? "0\r\n\r\n" : "")) {
            co_return BodyResult::upstreamFailed;
        }
        head = {};
        request.bytesIn += used;
        buffer_.consume(used);
        if (done) break;
        boost::system::error_code ec;
        const std::size_t n = co_await client_.readSome(buffer_.prepare(kReadChunk), worker_.watchdog().now() + bodyTimeout, ec);
        if (ec) co_return BodyResult::clientFailed;
        buffer_.commit(n);
    }
    co_return BodyResult::ok;
}

void ClientSession::buildUpstreamHead(Request& request) const {
    std::string& head = request.upstreamHead; // plain appends: this runs for every request
    head.append(request.method).append(" "sv).append(request.target).append(" HTTP/1.1\r\nHost: "sv).append(request.host);
    head.append("\r\n"sv).append(request.forwardedFields).append(request.context.upstreamFields);
    head.append("X-Forwarded-For: "sv).append(clientIp_);
    head.append("\r\nX-Forwarded-Proto: "sv).append(client_.secure() ? "https" : "http");
    head.append("\r\nX-Forwarded-Host: "sv).append(request.host).append("\r\n"sv);
    if (request.context.propagateRequestId) head.append("X-Request-Id: "sv).append(request.requestId).append("\r\n"sv);
    else head.append(request.clientRequestIdField); // not the gateway's business then: passed as it came
    if (request.framing.kind == http::BodyFraming::Kind::length) {
        fmt::format_to(std::back_inserter(head), "Content-Length: {}\r\n", request.framing.length);
    }
    if (request.framing.kind == http::BodyFraming::Kind::chunked) head += "Transfer-Encoding: chunked\r\n";
    head += "\r\n";
}

asio::awaitable<bool> ClientSession::proxy(Request& request, const routing::RouteEntry& route) {
    GatewayState& state = worker_.state();
    const config::ServiceConfig& service = *route.service;
    const bool hasBody = request.framing.kind != http::BodyFraming::Kind::none;
    const bool idempotent = isIdempotent(request.method);
    const milliseconds connectTimeout(state.config.limits.upstreamConnectTimeoutMs);

    buildUpstreamHead(request);
    const std::string& head = request.upstreamHead;

    // Pick a destination; on a connect failure (nothing of the request has left) an
    // idempotent request moves on to the next one. A pooled connection that turns out
    // dead before any byte of a response comes back is replaced once by a fresh one,
    // when the request can be sent again (no body).
    const std::size_t count = service.destinations.size();
    const std::size_t first = worker_.nextDestination(request.snapshot->serviceIndex(&service));
    const auto& health = *request.snapshot->destinations(&service);
    const int passiveThreshold = service.healthCheck ? service.healthCheck->maxFailedAttempts : kPassiveThresholdWithoutChecks;
    const auto recordTraffic = [&](std::size_t index, bool failure) {
        health[index]->recordTraffic(failure, passiveThreshold, service.healthCheck.has_value());
    };
    std::string lastError;
    bool triedAny = false;
    bool overflowed = false;
    for (std::size_t attempt = 0; attempt < count && !closing_; ++attempt) {
        const std::size_t index = (first + attempt) % count;
        if (!health[index]->available()) continue;
        triedAny = true;
        const std::string& destination = service.destinations[index].host;
        const bool https = service.destinations[index].scheme == "https";
        request.destination = destination;
        for (int fresh = 0; fresh < 2; ++fresh) {
            std::unique_ptr<UpstreamConnection> upstream = fresh == 0 ? worker_.pool().takeIdle(destination, https) : nullptr;
            if (!upstream && worker_.pool().openConnections(destination) >= service.maxConnections) {
                overflowed = true; // a new connection would pass the service's bound: the next destination, or 503
                break;
            }
            if (!upstream) {
                boost::system::error_code ec;
                const auto connecting = std::chrono::steady_clock::now();
                upstream = co_await worker_.pool().connect(destination, connectTimeout, ec,
                                                           https ? state.upstreamTls.get() : nullptr, &state.destinationPolicy);
                request.connectUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - connecting).count();
                if (!upstream) {
                    lastError = fmt::format("connecting to {}: {}", destination, ec.message());
                    recordTraffic(index, true);
                    break; // to the next destination, if the request may go there
                }
            }
            const bool reused = upstream->reused;
            boost::system::error_code writeError;
            if (!hasBody) { // with a body, the head leaves with its first piece
                const asio::const_buffer headBuffer = asio::buffer(head);
                co_await upstream->socket.writeAll({&headBuffer, 1}, worker_.watchdog().now() + std::chrono::seconds(service.timeoutSeconds),
                                                   writeError);
            }
            if (writeError) {
                if (reused && !hasBody && !closing_) continue; // stale pooled connection: try a fresh one
                recordTraffic(index, true);
                request.cause = Termination::upstreamReset;
                co_return co_await reply(request, 502, "upstream_reset",
                                         fmt::format("{} closed the connection", destination), hasBody);
            }
            if (hasBody) {
                const BodyResult body = co_await streamRequestBody(request, *upstream, head);
                switch (body) {
                case BodyResult::ok: break;
                case BodyResult::clientFailed:
                    request.cause = Termination::clientAborted;
                    co_return false;
                case BodyResult::upstreamFailed:
                    recordTraffic(index, true);
                    request.cause = Termination::upstreamReset;
                    co_return co_await reply(request, 502, "upstream_reset",
                                             fmt::format("{} closed the connection during the request body", destination),
                                             true);
                case BodyResult::badBody:
                    request.cause = Termination::badRequest;
                    co_return co_await reply(request, 400, "bad_request", "malformed chunked request body", true);
                case BodyResult::tooLarge:
                    request.cause = Termination::bodyTooLarge;
                    co_return co_await reply(request, 413, "payload_too_large",
                                             fmt::format("the request body exceeds this route's limit of {} bytes",
                                                         request.bodyLimit),
                                             true);
                }
            }
            bool upstreamFailed = false;
            request.sentAt = std::chrono::steady_clock::now();
            const bool keepAlive = co_await relayResponse(request, route, std::move(upstream), upstreamFailed);
            if (upstreamFailed && reused && !hasBody && idempotent && request.status == 0 && !closing_) continue;
            recordTraffic(index, request.status == 502); // connect failures and 502s, as the brief says
            co_return keepAlive;
        }
        if (!idempotent) break;
    }
    if (overflowed && lastError.empty()) {
        request.cause = Termination::upstreamOverflow;
        co_return co_await reply(request, 503, "upstream_overflow",
                                 fmt::format("service '{}' has {} connections open to each destination (max_connections)",
                                             service.name, service.maxConnections),
                                 hasBody);
    }
    if (!triedAny) {
        request.cause = Termination::noHealthyUpstream;
        co_return co_await reply(request, 503, "no_healthy_upstream",
                                 fmt::format("every destination of service '{}' is unhealthy", service.name), hasBody);
    }
    request.cause = Termination::upstreamConnectFailed;
    spdlog::warn("{} {}: upstream_connect_failed ({})", service.name, request.requestId, lastError);
    co_return co_await reply(request, 502, "upstream_connect_failed",
                             fmt::format("could not connect to service '{}'", service.name), hasBody);
}

asio::awaitable<bool> ClientSession::relayResponse(Request& request, const routing::RouteEntry& route,
                                                   std::unique_ptr<UpstreamConnection> upstream, bool& upstreamFailed) {
    GatewayState& state = worker_.state();
    const config::ServiceConfig& service = *route.service;
    const Limits& limits = state.config.limits;
    const milliseconds bodyTimeout(limits.bodyTimeoutMs);
    const http::HeadLimits headLimits{64 * 1024, 8 * 1024, 256};
    const bool requestWasHead = request.method == "HEAD";
    UpstreamConnection& up = *upstream;

    // The response head, within the service timeout; informational responses skipped.
    http::ResponseHead& head = request.upstreamParsed;
    http::HeadError error;
    const auto deadline = worker_.watchdog().now() + std::chrono::seconds(service.timeoutSeconds);
    while (true) {
        http::ParseStatus status = http::ParseStatus::incomplete;
        if (up.buffer.size() > 0) status = http::parseResponseHead(view(up.buffer), headLimits, head, error);
        if (status == http::ParseStatus::complete) {
            if (head.status >= 200) break;
            if (head.status == 101) {
                status = http::ParseStatus::error;
                error.reason = "101 Switching Protocols to a request that asked for no upgrade";
            } else {
                up.buffer.consume(head.size); // 100 Continue, 103 Early Hints
                continue;
            }
        }
        if (status == http::ParseStatus::error) {
            request.cause = Termination::upstreamProtocolError;
            spdlog::warn("{} {}: upstream_protocol_error from {}: {}", service.name, request.requestId, up.key, error.reason);
            co_return co_await reply(request, 502, "upstream_protocol_error",
                                     fmt::format("service '{}' sent an invalid response", service.name), false);
        }
        boost::system::error_code ec;
        const std::size_t n = co_await up.socket.readSome(up.buffer.prepare(kReadChunk), deadline, ec); // head and body often arrive together
        if (ec) {
            if (ec == asio::error::timed_out) {
                request.cause = Termination::upstreamTimeout;
                co_return co_await reply(request, 504, "upstream_timeout",
                                         fmt::format("service '{}' did not answer within {} s", service.name,
                                                     service.timeoutSeconds),
                                         false);
            }
            if (up.buffer.size() == 0 && up.reused) {
                upstreamFailed = true; // the caller may retry on a fresh connection
                if (request.framing.kind == http::BodyFraming::Kind::none && isIdempotent(request.method)) co_return false;
            }
            request.cause = Termination::upstreamReset;
            co_return co_await reply(request, 502, "upstream_reset",
                                     fmt::format("service '{}' closed the connection without a response", service.name),
                                     false);
        }
        up.buffer.commit(n);
    }
    auto framing = http::responseFraming(head, requestWasHead, error);
    if (!framing) {
        request.cause = Termination::upstreamProtocolError;
        spdlog::warn("{} {}: upstream_protocol_error from {}: {}", service.name, request.requestId, up.key, error.reason);
        co_return co_await reply(request, 502, "upstream_protocol_error",
                                 fmt::format("service '{}' sent an invalid response", service.name), false);
    }

    // Our own head for the client: upstream fields minus hop-by-hop ones, our framing.
    const std::string connectionValue = head.combined("connection");
    const bool upstreamKeepAlive = keepsAlive(head.minorVersion, connectionValue);
    const bool clientChunked = request.minorVersion == 1;
    bool closeClient = !request.keepAlive || state.draining.load();
    filters::RequestContext& context = request.context;
    if (request.chain) {
        context.status = head.status;
        context.response = &head;
        request.chain->flagShadowMismatches(context, head.status);
        request.chain->runAfter(context);
        request.afterFiltersRan = true;
    }
    const bool ownsRequestId = context.propagateRequestId;
    const bool ownsRateLimit = context.rateLimit.limit > 0;
    std::string& out = request.clientHead;
    out.append("HTTP/1.1 "sv).append(std::to_string(head.status)).append(" "sv).append(head.reason).append("\r\n"sv);
    for (const http::HeaderField& field : head.fields) {
        if (isManagedResponseField(field.name, connectionValue)) continue;
        if (ownsRequestId && http::equalsIgnoreCase(field.name, "x-request-id")) continue;
        if (ownsRateLimit && isRateLimitField(field.name)) continue;
        out.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
    }
    if (ownsRequestId) out.append("X-Request-Id: "sv).append(request.requestId).append("\r\n"sv);
    appendFilterFields(out, context);
    using Kind = http::BodyFraming::Kind;
    bool chunkedOut = false;
    switch (framing->kind) {
    case Kind::none:
        if (const http::HeaderField* length = head.find("content-length"); length && head.status != 204) {
            out += fmt::format("Content-Length: {}\r\n", length->value); // HEAD and 304 describe the body they omit
        } else if (head.status != 204 && head.status != 304 && !requestWasHead) {
            out += "Content-Length: 0\r\n";
        }
        break;
    case Kind::length: fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", framing->length); break;
    case Kind::chunked:
    case Kind::untilClose:
        if (clientChunked) {
            out += "Transfer-Encoding: chunked\r\n";
            chunkedOut = true;
        } else {
            closeClient = true; // an HTTP/1.0 client reads to the close
        }
        break;
    }
    if (closeClient) out += "Connection: close\r\n";
    else if (request.minorVersion == 0) out += "Connection: keep-alive\r\n";
    out += "\r\n";
    request.status = head.status;
    request.ttfbUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request.sentAt).count();
    up.buffer.consume(head.size);

    // The body, streamed: at most one read buffer in memory whatever its size. The head
    // goes out with the first piece.
    std::uint64_t remaining = framing->length;
    http::ChunkedDecoder decoder;
    std::vector<std::string_view> pieces;
    bool complete = false;
    while (true) {
        pieces.clear();
        std::size_t used = 0;
        if (framing->kind == Kind::none) {
            complete = true;
        } else if (framing->kind == Kind::chunked) {
            used = decoder.decode(view(up.buffer), pieces);
            if (decoder.failed()) {
                request.cause = Termination::upstreamProtocolError;
                co_return false; // mid-response: closing is the only signal left
            }
            complete = decoder.done();
        } else {
            used = framing->kind == Kind::length ? static_cast<std::size_t>(std::min<std::uint64_t>(remaining, up.buffer.size()))
                                                 : up.buffer.size();
            if (used > 0) pieces.push_back(view(up.buffer).substr(0, used));
            remaining -= framing->kind == Kind::length ? used : 0;
            complete = framing->kind == Kind::length && remaining == 0;
        }
        if (co_await writePieces(client_, worker_.watchdog().now() + bodyTimeout, out, pieces, chunkedOut,
                                 complete && chunkedOut ? "0\r\n\r\n" : "")) {
            request.cause = Termination::clientAborted;
            co_return false;
        }
        request.bytesOut += out.size();
        for (std::string_view piece : pieces) request.bytesOut += piece.size();
        out.clear();
        up.buffer.consume(used);
        if (complete) break;
        boost::system::error_code ec;
        const std::size_t n = co_await up.socket.readSome(up.buffer.prepare(kReadChunk), worker_.watchdog().now() + bodyTimeout, ec);
        if (ec) {
            if (framing->kind == Kind::untilClose && ec == asio::error::eof) {
                if (chunkedOut && !co_await writeClient("0\r\n\r\n")) request.cause = Termination::clientAborted;
                break;
            }
            request.cause = ec == asio::error::timed_out ? Termination::upstreamTimeout : Termination::upstreamReset;
            co_return false;
        }
        up.buffer.commit(n);
    }
    if (upstreamKeepAlive && framing->kind != Kind::untilClose) {
        worker_.pool().release(std::move(upstream), static_cast<std::size_t>(service.maxIdleConns));
    }
    co_return !closeClient;
}

} // namespace gatehouse::gateway
