#include "collector/fleet_reader.h"

#include "common/clock.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <memory>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace json = boost::json;

std::size_t FleetAnswers::answered() const {
    std::size_t n = 0;
    for (const GatewayAnswer& a : answers) n += a.body.has_value();
    return n;
}

json::object FleetAnswers::coverage() const {
    json::array failed;
    for (const GatewayAnswer& a : answers) {
        if (!a.body) failed.push_back(json::object{{"gateway_id", a.gatewayId}, {"error", a.body.error()}});
    }
    const std::size_t ok = answered();
    return json::object{{"asked", asked()}, {"answered", ok}, {"partial", ok < asked()}, {"failed", std::move(failed)}};
}

FleetReader::FleetReader(asio::io_context& io, GatewayRoster& roster, Settings settings, asio::ssl::context* tls)
    : io_(io), roster_(roster), settings_(std::move(settings)), tls_(tls), watchdog_(io), pool_(io, watchdog_),
      glue_(pool_, watchdog_, &tls_) {}

namespace {

// What the calls share: each writes its slot; the last one (or the deadline) wakes the reader.
struct Gather {
    explicit Gather(asio::io_context& io) : done(io) {}
    std::vector<GatewayAnswer> answers;
    std::size_t pending = 0;
    asio::steady_timer done;
};

GatewayAnswer readAnswer(std::string gatewayId, const std::expected<GlueResponse, std::string>& response) {
    GatewayAnswer answer{std::move(gatewayId), std::unexpected(std::string()), 0};
    if (!response) {
        answer.body = std::unexpected(response.error());
        return answer;
    }
    answer.status = response->status;
    boost::system::error_code ec;
    json::value body = json::parse(response->body, ec);
    if (ec || !body.is_object()) {
        answer.body = std::unexpected(fmt::format("HTTP {}: not a JSON object", response->status));
    } else if (response->status == 401 || response->status == 403 || response->status >= 500) {
        const json::value* message = body.as_object().if_contains("message");
        answer.body = std::unexpected(fmt::format("HTTP {}{}", response->status,
                                                  message && message->is_string() ? ": " + std::string(message->as_string()) : ""));
    } else {
        answer.body = std::move(body); // 200, and 404s that say "not here"
    }
    return answer;
}

// By value: the call may outlive the fleet read that started it (past its deadline).
asio::awaitable<std::expected<GlueResponse, std::string>> askOne(GlueClient& glue, GlueEndpoint endpoint, std::string target,
                                                                 std::string fields) {
    co_return co_await glue.call(endpoint, "GET", target, fields, {});
}

} // namespace

asio::awaitable<FleetAnswers> FleetReader::get(std::string target) {
    // Named first: GCC 12 destroys a temporary argument of a co_await'ed call twice.
    TargetFor same = [target](const std::string&) { return std::optional<std::string>(target); };
    FleetAnswers answers = co_await get(std::move(same));
    co_return answers;
}

asio::awaitable<FleetAnswers> FleetReader::get(TargetFor targetFor) {
    auto gather = std::make_shared<Gather>(io_);
    struct Call {
        std::size_t slot; // in the answers
        GlueEndpoint endpoint;
        std::string target;
    };
    std::vector<Call> calls;
    for (const GatewayRoster::Entry& e : roster_.list(epochMs())) {
        if (!e.live) continue;
        std::optional<std::string> target = targetFor(e.report.id);
        if (!target) continue;
        if (e.report.adminUrl.empty()) {
            gather->answers.push_back({e.report.id, std::unexpected(std::string("advertises no admin_url")), 0});
            continue;
        }
        auto endpoint = parseGlueUrl(e.report.adminUrl); // checked when the gateway reported it
        if (!endpoint) {
            gather->answers.push_back({e.report.id, std::unexpected(endpoint.error()), 0});
            continue;
        }
        endpoint->timeout = settings_.timeout;
        endpoint->maxBody = settings_.maxBody;
        gather->answers.push_back({e.report.id, std::unexpected(fmt::format("no answer within {} ms", settings_.timeout.count())), 0});
        calls.push_back({gather->answers.size() - 1, std::move(*endpoint), std::move(*target)});
    }
    const std::string fields = fmt::format("Accept: application/json\r\nAuthorization: Bearer {}\r\n", settings_.token);
    gather->pending = calls.size();
    for (const Call& c : calls) {
        std::string path = c.endpoint.path;
        while (!path.empty() && path.back() == '/') path.pop_back();
        asio::co_spawn(io_, askOne(glue_, c.endpoint, path + c.target, fields),
                       [gather, slot = c.slot](std::exception_ptr failure, std::expected<GlueResponse, std::string> response) {
                           if (gather->pending == 0) return; // past the deadline: the answer went without it
                           if (failure) response = std::unexpected(std::string("the call failed"));
                           gather->answers[slot] = readAnswer(gather->answers[slot].gatewayId, response);
                           if (--gather->pending == 0) gather->done.cancel();
                       });
    }
    if (gather->pending > 0) {
        // Every call has its own time limit; this one is for the answer as a whole.
        gather->done.expires_after(settings_.timeout + std::chrono::milliseconds(100));
        co_await gather->done.async_wait(asio::as_tuple(asio::use_awaitable));
        gather->pending = 0;
    }
    co_return FleetAnswers{std::move(gather->answers)};
}

} // namespace gatehouse::gateway
