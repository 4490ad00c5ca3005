#include "server/request_flow.h"

#include "server/downstream.h"

#include "common/text_util.h"
#include "core/routing/route_table.h"
#include "filters/filter_chain.h"
#include "http/client_fields.h"
#include "http/forwarding.h"
#include "observe/trail.h"
#include "proxy/upstream_pool.h"
#include "server/worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {


bool isIdempotent(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE";
}

} // namespace

void ActiveRequest::reset() {
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
    serverOptions = false;
    webSocket.reset();
    bodyLimit = 0;
    cause = Termination::completed;
    status = 0;
    snapshot.reset();
}

asio::awaitable<bool> RequestFlow::reply(ActiveRequest& request, int status, std::string_view id, std::string_view message,
                                           bool close, std::string_view fields) {
    request.status = status;
    close = close || !request.keepAlive || worker_.state().draining.load();
    if (request.requestId.empty()) {
        // Before a route (and its chain) is known, the default filters still decide
        // whether the client's id is kept.
        request.requestId = worker_.state().filters->unroutedRequestId(request.incomingRequestId);
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
        extra.append(context.responseFields);
    }
    co_return co_await down_.sendLocalReply(request, status, id, message, close, extra);
}

// The checks on a complete head, no I/O: its framing and target form, then what the
// request needs is copied out (acceptHead). OPTIONS * is marked for the gateway's answer.
std::optional<RequestFlow::HeadRefusal> RequestFlow::checkHead(ActiveRequest& request) {
    const http::RequestHead& head = request.parsed;
    http::HeadError error;
    request.started = std::chrono::steady_clock::now();
    request.startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (const http::HeaderField* incoming = head.find("x-request-id")) request.incomingRequestId = incoming->value;
    request.method.assign(head.method);
    auto framing = http::requestFraming(head, error);
    const auto form = framing ? http::checkTargetForm(head.method, head.target, error) : std::nullopt;
    if (!framing || !form) return HeadRefusal{error.status, error.status == 501 ? "not_implemented" : "bad_request", error.reason};
    if (*form == http::TargetForm::asteriskOptions && framing->kind == http::BodyFraming::Kind::none) {
        request.target.push_back('*'); // empty here; assigning a literal trips GCC 12 -Wrestrict at -O3
        request.serverOptions = true;
        request.keepAlive = http::keepsAlive(head.minorVersion, head.combined("connection"));
        return std::nullopt;
    }
    http::UpgradeCheck upgrade = http::checkWebSocketUpgrade(head, framing->kind != http::BodyFraming::Kind::none);
    if (upgrade.refusal) {
        return HeadRefusal{upgrade.refusal->status, upgrade.refusal->status == 426 ? "upgrade_required" : "bad_websocket_handshake",
                           std::move(upgrade.refusal->reason), std::move(upgrade.refusal->fields)};
    }
    request.webSocket = std::move(upgrade.request);
    if (std::optional<std::string> refused = acceptHead(request, *framing)) return HeadRefusal{400, "bad_request", std::move(*refused)};
    return std::nullopt;
}

// Copies out of the head what the request needs (the buffer will be reused for the
// body); why a field is refused, if one is.
std::optional<std::string> RequestFlow::acceptHead(ActiveRequest& request, const http::BodyFraming& framing) {
    const http::RequestHead& head = request.parsed;
    request.minorVersion = head.minorVersion;
    request.framing = framing;
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
    request.keepAlive = http::keepsAlive(head.minorVersion, connectionValue);
    if (const http::HeaderField* expect = head.find("expect"); expect && head.minorVersion == 1) {
        request.expectContinue = http::equalsIgnoreCase(expect->value, "100-continue"); // never to HTTP/1.0 (RFC 9110 §15.2)
    }
    if (const http::HeaderField* refused = http::sortClientFields(head, connectionValue, worker_.state().config.limits.underscoreAction,
                                                             request.forwardedFields, request.clientRequestIdField)) {
        const bool underscore = refused->name.find('_') != std::string_view::npos &&
                                worker_.state().config.limits.underscoreAction == http::UnderscoreAction::reject;
        return fmt::format("header field '{}' is refused: {}", refused->name,
                           underscore ? "this gateway accepts no '_' in field names"
                                      : "read with '_' as '-' it names a field only the gateway sets");
    }
    return std::nullopt;
}

// The route's chain and what its filters see; its after filters also see the gateway's
// own answers from here on.
void RequestFlow::startRoute(ActiveRequest& request, const routing::RouteEntry& route) {
    request.route = &route;
    request.chain = request.snapshot->chain(route);
    if (!request.chain) return;
    filters::RequestContext& context = request.context;
    context.method = request.method;
    context.host = request.host;
    context.target = request.target;
    context.path = std::string_view(request.target).substr(0, request.target.find('?'));
    context.clientIp = down_.clientIp();
    context.secure = down_.secure();
    context.head = &request.parsed;
    context.route = &route;
    context.glue = &worker_.glue();
    context.counters = worker_.sharedCounters();
}

asio::awaitable<bool> RequestFlow::handle(ActiveRequest& request) {
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
    startRoute(request, *route);
    const Limits& limits = worker_.state().config.limits;
    if (request.webSocket) {
        // Only a route that says so is upgraded; any other answers at once, never half-upgraded.
        if (!route->route().websocket) {
            request.cause = Termination::badRequest;
            co_return co_await reply(request, 400, "websocket_not_enabled",
                                     fmt::format("{} of service '{}' does not accept WebSocket upgrades (\"websocket\": true)",
                                                 route->jsonPath(), route->serviceName()),
                                     true);
        }
        if (worker_.state().openWebSockets.load() >= limits.maxWebSockets) {
            worker_.state().refusedWebSockets.fetch_add(1);
            request.cause = Termination::upstreamOverflow;
            co_return co_await reply(request, 503, "too_many_websockets",
                                     fmt::format("this gateway relays {} WebSocket tunnels already (limits.max_websockets)", limits.maxWebSockets),
                                     true, "Retry-After: 5\r\n");
        }
    }
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
        if (!co_await down_.sendContinue()) co_return false;
    }
    co_return co_await proxy(request, *route);
}

// One row of the trail for the request that just ended, handed to the writer's queue
// (never waits for disk; a full queue drops and counts).
void RequestFlow::recordTrail(ActiveRequest& request) {
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
    record.clientIp = down_.clientIp();
    if (request.context.identity) record.userId = request.context.identity->userId;
    record.filters = request.context.records;
    record.protocol = down_.protocol(request);
    if (request.status == 101 && request.ttfbUs >= 0) {
        // A tunnel's metrics and series time its handshake; its trail row keeps how long it lasted.
        const std::int64_t lasted = record.durationUs;
        record.durationUs = request.ttfbUs;
        worker_.metrics().record(record);
        record.durationUs = lasted;
    } else {
        worker_.metrics().record(record);
    }
    if (trail) trail->submit(record);
}

struct RequestFlow::Connected {
    std::unique_ptr<UpstreamConnection> connection;
    bool overflowed = false; // the service's max_connections to this destination are open
    std::string error;       // why connecting failed
};

// How one exchange with one upstream connection ended.
struct RequestFlow::Relayed {
    bool keepAlive = false; // the client connection goes on
    // A pooled connection found dead before anything of the response came back, with a
    // request that may go again: the caller retries on a fresh connection.
    bool stale = false;
    std::optional<bool> failed; // what the exchange says of the destination (nothing when the client is to blame)
};

void RequestFlow::buildUpstreamHead(ActiveRequest& request) const {
    http::UpstreamRequest upstream;
    upstream.method = request.method;
    upstream.target = request.target;
    upstream.host = request.host;
    upstream.forwardedFields = request.forwardedFields;
    upstream.filterFields = request.context.upstreamFields;
    upstream.clientIp = down_.clientIp();
    upstream.secure = down_.secure();
    if (request.context.propagateRequestId) upstream.requestId = request.requestId;
    upstream.clientRequestIdFields = request.clientRequestIdField;
    upstream.framing = request.framing;
    upstream.webSocket = request.webSocket.has_value();
    http::appendUpstreamHead(upstream, request.upstreamHead);
}

// The request's head, and its body if it has one, to the upstream. Nothing when all of
// it went; otherwise how the exchange ended (the client has had its answer, if any).
asio::awaitable<std::optional<RequestFlow::Relayed>> RequestFlow::sendRequest(ActiveRequest& request, UpstreamConnection& upstream,
                                                                                   const config::ServiceConfig& service) {
    const std::string& head = request.upstreamHead;
    if (request.framing.kind == http::BodyFraming::Kind::none) { // with a body, the head leaves with its first piece
        const asio::const_buffer headBuffer = asio::buffer(head);
        boost::system::error_code ec;
        co_await upstream.socket.writeAll({&headBuffer, 1}, worker_.watchdog().now() + std::chrono::seconds(service.timeoutSeconds), ec);
        if (!ec) co_return std::nullopt;
        if (upstream.reused && !down_.closing()) co_return Relayed{.stale = true}; // nothing of it arrived: a fresh connection
        request.cause = Termination::upstreamReset;
        const bool keep = co_await reply(request, 502, "upstream_reset", fmt::format("{} closed the connection", upstream.key), false);
        co_return Relayed{keep, false, true};
    }
    const Pumped body = co_await down_.sendRequestBody(request, upstream.socket, head);
    request.bytesIn += body.bytesRead;
    if (body.status == Pumped::Status::complete) co_return std::nullopt;
    if (body.status == Pumped::Status::readFailed) {
        request.cause = Termination::clientAborted;
        co_return Relayed{};
    }
    co_return co_await refuseBody(request, body.status, upstream.key);
}

// A request body that could not go: the upstream closed during it, or it broke its
// framing or its limit. The connection closes after the answer.
asio::awaitable<RequestFlow::Relayed> RequestFlow::refuseBody(ActiveRequest& request, Pumped::Status status, std::string_view destination) {
    if (status == Pumped::Status::writeFailed) {
        request.cause = Termination::upstreamReset;
        const bool keep = co_await reply(request, 502, "upstream_reset",
                                         fmt::format("{} closed the connection during the request body", destination), true);
        co_return Relayed{keep, false, true};
    }
    if (status == Pumped::Status::badFraming) {
        request.cause = Termination::badRequest;
        const bool keep = co_await reply(request, 400, "bad_request", "malformed chunked request body", true);
        co_return Relayed{keep};
    }
    request.cause = Termination::bodyTooLarge;
    const bool keep = co_await reply(request, 413, "payload_too_large",
                                     fmt::format("the request body exceeds this route's limit of {} bytes", request.bodyLimit), true);
    co_return Relayed{keep};
}

// A new upstream connection to destination `index`, or why there is none.
asio::awaitable<RequestFlow::Connected> RequestFlow::connectUpstream(ActiveRequest& request, const config::ServiceConfig& service,
                                                                         std::size_t index) {
    GatewayState& state = worker_.state();
    const std::string& destination = service.destinations[index].host;
    const bool https = service.destinations[index].scheme == "https";
    Connected out;
    if (worker_.pool().openConnections(destination) >= service.maxConnections) {
        out.overflowed = true; // a new connection would pass the service's bound: the next destination, or 503
        co_return out;
    }
    boost::system::error_code ec;
    const auto connecting = std::chrono::steady_clock::now();
    out.connection = co_await worker_.pool().connect(destination, milliseconds(state.config.limits.upstreamConnectTimeoutMs), ec,
                                                     https ? state.upstreamTls.get() : nullptr, &state.destinationPolicy);
    request.connectUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - connecting).count();
    if (!out.connection) out.error = fmt::format("connecting to {}: {}", destination, ec.message());
    co_return out;
}

asio::awaitable<bool> RequestFlow::proxy(ActiveRequest& request, const routing::RouteEntry& route) {
    const config::ServiceConfig& service = *route.service;
    const bool idempotent = isIdempotent(request.method);
    buildUpstreamHead(request);

    // Pick a destination; on a connect failure (nothing of the request has left) an
    // idempotent request moves on to the next one. A pooled connection that turns out
    // dead before any byte of a response comes back is replaced once by a fresh one,
    // when the request can be sent again (no body).
    const std::size_t count = service.destinations.size();
    const std::size_t first = worker_.nextDestination(request.snapshot->serviceIndex(&service));
    const auto& health = *request.snapshot->destinations(&service);
    const int passiveThreshold = service.healthCheck ? service.healthCheck->maxFailedAttempts : kPassiveThresholdWithoutChecks;
    std::string lastError;
    bool triedAny = false, overflowed = false;
    for (std::size_t attempt = 0; attempt < count && !down_.closing(); ++attempt) {
        const std::size_t index = (first + attempt) % count;
        if (!health[index]->available()) continue;
        triedAny = true;
        request.destination = service.destinations[index].host;
        for (int fresh = 0; fresh < 2; ++fresh) {
            const bool https = service.destinations[index].scheme == "https";
            Connected connected{fresh == 0 ? worker_.pool().takeIdle(service.destinations[index].host, https) : nullptr};
            if (!connected.connection) connected = co_await connectUpstream(request, service, index);
            overflowed = overflowed || connected.overflowed;
            if (!connected.connection) {
                if (!connected.error.empty()) {
                    lastError = std::move(connected.error);
                    health[index]->recordTraffic(true, passiveThreshold, service.healthCheck.has_value());
                }
                break; // to the next destination, if the request may go there
            }
            // One exchange on this connection: the request sent, then its response relayed.
            std::optional<Relayed> exchanged = co_await sendRequest(request, *connected.connection, service);
            if (!exchanged) {
                request.sentAt = std::chrono::steady_clock::now();
                exchanged = co_await relayResponse(request, route, std::move(connected.connection));
            }
            if (exchanged->stale && !down_.closing()) continue;
            if (exchanged->failed) health[index]->recordTraffic(*exchanged->failed, passiveThreshold, service.healthCheck.has_value());
            co_return exchanged->keepAlive;
        }
        if (!idempotent) break;
    }
    co_return co_await refuseUnsent(request, service, overflowed && lastError.empty(), triedAny, lastError);
}

// No destination took the request: 503 when the service was full or every destination
// unhealthy, 502 when none could be connected to.
asio::awaitable<bool> RequestFlow::refuseUnsent(ActiveRequest& request, const config::ServiceConfig& service, bool overflowed,
                                                  bool triedAny, const std::string& lastError) {
    const bool hasBody = request.framing.kind != http::BodyFraming::Kind::none;
    if (overflowed) {
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
    co_return co_await reply(request, 502, "upstream_connect_failed", fmt::format("could not connect to service '{}'", service.name),
                             hasBody);
}

// The response head, within the service timeout; informational responses skipped. On
// anything but a head the client has had its answer (or the exchange is stale).
asio::awaitable<std::optional<RequestFlow::Relayed>> RequestFlow::readResponseHead(ActiveRequest& request,
                                                                                        const config::ServiceConfig& service,
                                                                                        UpstreamConnection& up) {
    const http::HeadLimits headLimits{64 * 1024, 8 * 1024, 256};
    http::ResponseHead& head = request.upstreamParsed;
    http::HeadError error;
    const auto deadline = worker_.watchdog().now() + std::chrono::seconds(service.timeoutSeconds);
    while (true) {
        http::ParseStatus status = http::ParseStatus::incomplete;
        if (up.buffer.size() > 0) status = http::parseResponseHead(bufferView(up.buffer), headLimits, head, error);
        if (status == http::ParseStatus::complete) {
            if (head.status >= 200 || (head.status == 101 && request.webSocket)) co_return std::nullopt;
            if (head.status != 101) {
                up.buffer.consume(head.size); // 100 Continue, 103 Early Hints
                continue;
            }
            status = http::ParseStatus::error;
            error.reason = "101 Switching Protocols to a request that asked for no upgrade";
        }
        if (status == http::ParseStatus::error) co_return co_await refuseResponse(request, service, up, error.reason);
        boost::system::error_code ec;
        const std::size_t n = co_await up.socket.readSome(up.buffer.prepare(kBodyReadChunk), deadline, ec); // head and body often arrive together
        if (ec == asio::error::timed_out) {
            request.cause = Termination::upstreamTimeout;
            const bool keep = co_await reply(request, 504, "upstream_timeout",
                                              fmt::format("service '{}' did not answer within {} s", service.name, service.timeoutSeconds),
                                              false);
        co_return Relayed{keep, false, false};
        }
        if (ec) {
            if (up.buffer.size() == 0 && up.reused && request.framing.kind == http::BodyFraming::Kind::none &&
                isIdempotent(request.method)) {
                co_return Relayed{.stale = true}; // the caller retries on a fresh connection
            }
            request.cause = Termination::upstreamReset;
            const bool keep = co_await reply(request, 502, "upstream_reset",
                                              fmt::format("service '{}' closed the connection without a response", service.name),
                                              false);
        co_return Relayed{keep, false, true};
        }
        up.buffer.commit(n);
    }
}

asio::awaitable<RequestFlow::Relayed> RequestFlow::refuseResponse(ActiveRequest& request, const config::ServiceConfig& service,
                                                                       const UpstreamConnection& up, std::string_view why) {
    request.cause = Termination::upstreamProtocolError;
    spdlog::warn("{} {}: upstream_protocol_error from {}: {}", service.name, request.requestId, up.key, why);
    const bool keep = co_await reply(request, 502, "upstream_protocol_error", fmt::format("service '{}' sent an invalid response", service.name),
                                      false);
        co_return Relayed{keep, false, true};
}

asio::awaitable<RequestFlow::Relayed> RequestFlow::relayResponse(ActiveRequest& request, const routing::RouteEntry& route,
                                                                      std::unique_ptr<UpstreamConnection> upstream) {
    const config::ServiceConfig& service = *route.service;
    UpstreamConnection& up = *upstream;
    const std::optional<Relayed> refused = co_await readResponseHead(request, service, up);
    if (refused) co_return *refused;
    const http::ResponseHead& head = request.upstreamParsed;
    if (head.status == 101) co_return co_await relayTunnel(request, route, up); // only asked for by a WebSocket handshake
    http::HeadError error;
    const auto framing = http::responseFraming(head, request.method == "HEAD", error);
    if (!framing) co_return co_await refuseResponse(request, service, up, error.reason);

    // Our own head for the client; its after filters see the response first.
    filters::RequestContext& context = request.context;
    if (request.chain) {
        context.status = head.status;
        context.response = &head;
        request.chain->flagShadowMismatches(context, head.status);
        request.chain->runAfter(context);
        request.afterFiltersRan = true;
    }
    const bool upstreamKeepAlive = http::keepsAlive(head.minorVersion, head.combined("connection"));
    request.status = head.status;
    request.ttfbUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request.sentAt).count();
    // The head (ours, from the service's) and the body, streamed; the codec writes them.
    const Downstream::ResponseSent sent = co_await down_.sendResponse(request, head, *framing, up);
    const Pumped& body = sent.body;
    request.bytesOut += body.bytesWritten;
    switch (body.status) {
    case Pumped::Status::complete: break;
    case Pumped::Status::writeFailed: request.cause = Termination::clientAborted; co_return Relayed{false, false, false};
    case Pumped::Status::badFraming: request.cause = Termination::upstreamProtocolError; co_return Relayed{false, false, false};
    case Pumped::Status::tooLarge: co_return Relayed{false, false, false}; // no limit on responses
    case Pumped::Status::readFailed: // mid-response: closing is the only signal left
        request.cause = body.readError == asio::error::timed_out ? Termination::upstreamTimeout : Termination::upstreamReset;
        co_return Relayed{false, false, false};
    }
    if (upstreamKeepAlive && framing->kind != http::BodyFraming::Kind::untilClose && !request.webSocket) {
        worker_.pool().release(std::move(upstream), static_cast<std::size_t>(service.maxIdleConns));
    }
    co_return Relayed{!sent.closeClient, false, false};
}

asio::awaitable<RequestFlow::Relayed> RequestFlow::relayTunnel(ActiveRequest& request, const routing::RouteEntry& route, UpstreamConnection& up) {
    const config::ServiceConfig& service = *route.service;
    const http::ResponseHead& head = request.upstreamParsed;
    if (const std::optional<std::string> wrong = http::checkWebSocketAnswer(head, *request.webSocket)) {
        co_return co_await refuseResponse(request, service, up, *wrong);
    }
    filters::RequestContext& context = request.context;
    if (request.chain) {
        context.status = head.status;
        context.response = &head;
        request.chain->runAfter(context);
        request.afterFiltersRan = true;
    }
    http::appendSwitchingHead(head, context.propagateRequestId ? std::string_view(request.requestId) : std::string_view(),
                              context.responseFields, request.clientHead);
    request.status = 101;
    request.ttfbUs = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request.sentAt).count();
    up.buffer.consume(head.size); // what is left are the service's first frames
    GatewayState& state = worker_.state();
    state.openWebSockets.fetch_add(1);
    const config::WebSocketRoute& limits = *route.route().websocket;
    TunnelLimits tunnel;
    tunnel.idle = std::chrono::seconds(limits.idleTimeoutSeconds);
    tunnel.maxDuration = std::chrono::seconds(limits.maxDurationSeconds);
    tunnel.drainGrace = std::chrono::milliseconds(state.config.limits.drainSeconds * 1000 / 2); // closed before the drain's end
    const TunnelResult result = co_await down_.tunnel(request.clientHead, up, tunnel);
    if (result.cause == Termination::clientAborted) { // the 101 did not reach the client
        state.openWebSockets.fetch_sub(1);
        request.cause = Termination::clientAborted;
        co_return Relayed{false, false, false};
    }
    request.bytesOut += request.clientHead.size();
    state.openWebSockets.fetch_sub(1);
    request.bytesIn += result.toUpstream;
    request.bytesOut += result.toClient;
    request.cause = result.cause;
    co_return Relayed{false, false, false}; // neither connection speaks HTTP any more
}

} // namespace gatehouse::gateway
