#include "server/starting_table.h"

#include "config/gateway_config.h"
#include "control/collector_follower.h"
#include "server/table_installer.h"

#include <boost/asio/co_spawn.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <optional>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace {

StartingTable fromStaticDir(const GatewayConfig& config, TableInstaller& installer) {
    StartingTable start;
    start.problems = installer.installStaticDir();
    if (config::hasErrors(start.problems)) {
        start.refusal = fmt::format("the routing table in {} has {} error(s); refusing to start", config.servicesDir,
                                    config::countErrors(start.problems));
    }
    return start;
}

CollectorFollower::PollResult firstPoll(asio::io_context& control, CollectorFollower& follower, int timeoutMs) {
    auto first = std::make_shared<std::optional<CollectorFollower::PollResult>>();
    asio::co_spawn(control, follower.pollOnce(false), [first](std::exception_ptr, CollectorFollower::PollResult result) {
        *first = std::move(result);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs + 1000);
    while (!*first && std::chrono::steady_clock::now() < deadline) control.run_one_for(std::chrono::milliseconds(50));
    control.restart();
    if (*first) return std::move(**first);
    CollectorFollower::PollResult none;
    none.outcome = CollectorFollower::Outcome::failed;
    none.detail = "no answer";
    return none;
}

} // namespace

StartingTable loadStartingTable(asio::io_context& control, const GatewayConfig& config, TableInstaller& installer,
                                CollectorFollower* follower) {
    if (!follower) return fromStaticDir(config, installer);
    std::vector<std::string> reasons;
    // 1. The collector.
    // Each collector in turn (a failed poll moves the follower to the next).
    CollectorFollower::PollResult first = firstPoll(control, *follower, config.collector->timeoutMs);
    for (std::size_t tried = 1; first.outcome == CollectorFollower::Outcome::failed && tried < follower->collectors(); ++tried) {
        first = firstPoll(control, *follower, config.collector->timeoutMs);
    }
    if (first.outcome == CollectorFollower::Outcome::changed) return {};
    reasons.push_back(fmt::format("collector: {}", first.detail));
    spdlog::error("collector: {}; trying the last-known-good table", reasons.back());

    // 2. The last table the collector gave this gateway.
    const CollectorFollower::PollResult saved = follower->installLastKnownGood();
    if (saved.outcome == CollectorFollower::Outcome::changed) return {};
    reasons.push_back(fmt::format("last-known-good: {}", saved.detail));
    spdlog::error("last-known-good: {}; ignoring it", saved.detail);

    // 3. The static directory, when there is one.
    if (config.servicesDir.empty()) {
        reasons.push_back("static: no services_dir configured");
    } else {
        StartingTable start = fromStaticDir(config, installer);
        if (start.refusal.empty()) {
            spdlog::warn("serving the static routing table from {} until the collector {} answers", config.servicesDir,
                         config.collector->url);
            return start;
        }
        reasons.push_back(fmt::format("static: {} has {} error(s)", config.servicesDir, config::countErrors(start.problems)));
    }
    return {{}, fmt::format("no routing table to serve, refusing to start ({})", fmt::join(reasons, "; "))};
}

} // namespace gatehouse::gateway
