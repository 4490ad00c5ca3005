// gatehouse-demo-fleet: fake backends on 127.0.0.1 for the demo, each with a
// behaviour, so that dashboards have something real to show.
//
//   gatehouse-demo-fleet --serve 9001:droplets:healthy --serve 9002:volumes:errors=0.1 ...
//
// Behaviours: healthy; errors=RATIO (that share of requests get 500); slow=MS (every
// response waits about MS); crashy (every 20 s the listener and its connections go away
// for 5 s, like a crash and restart); flapping (its /health fails for 15 s every 30 s).
// Scripted by the incident schedule (demo_incidents.h, from --epoch): incident-errors
// (volumes' bad deploy), incident-slow (billing slowing toward its timeout),
// incident-crash (down while the schedule says a networking destination is).
//
// Glue services for the gateway's filters, with demo credentials:
//   introspection  RFC 7662: token "demo-<id>" is active for user <id> (scopes read write),
//                  "demo-readonly-<id>" has scope read only, anything else is inactive
//   sessions       cookie value "demo-<id>" is a session of user <id>; others are unknown
//   policy         allows everything except DELETE by users other than 1
//   flags          a Flipper API: every feature asked for is on for User;1 and 50 % of actors
#include "demo_incidents.h"
#include "http/http_head.h"

#include <boost/asio.hpp>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <string_view>
#include <tuple>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

struct Backend {
    std::uint16_t port = 0;
    std::string name;
    std::string behaviour = "healthy";
    double errorRate = 0;
    int delayMs = 0;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::vector<std::weak_ptr<tcp::socket>> open; // closed on a "crash"; expired ones pruned

    bool healthFailing() const {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
        return behaviour == "flapping" && (seconds % 30) >= 15;
    }
};

// The schedule's clock: seconds since --epoch (the demo's start, shared with the load).
std::int64_t gEpoch = 0;
gatehouse::demo::Conditions now() {
    const auto epoch = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return gatehouse::demo::conditionsAt(std::chrono::seconds(std::max<std::int64_t>(0, epoch - gEpoch)));
}

double errorRateOf(const Backend& b) { return b.behaviour == "incident-errors" ? now().volumesErrors : b.errorRate; }
int delayOf(const Backend& b) { return b.behaviour == "incident-slow" ? now().billingDelayMs : b.delayMs; }

std::mt19937& rng() {
    static std::mt19937 generator{std::random_device{}()};
    return generator;
}

bool isGlue(const std::string& behaviour) {
    return behaviour == "introspection" || behaviour == "sessions" || behaviour == "policy" || behaviour == "flags";
}

// "demo-42" -> "42"; "" when `value` is not a demo credential.
std::string demoUser(std::string_view value, std::string_view prefix = "demo-") {
    if (!value.starts_with(prefix)) return {};
    const std::string_view id = value.substr(prefix.size());
    const bool digits = !id.empty() && id.size() < 10 && id.find_first_not_of("0123456789") == std::string_view::npos;
    return digits ? std::string(id) : std::string();
}

std::pair<int, std::string> glueAnswer(const std::string& role, const std::string& target, const std::string& body,
                                       const std::string& cookie) {
    const auto epoch = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (role == "introspection") {
        std::string token = body.substr(0, body.find('&'));
        if (token.rfind("token=", 0) == 0) token = token.substr(6);
        if (const std::string id = demoUser(token, "demo-readonly-"); !id.empty()) {
            return {200, fmt::format(R"({{"active":true,"sub":"{}","scope":"read","exp":{}}})", id, epoch + 3600)};
        }
        if (const std::string id = demoUser(token); !id.empty()) {
            return {200, fmt::format(R"({{"active":true,"sub":"{}","scope":"read write","exp":{}}})", id, epoch + 3600)};
        }
        return {200, R"({"active":false})"};
    }
    if (role == "sessions") {
        const std::size_t eq = cookie.find('=');
        const std::string id = demoUser(eq == std::string::npos ? "" : std::string_view(cookie).substr(eq + 1));
        if (id.empty()) return {401, R"({"error":"no such session"})"};
        return {200, fmt::format(R"({{"user_id":"{}","scopes":["read","write"]}})", id)};
    }
    if (role == "policy") {
        const bool deleting = body.find(R"("method":"DELETE")") != std::string::npos;
        const bool admin = body.find(R"("user":{"id":"1")") != std::string::npos;
        if (deleting && !admin) return {200, R"({"allow":false,"reason":"only user 1 may delete in the demo"})"};
        return {200, R"({"allow":true})"};
    }
    // flags: /.../features?keys=a,b
    std::string features;
    const std::size_t keys = target.find("keys=");
    std::string_view list = keys == std::string::npos ? std::string_view() : std::string_view(target).substr(keys + 5);
    while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        features += fmt::format(R"({}{{"key":"{}","state":"conditional","gates":[{{"key":"boolean","name":"boolean","value":null}},)"
                                R"({{"key":"actors","name":"actor","value":["User;1"]}},)"
                                R"({{"key":"percentage_of_actors","name":"percentage_of_actors","value":50}}]}})",
                                features.empty() ? "" : ",", list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
    return {200, fmt::format(R"({{"features":[{}]}})", features)};
}

asio::awaitable<void> serveConnection(Backend& backend, std::shared_ptr<tcp::socket> socket) {
    std::string buffer;
    char chunk[16384];
    asio::steady_timer timer(socket->get_executor());
    while (true) {
        gatehouse::http::RequestHead head;
        gatehouse::http::HeadError error;
        gatehouse::http::ParseStatus status;
        while ((status = gatehouse::http::parseRequestHead(buffer, {}, head, error)) == gatehouse::http::ParseStatus::incomplete) {
            auto [ec, n] = co_await socket->async_read_some(asio::buffer(chunk), kToken);
            if (ec) co_return;
            buffer.append(chunk, n);
        }
        if (status == gatehouse::http::ParseStatus::error) co_return;
        const std::string target(head.target);
        const std::string user = head.find("x-gatehouse-user-id") ? std::string(head.find("x-gatehouse-user-id")->value) : "";
        std::size_t bodyLength = 0;
        if (const auto* length = head.find("content-length")) bodyLength = std::stoull(std::string(length->value));
        const std::size_t headSize = head.size;
        while (buffer.size() < headSize + bodyLength) {
            auto [ec, n] = co_await socket->async_read_some(asio::buffer(chunk), kToken);
            if (ec) co_return;
            buffer.append(chunk, n);
        }
        const std::string requestBody = buffer.substr(headSize, bodyLength);
        const std::string cookie = head.find("cookie") ? std::string(head.find("cookie")->value) : "";
        buffer.erase(0, headSize + bodyLength);

        int code = 200;
        std::string body;
        if (isGlue(backend.behaviour)) {
            std::tie(code, body) = glueAnswer(backend.behaviour, target, requestBody, cookie);
        } else if (target.rfind("/health", 0) == 0) {
            code = backend.healthFailing() ? 503 : 200;
            body = fmt::format(R"({{"status":"{}"}})", code == 200 ? "ok" : "failing");
        } else {
            if (const int delay = delayOf(backend); delay > 0) {
                std::normal_distribution<double> jitter(delay, delay / 4.0);
                timer.expires_after(std::chrono::milliseconds(std::max(0, static_cast<int>(jitter(rng())))));
                co_await timer.async_wait(kToken);
            }
            if (std::uniform_real_distribution<double>(0, 1)(rng()) < errorRateOf(backend)) {
                code = 500;
                body = R"({"id":"internal_error","message":"the demo backend failed on purpose"})";
            } else {
                body = fmt::format(R"({{"service":"{}","port":{},"path":"{}","user":"{}"}})", backend.name, backend.port, target, user);
            }
        }
        const std::string response = fmt::format(
            "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}", code,
            code == 200 ? "OK" : code == 401 ? "Unauthorized" : code == 500 ? "Internal Server Error" : "Service Unavailable",
            body.size(), body);
        auto [ec, n] = co_await asio::async_write(*socket, asio::buffer(response), kToken);
        if (ec) co_return;
    }
}

void closeAll(Backend& backend) {
    for (auto& weak : backend.open) {
        boost::system::error_code ignored;
        if (auto socket = weak.lock()) socket->close(ignored);
    }
    backend.open.clear();
}

// When the listener of a crashing backend goes away, and for how long.
struct Outage {
    std::chrono::steady_clock::duration after;
    std::chrono::steady_clock::duration lasting;
};
std::optional<Outage> nextOutage(const Backend& backend) {
    if (backend.behaviour == "crashy") return Outage{20s, 5s};
    if (backend.behaviour == "incident-crash") return Outage{1s, 0s}; // checked each second; down while the schedule says so
    return std::nullopt;
}

asio::awaitable<void> runBackend(Backend& backend) {
    auto executor = co_await asio::this_coro::executor;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), backend.port);
    while (true) {
        if (backend.behaviour == "incident-crash" && now().networkingDown) {
            asio::steady_timer down(executor);
            down.expires_after(1s);
            co_await down.async_wait(kToken);
            continue;
        }
        tcp::acceptor acceptor(executor);
        boost::system::error_code ec;
        acceptor.open(endpoint.protocol(), ec);
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        acceptor.bind(endpoint, ec);
        if (ec) {
            std::cerr << fmt::format("demo-fleet: cannot listen on 127.0.0.1:{} ({}): {}\n", backend.port, backend.name, ec.message());
            co_return;
        }
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
        const std::optional<Outage> outage = nextOutage(backend);
        asio::steady_timer crash(executor);
        std::function<void(const boost::system::error_code&)> watch = [&](const boost::system::error_code& e) {
            if (e) return;
            if (backend.behaviour == "incident-crash" && !now().networkingDown) { // not yet: look again in a second
                crash.expires_after(1s);
                crash.async_wait(watch);
                return;
            }
            acceptor.close();
        };
        if (outage) {
            crash.expires_after(outage->after);
            crash.async_wait(watch);
        }
        while (acceptor.is_open()) {
            auto [acceptError, socket] = co_await acceptor.async_accept(kToken);
            if (acceptError) break;
            auto shared = std::make_shared<tcp::socket>(std::move(socket));
            std::erase_if(backend.open, [](const std::weak_ptr<tcp::socket>& w) { return w.expired(); });
            backend.open.push_back(shared);
            asio::co_spawn(executor, serveConnection(backend, shared), asio::detached);
        }
        crash.cancel();
        if (!outage) co_return;
        std::cerr << fmt::format("demo-fleet: {} on {} crashed{}\n", backend.name, backend.port,
                                 backend.behaviour == "crashy" ? "; restarting in 5 s" : " (scripted incident)");
        closeAll(backend);
        asio::steady_timer restart(executor);
        restart.expires_after(outage->lasting);
        co_await restart.async_wait(kToken);
    }
}

int main(int argc, char** argv) {
    CLI::App app{"gatehouse-demo-fleet: fake backends for the demo"};
    std::vector<std::string> specs;
    app.add_option("--serve", specs, "PORT:NAME:BEHAVIOUR, e.g. 9002:volumes:errors=0.1")->required();
    app.add_option("--epoch", gEpoch, "the incident schedule's start (Unix seconds; default: now)");
    CLI11_PARSE(app, argc, argv);
    if (gEpoch == 0) gEpoch = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();

    std::vector<std::unique_ptr<Backend>> backends;
    for (const std::string& spec : specs) {
        auto backend = std::make_unique<Backend>();
        const std::size_t first = spec.find(':');
        const std::size_t second = spec.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) {
            std::cerr << "demo-fleet: bad --serve '" << spec << "' (want PORT:NAME:BEHAVIOUR)\n";
            return 2;
        }
        backend->port = static_cast<std::uint16_t>(std::stoi(spec.substr(0, first)));
        backend->name = spec.substr(first + 1, second - first - 1);
        const std::string behaviour = spec.substr(second + 1);
        const std::size_t eq = behaviour.find('=');
        backend->behaviour = behaviour.substr(0, eq);
        if (backend->behaviour == "errors") backend->errorRate = std::stod(behaviour.substr(eq + 1));
        if (backend->behaviour == "slow") backend->delayMs = std::stoi(behaviour.substr(eq + 1));
        backends.push_back(std::move(backend));
    }
    asio::io_context io(1);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
    for (auto& backend : backends) asio::co_spawn(io, runBackend(*backend), asio::detached);
    std::cerr << fmt::format("demo-fleet: {} backend(s) on 127.0.0.1\n", backends.size());
    io.run();
    // The sockets still open belong to coroutines the io_context destroys; close them
    // while it exists (a socket outliving its io_context corrupts the heap).
    for (auto& backend : backends) closeAll(*backend);
    io.restart();
    io.poll();
}
