#include "health/health_checker.h"

#include "core/config/wire_grammar.h"
#include "http/http_head.h"
#include "proxy/upstream_pool.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);
}

void HealthChecker::follow(std::shared_ptr<const TableSnapshot> snapshot, asio::ssl::context* tls) {
    const std::uint64_t generation = ++generation_; // older loops see this and end
    tls_ = tls;
    for (const config::ServiceConfig& service : snapshot->table->services()) {
        if (!service.healthCheck) continue;
        for (std::size_t i = 0; i < service.destinations.size(); ++i) {
            asio::co_spawn(io_, checkLoop(snapshot, &service, i, generation), asio::detached);
        }
    }
}

asio::awaitable<void> HealthChecker::checkLoop(std::shared_ptr<const TableSnapshot> snapshot,
                                               const config::ServiceConfig* service, std::size_t destination,
                                               std::uint64_t generation) {
    const config::HealthCheck check = *service->healthCheck;
    const std::shared_ptr<DestinationHealth> health = (*snapshot->destinations(service))[destination];
    asio::ssl::context* tls = service->destinations[destination].scheme == "https" ? tls_ : nullptr;
    asio::steady_timer timer(io_);
    while (generation == generation_) {
        auto [success, result] = co_await probe(health->address, tls, check);
        if (generation != generation_) break;
        health->recordCheck(success, std::move(result), check.maxFailedAttempts, check.minSuccessfulAttempts);
        timer.expires_after(std::chrono::seconds(check.intervalSeconds));
        co_await timer.async_wait(kToken);
    }
    // `snapshot` is held to here: `service` points into its table.
}

asio::awaitable<std::pair<bool, std::string>> HealthChecker::probe(const std::string& address, asio::ssl::context* tls,
                                                                   const config::HealthCheck& check) {
    // The validator refused such paths already; a table that bypassed it still never
    // turns a path into a second request line.
    if (!config::isOriginFormTarget(check.path)) co_return std::pair{false, std::string("health check path refused: not a request target")};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(check.timeoutSeconds);
    boost::system::error_code ec;
    auto connection = co_await connectUpstream(io_, watchdog_, address, std::chrono::seconds(check.timeoutSeconds), ec, tls, &policy_);
    if (!connection) co_return std::pair{false, fmt::format("connect: {}", ec.message())};
    const std::string request = fmt::format(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: gatehouse-health-check\r\nConnection: close\r\n\r\n", check.path, address);
    const asio::const_buffer requestBuffer = asio::buffer(request);
    co_await connection->socket.writeAll({&requestBuffer, 1}, deadline, ec);
    if (ec) co_return std::pair{false, fmt::format("write: {}", ec.message())};
    std::string data;
    char chunk[4096];
    http::ResponseHead head;
    http::HeadError error;
    while (true) {
        boost::system::error_code readError;
        const std::size_t n = co_await connection->socket.readSome(asio::buffer(chunk), deadline, readError);
        if (readError) {
            co_return std::pair{false, readError == asio::error::timed_out
                                           ? fmt::format("no answer within {} s", check.timeoutSeconds)
                                           : fmt::format("read: {}", readError.message())};
        }
        data.append(chunk, n);
        const http::ParseStatus status = http::parseResponseHead(data, {}, head, error);
        if (status == http::ParseStatus::error) co_return std::pair{false, "invalid response: " + error.reason};
        if (status == http::ParseStatus::complete) break;
    }
    const bool ok = head.status >= 200 && head.status < 300;
    co_return std::pair{ok, fmt::format("HTTP {}", head.status)};
}

} // namespace gatehouse::gateway
