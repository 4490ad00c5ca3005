// The trail shipped to a log engine: a real gateway POSTs its requests as JSON lines to
// a local receiver; a receiver that is down costs bounded memory and counted drops, and
// the local trail keeps every request either way.
#include "support/admin_tokens.h"
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;

std::string appService(int port) {
    return fmt::format(R"({{"name": "app", "routes": [{{"paths": ["/app/*"]}}], "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
                       port);
}

std::vector<json::object> linesOf(const std::vector<UpstreamRequest>& posts) {
    std::vector<json::object> lines;
    for (const UpstreamRequest& post : posts) {
        std::istringstream body(post.body);
        for (std::string line; std::getline(body, line);) lines.push_back(json::parse(line).as_object());
    }
    return lines;
}

double metric(int adminPort, const std::string& name) {
    const std::string body = bodyOf(httpExchange(adminPort, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const std::size_t at = body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

TEST(TrailSink, EveryRequestReachesTheReceiverAsAJsonLine) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    TestUpstream receiver([](const UpstreamRequest&) {
        UpstreamResponse accepted;
        accepted.status = 204;
        return accepted;
    });
    GatewayProcess gateway({{"app.json", appService(backend.port())}},
                           fmt::format(R"("trail": {{"sink": {{"url": "http://127.0.0.1:{}/ingest", "batch_records": 4, "flush_ms": 50}}}})",
                                       receiver.port()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    std::set<std::string> sent;
    for (int i = 0; i < 10; ++i) {
        const std::string id = fmt::format("sink-{}", i);
        sent.insert(id);
        httpExchange(gateway.port(), "GET /app/" + std::to_string(i) + "?q=1 HTTP/1.1\r\nHost: api.example.com\r\nX-Request-Id: " + id + "\r\n\r\n");
    }
    std::vector<json::object> lines;
    for (int i = 0; i < 100 && lines.size() < sent.size(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        lines = linesOf(receiver.received());
    }
    ASSERT_EQ(lines.size(), sent.size()) << gateway.log();
    std::set<std::string> shipped;
    for (const json::object& line : lines) {
        shipped.insert(std::string(line.at("request_id").as_string()));
        EXPECT_EQ(line.at("service"), "app");
        EXPECT_EQ(line.at("status"), 200);
        EXPECT_EQ(line.at("termination"), "completed");
        EXPECT_FALSE(std::string(line.at("path").as_string()).contains('?')); // as in the trail: no query string
        EXPECT_FALSE(line.at("filters").as_array().empty());
    }
    EXPECT_EQ(shipped, sent);
    const std::vector<UpstreamRequest> posts = receiver.received();
    ASSERT_FALSE(posts.empty());
    EXPECT_EQ(posts.front().method, "POST");
    EXPECT_EQ(posts.front().target, "/ingest");
    EXPECT_EQ(posts.front().header("Content-Type"), "application/x-ndjson");
    EXPECT_GE(posts.size(), 3u); // batches of at most 4
    EXPECT_EQ(metric(gateway.adminPort(), "gatehouse_trail_sink_sent_total"), 10);
    EXPECT_EQ(metric(gateway.adminPort(), "gatehouse_trail_sink_dropped_total"), 0);
}

TEST(TrailSink, AReceiverThatIsDownCostsBoundedMemoryAndCountedDrops) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    ViewerTokens tokens;
    GatewayProcess gateway({{"app.json", appService(backend.port())}},
                           fmt::format(R"("admin_tokens_file": "{}", "trail": {{"sink": {{"url": "http://127.0.0.1:{}/ingest",
                                          "batch_records": 10, "flush_ms": 20, "queue_records": 100, "timeout_ms": 200}}}})",
                                       tokens.path, unusedPort()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    constexpr int kRequests = 400;
    for (int i = 0; i < kRequests; ++i) httpExchange(gateway.port(), "GET /app/x HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    double dropped = 0, queued = 0, failures = 0;
    for (int i = 0; i < 100; ++i) {
        dropped = metric(gateway.adminPort(), "gatehouse_trail_sink_dropped_total");
        queued = metric(gateway.adminPort(), "gatehouse_trail_sink_queue_depth");
        failures = metric(gateway.adminPort(), "gatehouse_trail_sink_failures_total");
        if (dropped + queued >= kRequests - 10 && failures >= 1) break; // at most one batch on its way
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_LE(queued, 100);                  // never more than queue_records held
    EXPECT_GE(dropped, kRequests - 100 - 10); // the rest dropped, and counted
    EXPECT_GE(failures, 1);
    EXPECT_EQ(metric(gateway.adminPort(), "gatehouse_trail_sink_sent_total"), 0);
    EXPECT_NE(gateway.log().find("trail sink"), std::string::npos); // said, once it began
    // The local trail has every request regardless.
    std::int64_t total = 0;
    for (int i = 0; i < 100 && total < kRequests; ++i) {
        total = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail/summary"))).at("total").as_int64();
        if (total < kRequests) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(total, kRequests);
}

TEST(TrailSink, AnHttpsOrMalformedUrlIsRefusedWithItsPath) {
    for (const char* url : {"https://logs.example.com/ingest", "ftp://x", "http://"}) {
        GatewayProcess gateway({}, fmt::format(R"("trail": {{"sink": {{"url": "{}"}}}})", url));
        EXPECT_FALSE(gateway.started()) << url;
        EXPECT_NE(gateway.log().find("trail.sink.url"), std::string::npos) << url << gateway.log();
    }
}

} // namespace
} // namespace gatehouse
