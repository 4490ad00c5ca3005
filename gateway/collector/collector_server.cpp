#include "collector/collector_server.h"

#include "collector/collector_api.h"
#include "config/gateway_config.h"
#include "net/api_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

// Connections held at once (long polls included); more are closed on arrival. Each
// gateway holds one; a thousand gateways is far beyond one collector's fleet.
constexpr std::size_t kMaxConnections = 4096;

asio::awaitable<void> serveCounted(tcp::socket socket, const ApiServerLimits& limits, const ApiHandler& handler,
                                   std::shared_ptr<std::size_t> open) { // shared: the accept loop may end first
    ++*open;
    co_await serveApiRequest(std::move(socket), limits, handler);
    --*open;
}

asio::awaitable<void> acceptLoop(tcp::acceptor& acceptor, const ApiServerLimits& limits, const ApiHandler& handler) {
    const auto open = std::make_shared<std::size_t>(0);
    bool refusing = false;
    asio::steady_timer pause(acceptor.get_executor());
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(kToken);
        if (ec == asio::error::operation_aborted) co_return;
        if (ec) { // out of descriptors, say: the listening socket stays readable, so wait before trying again
            spdlog::warn("collector: accept failed: {}; pausing 250 ms", ec.message());
            pause.expires_after(std::chrono::milliseconds(250));
            co_await pause.async_wait(kToken);
            continue;
        }
        if (*open >= kMaxConnections) {
            if (!refusing) spdlog::warn("collector: {} connections open; closing new ones until some end", *open);
            refusing = true;
            continue; // the socket closes as it goes out of scope
        }
        refusing = false;
        asio::co_spawn(acceptor.get_executor(), serveCounted(std::move(socket), limits, handler, open), asio::detached);
    }
}

void writePortFile(const std::string& file, unsigned short port) {
    const std::string temp = file + ".tmp";
    std::ofstream(temp) << boost::json::serialize(boost::json::object{{"port", port}, {"pid", static_cast<std::int64_t>(::getpid())}})
                        << '\n';
    std::error_code ec;
    std::filesystem::rename(temp, file, ec); // whole or absent
}

} // namespace

int runCollector(const CollectorOptions& options) {
    const std::optional<ListenAddress> address = parseListenAddress(options.listen);
    if (!address) {
        spdlog::error("--listen '{}': write an IP address and a port, as 127.0.0.1:9700", options.listen);
        return 1;
    }
    auto store = CollectorStore::open(options.db);
    if (!store) {
        spdlog::error("{}", store.error());
        return 1;
    }
    std::optional<std::vector<CollectorToken>> tokens;
    if (!options.tokens.empty()) {
        auto loaded = loadCollectorTokens(options.tokens);
        if (!loaded) {
            spdlog::error("{}", loaded.error());
            return 1;
        }
        tokens = std::move(*loaded);
    } else {
        spdlog::warn("no --tokens: this collector serves the table to anyone and refuses every change");
    }
    RouteRegistry registry(**store);
    asio::io_context io{1};
    CollectorApi api(io, registry, std::move(tokens));
    const ApiHandler handler = [&api](ApiRequest request) { return api.handle(std::move(request)); };

    tcp::acceptor acceptor(io);
    try {
        const tcp::endpoint endpoint(asio::ip::make_address(address->host), address->port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen();
    } catch (const boost::system::system_error& e) {
        spdlog::error("cannot listen on {}: {}", options.listen, e.code().message());
        return 1;
    }
    const unsigned short port = acceptor.local_endpoint().port();
    if (!options.portFile.empty()) writePortFile(options.portFile, port);
    spdlog::info("collector on {}:{}: table v{}, {} service(s), {} route(s), database {}", address->host, port,
                 registry.version(), registry.table().services().size(), registry.table().entries().size(), options.db);

    asio::signal_set signals(io, SIGTERM, SIGINT);
    asio::steady_timer grace(io);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        spdlog::info("stopping: answering the long polls");
        boost::system::error_code ignored;
        acceptor.close(ignored);
        api.wakeAll();
        grace.expires_after(std::chrono::milliseconds(200)); // their answers go out
        grace.async_wait([&](const boost::system::error_code&) { io.stop(); });
    });
    // Registrations carry a whole service config; polls carry nothing. Unknown tokens are
    // refused before a body is read.
    ApiServerLimits limits{1024 * 1024, std::chrono::milliseconds(10'000), std::chrono::milliseconds(30'000), {}};
    limits.admit = [&api](const ApiRequest& head) { return api.admit(head); };
    asio::co_spawn(io, acceptLoop(acceptor, limits, handler), asio::detached);
    io.run();
    spdlog::info("stopped");
    return 0;
}

} // namespace gatehouse::gateway
