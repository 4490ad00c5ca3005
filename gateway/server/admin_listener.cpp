#include "server/admin_listener.h"

#include "filters/filter_services.h"
#include "net/tls_context.h"
#include "state/gateway_state.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
std::vector<std::string> lowerCaseHosts(std::vector<std::string> hosts) {
    for (std::string& host : hosts) {
        for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hosts;
}
} // namespace

AdminListener::AdminListener(asio::io_context& control, GatewayState& state) : control_(control), state_(state) {
    openStore();
    openTrailQueries();
    if (!state_.config.adminTokensFile.empty()) {
        auto loaded = loadAdminTokens(state_.config.adminTokensFile);
        if (!loaded) throw std::runtime_error(loaded.error());
        tokens_ = std::move(*loaded);
    } else {
        spdlog::warn("no admin_tokens_file: the admin API (/api/v1) refuses every request");
    }
}

AdminListener::~AdminListener() = default;

void AdminListener::openStore() {
    const std::string file = (std::filesystem::path(state_.config.stateDir) / "gatehouse.db").string();
    auto store = AdminStore::open(file, state_.config.stateGroup);
    if (!store) {
        // Traffic does not depend on it: serve, with the default switches as configured.
        spdlog::error("admin store: {}; default filter switches are not persisted", store.error());
        return;
    }
    store_ = std::move(*store);
    state_.adminStoreOpen.store(true);
    if (state_.config.collector) {
        // The fleet's switches (from the collector) rule; switches saved here before this
        // gateway followed a collector stay in the database, unused.
        if (!store_->switches().empty()) {
            spdlog::warn("admin store: the default filter switches saved on this gateway are not used: it follows the collector {}",
                         state_.config.collector->url);
        }
        return;
    }
    for (const auto& [name, saved] : store_->switches()) {
        if (filters::FilterSwitch* toggle = state_.filters->findSwitch(name)) {
            toggle->enabled.store(saved.enabled);
            if (!saved.enabled) {
                spdlog::warn("default filter {} is switched off (by {} at {}: {})", name, saved.changedBy, saved.changedAt,
                             saved.reason);
            }
        }
    }
}

void AdminListener::openTrailQueries() {
    if (!state_.trail) return; // no trail, or it could not open (said already)
    const std::string file = (std::filesystem::path(state_.config.stateDir) / "trail.db").string();
    auto queries = TrailQueries::open(file, state_.config.trailQueries, state_.trailQueriesBusy, state_.trailQueriesTimedOut);
    if (!queries) {
        spdlog::error("trail: {}; the trail API is unavailable", queries.error());
        return;
    }
    trail_ = std::move(*queries);
    state_.trailQueriesOpen.store(true);
}

void AdminListener::start(AlertEvaluator& alerts) {
    api_ = std::make_unique<AdminApi>(state_, std::move(tokens_), store_.get(), trail_.get(), &alerts);
    const ListenAddress& address = state_.config.admin;
    acceptor_ = std::make_unique<tcp::acceptor>(control_);
    const tcp::endpoint endpoint(asio::ip::make_address(address.host), address.port);
    acceptor_->open(endpoint.protocol());
    acceptor_->set_option(tcp::acceptor::reuse_address(true));
    acceptor_->bind(endpoint);
    acceptor_->listen();
    handler_ = [this](ApiRequest request) -> asio::awaitable<ApiResponse> { co_return co_await api_->handleAsync(std::move(request)); };
    ApiListenerSettings settings;
    settings.name = "admin";
    settings.maxConnections = 1024; // operators, scrapers and consoles, not traffic
    settings.maxPending = 64;
    std::shared_ptr<asio::ssl::context> tls = address.tls ? makeServerTlsContext(address.tls->certFile, address.tls->keyFile) : nullptr;
    settings.tls = tls.get();
    ApiServerLimits limits;
    limits.allowedHosts = state_.config.adminAllowedHosts.empty() ? defaultAllowedHosts(address.host)
                                                                  : lowerCaseHosts(state_.config.adminAllowedHosts);
    asio::co_spawn(control_, runApiListener(*acceptor_, settings, limits, handler_, state_.adminListener),
                   [tls](std::exception_ptr) {}); // the context lives as long as the listener
}

unsigned short AdminListener::port() const { return acceptor_->local_endpoint().port(); }

void AdminListener::close() {
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
}

} // namespace gatehouse::gateway
