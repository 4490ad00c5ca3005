#pragma once

#include "observe/alerts.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

namespace gatehouse::gateway {

struct GatewayState;
class AdminStore;

// The gateway's alerts, evaluated on the control thread (never a worker) every
// evaluate_seconds until the drain; every transition goes to `history` when there is one.
class AlertLoop {
public:
    AlertLoop(boost::asio::io_context& control, GatewayState& state, AdminStore* history);
    AlertEvaluator& evaluator() { return evaluator_; }
    void start();

private:
    boost::asio::awaitable<void> run();

    boost::asio::io_context& control_;
    GatewayState& state_;
    AlertEvaluator evaluator_;
};

} // namespace gatehouse::gateway
