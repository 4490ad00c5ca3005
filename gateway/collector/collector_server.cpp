#include "collector/collector_server.h"

#include "collector/fleet_reader.h"

#include "collector/collector_api.h"
#include "collector/etcd_collector_store.h"
#include "collector/sqlite_collector_store.h"
#include "collector/collector_config.h"
#include "config/gateway_config.h"
#include "net/api_server.h"
#include "net/tls_context.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
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
#include <functional>
#include <thread>

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

// --config (every key optional) and the TLS context it asks for; false: said why.
bool readSettings(const std::string& file, CollectorConfig& settings, std::shared_ptr<asio::ssl::context>& tls) {
    if (!file.empty()) {
        ParsedCollectorConfig parsed = loadCollectorConfig(file);
        for (const config::Problem& p : parsed.problems) spdlog::error("{}", config::formatProblem(p));
        if (!parsed.ok()) return false;
        settings = std::move(parsed.config);
    }
    if (!settings.tls) return true;
    try {
        tls = makeServerTlsContext(settings.tls->first, settings.tls->second);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return false;
    }
    return true;
}

// Absent file: a read-only collector (nothing), said once.
std::expected<std::optional<std::vector<CollectorToken>>, std::string> loadTokens(const std::string& file) {
    if (file.empty()) {
        spdlog::warn("no --tokens: this collector serves the table to anyone and refuses every change");
        return std::optional<std::vector<CollectorToken>>();
    }
    auto loaded = loadCollectorTokens(file);
    if (!loaded) return std::unexpected(loaded.error());
    return std::optional<std::vector<CollectorToken>>(std::move(*loaded));
}

std::expected<void, std::string> listenOn(tcp::acceptor& acceptor, const ListenAddress& address) {
    try {
        const tcp::endpoint endpoint(asio::ip::make_address(address.host), address.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen();
    } catch (const boost::system::system_error& e) {
        return std::unexpected(e.code().message());
    }
    return {};
}

volatile std::sig_atomic_t stopWaiting = 0;

// Until the store can be read (or SIGTERM/SIGINT): 250 ms, then doubling up to 5 s.
bool waitForStore(RouteRegistry& registry) {
    if (registry.loaded()) return true;
    stopWaiting = 0;
    const auto stop = [](int) { stopWaiting = 1; };
    auto previousTerm = std::signal(SIGTERM, stop);
    auto previousInt = std::signal(SIGINT, stop);
    auto pause = std::chrono::milliseconds(250);
    while (!registry.loaded() && !stopWaiting) {
        spdlog::warn("collector: waiting for {} before listening (next try in {} ms)", registry.store().location(), pause.count());
        for (auto slept = std::chrono::milliseconds(0); slept < pause && !stopWaiting; slept += std::chrono::milliseconds(50)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (stopWaiting) break;
        if (const RouteRegistry::Refresh r = registry.refresh(); r.failed) spdlog::warn("collector: {}", r.error);
        pause = std::min(pause * 2, std::chrono::milliseconds(5000));
    }
    std::signal(SIGTERM, previousTerm);
    std::signal(SIGINT, previousInt);
    if (!registry.loaded()) spdlog::info("stopped before the store answered");
    return registry.loaded();
}

} // namespace

int runMigrate(const std::string& from, const std::string& to) {
    const std::string file = from.starts_with("sqlite:") ? from.substr(7) : std::string();
    if (file.empty() || !std::filesystem::exists(file)) {
        spdlog::error("--from '{}': name an existing SQLite store, as sqlite:/var/lib/gatehouse/collector.db", from);
        return 1;
    }
    auto location = parseEtcdLocation(to);
    if (!location) {
        spdlog::error("--to '{}': {}", to, location.error());
        return 1;
    }
    auto source = SqliteCollectorStore::open(file);
    if (!source) {
        spdlog::error("{}", source.error());
        return 1;
    }
    auto state = (*source)->snapshot();
    if (!state) {
        spdlog::error("{}: {}", from, state.error().message);
        return 1;
    }
    const std::vector<CollectorStore::Revision> revisions = (*source)->allRevisions();
    const std::vector<CollectorStore::AuditEntry> audit = (*source)->allAudit();
    EtcdCollectorStore target(*location, std::chrono::milliseconds(10'000));
    if (auto copied = target.import((*source)->collectorId(), revisions, state->switches, audit); !copied) {
        spdlog::error("{}: {}; nothing is served from it until a copy finishes", to, copied.error().message);
        return 1;
    }
    auto check = target.snapshot();
    if (!check || check->version != state->version || check->current.size() != state->current.size() ||
        check->switchVersion != state->switchVersion) {
        spdlog::error("{}: the copy does not read back as the source (table v{} with {} service(s) expected)", to, state->version,
                      state->current.size());
        return 1;
    }
    spdlog::info("copied {} revision(s), {} switch(es) and {} audit entr(ies) from {} to {}: table v{}, {} service(s), collector id {}",
                 revisions.size(), state->switches.size(), audit.size(), from, location->text(), check->version, check->current.size(),
                 check->collectorId);
    return 0;
}

int runCollector(const CollectorOptions& options) {
    const std::optional<ListenAddress> address = parseListenAddress(options.listen);
    if (!address) {
        spdlog::error("--listen '{}': write an IP address and a port, as 127.0.0.1:9700", options.listen);
        return 1;
    }
    CollectorConfig settings;
    std::shared_ptr<asio::ssl::context> tls;
    if (!readSettings(options.config, settings, tls)) return 1;
    auto store = openCollectorStore(options.store, settings.dbGroup);
    if (!store) {
        spdlog::error("{}", store.error());
        return 1;
    }
    auto tokens = loadTokens(options.tokens);
    if (!tokens) {
        spdlog::error("{}", tokens.error());
        return 1;
    }
    const std::vector<std::string> ownListener = address->port != 0 ? std::vector<std::string>{address->text()}
                                                                    : std::vector<std::string>{};
    RouteRegistry registry(**store, {settings.limits, config::DestinationPolicy::withDefaults(ownListener, settings.forbiddenDestinations)});
    if (!waitForStore(registry)) return 0;
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
    CollectorApi api(io, registry, roster, std::move(*tokens), settings.maxLongPollsPerToken, {fleet.get(), settings.thresholds});
    // Another collector's commit, or the store lost and back: handled on the loop.
    (*store)->watch([&io, &api](CollectorStore::Event event) {
        asio::post(io, [&api, event = std::move(event)] { api.storeEvent(event); });
    });
    const ApiHandler handler = [&api](ApiRequest request) { return api.handle(std::move(request)); };

    tcp::acceptor acceptor(io);
    if (auto bound = listenOn(acceptor, *address); !bound) {
        spdlog::error("cannot listen on {}: {}", options.listen, bound.error());
        return 1;
    }
    const unsigned short port = acceptor.local_endpoint().port();
    if (!options.portFile.empty()) writePortFile(options.portFile, port);
    spdlog::info("collector on {}://{}:{}: table v{}, {} service(s), {} route(s), store {}", tls ? "https" : "http",
                 address->host, port, registry.version(), registry.table().services().size(), registry.table().entries().size(),
                 (*store)->location());

    // Collectors sharing a store share their gateways: every collector lists the fleet.
    asio::steady_timer rosterTimer(io);
    std::function<void()> shareRoster = [&] {
        rosterTimer.expires_after(std::chrono::seconds(1));
        rosterTimer.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            api.shareRoster();
            shareRoster();
        });
    };
    if ((*store)->shared()) shareRoster();

    asio::signal_set signals(io, SIGTERM, SIGINT);
    asio::steady_timer grace(io);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        spdlog::info("stopping: answering the long polls");
        boost::system::error_code ignored;
        acceptor.close(ignored);
        rosterTimer.cancel();
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
    (*store)->stopWatching(); // its events go to `io`
    spdlog::info("stopped");
    return 0;
}

} // namespace gatehouse::gateway
