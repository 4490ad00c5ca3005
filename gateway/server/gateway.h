#pragma once

#include "config/gateway_config.h"
#include "core/config/problem.h"
#include "admin/admin_api.h"
#include "control/collector_follower.h"
#include "net/api_server.h"
#include "glue/glue_client.h"
#include "health/health_checker.h"
#include "net/timed_socket.h"
#include "proxy/upstream_pool.h"
#include "state/gateway_state.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>

#include <map>
#include <memory>
#include <vector>

namespace gatehouse::gateway {

class Worker;

// The gatehouse process: workers, the admin listener and the control thread that
// handles signals (SIGHUP reload, SIGTERM/SIGINT drain) and reloads off the request path.
class Gateway {
public:
    explicit Gateway(GatewayConfig config);
    ~Gateway();

    // The table to start with: from the collector when one is configured (or its
    // last-known-good copy while it is down), else services_dir. `refusal` says why there
    // is none to serve.
    config::Problems loadInitialTable(std::string& refusal);
    // Reads services_dir and builds a table. Errors leave the current table in place.
    config::Problems loadTable();
    // Validates services as this gateway would serve them (table analysis, every route's
    // filter chain) and swaps them in whole; with errors nothing changes.
    config::Problems installServices(std::vector<config::ServiceConfig> services, config::Problems problems);
    // Binds every listener and starts the workers; writes state_dir/gatehouse.ports.json.
    void start();
    // Runs the control thread until a drain finishes; returns the exit code.
    int run();

private:
    void startFilterTasks();
    boost::asio::awaitable<void> evaluateAlerts();
    void prepareUpstreamTls();
    void openAdminStore();
    void openTrail();
    void waitForSignal();
    void reload();
    void beginDrain();
    void writePortsFile() const;

    GatewayState state_;
    boost::asio::io_context control_{1};
    boost::asio::signal_set signals_{control_};
    HealthChecker healthChecker_{control_, state_.destinationPolicy};
    std::map<std::string, std::int64_t> servedRevisions_; // the collector's revision of each service in use
    // Glue calls made by the control thread itself (the filters' background tasks).
    Watchdog controlWatchdog_{control_};
    UpstreamPool controlPool_{control_, controlWatchdog_};
    GlueClient controlGlue_{controlPool_, controlWatchdog_, &state_.upstreamTlsRaw};
    std::unique_ptr<CollectorFollower> follower_;
    ApiHandler adminHandler_;
    std::unique_ptr<AdminStore> adminStore_;
    std::unique_ptr<AdminApi> adminApi_;
    std::unique_ptr<TrailQueries> trailQueries_; // after adminApi_: it goes first, while the API still points at it
    std::unique_ptr<AlertEvaluator> alerts_;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> admin_;
    std::vector<std::unique_ptr<Worker>> workers_;
};

} // namespace gatehouse::gateway
