#include "collector/collector_server.h"

#include "collector/fleet_reader.h"

#include "collector/collector_api.h"
#include "collector/collector_config.h"
#include "config/gateway_config.h"
#include "net/api_server.h"
#include "net/tls_context.h"

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


void writePortFile(const std::string& file, unsigned short port) {
    const std::string temp = file + ".tmp";
    std::ofstream(temp) << boost::json::serialize(boost::json::object{{"port", port}, {"pid", static_cast<std::int64_t>(::getpid())}})
                        << '\n';
    std::error_code ec;
    std::filesystem::rename(temp, file, ec); // whole or absent
}

// Registrations carry a whole service config; polls carry nothing. Unknown tokens are
// refused before a body is read.
ApiServerLimits collectorLimits(const CollectorConfig& settings, CollectorApi& api, const std::string& host) {
    ApiServerLimits limits;
    limits.maxBody = settings.limits.documentBytes;
    limits.readTimeout = std::chrono::milliseconds(10'000);
    limits.writeTimeout = std::chrono::milliseconds(30'000);
    limits.admit = [&api](const ApiRequest& head) { return api.admit(head); };
    limits.maxBodyName = "limits.max_document_bytes";
    limits.allowedHosts = settings.allowedHosts.empty() ? defaultAllowedHosts(host) : settings.allowedHosts;
    return limits;
}

// The fleet reads' client: the viewer token from its file, a TLS context for https admin URLs.
std::expected<std::unique_ptr<FleetReader>, std::string> makeFleetReader(asio::io_context& io, GatewayRoster& roster,
                                                                         const CollectorConfig::Fleet& settings,
                                                                         std::shared_ptr<asio::ssl::context>& tls) {
    auto token = readTokenFile(settings.tokenFile);
    if (!token) return std::unexpected(fmt::format("fleet.token_file: {}", token.error()));
    try {
        tls = makeClientTlsContext(settings.caFile, {}, {});
    } catch (const std::exception& e) {
        return std::unexpected(fmt::format("fleet.ca_file: {}", e.what()));
    }
    return std::make_unique<FleetReader>(io, roster, FleetReader::Settings{*token, std::chrono::milliseconds(settings.timeoutMs)}, tls.get());
}

} // namespace

int runCollector(const CollectorOptions& options) {
    const std::optional<ListenAddress> address = parseListenAddress(options.listen);
    if (!address) {
        spdlog::error("--listen '{}': write an IP address and a port, as 127.0.0.1:9700", options.listen);
        return 1;
    }
    CollectorConfig settings;
    if (!options.config.empty()) {
        ParsedCollectorConfig parsed = loadCollectorConfig(options.config);
        for (const config::Problem& p : parsed.problems) spdlog::error("{}", config::formatProblem(p));
        if (!parsed.ok()) return 1;
        settings = std::move(parsed.config);
    }
    std::shared_ptr<asio::ssl::context> tls;
    if (settings.tls) {
        try {
            tls = makeServerTlsContext(settings.tls->first, settings.tls->second);
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return 1;
        }
    }
    auto store = CollectorStore::open(options.db, settings.dbGroup);
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
    const std::vector<std::string> ownListener = address->port != 0 ? std::vector<std::string>{address->text()}
                                                                    : std::vector<std::string>{};
    RouteRegistry registry(**store, {settings.limits, config::DestinationPolicy::withDefaults(ownListener, settings.forbiddenDestinations)});
    asio::io_context io{1};
    // Lost gateways are kept a day for the record, then forgotten.
    GatewayRoster roster(std::int64_t{settings.gatewayLostAfterSeconds} * 1000, 24 * 3600 * 1000, settings.maxGateways);
    std::shared_ptr<asio::ssl::context> fleetTls;
    std::unique_ptr<FleetReader> fleet;
    if (settings.fleet) {
        auto made = makeFleetReader(io, roster, *settings.fleet, fleetTls);
        if (!made) {
            spdlog::error("{}", made.error());
            return 1;
        }
        fleet = std::move(*made);
    } else {
        spdlog::info("no fleet settings: /v1/fleet/* answer 503 (the collector reads no gateway)");
    }
    CollectorApi api(io, registry, roster, std::move(tokens), settings.maxLongPollsPerToken, {fleet.get(), settings.thresholds});
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
    spdlog::info("collector on {}://{}:{}: table v{}, {} service(s), {} route(s), database {}", tls ? "https" : "http",
                 address->host, port, registry.version(), registry.table().services().size(), registry.table().entries().size(),
                 options.db);

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
    const ApiServerLimits limits = collectorLimits(settings, api, address->host);
    ApiListenerSettings listener;
    listener.name = "collector";
    listener.maxConnections = settings.maxConnections;
    listener.maxPending = settings.maxPending;
    listener.tls = tls.get();
    ApiListenerStats stats;
    asio::co_spawn(io, runApiListener(acceptor, listener, limits, handler, stats), asio::detached);
    io.run();
    spdlog::info("stopped");
    return 0;
}

} // namespace gatehouse::gateway
