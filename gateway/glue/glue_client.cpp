#include "glue/glue_client.h"

#include "http/forwarding.h"
#include "http/http_head.h"
#include "proxy/upstream_pool.h"

#include <fmt/format.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;

namespace {
std::string_view view(const boost::beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.data().size()};
}
} // namespace


asio::awaitable<std::expected<GlueResponse, std::string>> GlueClient::call(const GlueEndpoint& endpoint,
                                                                           std::string_view method, std::string_view target,
                                                                           std::string_view fields, std::string_view body) {
    const auto deadline = watchdog_.now() + endpoint.timeout;
    const std::string_view host = std::string_view(endpoint.hostPort);
    std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\n{}", method, target, host, fields);
    if (!body.empty() || method == "POST" || method == "PUT") fmt::format_to(std::back_inserter(request), "Content-Length: {}\r\n", body.size());
    request.append("\r\n").append(body);

    // A pooled connection closed by the service while idle fails before any answer: the
    // call is then made once more on a fresh connection (glue calls are idempotent reads).
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::unique_ptr<UpstreamConnection> connection = attempt == 0 ? pool_.takeIdle(endpoint.hostPort, endpoint.https) : nullptr;
        boost::system::error_code ec;
        if (!connection) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - watchdog_.now());
            connection = co_await pool_.connect(endpoint.hostPort, std::max(left, std::chrono::milliseconds(1)), ec,
                                                endpoint.https ? *tls_ : nullptr);
            if (!connection) {
                co_return std::unexpected(ec == asio::error::timed_out
                                              ? fmt::format("{}: no connection within {} ms", endpoint.url, endpoint.timeout.count())
                                              : fmt::format("{}: {}", endpoint.url, ec.message()));
            }
        }
        const bool reused = connection->reused;
        const asio::const_buffer out = asio::buffer(request);
        co_await connection->socket.writeAll({&out, 1}, deadline, ec);
        http::ResponseHead head;
        http::HeadError headError;
        http::ParseStatus status = http::ParseStatus::incomplete;
        while (!ec) {
            if (connection->buffer.size() > 0) {
                status = http::parseResponseHead(view(connection->buffer), {64 * 1024, 8 * 1024, 256}, head, headError);
                if (status == http::ParseStatus::complete && head.status < 200) { // 100 Continue: skip
                    connection->buffer.consume(head.size);
                    continue;
                }
                if (status != http::ParseStatus::incomplete) break;
            }
            const std::size_t n = co_await connection->socket.readSome(connection->buffer.prepare(16 * 1024), deadline, ec);
            if (!ec) connection->buffer.commit(n);
        }
        if (ec) {
            if (reused && connection->buffer.size() == 0 && ec != asio::error::timed_out) continue;
            co_return std::unexpected(ec == asio::error::timed_out
                                          ? fmt::format("{}: no answer within {} ms", endpoint.url, endpoint.timeout.count())
                                          : fmt::format("{}: {}", endpoint.url, ec.message()));
        }
        if (status == http::ParseStatus::error) co_return std::unexpected(fmt::format("{}: invalid response ({})", endpoint.url, headError.reason));
        auto framing = http::responseFraming(head, method == "HEAD", headError);
        if (!framing) co_return std::unexpected(fmt::format("{}: invalid response ({})", endpoint.url, headError.reason));
        GlueResponse response;
        response.status = head.status;
        if (const http::HeaderField* etag = head.find("etag")) response.etag = std::string(etag->value);
        const bool keepAlive = http::keepsAlive(head.minorVersion, head.combined("connection"));
        connection->buffer.consume(head.size);
        http::BodyCutter cutter(*framing);
        std::vector<std::string_view> pieces;
        while (true) {
            pieces.clear();
            const http::BodyCutter::Step step = cutter.next(view(connection->buffer), pieces);
            if (step.status == http::BodyCutter::Status::badFraming) co_return std::unexpected(fmt::format("{}: malformed chunked body", endpoint.url));
            for (std::string_view piece : pieces) response.body.append(piece);
            connection->buffer.consume(step.used);
            if (response.body.size() > endpoint.maxBody) {
                co_return std::unexpected(fmt::format("{}: answer larger than {} KiB", endpoint.url, endpoint.maxBody / 1024));
            }
            if (step.status == http::BodyCutter::Status::complete) break;
            const std::size_t n = co_await connection->socket.readSome(connection->buffer.prepare(16 * 1024), deadline, ec);
            if (ec) {
                if (cutter.endsAtClose() && ec == asio::error::eof) break;
                co_return std::unexpected(fmt::format("{}: answer cut short ({})", endpoint.url, ec.message()));
            }
            connection->buffer.commit(n);
        }
        if (keepAlive && !cutter.endsAtClose() && connection->buffer.size() == 0) pool_.release(std::move(connection), 16);
        co_return response;
    }
    co_return std::unexpected(fmt::format("{}: connection closed twice before an answer", endpoint.url));
}

} // namespace gatehouse::gateway
