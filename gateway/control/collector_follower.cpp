#include "control/collector_follower.h"

#include "common/clock.h"
#include "common/text_util.h"
#include "common/version.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>

namespace gatehouse::gateway {
namespace asio = boost::asio;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxTable = 64u << 20;          // 64 MiB: tens of thousands of routes
constexpr std::size_t kProblemsLogged = 20;           // a rejected table's problems in the log
constexpr std::chrono::milliseconds kFirstRetry{250};
constexpr std::chrono::milliseconds kMaxRetry{10'000};

} // namespace

const char* tableSourceName(TableSource source) {
    switch (source) {
    case TableSource::collector: return "collector";
    case TableSource::lastKnownGood: return "last_known_good";
    case TableSource::staticDir: return "static";
    case TableSource::none: break;
    }
    return "none";
}

double TableSourceStatus::stalenessSeconds(std::int64_t nowMs) const {
    const TableSource current = source.load();
    if (current == TableSource::staticDir || current == TableSource::none) return 0;
    if (collectorReachable.load() && !behind.load()) return 0;
    return static_cast<double>(std::max<std::int64_t>(0, nowMs - currentAtMs.load())) / 1000.0;
}

CollectorFollower::CollectorFollower(asio::io_context& control, GlueClient& glue, const CollectorSettings& settings,
                                     Identity identity, std::string token, std::string lastKnownGoodFile, TableSourceStatus& status,
                                     Install install, ApplySwitches applySwitches, config::ServiceLimits limits)
    : control_(control), glue_(glue), settings_(settings), identity_(std::move(identity)), token_(std::move(token)),
      lastKnownGoodFile_(std::move(lastKnownGoodFile)), status_(status), install_(std::move(install)),
      applySwitches_(std::move(applySwitches)), limits_(limits) {
    if (settings_.urls.empty()) settings_.urls.push_back(settings_.url);
    for (const std::string& url : settings_.urls) {
        GlueEndpoint endpoint = *parseGlueUrl(url); // validated with the config
        endpoint.maxBody = kMaxTable;
        std::string base = endpoint.path;
        while (!base.empty() && base.back() == '/') base.pop_back();
        endpoints_.push_back(std::move(endpoint));
        basePaths_.push_back(std::move(base));
    }
    status_.collectorUrl = settings_.urls.front();
    status_.lastKnownGoodFile = lastKnownGoodFile_;
}

CollectorFollower::PollResult CollectorFollower::apply(const std::string& text, const std::string& etag,
                                                       const std::string& origin, std::int64_t currentAtMs, bool logProblems) {
    routing::ParsedTableDocument parsed = routing::parseTableDocument(text, origin, limits_);
    config::Problems problems = std::move(parsed.problems);
    const routing::TableDocument& document = parsed.document;
    const bool sameTable = installedVersion_ == document.version && installedCollector_ == document.collectorId;
    if (parsed.ok() && !sameTable) {
        status_.installingSource.store(origin == lastKnownGoodFile_ ? TableSource::lastKnownGood : TableSource::collector);
        status_.installingVersion.store(document.version);
        status_.installingRevisions = document.revisions;
        const config::Problems installed = install_(std::move(parsed.document.services));
        problems.insert(problems.end(), installed.begin(), installed.end());
    }
    if (config::hasErrors(problems)) {
        // Defence in depth: whatever the collector let through, this gateway keeps serving
        // the table it has.
        std::size_t logged = 0;
        for (const config::Problem& p : problems) {
            if (logProblems && p.severity == config::Severity::error && logged++ < kProblemsLogged) {
                spdlog::error("{}", config::formatProblem(p));
            }
        }
        return {Outcome::rejected, fmt::format("table v{} from {}: {} error(s), first: {}", parsed.document.version, origin,
                                               config::countErrors(problems),
                                               std::find_if(problems.begin(), problems.end(), [](const config::Problem& p) {
                                                   return p.severity == config::Severity::error;
                                               })->message)};
    }
    etag_ = etag;
    installedCollector_ = document.collectorId;
    installedVersion_ = document.version;
    status_.collectorVersion.store(document.version);
    status_.currentAtMs.store(currentAtMs);
    // The switches come with the table they were published with: a table this gateway
    // refuses leaves its switches as they were too (and the collector sees it pending).
    if (document.switchVersion != status_.switchVersion.load() || status_.switches != document.switches) {
        applySwitches_(document.switches);
        status_.switches = document.switches;
        status_.switchVersion.store(document.switchVersion);
    }
    return {Outcome::changed, {}};
}

CollectorFollower::PollResult CollectorFollower::installLastKnownGood() {
    auto saved = loadLastKnownGood(lastKnownGoodFile_);
    if (!saved) return {Outcome::failed, saved.error()};
    PollResult result = apply(saved->tableText, saved->etag, lastKnownGoodFile_, saved->savedAtMs, true);
    if (result.outcome == Outcome::changed) {
        status_.source.store(TableSource::lastKnownGood);
        status_.collectorReachable.store(false);
        spdlog::warn("serving the last-known-good routing table v{} saved at {} ({}); the collector {} will replace it when it answers",
                     status_.collectorVersion.load(), saved->savedAt, lastKnownGoodFile_, settings_.url);
    }
    return result;
}

std::string CollectorFollower::reportQuery() const {
    std::string query = fmt::format("gateway={}&version={}&table_version={}&source={}&staleness_ms={}&switches={}",
                                    formEncode(identity_.gatewayId), gatehouseVersion(), status_.collectorVersion.load(),
                                    tableSourceName(status_.source.load()),
                                    static_cast<std::int64_t>(status_.stalenessSeconds(epochMs()) * 1000), status_.switchVersion.load());
    if (!identity_.adminUrl.empty()) query += "&admin_url=" + formEncode(identity_.adminUrl);
    std::string defaults;
    for (const std::string& name : identity_.defaultFilters) defaults += (defaults.empty() ? "" : ",") + name;
    query += "&defaults=" + formEncode(defaults); // always sent: empty says "none"
    return query;
}

asio::awaitable<CollectorFollower::PollResult> CollectorFollower::pollOnce(bool wait) {
    const std::string url = settings_.urls[current_];
    GlueEndpoint endpoint = endpoints_[current_];
    endpoint.timeout = std::chrono::milliseconds(settings_.timeoutMs + (wait ? settings_.waitSeconds * 1000 : 0));
    const std::string& basePath = basePaths_[current_];
    const std::string target = wait ? fmt::format("{}/v1/table?wait={}&{}", basePath, settings_.waitSeconds, reportQuery())
                                    : fmt::format("{}/v1/table?{}", basePath, reportQuery());
    std::string fields = "Accept: application/json\r\n";
    if (!token_.empty()) fields += fmt::format("Authorization: Bearer {}\r\n", token_);
    // After a refusal, ask for what comes after the refused table, not for it again.
    const std::string& have = rejectedEtag_.empty() ? etag_ : rejectedEtag_;
    if (!have.empty()) fields += fmt::format("If-None-Match: {}\r\n", have);
    auto response = co_await glue_.call(endpoint, "GET", target, fields, {});
    PollResult result;
    if (!response) {
        result = {Outcome::failed, response.error()};
    } else if (response->status == 304) {
        result = {Outcome::unchanged, {}};
        if (rejectedEtag_.empty()) status_.currentAtMs.store(epochMs()); // else: still behind
    } else if (response->status == 200) {
        const bool seenBefore = !response->etag.empty() && response->etag == rejectedEtag_;
        result = apply(response->body, response->etag, url + "/v1/table", epochMs(), !seenBefore);
        if (result.outcome == Outcome::rejected) {
            rejectedEtag_ = response->etag;
            status_.behind.store(true);
        } else if (result.outcome == Outcome::changed) {
            rejectedEtag_.clear();
            status_.behind.store(false);
            spdlog::info("routing table v{} from the collector {} installed", status_.collectorVersion.load(), url);
            const LastKnownGood saved{response->body, response->etag, isoNow(), epochMs()};
            if (auto written = saveLastKnownGood(lastKnownGoodFile_, saved); written) {
                status_.lastKnownGoodWrites.fetch_add(1);
            } else {
                status_.lastKnownGoodWriteFailures.fetch_add(1);
                spdlog::error("last-known-good: {}; a restart while the collector is down would not find this table", written.error());
            }
        }
    } else {
        result = {Outcome::failed, fmt::format("{} answered HTTP {}{}", url, response->status,
                                               response->status == 401 || response->status == 403
                                                   ? ": check collector.token_file"
                                                   : "")};
    }
    switch (result.outcome) {
    case Outcome::changed: status_.pollsChanged.fetch_add(1); break;
    case Outcome::unchanged: status_.pollsUnchanged.fetch_add(1); break;
    case Outcome::failed: status_.pollsFailed.fetch_add(1); break;
    case Outcome::rejected: status_.tablesRejected.fetch_add(1); break;
    }
    if (result.outcome == Outcome::changed || (result.outcome == Outcome::unchanged && rejectedEtag_.empty())) {
        status_.source.store(TableSource::collector); // a 304 confirms a last-known-good table is current
        status_.lastError.clear();
    } else if (result.outcome == Outcome::rejected) {
        status_.lastError = result.detail;
    }
    if (result.outcome == Outcome::failed) {
        status_.lastError = result.detail;
        status_.collectorReachable.store(false);
        if (endpoints_.size() > 1) {
            current_ = (current_ + 1) % endpoints_.size();
            status_.collectorUrl = settings_.urls[current_];
            spdlog::warn("collector: {} failed ({}); following {} next", url, result.detail, settings_.urls[current_]);
        }
    } else {
        status_.collectorReachable.store(true);
    }
    co_return result;
}

asio::awaitable<void> CollectorFollower::run(std::function<bool()> stopping) {
    asio::steady_timer timer(control_);
    auto retry = kFirstRetry;
    bool failing = false;
    std::size_t failedInRow = 0;
    while (!stopping()) {
        // A long poll only when the last answer came: after an outage or a start from
        // last-known-good, a plain GET confirms (or replaces) the table at once.
        const bool wait = settings_.longPoll && status_.collectorReachable.load();
        const PollResult result = co_await pollOnce(wait);
        std::chrono::milliseconds pause = settings_.longPoll ? std::chrono::milliseconds(50) : std::chrono::milliseconds(settings_.intervalMs);
        if (result.outcome == Outcome::failed && ++failedInRow < endpoints_.size()) {
            pause = std::chrono::milliseconds(0); // the next collector, at once
        } else if (result.outcome == Outcome::failed) {
            if (!failing) {
                spdlog::error("collector: {}; still serving routing table v{} ({}), retrying with backoff", result.detail,
                              status_.collectorVersion.load(), tableSourceName(status_.source.load()));
            }
            failing = true;
            failedInRow = 0;
            pause = retry;
            retry = std::min(retry * 2, kMaxRetry);
        } else {
            if (failing) spdlog::info("collector: {} answers again", status_.collectorUrl);
            failing = false;
            failedInRow = 0;
            retry = kFirstRetry;
            if (result.outcome == Outcome::rejected) { // once per refused version: the next poll waits for a newer one
                spdlog::error("collector: rejected {}; still serving routing table v{}", result.detail, status_.collectorVersion.load());
            }
        }
        timer.expires_after(pause);
        auto [ec] = co_await timer.async_wait(kToken);
        if (ec) co_return;
    }
}

} // namespace gatehouse::gateway
