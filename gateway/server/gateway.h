#pragma once

#include "config/gateway_config.h"
#include "config/problem.h"
#include "health/health_checker.h"
#include "server/gateway_state.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>

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

    // Reads services_dir and builds a table. Errors leave the current table in place.
    config::Problems loadTable();
    // Binds every listener and starts the workers; writes state_dir/gatehouse.ports.json.
    void start();
    // Runs the control thread until a drain finishes; returns the exit code.
    int run();

private:
    boost::asio::awaitable<void> adminLoop();
    boost::asio::awaitable<void> adminSession(boost::asio::ip::tcp::socket socket);
    void waitForSignal();
    void reload();
    void beginDrain();
    void writePortsFile() const;

    GatewayState state_;
    boost::asio::io_context control_{1};
    boost::asio::signal_set signals_{control_};
    HealthChecker healthChecker_{control_};
    std::unique_ptr<boost::asio::ip::tcp::acceptor> admin_;
    std::vector<std::unique_ptr<Worker>> workers_;
};

} // namespace gatehouse::gateway
