#pragma once

#include "collector/gateway_roster.h"
#include "glue/glue_client.h"
#include "net/timed_socket.h"
#include "proxy/upstream_pool.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// One gateway's answer to a fleet read: its JSON body, or why there is none.
struct GatewayAnswer {
    std::string gatewayId;
    std::expected<boost::json::value, std::string> body; // an error: refused, timed out, not 200, not JSON
    int status = 0;                                       // the HTTP status when one came
};

// The answers of every gateway asked, in roster order (by gateway id).
struct FleetAnswers {
    std::vector<GatewayAnswer> answers;
    std::size_t asked() const { return answers.size(); }
    std::size_t answered() const; // a JSON body came back (any status)
    // {"asked", "answered", "partial", "failed": [{"gateway_id", "error"}]}: in every fleet answer.
    boost::json::object coverage() const;
};

// Reads the gateways' admin APIs for the collector's fleet views: one GET to every live
// gateway that advertises an admin URL, all at once, each bounded by `timeout`, with the
// fleet viewer token. A slow or lost gateway never holds the answer past the time limit:
// it is counted as failed (partial). Runs on the collector's one event loop.
class FleetReader {
public:
    struct Settings {
        std::string token;                     // a viewer token of the gateways' admin API
        std::chrono::milliseconds timeout{2000};
        std::size_t maxBody = 16u << 20;       // one gateway's answer
    };
    FleetReader(boost::asio::io_context& io, GatewayRoster& roster, Settings settings, boost::asio::ssl::context* tls);

    // `target`: "/api/v1/services" (with its query), the same for every gateway.
    boost::asio::awaitable<FleetAnswers> get(std::string target);
    // A target per gateway (a trail page continues where each gateway's left off);
    // nothing: that gateway is not asked (nor counted).
    using TargetFor = std::function<std::optional<std::string>(const std::string& gatewayId)>;
    boost::asio::awaitable<FleetAnswers> get(TargetFor targetFor);
    const Settings& settings() const { return settings_; }

private:
    boost::asio::io_context& io_;
    GatewayRoster& roster_;
    Settings settings_;
    boost::asio::ssl::context* tls_;
    Watchdog watchdog_;
    UpstreamPool pool_;
    GlueClient glue_;
};

} // namespace gatehouse::gateway
