#include "net/api_server.h"

#include "http/http_head.h"
#include "http/local_reply.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <list>
#include <memory>
#include <tuple>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

// Closes the socket when the timer fires; shared with the handler, which may run after
// the coroutine has ended.
void closeOnExpiry(asio::steady_timer& timer, const std::shared_ptr<tcp::socket>& socket, std::chrono::milliseconds after) {
    timer.expires_after(after);
    timer.async_wait([socket](const boost::system::error_code& ec) {
        boost::system::error_code ignored;
        if (!ec) socket->close(ignored);
    });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

// The host of a Host field, without its port: "Example.com:9901" -> "example.com",
// "[::1]:9901" -> "::1".
std::string hostName(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        return lower(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    return lower(host.substr(0, host.rfind(':')));
}

// The slots of one listener, on its one thread: connections open, and those that have
// not yet sent an admitted head (oldest first), which a newcomer may close.
struct PendingConnection {
    std::shared_ptr<tcp::socket> socket;
    bool listed = true; // still in ListenerSlots::pending
};
struct ListenerSlots {
    std::size_t open = 0;
    std::list<std::shared_ptr<PendingConnection>> pending;
};

using ListenerConfig = std::tuple<ApiListenerSettings, ApiServerLimits, ApiHandler>;

// One connection: reads the request (bounded), asks `admit`, reads the body, runs the
// handler, writes the answer. `Stream` is the socket itself or TLS over it.
template <class Stream>
asio::awaitable<void> serveRequest(Stream& stream, const std::shared_ptr<tcp::socket>& socket, const ApiServerLimits& limits,
                                   const ApiHandler& handler, ApiListenerStats& stats, const std::function<void()>& admitted) {
    std::string data;
    char chunk[4096];
    http::RequestHead head;
    http::HeadError error;
    asio::steady_timer timer(socket->get_executor());
    closeOnExpiry(timer, socket, limits.readTimeout);
    http::ParseStatus status = http::ParseStatus::incomplete;
    while (status == http::ParseStatus::incomplete) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kToken);
        if (ec) co_return;
        data.append(chunk, n);
        status = http::parseRequestHead(data, {8192, 4096, 64}, head, error);
    }
    ApiResponse answer = apiError(400, "bad_request", status == http::ParseStatus::error ? error.reason : "bad request");
    bool complete = status == http::ParseStatus::complete;
    ApiRequest request;
    if (complete) {
        const std::string_view target = head.target;
        const std::size_t question = target.find('?');
        const http::HeaderField* authorization = head.find("authorization");
        const http::HeaderField* ifNoneMatch = head.find("if-none-match");
        const http::HeaderField* host = head.find("host");
        request = {std::string(head.method),
                   std::string(target.substr(0, question)),
                   question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1)),
                   authorization ? std::string(authorization->value) : std::string(),
                   ifNoneMatch ? std::string(ifNoneMatch->value) : std::string(),
                   {}};
        auto framing = http::requestFraming(head, error);
        const std::string name = host ? hostName(host->value) : std::string();
        const bool hostAllowed = limits.allowedHosts.empty() || !host ||
                                 std::find(limits.allowedHosts.begin(), limits.allowedHosts.end(), name) != limits.allowedHosts.end();
        std::optional<ApiResponse> refusal;
        if (!framing) {
            refusal = apiError(error.status, "bad_request", error.reason);
        } else if (!hostAllowed) {
            stats.misdirected.fetch_add(1, std::memory_order_relaxed);
            refusal = apiError(421, "misdirected_request",
                               fmt::format("this listener does not answer to Host '{}' (allowed_hosts lists the names it "
                                           "answers to)",
                                           printable(host->value)));
        } else if (limits.admit) {
            refusal = limits.admit(request);
        }
        if (refusal) {
            complete = false;
            answer = std::move(*refusal);
        } else if (framing->kind == http::BodyFraming::Kind::chunked || framing->length > limits.maxBody) {
            complete = false;
            const bool large = framing->length > limits.maxBody;
            answer = apiError(large ? 413 : 400, large ? "too_large" : "bad_request",
                              fmt::format("requests carry at most {} bytes with Content-Length{}", limits.maxBody,
                                          limits.maxBodyName.empty() ? "" : fmt::format(" ({})", limits.maxBodyName)));
        } else {
            admitted();
            if (framing->kind == http::BodyFraming::Kind::length) {
                const std::size_t headSize = head.size;
                while (data.size() - headSize < framing->length) {
                    auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kToken);
                    if (ec) co_return;
                    data.append(chunk, n);
                }
                request.body = data.substr(headSize, static_cast<std::size_t>(framing->length));
            }
        }
    }
    timer.cancel();
    admitted(); // a refused request leaves the pending list too: it is answered now
    if (complete) answer = co_await handler(std::move(request));
    const bool bodyless = answer.status == 304 || answer.status == 204;
    const std::string& body = answer.sharedBody ? *answer.sharedBody : answer.body;
    const std::string responseHead =
        bodyless ? fmt::format("HTTP/1.1 {} {}\r\n{}Connection: close\r\n\r\n", answer.status, reasonPhrase(answer.status),
                               answer.fields)
                 : fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n",
                               answer.status, reasonPhrase(answer.status), answer.contentType, body.size(), answer.fields);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(responseHead),
                                                    bodyless ? asio::const_buffer() : asio::buffer(body)};
    closeOnExpiry(timer, socket, limits.writeTimeout);
    co_await asio::async_write(stream, buffers, kToken);
    timer.cancel();
}

asio::awaitable<void> serveConnection(std::shared_ptr<tcp::socket> socket, std::shared_ptr<const ListenerConfig> config,
                                      ApiListenerStats& stats, std::shared_ptr<ListenerSlots> slots) {
    const auto& [settings, limits, handler] = *config;
    ++slots->open;
    const auto entry = std::make_shared<PendingConnection>(PendingConnection{socket});
    slots->pending.push_back(entry);
    const auto place = std::prev(slots->pending.end());
    const std::function<void()> admitted = [&] {
        if (!entry->listed) return;
        entry->listed = false;
        slots->pending.erase(place);
    };
    if (settings.tls) {
        asio::ssl::stream<tcp::socket&> tls(*socket, *settings.tls);
        asio::steady_timer timer(socket->get_executor());
        closeOnExpiry(timer, socket, limits.readTimeout);
        auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kToken);
        timer.cancel();
        if (ec) {
            stats.handshakeFailures.fetch_add(1, std::memory_order_relaxed);
        } else {
            co_await serveRequest(tls, socket, limits, handler, stats, admitted);
            asio::steady_timer closing(socket->get_executor());
            closeOnExpiry(closing, socket, std::chrono::milliseconds(1000));
            co_await tls.async_shutdown(kToken); // close_notify, bounded
            closing.cancel();
        }
    } else {
        co_await serveRequest(*socket, socket, limits, handler, stats, admitted);
        boost::system::error_code ignored;
        socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
    admitted();
    --slots->open;
}

} // namespace

std::vector<std::string> defaultAllowedHosts(const std::string& host) {
    std::vector<std::string> hosts{"localhost", "127.0.0.1", "::1"};
    const std::string own = lower(host);
    if (own != "0.0.0.0" && own != "::" && std::find(hosts.begin(), hosts.end(), own) == hosts.end()) hosts.push_back(own);
    return hosts;
}

asio::awaitable<void> runApiListener(tcp::acceptor& acceptor, ApiListenerSettings settings, ApiServerLimits limits,
                                     ApiHandler handler, ApiListenerStats& stats) {
    const auto slots = std::make_shared<ListenerSlots>(); // shared: connections may outlive this loop
    const auto shared = std::make_shared<const ListenerConfig>(std::move(settings), std::move(limits), std::move(handler));
    const ApiListenerSettings& config = std::get<0>(*shared);
    bool refusing = false;
    asio::steady_timer pause(acceptor.get_executor());
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(kToken);
        if (ec == asio::error::operation_aborted) co_return;
        if (ec) { // out of descriptors, say: the listening socket stays readable, so wait before trying again
            stats.acceptErrors.fetch_add(1, std::memory_order_relaxed);
            spdlog::warn("{}: accept failed: {}; pausing {} ms", config.name, ec.message(), config.acceptBackoff.count());
            pause.expires_after(config.acceptBackoff);
            co_await pause.async_wait(kToken);
            continue;
        }
        if (slots->open >= config.maxConnections) {
            stats.refusedFull.fetch_add(1, std::memory_order_relaxed);
            if (!refusing) spdlog::warn("{}: {} connections open; closing new ones until some end", config.name, slots->open);
            refusing = true;
            continue; // the socket closes as it goes out of scope
        }
        refusing = false;
        if (slots->pending.size() >= config.maxPending) {
            // The oldest connection still without an admitted head goes: a client that
            // asks at once gets its slot, one that only holds a socket open loses it.
            stats.evictedPending.fetch_add(1, std::memory_order_relaxed);
            boost::system::error_code ignored;
            slots->pending.front()->listed = false;
            slots->pending.front()->socket->close(ignored); // its read fails and the connection ends
            slots->pending.pop_front();
        }
        stats.accepted.fetch_add(1, std::memory_order_relaxed);
        asio::co_spawn(acceptor.get_executor(),
                       serveConnection(std::make_shared<tcp::socket>(std::move(socket)), shared, stats, slots), asio::detached);
    }
}

} // namespace gatehouse::gateway
