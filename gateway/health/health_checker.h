#pragma once

#include "core/config/destination_policy.h"
#include "health/destination_health.h"
#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <utility>

namespace gatehouse::gateway {

// Active health checks (a service's "health_check"): every interval, GET its path on
// each destination on a new connection; max_failed_attempts consecutive failures mark
// it unhealthy, min_successful_attempts consecutive successes bring it back. Runs on
// the control thread, never on a worker.
class HealthChecker {
public:
    // `policy`: addresses checks never connect to (forbidden_destinations), as for traffic.
    HealthChecker(boost::asio::io_context& io, const config::DestinationPolicy& policy)
        : io_(io), watchdog_(io), policy_(policy) {}
    // Stops checking the previous table and checks this one. `tls` is used for "https"
    // destinations, as for traffic.
    void follow(std::shared_ptr<const TableSnapshot> snapshot, boost::asio::ssl::context* tls);

private:
    boost::asio::awaitable<void> checkLoop(std::shared_ptr<const TableSnapshot> snapshot, const config::ServiceConfig* service,
                                           std::size_t destination, std::uint64_t generation);
    boost::asio::awaitable<std::pair<bool, std::string>> probe(const std::string& address, boost::asio::ssl::context* tls,
                                                               const config::HealthCheck& check);

    boost::asio::io_context& io_;
    Watchdog watchdog_;
    std::uint64_t generation_ = 0;
    boost::asio::ssl::context* tls_ = nullptr;
    const config::DestinationPolicy& policy_;
};

} // namespace gatehouse::gateway
