// The gateway as a client and a backend see it: a real gatehouse process, real sockets,
// real upstream servers on 127.0.0.1.
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
using Action = UpstreamResponse::Action;

std::string service(const std::string& name, const std::vector<int>& ports, const std::string& routes = R"([{"paths": ["/*"]}])",
                    int timeoutSeconds = 5) {
    std::string destinations;
    for (int port : ports) {
        destinations += (destinations.empty() ? "" : ", ") +
                        std::string(R"({"scheme": "http", "host": "127.0.0.1:)") + std::to_string(port) + "\"}";
    }
    return R"({"name": ")" + name + R"(", "routes": )" + routes + R"(, "destinations": [)" + destinations +
           R"(], "timeout_seconds": )" + std::to_string(timeoutSeconds) + "}";
}

std::string get(const std::string& path, const std::string& extra = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n" + extra + "\r\n";
}

UpstreamResponse echoBody(const UpstreamRequest& request) {
    UpstreamResponse response;
    response.body = request.body;
    return response;
}

UpstreamResponse echoPath(const UpstreamRequest& request) {
    UpstreamResponse response;
    response.body = request.method + " " + request.target;
    return response;
}

TEST(Proxy, ReusesKeepAliveConnectionsToTheUpstream) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(client.send(get("/items/" + std::to_string(i))));
        const std::string response = client.readResponse();
        ASSERT_EQ(statusOf(response), 200) << response;
        EXPECT_EQ(bodyOf(response), "GET /items/" + std::to_string(i));
        EXPECT_EQ(headerOf(response, "X-Request-Id").size(), 32u);
    }
    EXPECT_EQ(upstream.requests(), 20);
    EXPECT_EQ(upstream.connections(), 1); // one worker thread: one pooled connection serves all
}

TEST(Proxy, PipelinedRequestsAreAnsweredInOrder) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response = echoPath(request);
        response.delayMs = request.target == "/first" ? 100 : 0; // the first is the slowest
        return response;
    });
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    ASSERT_TRUE(client.send(get("/first") + get("/second") + get("/third")));
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /first");
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /second");
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /third");
}

TEST(Proxy, ConnectionCloseAndHttp10Clients) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient closing(gateway.port());
    closing.send(get("/a", "Connection: close\r\n"));
    const std::string response = closing.readResponse();
    EXPECT_EQ(statusOf(response), 200);
    EXPECT_EQ(headerOf(response, "Connection"), "close");
    EXPECT_TRUE(closing.closedByPeer(2000));

    HttpClient old(gateway.port());
    old.send("GET /b HTTP/1.0\r\n\r\n");
    EXPECT_EQ(bodyOf(old.readResponse()), "GET /b");
    EXPECT_TRUE(old.closedByPeer(2000)); // HTTP/1.0 without keep-alive
    HttpClient oldKeepAlive(gateway.port());
    oldKeepAlive.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(headerOf(oldKeepAlive.readResponse(), "Connection"), "keep-alive");
    oldKeepAlive.send("GET /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(bodyOf(oldKeepAlive.readResponse()), "GET /d");
}

TEST(Proxy, NoRouteIsA404WithAJsonBody) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()}, R"([{"paths": ["/v2/echo"]}])")}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(gateway.port(), get("/v2/other", "X-Request-Id: trace-42\r\n"));
    EXPECT_EQ(statusOf(response), 404);
    EXPECT_EQ(headerOf(response, "Content-Type"), "application/json");
    const auto body = boost::json::parse(bodyOf(response));
    EXPECT_EQ(body.at("id").as_string(), "not_found");
    EXPECT_EQ(body.at("request_id").as_string(), "trace-42");
    EXPECT_NE(std::string(body.at("message").as_string()).find("/v2/other"), std::string::npos);
    EXPECT_EQ(upstream.requests(), 0);
}

TEST(Proxy, HeadersTheBackendSees) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(
        gateway.port(), get("/h", "Connection: keep-alive, X-Secret\r\nX-Secret: hop\r\nKeep-Alive: timeout=5\r\n"
                                  "Upgrade: websocket\r\nTE: trailers\r\nX-Forwarded-For: 6.6.6.6\r\n"
                                  "X-Request-Id: abc-123\r\nX-Custom: kept\r\n"));
    ASSERT_EQ(statusOf(response), 200) << response;
    EXPECT_EQ(headerOf(response, "X-Request-Id"), "abc-123");
    const auto received = upstream.received();
    ASSERT_EQ(received.size(), 1u);
    const UpstreamRequest& r = received[0];
    for (const char* hop : {"X-Secret", "Keep-Alive", "Upgrade", "TE", "Connection"}) EXPECT_EQ(r.count(hop), 0u) << hop;
    EXPECT_EQ(r.header("X-Forwarded-For"), "127.0.0.1"); // the client's claim is not trusted at the edge
    EXPECT_EQ(r.header("X-Forwarded-Proto"), "http");
    EXPECT_EQ(r.header("X-Forwarded-Host"), "api.example.com");
    EXPECT_EQ(r.header("Host"), "api.example.com");
    EXPECT_EQ(r.header("X-Request-Id"), "abc-123");
    EXPECT_EQ(r.header("X-Custom"), "kept");
    // An invalid incoming id is replaced.
    const std::string replaced = httpExchange(gateway.port(), get("/h", "X-Request-Id: bad id with spaces\r\n"));
    EXPECT_EQ(headerOf(replaced, "X-Request-Id").size(), 32u);
}

// CGI-style servers (Rack, PHP, WSGI) read '_' as '-': X_Gatehouse_User_Id would be the
// gateway's own identity field to them.
TEST(Proxy, IdentityAndForwardingFieldsInEverySpellingNeverReachTheBackend) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(
        gateway.port(), get("/h", "X_Gatehouse_User_Id: 1\r\nx-gatehouse_scopes: admin\r\nX-GATEHOUSE-USER-ID: 2\r\n"
                                  "Forwarded: for=6.6.6.6;proto=https\r\nX_Forwarded_For: 6.6.6.6\r\n"
                                  "X-Forwarded-Port: 443\r\nX-Forwarded-Ssl: on\r\nX-Forwarded-Scheme: https\r\n"
                                  "X-Real-IP: 6.6.6.6\r\nClient-Ip: 6.6.6.6\r\nX_Real_Ip: 6.6.6.6\r\n"
                                  "Content_Length: 5\r\nTransfer_Encoding: chunked\r\nX_Custom: kept\r\n"));
    ASSERT_EQ(statusOf(response), 200) << response;
    const auto received = upstream.received();
    ASSERT_EQ(received.size(), 1u);
    std::vector<std::string> names;
    for (const auto& [name, value] : received[0].headers) names.push_back(name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"Host", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Request-Id",
                                               "X_Custom"}));
    EXPECT_EQ(received[0].header("X-Forwarded-For"), "127.0.0.1");
}

TEST(Proxy, UnderscoreFieldsCanBeRefusedOrDroppedByConfig) {
    TestUpstream upstream(echoPath);
    GatewayProcess rejecting({{"echo.json", service("echo", {upstream.port()})}},
                             R"("limits": {"headers_with_underscores_action": "reject_managed"})");
    ASSERT_TRUE(rejecting.started()) << rejecting.log();
    const std::string refused = httpExchange(rejecting.port(), get("/h", "X_Gatehouse_User_Id: 1\r\n"));
    EXPECT_EQ(statusOf(refused), 400) << refused;
    const auto body = boost::json::parse(bodyOf(refused));
    EXPECT_EQ(body.at("id").as_string(), "bad_request");
    EXPECT_NE(std::string(body.at("message").as_string()).find("X_Gatehouse_User_Id"), std::string::npos);
    EXPECT_EQ(body.at("request_id").as_string().size(), 32u);
    EXPECT_EQ(statusOf(httpExchange(rejecting.port(), get("/h", "X_Custom: 1\r\n"))), 200); // not a managed name
    EXPECT_EQ(upstream.requests(), 1);

    GatewayProcess dropping({{"echo.json", service("echo", {upstream.port()})}},
                            R"("limits": {"headers_with_underscores_action": "drop"})");
    ASSERT_TRUE(dropping.started()) << dropping.log();
    ASSERT_EQ(statusOf(httpExchange(dropping.port(), get("/h", "X_Custom: 1\r\nX-Custom: 2\r\n"))), 200);
    const auto received = upstream.received();
    EXPECT_EQ(received.back().count("X_Custom"), 0u);
    EXPECT_EQ(received.back().header("X-Custom"), "2");

    GatewayProcess strict({{"echo.json", service("echo", {upstream.port()})}},
                          R"("limits": {"headers_with_underscores_action": "reject"})");
    ASSERT_TRUE(strict.started()) << strict.log();
    EXPECT_EQ(statusOf(httpExchange(strict.port(), get("/h", "X_Custom: 1\r\n"))), 400);
}

TEST(Proxy, TargetFormsTheGatewayDoesNotRoute) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string connect = httpExchange(gateway.port(), "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n");
    EXPECT_EQ(statusOf(connect), 501) << connect;
    EXPECT_EQ(boost::json::parse(bodyOf(connect)).at("id").as_string(), "not_implemented");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("*"))), 400);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("api.example.com:80"))), 400); // authority-form
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), "GET / HTTP/1.1\r\nHost:\r\n\r\n")), 400);
    // OPTIONS * is the gateway's to answer, and the connection goes on.
    HttpClient client(gateway.port());
    client.send("OPTIONS * HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    const std::string options = client.readResponse();
    EXPECT_EQ(statusOf(options), 200) << options;
    EXPECT_EQ(headerOf(options, "Content-Length"), "0");
    client.send(get("/after"));
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /after");
    EXPECT_EQ(upstream.requests(), 1);
}

TEST(Proxy, ChunkExtensionsOutsideTheirGrammarAreRefused) {
    TestUpstream upstream(echoBody);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string head = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const std::string& bad : {std::string("5;\r\nhello\r\n0\r\n\r\n"), std::string("5;a=b c\r\nhello\r\n0\r\n\r\n"),
                                  std::string("5;a\0b\r\nhello\r\n0\r\n\r\n", 19), std::string("5;a=\"x\r\nhello\r\n0\r\n\r\n"),
                                  std::string("5 \r\nhello\r\n0\r\n\r\n")}) {
        const std::string response = httpExchange(gateway.port(), head + bad);
        EXPECT_EQ(statusOf(response), 400) << bad;
    }
    const std::string fine = httpExchange(gateway.port(), head + "5 ; name = \"q \\\" v\"; flag\r\nhello\r\n0\r\n\r\n");
    EXPECT_EQ(statusOf(fine), 200) << fine;
    EXPECT_EQ(bodyOf(fine), "hello");
}

// Busy services keep their connections (a high idle bound by default); what bounds the
// pool is max_connections, and a request over it is a 503 at once, not a queue.
TEST(Proxy, KeepsConnectionsUnderLoadAndBoundsThemByMaxConnections) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response = echoPath(request);
        response.delayMs = request.target == "/slow" ? 500 : 0;
        return response;
    });
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < 32; ++i) clients.push_back(std::make_unique<HttpClient>(gateway.port()));
    for (int round = 0; round < 5; ++round) { // 32 at once, five times: 32 upstream connections, reused
        for (auto& client : clients) ASSERT_TRUE(client->send(get("/r")));
        for (auto& client : clients) ASSERT_EQ(statusOf(client->readResponse()), 200);
    }
    EXPECT_LE(upstream.connections(), 32);

    const std::string bounded = R"({"name": "echo", "max_connections": 1, "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                                std::to_string(upstream.port()) + R"("}]})";
    GatewayProcess small({{"echo.json", bounded}});
    ASSERT_TRUE(small.started()) << small.log();
    HttpClient first(small.port());
    first.send(get("/slow"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string second = httpExchange(small.port(), get("/fast"));
    EXPECT_EQ(statusOf(second), 503) << second;
    EXPECT_EQ(boost::json::parse(bodyOf(second)).at("id").as_string(), "upstream_overflow");
    EXPECT_EQ(statusOf(first.readResponse()), 200);
    EXPECT_EQ(statusOf(httpExchange(small.port(), get("/fast"))), 200); // the one connection is free again
}

TEST(Proxy, StreamsBodiesBothWaysWithOurOwnFraming) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response;
        response.body = std::to_string(request.body.size()) + (request.chunked ? " chunked" : " length");
        response.chunked = request.target == "/chunked-response";
        return response;
    });
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world");
    EXPECT_EQ(bodyOf(client.readResponse()), "11 length");
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nT: 1\r\n\r\n");
    EXPECT_EQ(bodyOf(client.readResponse()), "11 chunked");
    client.send("POST /chunked-response HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
    const std::string chunked = client.readResponse();
    EXPECT_EQ(headerOf(chunked, "Transfer-Encoding"), "chunked");
    EXPECT_EQ(bodyOf(chunked), "8\r\n3 length\r\n0\r\n\r\n");
    // An HTTP/1.0 client gets the body until close, never chunked.
    HttpClient old(gateway.port());
    old.send("POST /chunked-response HTTP/1.0\r\nHost: a\r\nContent-Length: 2\r\n\r\nab");
    const std::string plain = old.readUntilClose();
    EXPECT_EQ(headerOf(plain, "Transfer-Encoding"), "");
    EXPECT_EQ(bodyOf(plain), "2 length");
}

TEST(Proxy, LargeBodiesPassWithFlatMemory) {
    constexpr std::size_t kBytes = std::size_t{1} << 30; // 1 GiB each way
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response;
        if (request.method == "GET") response.generatedBodyBytes = kBytes;
        else response.body = std::to_string(request.body.size());
        return response;
    });
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()}, R"([{"paths": ["/*"], "max_body_bytes": 0}])", 60)}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send(get("/download"));
    const std::string download = client.readResponse();
    EXPECT_EQ(bodyOf(download).size(), kBytes);
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(kBytes) + "\r\n\r\n");
    const std::string block(1 << 20, 'y');
    for (std::size_t sent = 0; sent < kBytes; sent += block.size()) ASSERT_TRUE(client.send(block));
    // The test's upstream holds the whole body before it answers (copies of up to 1 GiB,
    // slow under ASan beside another test): the answer may take longer than usual.
    EXPECT_EQ(bodyOf(client.readResponse(false, 60'000)), std::to_string(kBytes));
    const long peak = gateway.peakMemoryKiB();
    EXPECT_GT(peak, 0);
#ifdef __SANITIZE_ADDRESS__
    // ASan's shadow memory and its quarantine of freed blocks (up to 256 MiB) inflate
    // the figure; a gateway that buffered a body would still be far beyond this bound.
    constexpr long kBoundKiB = 512 * 1024;
#else
    constexpr long kBoundKiB = 64 * 1024;
#endif
    EXPECT_LT(peak, kBoundKiB) << "gateway peak memory " << peak << " KiB after 2 GiB through it";
}

TEST(Proxy, UpstreamFailuresMapToStatusesAndTheGatewayCarriesOn) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response = echoPath(request);
        if (request.target == "/hang") response.action = Action::hang;
        if (request.target == "/garbage") {
            response.action = Action::raw;
            response.raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello";
        }
        if (request.target == "/bad-status") {
            response.action = Action::raw;
            response.raw = "HTCPCP/1.0 418 TEAPOT\r\n\r\n";
        }
        if (request.target == "/close") response.action = Action::closeWithoutResponse;
        if (request.target == "/huge-head") {
            response.action = Action::raw;
            response.raw = "HTTP/1.1 200 OK\r\nX-Huge: " + std::string(70 * 1024, 'h') + "\r\nContent-Length: 0\r\n\r\n";
        }
        return response;
    });
    const int closedPort = unusedPort();
    GatewayProcess gateway({{"ok.json", service("ok", {upstream.port()}, R"([{"paths": ["/*"]}])", 1)},
                            {"down.json", service("down", {closedPort}, R"([{"paths": ["/down"], "hosts": ["down.example.com"]}])")}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    auto expectError = [&](const std::string& request, int status, const std::string& id) {
        const std::string response = httpExchange(gateway.port(), request);
        EXPECT_EQ(statusOf(response), status) << request << response;
        const auto body = boost::json::parse(bodyOf(response));
        EXPECT_EQ(body.at("id").as_string(), id) << response;
        EXPECT_EQ(body.at("request_id").as_string(), headerOf(response, "X-Request-Id"));
        EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/fine"))), 200) << "after " << id;
    };
    expectError("GET /down HTTP/1.1\r\nHost: down.example.com\r\n\r\n", 502, "upstream_connect_failed");
    expectError(get("/hang"), 504, "upstream_timeout");
    expectError(get("/garbage"), 502, "upstream_protocol_error");
    expectError(get("/bad-status"), 502, "upstream_protocol_error");
    expectError(get("/close"), 502, "upstream_reset");
    expectError(get("/huge-head"), 502, "upstream_protocol_error"); // response heads are bounded too
}

TEST(Proxy, AConnectFailureMovesAnIdempotentRequestToTheNextDestination) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"two.json", service("two", {unusedPort(), upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 4; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/x"))), 200);
    // A POST is not retried elsewhere: it fails when its destination is down.
    int failures = 0;
    for (int i = 0; i < 4; ++i) {
        failures += statusOf(httpExchange(gateway.port(), "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")) == 502;
    }
    EXPECT_EQ(failures, 2); // round robin: every other one lands on the dead destination
}

TEST(Proxy, LimitsAndSmugglingShapesAreRefused) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()}, R"([{"paths": ["/*"], "max_body_bytes": 16}])")}},
                           R"("limits": {"max_header_bytes": 2048, "max_request_line_bytes": 512, "max_headers": 20})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    struct Case {
        std::string request;
        int status;
    };
    const std::vector<Case> cases = {
        {"GET /" + std::string(600, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", 414},
        {"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(3000, 'b') + "\r\n\r\n", 431},
        {[] {
             std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
             for (int i = 0; i < 25; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
             return many + "\r\n";
         }(),
         431},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n\r\n", 400},
        {"GET / HTTP/1.1\nHost: a\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n" + std::string(17, 'z'), 413},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n" + std::string(17, 'z') + "\r\n0\r\n\r\n", 413},
    };
    for (const Case& c : cases) {
        HttpClient client(gateway.port());
        client.send(c.request);
        const std::string response = client.readResponse();
        EXPECT_EQ(statusOf(response), c.status) << c.request.substr(0, 120) << "\n" << response;
        EXPECT_TRUE(client.closedByPeer(2000)) << "the connection must close after " << c.status;
    }
    EXPECT_EQ(upstream.requests(), 0) << "no refused request may reach the backend";
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/still-fine"))), 200);
}

TEST(Proxy, ARefusedUploadIsDrainedBeforeTheClose) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()}, R"([{"paths": ["/*"], "max_body_bytes": 1024}])")}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 2097152\r\n\r\n");
    const std::string response = client.readResponse();
    EXPECT_EQ(statusOf(response), 413) << response;
    // The client goes on sending its body, as simple clients do. A gateway that closed
    // at once would answer these bytes with a reset (and some clients then lose the
    // 413); a lingering close reads and drops them for a moment.
    const std::string block(64 * 1024, 'u');
    for (int i = 0; i < 16; ++i) {
        ASSERT_TRUE(client.send(block)) << "send " << i << " failed: the connection was reset";
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

TEST(Proxy, SlowClientsTimeOut) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}},
                           R"("limits": {"header_timeout_ms": 300, "idle_timeout_ms": 300})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient slow(gateway.port());
    slow.send("GET / HTTP/1.1\r\nHost: a\r\n"); // never finishes its head
    const std::string response = slow.readResponse();
    EXPECT_EQ(statusOf(response), 408) << response;
    HttpClient idle(gateway.port());
    EXPECT_TRUE(idle.closedByPeer(3000)); // silent keep-alive connections are closed
}

TEST(Proxy, AStalledBodyTimesOut) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}}, R"("limits": {"body_timeout_ms": 300})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhalf!"); // and then nothing
    EXPECT_TRUE(client.closedByPeer(3000));
    EXPECT_EQ(upstream.requests(), 0); // the backend never saw a complete request
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/after"))), 200);
}

TEST(Proxy, ConnectionsBeyondTheLimitAreClosed) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}}, R"("limits": {"max_connections": 2})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient first(gateway.port());
    HttpClient second(gateway.port());
    first.send(get("/1"));
    second.send(get("/2"));
    EXPECT_EQ(statusOf(first.readResponse()), 200);
    EXPECT_EQ(statusOf(second.readResponse()), 200);
    HttpClient third(gateway.port());
    EXPECT_TRUE(third.closedByPeer(2000));
    first.send(get("/again")); // the ones already in keep serving
    EXPECT_EQ(statusOf(first.readResponse()), 200);
}

TEST(Proxy, HeadsSplitAcrossPacketsAndStrayCrlfsAreNotTimedOut) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}}, R"("limits": {"header_timeout_ms": 2000})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    // A body followed by a CRLF (tolerated between requests), then a pipelined head that
    // arrives in two packets 300 ms apart: neither may be treated as a stalled head.
    client.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi\r\nGET /b HTTP/1.1\r\nHo");
    EXPECT_EQ(bodyOf(client.readResponse()), "POST /a");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    client.send("st: a\r\n\r\n");
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /b");
    client.send("\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    client.send(get("/c"));
    EXPECT_EQ(bodyOf(client.readResponse()), "GET /c");
}

TEST(Proxy, EveryConnectionFieldCounts) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send(get("/x", "Connection: keep-alive\r\nConnection: close, X-Secret\r\nX-Secret: hop\r\n"));
    const std::string response = client.readResponse();
    EXPECT_EQ(headerOf(response, "Connection"), "close");
    EXPECT_TRUE(client.closedByPeer(2000));
    EXPECT_EQ(upstream.received().at(0).count("X-Secret"), 0u);
}

TEST(Proxy, ExpectContinue) {
    TestUpstream upstream(echoBody);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(statusOf(client.readResponse()), 100);
    client.send("data");
    EXPECT_EQ(bodyOf(client.readResponse()), "data");
    EXPECT_EQ(upstream.received().at(0).count("Expect"), 0u);
    // Never to an HTTP/1.0 client (RFC 9110 §15.2): it would take it as the response.
    HttpClient old(gateway.port());
    old.send("POST / HTTP/1.0\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nbody");
    const std::string response = old.readUntilClose();
    EXPECT_EQ(statusOf(response), 200) << response;
    EXPECT_EQ(bodyOf(response), "body");
}

TEST(Gateway, ReloadUnderLoadFailsNoRequest) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"a.json", service("alpha", {upstream.port()}, R"([{"paths": ["/alpha/*"]}])")}}, "", 2);
    ASSERT_TRUE(gateway.started()) << gateway.log();
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&] {
            HttpClient client(gateway.port());
            for (int i = 0; i < 100000 && !stop; ++i) {
                client.send(get("/alpha/" + std::to_string(i)));
                statusOf(client.readResponse()) == 200 ? ++ok : ++failed;
            }
        });
    }
    for (int round = 0; round < 5; ++round) {
        gateway.writeService("b" + std::to_string(round) + ".json",
                             service("beta" + std::to_string(round), {upstream.port()},
                                     R"([{"paths": ["/beta)" + std::to_string(round) + R"("]}])"));
        gateway.signal(SIGHUP);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // An invalid table is rejected; the old one keeps serving.
    gateway.writeService("broken.json", R"({"name": "broken", "routes": null})");
    gateway.signal(SIGHUP);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_GT(ok.load(), 100);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/beta4"))), 200);
    EXPECT_NE(gateway.log().find("reload rejected"), std::string::npos) << gateway.log();
    const std::string ready = httpExchange(gateway.adminPort(), "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(boost::json::parse(bodyOf(ready)).at("table_version").to_number<int>(), 6);
}

TEST(Gateway, SigtermDrainsInFlightRequests) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response = echoPath(request);
        response.delayMs = 500;
        return response;
    });
    GatewayProcess gateway({{"slow.json", service("slow", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient inFlight(gateway.port());
    inFlight.send(get("/slow"));
    HttpClient idle(gateway.port());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gateway.signal(SIGTERM);
    const std::string response = inFlight.readResponse();
    EXPECT_EQ(statusOf(response), 200) << response;
    EXPECT_EQ(headerOf(response, "Connection"), "close");
    EXPECT_TRUE(idle.closedByPeer(2000));
    EXPECT_EQ(gateway.waitExit(5000), std::optional<int>(0)) << gateway.log();
}

TEST(Gateway, ASecondSigtermStopsWithoutWaiting) {
    TestUpstream upstream([](const UpstreamRequest&) {
        UpstreamResponse response;
        response.action = Action::hang;
        return response;
    });
    GatewayProcess gateway({{"stuck.json", service("stuck", {upstream.port()}, R"([{"paths": ["/*"]}])", 60)}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient stuck(gateway.port());
    stuck.send(get("/forever"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gateway.signal(SIGTERM);
    EXPECT_EQ(gateway.waitExit(300), std::nullopt); // draining: the request is still in flight
    const std::string ready = httpExchange(gateway.adminPort(), "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(statusOf(ready), 503) << ready;
    gateway.signal(SIGTERM);
    EXPECT_EQ(gateway.waitExit(3000), std::optional<int>(0)) << gateway.log();
}

TEST(Gateway, AdminHealthAndReadiness) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")), 200);
    const std::string ready = httpExchange(gateway.adminPort(), "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(statusOf(ready), 200);
    EXPECT_EQ(boost::json::parse(bodyOf(ready)).at("routes").to_number<int>(), 1);
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), "GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n")), 404);
    // One table answers every path: a wrong method is a 405 naming the right one, and
    // anything under /api/ needs a token before it says whether it exists.
    const std::string posted = httpExchange(gateway.adminPort(), "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(statusOf(posted), 405);
    EXPECT_EQ(headerOf(posted, "Allow"), "GET");
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), "GET /api/v1/nope HTTP/1.1\r\nHost: localhost\r\n\r\n")), 401);
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")), 200);
}

// The admin store and the trail are not needed to serve: when one cannot open, the
// gateway serves and says so in its metrics (and its log).
TEST(Gateway, AStoreThatCannotOpenIsSaidInMetricsAndTrafficGoesOn) {
    TestUpstream upstream(echoPath);
    GatewayProcess gateway({{"echo.json", service("echo", {upstream.port()})}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    auto metrics = [&] { return bodyOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")); };
    std::string text = metrics();
    EXPECT_NE(text.find("gatehouse_store_up{store=\"admin\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("gatehouse_store_up{store=\"trail\"} 1"), std::string::npos);
    EXPECT_NE(text.find("gatehouse_store_up{store=\"trail_queries\"} 1"), std::string::npos);

    ASSERT_TRUE(gateway.restart([&] {
        const std::filesystem::path state = gateway.dir() / "state";
        for (const char* name : {"gatehouse.db", "trail.db"}) {
            for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(state / (std::string(name) + suffix));
            std::filesystem::create_directories(state / name); // a directory where the database should be
        }
    })) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/served"))), 200);
    text = metrics();
    EXPECT_NE(text.find("gatehouse_store_up{store=\"admin\"} 0"), std::string::npos) << text;
    EXPECT_NE(text.find("gatehouse_store_up{store=\"trail\"} 0"), std::string::npos);
    EXPECT_NE(text.find("gatehouse_store_up{store=\"trail_queries\"} 0"), std::string::npos);
    EXPECT_NE(gateway.log().find("admin store:"), std::string::npos);
    EXPECT_NE(gateway.log().find("requests are not recorded"), std::string::npos);
}

TEST(Gateway, CheckValidatesWithoutServing) {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-check-XXXXXX").string();
    const fs::path dir = mkdtemp(tmpl.data());
    fs::create_directories(dir / "services");
    std::ofstream(dir / "services" / "ok.json") << service("ok", {9});
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "services_dir": "services", "state_dir": "state"})";
    const auto valid = runProcess({GATEHOUSE_BIN, "--check", "--config", (dir / "gatehouse.json").string()});
    EXPECT_EQ(valid.exitCode, 0) << valid.out << valid.err;
    EXPECT_NE(valid.out.find("are valid"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "state" / "gatehouse.ports.json")); // it never served
    std::ofstream(dir / "services" / "bad.json") << R"({"name": "bad", "routes": [{"paths": ["/x/../y"]}]})";
    const auto invalid = runProcess({GATEHOUSE_BIN, "--check", "--config", (dir / "gatehouse.json").string()});
    EXPECT_EQ(invalid.exitCode, 1);
    EXPECT_NE(invalid.err.find("bad.json: routes[0].paths[0]: error [path_dot_segment]"), std::string::npos) << invalid.err;
    EXPECT_NE(invalid.err.find("bad.json: destinations: error [missing_field]"), std::string::npos) << invalid.err;
    std::ofstream(dir / "gatehouse.json") << R"({"listen": ["127.0.0.1:0"], "services_dir": "services", "state_dir": "state", "thread": 2})";
    const auto badSettings = runProcess({GATEHOUSE_BIN, "--check", "--config", (dir / "gatehouse.json").string()});
    EXPECT_EQ(badSettings.exitCode, 1);
    EXPECT_NE(badSettings.err.find("thread: error [unknown_key]"), std::string::npos) << badSettings.err;
    fs::remove_all(dir);
}

TEST(Gateway, AnInvalidTableRefusesToStart) {
    GatewayProcess gateway(std::map<std::string, std::string>{
        {"bad.json", R"({"name": "Bad", "routes": [{"paths": ["v2"]}], "destinations": []})"}});
    EXPECT_FALSE(gateway.started());
    const std::string log = gateway.log();
    EXPECT_NE(log.find("[bad_service_name]"), std::string::npos) << log;
    EXPECT_NE(log.find("[path_not_absolute]"), std::string::npos) << log;
    EXPECT_NE(log.find("[empty_list]"), std::string::npos) << log;
    EXPECT_NE(log.find("refusing to start"), std::string::npos) << log;
}

} // namespace
} // namespace gatehouse
