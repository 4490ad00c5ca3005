#pragma once

#include "config/gateway_config.h"
#include "core/config/problem.h"
#include "control/last_known_good.h"
#include "control/table_source.h"
#include "glue/glue_client.h"
#include "net/api_http.h"
#include "core/validation/table_document.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <string>

namespace gatehouse::gateway {

// Follows the route collector's table (GET /v1/table with If-None-Match, long-poll by
// default) on the control thread. A table is validated again here and installed only if
// this gateway accepts it whole; every accepted table is written to last-known-good. The
// collector going away changes nothing but the status: the table in use stays.
class CollectorFollower {
public:
    // How the gateway names itself on every poll, so that the collector knows its fleet.
    struct Identity {
        std::string gatewayId;
        std::string adminUrl; // empty: not advertised
        // The default filters this gateway's config runs (before and after), so that the
        // collector can say where a fleet switch has an effect.
        std::vector<std::string> defaultFilters = {};
    };
    // Validates and swaps a table in; its problems (with errors: rejected, nothing changed).
    using Install = std::function<config::Problems(std::vector<config::ServiceConfig> services)>;
    // Runs the default filters as the fleet's switches say (every filter not listed runs).
    using ApplySwitches = std::function<void(const std::vector<routing::FilterSwitchState>& switches)>;

    CollectorFollower(boost::asio::io_context& control, GlueClient& glue, const CollectorSettings& settings, Identity identity,
                      std::string token, std::string lastKnownGoodFile, TableSourceStatus& status, Install install,
                      ApplySwitches applySwitches, config::ServiceLimits limits = {});

    enum class Outcome { changed, unchanged, failed, rejected };
    struct PollResult {
        Outcome outcome = Outcome::failed;
        std::string detail; // why it failed or was rejected
    };
    // One request; with `wait`, a long poll the collector holds until the table changes.
    // A failure moves on to the next collector (with several), for the next poll.
    boost::asio::awaitable<PollResult> pollOnce(bool wait);
    std::size_t collectors() const { return endpoints_.size(); }
    // Polls until `stopping()`, with backoff while the collector fails.
    boost::asio::awaitable<void> run(std::function<bool()> stopping);

    // The admin URL to advertise from now on (known once the admin listener is bound).
    void advertiseAdminUrl(std::string url) { identity_.adminUrl = std::move(url); }

    // Start-up without the collector: the table on disk, if it is whole and valid.
    PollResult installLastKnownGood();

private:
    // The identity and the state of this gateway's table, as query parameters.
    std::string reportQuery() const;
    PollResult apply(const std::string& text, const std::string& etag, const std::string& origin, std::int64_t currentAtMs,
                     bool logProblems);

    boost::asio::io_context& control_;
    GlueClient& glue_;
    CollectorSettings settings_;
    Identity identity_;
    // One per collector URL; the one followed now. They serve one table (one etcd store):
    // the same ETag, so moving to another costs a 304.
    std::vector<GlueEndpoint> endpoints_;
    std::vector<std::string> basePaths_;
    std::size_t current_ = 0;
    std::string token_;
    std::string lastKnownGoodFile_;
    TableSourceStatus& status_;
    Install install_;
    ApplySwitches applySwitches_;
    config::ServiceLimits limits_;
    // The table installed (collector id and version): a document that differs only in its
    // switches does not install the table again.
    std::string installedCollector_;
    std::optional<std::uint64_t> installedVersion_;
    std::string etag_;         // of the table in use
    std::string rejectedEtag_; // of the newest table refused: polls wait for a newer one
};


} // namespace gatehouse::gateway
