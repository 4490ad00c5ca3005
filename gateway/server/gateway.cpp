#include "server/gateway.h"

#include "filters/filter_services.h"
#include "net/tls_context.h"
#include "server/admin_listener.h"
#include "server/alert_loop.h"
#include "server/worker.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gatehouse::gateway {

namespace {
// Who this gateway is to the collector, with the default filters its config runs.
CollectorFollower::Identity defaultFilterIdentity(const GatewayConfig& config) {
    CollectorFollower::Identity identity{config.gatewayId, config.advertiseAdminUrl};
    identity.defaultFilters = config.defaultBefore;
    for (const std::string& name : config.defaultAfter) {
        if (std::find(identity.defaultFilters.begin(), identity.defaultFilters.end(), name) == identity.defaultFilters.end()) {
            identity.defaultFilters.push_back(name);
        }
    }
    return identity;
}
} // namespace
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

// The fleet's switches, from the collector: each default filter runs unless the fleet
// switched it off. Every change is logged with who made it and why.
void applyFleetSwitches(filters::FilterServices& filters, const std::vector<routing::FilterSwitchState>& switches) {
    for (const auto& toggle : filters.switches) {
        const auto state = std::find_if(switches.begin(), switches.end(), [&](const auto& s) { return s.name == toggle->name; });
        const bool enabled = state == switches.end() || state->enabled;
        if (toggle->enabled.exchange(enabled) == enabled) continue;
        if (state == switches.end()) {
            spdlog::warn("default filter {} switched on: the fleet's switches no longer name it", toggle->name);
        } else {
            spdlog::warn("default filter {} switched {} for the fleet (by {} at {}: {})", toggle->name, enabled ? "on" : "off",
                         state->changedBy, state->changedAt, state->reason);
        }
    }
}

} // namespace

Gateway::Gateway(GatewayConfig config) {
    state_.config = std::move(config);
    state_.destinationPolicy = destinationPolicy(state_.config);
    state_.filters = std::make_unique<filters::FilterServices>(state_.config.filterSettings());
}

Gateway::~Gateway() = default;

void Gateway::prepareUpstreamTls() {
    if (state_.upstreamTls) return;
    const std::optional<UpstreamTls>& settings = state_.config.upstreamTls;
    const TlsFiles* client = settings && settings->clientCertificate ? &*settings->clientCertificate : nullptr;
    state_.upstreamTls = makeClientTlsContext(settings ? settings->caFile : std::string(), client ? client->certFile : std::string(),
                                              client ? client->keyFile : std::string());
    state_.upstreamTlsRaw = state_.upstreamTls.get();
}

StartingTable Gateway::loadInitialTable() {
    const GatewayConfig& config = state_.config;
    if (config.collector) {
        prepareUpstreamTls();
        std::string token;
        if (!config.collector->tokenFile.empty()) {
            auto read = readTokenFile(config.collector->tokenFile);
            if (!read) return {{}, read.error()};
            token = std::move(*read);
        }
        std::error_code fsError;
        std::filesystem::create_directories(config.stateDir, fsError);
        const std::string lastKnownGood = (std::filesystem::path(config.stateDir) / "routing-table.json").string();
        follower_ = std::make_unique<CollectorFollower>(
            control_, controlGlue_, *config.collector, defaultFilterIdentity(config),
            std::move(token), lastKnownGood, state_.tableSource,
            [this](std::vector<config::ServiceConfig> services) { return installer_.install(std::move(services), {}); },
            [this](const std::vector<routing::FilterSwitchState>& switches) { applyFleetSwitches(*state_.filters, switches); },
            config.registrationLimits);
    }
    return loadStartingTable(control_, config, installer_, follower_.get());
}

void Gateway::start() {
    std::error_code fsError;
    std::filesystem::create_directories(state_.config.stateDir, fsError);
    prepareUpstreamTls();
    openTrail();
    admin_ = std::make_unique<AdminListener>(control_, state_);
    alerts_ = std::make_unique<AlertLoop>(control_, state_, admin_->store());
    healthChecker_.follow(state_.snapshot.load(), state_.upstreamTls.get()); // the table was loaded before TLS was set up
    startWorkers();
    admin_->start(alerts_->evaluator());
    advertiseAdmin();
    startFilterTasks();
    if (follower_) {
        asio::co_spawn(control_, follower_->run([this] { return state_.draining.load(); }), asio::detached);
    }
    alerts_->start();
    signals_.add(SIGHUP);
    signals_.add(SIGTERM);
    signals_.add(SIGINT);
    waitForSignal();
    writePortsFile();
    for (const tcp::endpoint& endpoint : workers_.front()->boundEndpoints()) {
        spdlog::info("listening on {}:{} ({} threads)", endpoint.address().to_string(), endpoint.port(), workers_.size());
    }
    spdlog::info("admin on {}:{}", state_.config.admin.host, admin_->port());
}

// Without advertise_admin_url, a gateway whose admin API listens on one address says
// that address (with the port it got): what the collector's fleet reads need. A wildcard
// address names no reachable host, so it is not advertised.
void Gateway::advertiseAdmin() {
    const GatewayConfig& config = state_.config;
    if (!follower_ || !config.advertiseAdminUrl.empty()) return;
    const std::string& host = config.admin.host;
    if (host == "0.0.0.0" || host == "::" || host.empty()) {
        spdlog::warn("admin API on {}: set advertise_admin_url for the collector's fleet reads to reach it", host);
        return;
    }
    const bool v6 = host.find(':') != std::string::npos;
    follower_->advertiseAdminUrl(fmt::format("{}://{}{}{}:{}/", config.admin.tls ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "",
                                             admin_->port()));
}

// One worker per thread; the first binds (port 0: the OS chooses), the others share its ports.
void Gateway::startWorkers() {
    const int threads = state_.config.threads > 0 ? state_.config.threads
                                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<Worker::Listener> listeners;
    for (const ListenAddress& address : state_.config.listen) {
        std::shared_ptr<asio::ssl::context> tls = address.tls ? makeServerTlsContext(address.tls->certFile, address.tls->keyFile) : nullptr;
        if (tls) offerAlpn(*tls, address.speaksHttp2());
        listeners.push_back({tcp::endpoint(asio::ip::make_address(address.host), address.port), tls, address.speaksHttp2()});
    }
    for (int i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>(state_, static_cast<std::size_t>(i));
        worker->listen(listeners);
        if (i == 0) {
            const std::vector<tcp::endpoint> endpoints = worker->boundEndpoints();
            for (std::size_t l = 0; l < listeners.size(); ++l) listeners[l].endpoint = endpoints[l];
        }
        workers_.push_back(std::move(worker));
    }
    for (auto& worker : workers_) worker->start();
}

void Gateway::writePortsFile() const {
    boost::json::array listen;
    for (const tcp::endpoint& endpoint : workers_.front()->boundEndpoints()) listen.push_back(endpoint.port());
    const boost::json::object ports{{"listen", std::move(listen)},
                                    {"admin", admin_->port()},
                                    {"pid", static_cast<std::int64_t>(::getpid())}};
    const std::filesystem::path file = std::filesystem::path(state_.config.stateDir) / "gatehouse.ports.json";
    const std::filesystem::path temp = file.string() + ".tmp";
    std::ofstream(temp) << boost::json::serialize(ports) << '\n';
    std::error_code ec;
    std::filesystem::rename(temp, file, ec); // atomic: readers never see half a file
}

int Gateway::run() {
    control_.run();
    for (auto& worker : workers_) worker->stop();
    for (auto& worker : workers_) worker->join();
    spdlog::info("stopped");
    return 0;
}

void Gateway::waitForSignal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        if (signal == SIGHUP) {
            reload();
        } else if (state_.draining.load()) {
            spdlog::warn("second stop signal: stopping now, without waiting for open connections");
            control_.stop();
            return;
        } else {
            beginDrain();
        }
        waitForSignal();
    });
}

void Gateway::reload() {
    if (follower_) {
        spdlog::info("SIGHUP: this gateway follows the collector {}; its table changes there, not in services_dir",
                     state_.config.collector->url);
        return;
    }
    spdlog::info("SIGHUP: reloading the routing table from {}", state_.config.servicesDir);
    const config::Problems problems = installer_.installStaticDir();
    for (const config::Problem& p : problems) {
        if (p.severity == config::Severity::error) spdlog::error("{}", config::formatProblem(p));
        else spdlog::warn("{}", config::formatProblem(p));
    }
    (config::hasErrors(problems) ? state_.reloadsRejected : state_.reloadsApplied).fetch_add(1);
    if (config::hasErrors(problems)) {
        spdlog::error("reload rejected: {} error(s); still serving routing table v{}", config::countErrors(problems),
                      state_.tableVersion.load());
    }
}

void Gateway::beginDrain() {
    state_.draining.store(true);
    const auto grace = std::chrono::seconds(state_.config.limits.drainSeconds);
    spdlog::info("draining: {} connection(s) open, grace period {} s", state_.activeConnections.load(), grace.count());
    for (auto& worker : workers_) worker->stopAccepting();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    asio::co_spawn(
        control_,
        [this, deadline]() -> asio::awaitable<void> {
            asio::steady_timer timer(control_);
            while (state_.activeConnections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
                timer.expires_after(std::chrono::milliseconds(20));
                co_await timer.async_wait(kToken);
            }
            if (state_.activeConnections.load() > 0) {
                spdlog::warn("grace period over: closing {} connection(s)", state_.activeConnections.load());
            }
            admin_->close();
            control_.stop();
        },
        asio::detached);
}

void Gateway::openTrail() {
    if (!state_.config.trailEnabled) return;
    const std::string file = (std::filesystem::path(state_.config.stateDir) / "trail.db").string();
    if (state_.config.trailSink) {
        auto sink = TrailSink::open(*state_.config.trailSink);
        if (sink) state_.trailSink = std::move(*sink);
        else spdlog::error("trail: {}; the trail is not shipped", sink.error());
    }
    TrailSettings settings;
    settings.queueCapacity = state_.config.trailQueueCapacity;
    settings.maxAgeHours = state_.config.trailMaxAgeHours;
    settings.maxRows = state_.config.trailMaxRows;
    settings.group = state_.config.stateGroup;
    settings.sink = state_.trailSink.get();
    auto writer = TrailWriter::open(file, settings);
    if (!writer) { // traffic does not depend on it
        spdlog::error("trail: {}; requests are not recorded", writer.error());
        return;
    }
    state_.trail = std::move(*writer);
}

// The filters' background tasks (a flag poller), on the control thread.
void Gateway::startFilterTasks() {
    filters::FilterServices& services = *state_.filters;
    for (const filters::FilterRegistration& registration : filters::filterRegistry()) {
        if (!registration.background || !registration.runsIn || !registration.runsIn(services.env)) continue;
        filters::BackgroundContext context{control_.get_executor(), controlGlue_, services,
                                           [this] {
                                               const auto snapshot = state_.snapshot.load();
                                               return snapshot ? snapshot->table : nullptr;
                                           },
                                           [this] { return state_.draining.load(); }};
        asio::co_spawn(control_, registration.background(std::move(context)), asio::detached);
    }
}

} // namespace gatehouse::gateway
