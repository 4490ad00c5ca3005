#include "server/alert_loop.h"

#include "admin/admin_store.h"
#include "common/clock.h"
#include "filters/filter_services.h"
#include "state/gateway_state.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gatehouse::gateway {
namespace asio = boost::asio;

AlertLoop::AlertLoop(asio::io_context& control, GatewayState& state, AdminStore* history)
    : control_(control), state_(state),
      evaluator_(state.config.thresholds.alertForSeconds, [history](const AlertEvaluator::Alert& alert) {
          if (history) history->recordAlert(alert.service, alert.rule, alert.severity, AlertEvaluator::historyState(alert));
      }) {}

void AlertLoop::start() { asio::co_spawn(control_, run(), asio::detached); }

asio::awaitable<void> AlertLoop::run() {
    asio::steady_timer timer(control_);
    while (!state_.draining.load()) {
        timer.expires_after(std::chrono::seconds(state_.config.thresholds.evaluateSeconds));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        const auto snapshot = state_.snapshot.load();
        if (!snapshot) continue;
        std::map<std::string, std::uint64_t> mismatches; // per service, as counted so far
        for (const auto& stats : state_.filters->stats.all()) mismatches[stats->service] += stats->shadowMismatches.load();
        evaluator_.evaluate(*snapshot, state_.config.thresholds, state_.series, mismatches, epochMs());
    }
}

} // namespace gatehouse::gateway
