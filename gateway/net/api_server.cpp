#include "net/api_server.h"

#include "http/http_head.h"
#include "server/local_reply.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <memory>

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
} // namespace

asio::awaitable<void> serveApiRequest(tcp::socket plainSocket, ApiServerLimits limits, const ApiHandler& handler) {
    const auto shared = std::make_shared<tcp::socket>(std::move(plainSocket));
    tcp::socket& socket = *shared;
    std::string data;
    char chunk[4096];
    http::RequestHead head;
    http::HeadError error;
    asio::steady_timer timer(socket.get_executor());
    closeOnExpiry(timer, shared, limits.readTimeout);
    http::ParseStatus status = http::ParseStatus::incomplete;
    while (status == http::ParseStatus::incomplete) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kToken);
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
        request = {std::string(head.method),
                   std::string(target.substr(0, question)),
                   question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1)),
                   authorization ? std::string(authorization->value) : std::string(),
                   ifNoneMatch ? std::string(ifNoneMatch->value) : std::string(),
                   {}};
        auto framing = http::requestFraming(head, error);
        if (std::optional<ApiResponse> refusal = limits.admit ? limits.admit(request) : std::nullopt) {
            complete = false;
            answer = std::move(*refusal);
        } else if (!framing || framing->kind == http::BodyFraming::Kind::chunked || framing->length > limits.maxBody) {
            complete = false;
            const bool large = framing && framing->length > limits.maxBody;
            answer = apiError(large ? 413 : 400, large ? "too_large" : "bad_request",
                              fmt::format("requests carry at most {} KiB with Content-Length", limits.maxBody / 1024));
        } else if (framing->kind == http::BodyFraming::Kind::length) {
            const std::size_t headSize = head.size;
            while (data.size() - headSize < framing->length) {
                auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kToken);
                if (ec) co_return;
                data.append(chunk, n);
            }
            request.body = data.substr(headSize, static_cast<std::size_t>(framing->length));
        }
    }
    timer.cancel();
    if (complete) answer = co_await handler(std::move(request));
    const bool bodyless = answer.status == 304 || answer.status == 204;
    const std::string response =
        bodyless ? fmt::format("HTTP/1.1 {} {}\r\n{}Connection: close\r\n\r\n", answer.status, reasonPhrase(answer.status),
                               answer.fields)
                 : fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n{}",
                               answer.status, reasonPhrase(answer.status), answer.contentType, answer.body.size(),
                               answer.fields, answer.body);
    closeOnExpiry(timer, shared, limits.writeTimeout);
    co_await asio::async_write(socket, asio::buffer(response), kToken);
    timer.cancel();
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
}

} // namespace gatehouse::gateway
