#include "server/gateway.h"

#include "admin/admin_store.h"
#include "core/validation/service_loader.h"
#include "filters/filter_chain.h"
#include "http/http_head.h"
#include "core/routing/table_analysis.h"
#include "http/local_reply.h"
#include "server/worker.h"
#include "net/api_server.h"
#include "net/tls_context.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

std::vector<std::string> lowerCaseHosts(std::vector<std::string> hosts) {
    for (std::string& host : hosts) {
        for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hosts;
}

// Loads a PEM file into a context, saying which file failed.
template <typename Load>
void loadTlsFile(const std::string& what, const std::string& file, Load load) {
    boost::system::error_code ec;
    load(ec);
    if (ec) throw std::runtime_error(fmt::format("cannot load the {} {}: {}", what, file, ec.message()));
}

// Verifies destinations against upstream_tls.ca_file (or the system's CAs) and presents
// the gateway's certificate when one is configured (mTLS).
std::shared_ptr<asio::ssl::context> makeUpstreamTlsContext(const std::optional<UpstreamTls>& settings) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    context->set_verify_mode(asio::ssl::verify_peer);
    if (settings && !settings->caFile.empty()) {
        loadTlsFile("CA file", settings->caFile, [&](auto& ec) { context->load_verify_file(settings->caFile, ec); });
    } else {
        context->set_default_verify_paths();
    }
    if (settings && settings->clientCertificate) {
        const TlsFiles& files = *settings->clientCertificate;
        loadTlsFile("client certificate", files.certFile,
                    [&](auto& ec) { context->use_certificate_chain_file(files.certFile, ec); });
        loadTlsFile("client private key", files.keyFile,
                    [&](auto& ec) { context->use_private_key_file(files.keyFile, asio::ssl::context::pem, ec); });
    }
    return context;
}
} // namespace

Gateway::Gateway(GatewayConfig config) {
    state_.config = std::move(config);
    state_.destinationPolicy = destinationPolicy(state_.config);
    state_.filters = std::make_unique<filters::FilterServices>(state_.config.filterSettings());
}

Gateway::~Gateway() = default;

config::Problems Gateway::loadTable() {
    const std::vector<std::string> paths{state_.config.servicesDir};
    config::LoadedServices loaded = config::loadServiceFiles(paths, state_.config.registrationLimits);
    config::Problems problems = installServices(std::move(loaded.services), std::move(loaded.problems));
    if (!config::hasErrors(problems)) {
        state_.tableSource.source.store(TableSource::staticDir);
        state_.tableSource.collectorVersion.store(0);
    }
    return problems;
}

void Gateway::prepareUpstreamTls() {
    if (state_.upstreamTls) return;
    state_.upstreamTls = makeUpstreamTlsContext(state_.config.upstreamTls);
    state_.upstreamTlsRaw = state_.upstreamTls.get();
}

config::Problems Gateway::loadInitialTable(std::string& refusal) {
    const GatewayConfig& config = state_.config;
    if (!config.collector) {
        config::Problems problems = loadTable();
        if (config::hasErrors(problems)) {
            refusal = fmt::format("the routing table in {} has {} error(s); refusing to start", config.servicesDir,
                                  config::countErrors(problems));
        }
        return problems;
    }
    prepareUpstreamTls();
    std::string token;
    if (!config.collector->tokenFile.empty()) {
        auto read = readTokenFile(config.collector->tokenFile);
        if (!read) {
            refusal = read.error();
            return {};
        }
        token = std::move(*read);
    }
    std::error_code fsError;
    std::filesystem::create_directories(config.stateDir, fsError);
    const std::string lastKnownGood = (std::filesystem::path(config.stateDir) / "routing-table.json").string();
    follower_ = std::make_unique<CollectorFollower>(
        control_, controlGlue_, *config.collector, std::move(token), lastKnownGood, state_.tableSource,
        [this](std::vector<config::ServiceConfig> services) { return installServices(std::move(services), {}); },
        config.registrationLimits);

    // 1. The collector, bounded by its timeout (the control loop runs just for this).
    auto first = std::make_shared<std::optional<CollectorFollower::PollResult>>();
    asio::co_spawn(control_, follower_->pollOnce(false), [first](std::exception_ptr, CollectorFollower::PollResult result) {
        *first = std::move(result);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.collector->timeoutMs + 1000);
    while (!*first && std::chrono::steady_clock::now() < deadline) control_.run_one_for(std::chrono::milliseconds(50));
    control_.restart();
    std::vector<std::string> reasons;
    if (*first && (*first)->outcome == CollectorFollower::Outcome::changed) return {};
    reasons.push_back(fmt::format("collector: {}", *first ? (*first)->detail : "no answer"));
    spdlog::error("collector: {}; trying the last-known-good table", reasons.back());

    // 2. The last table the collector gave this gateway.
    const CollectorFollower::PollResult saved = follower_->installLastKnownGood();
    if (saved.outcome == CollectorFollower::Outcome::changed) return {};
    reasons.push_back(fmt::format("last-known-good: {}", saved.detail));
    spdlog::error("last-known-good: {}; ignoring it", saved.detail);

    // 3. The static directory, when there is one.
    if (config.servicesDir.empty()) {
        reasons.push_back("static: no services_dir configured");
    } else {
        config::Problems problems = loadTable();
        if (!config::hasErrors(problems)) {
            spdlog::warn("serving the static routing table from {} until the collector {} answers", config.servicesDir,
                         config.collector->url);
            return problems;
        }
        reasons.push_back(fmt::format("static: {} has {} error(s)", config.servicesDir, config::countErrors(problems)));
    }
    refusal = fmt::format("no routing table to serve, refusing to start ({})", fmt::join(reasons, "; "));
    return {};
}

config::Problems Gateway::installServices(std::vector<config::ServiceConfig> configs, config::Problems problems) {
    // Checked before the index is built: its size is what the limit protects.
    for (config::Problem& p : config::checkTableLimits(configs, state_.config.registrationLimits, "routing table")) {
        problems.push_back(std::move(p));
    }
    for (const config::ServiceConfig& service : configs) {
        for (config::Problem& p : config::checkDestinations(service, state_.destinationPolicy)) problems.push_back(std::move(p));
    }
    if (config::hasErrors(problems)) return problems;
    auto table = routing::RouteTable::build(std::move(configs));
    const config::Problems analysis = routing::analyseTable(*table);
    problems.insert(problems.end(), analysis.begin(), analysis.end());
    // Every route's filter chain is built (and its params checked against what this
    // gateway offers) before the table is used: a filter that cannot work refuses the table.
    std::vector<std::vector<std::shared_ptr<const filters::FilterChain>>> chains;
    filters::FilterServices& services = *state_.filters;
    for (const config::ServiceConfig& service : table->services()) {
        auto& routes = chains.emplace_back();
        for (std::size_t r = 0; r < service.routes.size(); ++r) {
            auto chain = filters::buildChain(services.env, service, r, services.defaultsBefore, services.defaultsAfter,
                                             services.stats);
            if (chain) {
                routes.push_back(std::move(*chain));
            } else {
                problems.push_back(std::move(chain.error()));
                routes.push_back(nullptr);
            }
        }
    }
    if (!config::hasErrors(problems)) {
        const std::uint64_t version = state_.tableVersion.load() + 1;
        const std::shared_ptr<const TableSnapshot> previous = state_.snapshot.load();
        auto snapshot = makeSnapshot(table, version, previous.get(), std::move(chains));
        TableChange change = describeTableChange(previous ? previous->table.get() : nullptr, *table);
        state_.snapshot.store(snapshot);
        state_.tableVersion.store(version);
        change.version = version;
        const TableSource from = state_.tableSource.installingSource.exchange(TableSource::staticDir);
        change.source = tableSourceName(from);
        change.collectorVersion = from == TableSource::staticDir ? 0 : state_.tableSource.installingVersion.load();
        // A new revision is a change even when no route moved (a destination, a filter).
        std::map<std::string, std::int64_t> revisions;
        for (const routing::ServiceRevision& r : state_.tableSource.installingRevisions) revisions[r.service] = r.revision;
        for (const auto& [name, revision] : revisions) {
            const auto served = servedRevisions_.find(name);
            const bool changed = served == servedRevisions_.end() || served->second != revision;
            if (changed && std::find(change.services.begin(), change.services.end(), name) == change.services.end()) {
                change.services.push_back(name);
            }
        }
        std::sort(change.services.begin(), change.services.end());
        servedRevisions_ = std::move(revisions);
        for (const std::string& name : change.services) { // who registered what, when the collector said
            std::string who;
            for (const routing::ServiceRevision& r : state_.tableSource.installingRevisions) {
                if (r.service == name) who = fmt::format("rev {} by {}", r.revision, r.by);
            }
            change.registeredBy.push_back(std::move(who));
        }
        state_.tableSource.installingRevisions.clear();
        change.atMs = epochMs();
        state_.tableChanges.record(std::move(change));
        healthChecker_.follow(snapshot, state_.upstreamTls.get()); // runs once the control loop does
        services.stats.prune(); // counters of entries no table uses any more (in-flight requests keep theirs)
        spdlog::info("routing table v{}: {} routes from {} services", version, table->entries().size(),
                     table->services().size());
    }
    return problems;
}

void Gateway::start() {
    std::error_code fsError;
    std::filesystem::create_directories(state_.config.stateDir, fsError);
    const int threads = state_.config.threads > 0 ? state_.config.threads
                                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    prepareUpstreamTls();
    openAdminStore();
    openTrail();
    alerts_ = std::make_unique<AlertEvaluator>(state_.config.thresholds.alertForSeconds, [this](const AlertEvaluator::Alert& alert) {
        if (adminStore_) adminStore_->recordAlert(alert.service, alert.rule, alert.severity, AlertEvaluator::historyState(alert));
    });
    adminApi_->setAlerts(alerts_.get());
    healthChecker_.follow(state_.snapshot.load(), state_.upstreamTls.get()); // the table was loaded before TLS was set up
    std::vector<Worker::Listener> listeners;
    for (const ListenAddress& address : state_.config.listen) {
        listeners.push_back({tcp::endpoint(asio::ip::make_address(address.host), address.port),
                             address.tls ? makeServerTlsContext(address.tls->certFile, address.tls->keyFile) : nullptr});
    }
    std::vector<tcp::endpoint> endpoints;
    for (int i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>(state_, static_cast<std::size_t>(i));
        worker->listen(listeners);
        if (i == 0) { // port 0: the others share the port the first got
            endpoints = worker->boundEndpoints();
            for (std::size_t l = 0; l < listeners.size(); ++l) listeners[l].endpoint = endpoints[l];
        }
        workers_.push_back(std::move(worker));
    }
    admin_ = std::make_unique<tcp::acceptor>(control_);
    const tcp::endpoint adminEndpoint(asio::ip::make_address(state_.config.admin.host), state_.config.admin.port);
    admin_->open(adminEndpoint.protocol());
    admin_->set_option(tcp::acceptor::reuse_address(true));
    admin_->bind(adminEndpoint);
    admin_->listen();
    for (auto& worker : workers_) worker->start();
    adminHandler_ = [this](ApiRequest request) -> asio::awaitable<ApiResponse> { co_return co_await adminApi_->handleAsync(std::move(request)); };
    const ListenAddress& adminAddress = state_.config.admin;
    ApiListenerSettings adminSettings;
    adminSettings.name = "admin";
    adminSettings.maxConnections = 1024; // operators, scrapers and consoles, not traffic
    adminSettings.maxPending = 64;
    std::shared_ptr<asio::ssl::context> adminTls =
        adminAddress.tls ? makeServerTlsContext(adminAddress.tls->certFile, adminAddress.tls->keyFile) : nullptr;
    adminSettings.tls = adminTls.get();
    ApiServerLimits adminLimits;
    adminLimits.allowedHosts = state_.config.adminAllowedHosts.empty() ? defaultAllowedHosts(adminAddress.host)
                                                                       : lowerCaseHosts(state_.config.adminAllowedHosts);
    asio::co_spawn(control_, runApiListener(*admin_, adminSettings, adminLimits, adminHandler_, state_.adminListener),
                   [adminTls](std::exception_ptr) {}); // the context lives as long as the listener
    startFilterTasks();
    if (follower_) {
        asio::co_spawn(control_, follower_->run([this] { return state_.draining.load(); }), asio::detached);
    }
    asio::co_spawn(control_, evaluateAlerts(), asio::detached);
    signals_.add(SIGHUP);
    signals_.add(SIGTERM);
    signals_.add(SIGINT);
    waitForSignal();
    writePortsFile();
    for (const tcp::endpoint& endpoint : endpoints) {
        spdlog::info("listening on {}:{} ({} threads)", endpoint.address().to_string(), endpoint.port(), threads);
    }
    spdlog::info("admin on {}:{}", adminEndpoint.address().to_string(), admin_->local_endpoint().port());
}

void Gateway::writePortsFile() const {
    boost::json::array listen;
    for (const tcp::endpoint& endpoint : workers_.front()->boundEndpoints()) listen.push_back(endpoint.port());
    const boost::json::object ports{{"listen", std::move(listen)},
                                    {"admin", admin_->local_endpoint().port()},
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
    const config::Problems problems = loadTable();
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
            boost::system::error_code ignored;
            admin_->close(ignored);
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
    auto queries = TrailQueries::open(file, state_.config.trailQueries, state_.trailQueriesBusy, state_.trailQueriesTimedOut);
    if (queries) {
        trailQueries_ = std::move(*queries);
        adminApi_->setTrail(trailQueries_.get());
        state_.trailQueriesOpen.store(true);
    } else {
        spdlog::error("trail: {}; the trail API is unavailable", queries.error());
    }
}

void Gateway::openAdminStore() {
    const std::string file = (std::filesystem::path(state_.config.stateDir) / "gatehouse.db").string();
    auto store = AdminStore::open(file, state_.config.stateGroup);
    if (!store) {
        // Traffic does not depend on it: serve, with the default switches as configured.
        spdlog::error("admin store: {}; default filter switches are not persisted", store.error());
    } else {
        adminStore_ = std::move(*store);
        state_.adminStoreOpen.store(true);
        for (const auto& [name, saved] : adminStore_->switches()) {
            if (filters::FilterSwitch* toggle = state_.filters->findSwitch(name)) {
                toggle->enabled.store(saved.enabled);
                if (!saved.enabled) {
                    spdlog::warn("default filter {} is switched off (by {} at {}: {})", name, saved.changedBy, saved.changedAt,
                                 saved.reason);
                }
            }
        }
    }
    std::vector<AdminToken> tokens;
    if (!state_.config.adminTokensFile.empty()) {
        auto loaded = loadAdminTokens(state_.config.adminTokensFile);
        if (!loaded) throw std::runtime_error(loaded.error());
        tokens = std::move(*loaded);
    } else {
        spdlog::warn("no admin_tokens_file: the admin API (/api/v1) refuses every request");
    }
    adminApi_ = std::make_unique<AdminApi>(state_, adminStore_.get(), std::move(tokens));
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

// The alerts, evaluated on the control thread (never a worker) every evaluate_seconds.
asio::awaitable<void> Gateway::evaluateAlerts() {
    asio::steady_timer timer(control_);
    while (!state_.draining.load()) {
        timer.expires_after(std::chrono::seconds(state_.config.thresholds.evaluateSeconds));
        auto [ec] = co_await timer.async_wait(kToken);
        if (ec) co_return;
        const auto snapshot = state_.snapshot.load();
        if (!snapshot) continue;
        std::map<std::string, std::uint64_t> mismatches; // per service, as counted so far
        for (const auto& stats : state_.filters->stats.all()) mismatches[stats->service] += stats->shadowMismatches.load();
        alerts_->evaluate(*snapshot, state_.config.thresholds, state_.series, mismatches, epochMs());
    }
}

} // namespace gatehouse::gateway
