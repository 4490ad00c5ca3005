#pragma once

#include "config/gateway_config.h"
#include "core/config/problem.h"
#include "control/collector_follower.h"
#include "glue/glue_client.h"
#include "health/health_checker.h"
#include "net/timed_socket.h"
#include "proxy/upstream_pool.h"
#include "server/starting_table.h"
#include "server/table_installer.h"
#include "state/gateway_state.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <memory>
#include <vector>

namespace gatehouse::gateway {

class AdminListener;
class AlertLoop;
class Worker;

// The gatehouse process, put together from its parts: the table installer, the workers
// (the data plane), the admin listener, the alert loop and the filters' background
// tasks, all but the workers on the control thread, which also handles signals (SIGHUP
// reload, SIGTERM/SIGINT drain).
class Gateway {
public:
    explicit Gateway(GatewayConfig config);
    ~Gateway();

    // The table to start with: from the collector when one is configured (or its
    // last-known-good copy while it is down), else services_dir.
    StartingTable loadInitialTable();
    // Binds every listener and starts the workers; writes state_dir/gatehouse.ports.json.
    void start();
    // Runs the control thread until a drain finishes; returns the exit code.
    int run();

private:
    void prepareUpstreamTls();
    void openTrail();
    void startWorkers();
    void advertiseAdmin();
    void startFilterTasks();
    void waitForSignal();
    void reload();
    void beginDrain();
    void writePortsFile() const;

    GatewayState state_;
    boost::asio::io_context control_{1};
    boost::asio::signal_set signals_{control_};
    HealthChecker healthChecker_{control_, state_.destinationPolicy};
    TableInstaller installer_{state_, healthChecker_};
    // Glue calls made by the control thread itself (the collector, the filters' tasks).
    Watchdog controlWatchdog_{control_};
    UpstreamPool controlPool_{control_, controlWatchdog_};
    GlueClient controlGlue_{controlPool_, controlWatchdog_, &state_.upstreamTlsRaw};
    std::unique_ptr<CollectorFollower> follower_;
    std::unique_ptr<AdminListener> admin_;
    std::unique_ptr<AlertLoop> alerts_;
    std::vector<std::unique_ptr<Worker>> workers_;
};

} // namespace gatehouse::gateway
