// gatehouse-demo-load: realistic traffic for the demo, for as long as it runs: many users
// with their own tokens (some read-only, a few without one), a mix of routes weighted as a
// public API's would be, keep-alive connections, a request rate that breathes, and the
// incident schedule's burst of bad tokens (demo_incidents.h, from --epoch).
//
//   gatehouse-demo-load --target 127.0.0.1:8080 [--rate 60] [--connections 16] [--epoch S]
//
// Every 10 s it prints the rate it reached and the answers by class, and the phase.
#include "demo_incidents.h"
#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <boost/asio.hpp>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);

namespace {

struct Call {
    const char* method;
    const char* path; // {id} is replaced by a number
    int weight;
};
// Reads dominate, as on a public API; a few writes, deletes (refused by policy for most
// users) and paths that only the monolith serves.
constexpr std::array kCalls{
    Call{"GET", "/v2/droplets", 12},          Call{"GET", "/v2/droplets/{id}", 12},   Call{"POST", "/v2/droplets/{id}/actions", 2},
    Call{"DELETE", "/v2/droplets/{id}", 1},   Call{"GET", "/v2/volumes", 8},          Call{"GET", "/v2/volumes/{id}", 6},
    Call{"GET", "/v2/images", 5},             Call{"GET", "/v2/images/{id}", 3},      Call{"GET", "/v2/vpcs/{id}", 4},
    Call{"GET", "/v2/firewalls", 3},          Call{"GET", "/v2/load_balancers", 2},   Call{"GET", "/v2/kubernetes/clusters", 5},
    Call{"GET", "/v2/kubernetes/clusters/{id}/node_pools", 2}, Call{"GET", "/v2/domains/example.com/records", 3},
    Call{"GET", "/v2/account", 6},            Call{"GET", "/v2/customers/my/balance", 3}, Call{"GET", "/v2/customers/my/invoices", 1},
    Call{"GET", "/v2/databases", 2},          Call{"GET", "/v2/apps", 3},             Call{"GET", "/v2/monitoring/metrics/droplet/cpu", 2},
    Call{"GET", "/v2/reports", 1},
};

struct Stats {
    std::array<std::uint64_t, 6> byClass{}; // [0]: no answer (connect or read failed)
    std::uint64_t total = 0;
};

struct Load {
    std::string host;
    std::string port;
    double rate = 60;
    int connections = 16;
    std::int64_t epoch = 0;
    Stats stats;
    std::mt19937 rng{std::random_device{}()};

    gatehouse::demo::Conditions conditions() const {
        const auto t = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        return gatehouse::demo::conditionsAt(std::chrono::seconds(std::max<std::int64_t>(0, t - epoch)));
    }

    std::string nextRequest() {
        static const std::discrete_distribution<std::size_t> pick = [] {
            std::vector<double> weights;
            for (const Call& c : kCalls) weights.push_back(c.weight);
            return std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
        }();
        const Call& call = kCalls[std::discrete_distribution<std::size_t>(pick)(rng)];
        std::string path = call.path;
        if (const std::size_t at = path.find("{id}"); at != std::string::npos) {
            path.replace(at, 4, std::to_string(std::uniform_int_distribution<int>(1, 5000)(rng)));
        }
        // 400 users, a few of them far busier than the rest (Zipf-like).
        const int user = 1 + static_cast<int>(std::pow(std::uniform_real_distribution<double>(0, 1)(rng), 3) * 400);
        const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
        const double bad = conditions().badTokenShare;
        std::string auth;
        if (roll < bad) auth = fmt::format("Authorization: Bearer expired-{}\r\n", user);
        else if (roll < bad + 0.02) auth = ""; // no credentials at all
        else if (roll < bad + 0.12) auth = fmt::format("Authorization: Bearer demo-readonly-{}\r\n", user);
        else auth = fmt::format("Authorization: Bearer demo-{}\r\n", user);
        const bool write = std::string_view(call.method) == "POST";
        return fmt::format("{} {} HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: gatehouse-demo-load/1\r\n{}{}\r\n{}", call.method, path,
                           auth, write ? "Content-Type: application/json\r\nContent-Length: 17\r\n" : "",
                           write ? R"({"type":"reboot"})" : "");
    }
};

// Reads one response (head and body) from `socket` into nothing; its status, or 0.
asio::awaitable<int> readResponse(tcp::socket& socket, std::string& buffer, bool& keepAlive) {
    char chunk[16384];
    gatehouse::http::ResponseHead head;
    gatehouse::http::HeadError error;
    gatehouse::http::ParseStatus status;
    while ((status = gatehouse::http::parseResponseHead(buffer, {}, head, error)) == gatehouse::http::ParseStatus::incomplete) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kToken);
        if (ec) co_return 0;
        buffer.append(chunk, n);
    }
    if (status == gatehouse::http::ParseStatus::error) co_return 0;
    const int code = head.status;
    const auto framing = gatehouse::http::responseFraming(head, false, error);
    keepAlive = head.combined("connection").find("close") == std::string::npos && framing &&
                framing->kind != gatehouse::http::BodyFraming::Kind::untilClose;
    const std::size_t headSize = head.size;
    buffer.erase(0, headSize);
    if (!framing) co_return 0;
    if (framing->kind == gatehouse::http::BodyFraming::Kind::length) {
        while (buffer.size() < framing->length) {
            auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kToken);
            if (ec) co_return 0;
            buffer.append(chunk, n);
        }
        buffer.erase(0, framing->length);
    } else if (framing->kind == gatehouse::http::BodyFraming::Kind::chunked) {
        gatehouse::http::ChunkedDecoder decoder;
        std::vector<std::string_view> payload;
        while (true) {
            const std::size_t used = decoder.decode(buffer, payload);
            if (decoder.failed()) co_return 0;
            buffer.erase(0, used);
            payload.clear();
            if (decoder.done()) break;
            auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kToken);
            if (ec) co_return 0;
            buffer.append(chunk, n);
        }
    }
    co_return code;
}

// One keep-alive connection: a request, its answer, a pause (Poisson arrivals at this
// connection's share of the rate), again; reconnects when the gateway closes.
asio::awaitable<void> client(Load& load) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    asio::steady_timer pause(executor);
    while (true) {
        auto [resolveError, endpoints] = co_await resolver.async_resolve(load.host, load.port, kToken);
        tcp::socket socket(executor);
        if (!resolveError) {
            auto [connectError, endpoint] = co_await asio::async_connect(socket, endpoints, kToken);
            resolveError = connectError;
        }
        std::string buffer;
        bool keepAlive = !resolveError;
        if (resolveError) ++load.stats.byClass[0];
        while (keepAlive) {
            const double perConnection = load.rate * load.conditions().rateFactor / load.connections;
            pause.expires_after(std::chrono::microseconds(
                static_cast<std::int64_t>(std::exponential_distribution<double>(perConnection)(load.rng) * 1e6)));
            co_await pause.async_wait(kToken);
            const std::string request = load.nextRequest();
            auto [writeError, written] = co_await asio::async_write(socket, asio::buffer(request), kToken);
            // A deadline for the answer: the slowest demo service times out at 60 s.
            asio::steady_timer deadline(executor);
            deadline.expires_after(65s);
            deadline.async_wait([&socket](const boost::system::error_code& e) {
                if (!e) socket.close();
            });
            int status = 0;
            if (!writeError) status = co_await readResponse(socket, buffer, keepAlive);
            deadline.cancel();
            ++load.stats.byClass[status >= 100 && status < 600 ? status / 100 : 0];
            ++load.stats.total;
            if (status == 0) keepAlive = false;
        }
        pause.expires_after(200ms); // not a busy loop while the gateway is away
        co_await pause.async_wait(kToken);
    }
}

asio::awaitable<void> report(Load& load) {
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    Stats last;
    std::string phase;
    while (true) {
        timer.expires_after(10s);
        co_await timer.async_wait(kToken);
        const Stats now = load.stats;
        auto delta = [&](int i) { return now.byClass[i] - last.byClass[i]; };
        const auto conditions = load.conditions();
        std::cerr << fmt::format("demo-load: {:.1f} req/s  2xx {}  3xx {}  4xx {}  5xx {}  no answer {}  | {}\n",
                                 static_cast<double>(now.total - last.total) / 10.0, delta(2), delta(3), delta(4), delta(5), delta(0),
                                 conditions.phase);
        last = now;
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"gatehouse-demo-load: realistic traffic for the demo"};
    std::string target;
    Load load;
    app.add_option("--target", target, "the gateway, HOST:PORT")->required();
    app.add_option("--rate", load.rate, "requests per second, on average")->check(CLI::Range(1.0, 5000.0));
    app.add_option("--connections", load.connections, "keep-alive connections")->check(CLI::Range(1, 512));
    app.add_option("--epoch", load.epoch, "the incident schedule's start (Unix seconds; default: now)");
    CLI11_PARSE(app, argc, argv);
    const std::size_t colon = target.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "demo-load: --target must be HOST:PORT\n";
        return 2;
    }
    load.host = target.substr(0, colon);
    load.port = target.substr(colon + 1);
    if (load.epoch == 0) load.epoch = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    asio::io_context io(1);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
    for (int i = 0; i < load.connections; ++i) asio::co_spawn(io, client(load), asio::detached);
    asio::co_spawn(io, report(load), asio::detached);
    std::cerr << fmt::format("demo-load: {} req/s over {} connections to {}\n", load.rate, load.connections, target);
    io.run();
}
