// WebSocket through a real gateway, with real clients and a real service
// (python3-websockets): messages both ways, refusals, a filter on the handshake, the
// idle limit, the trail and the drain.
#include "support/admin_tokens.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;

const std::string kPeer = std::string(GATEHOUSE_SOURCE_DIR) + "/tests/support/websocket_peer.py";
constexpr const char* kPython = "/usr/bin/python3"; // Debian's, with python3-websockets

json::object peer(const std::string& command, const std::string& url) {
    const ProcessResult run = runProcess({kPython, kPeer, command, url});
    boost::system::error_code ec;
    json::value value = json::parse(run.out, ec);
    EXPECT_FALSE(ec) << command << " " << url << ": " << run.out << run.err;
    return !ec && value.is_object() ? value.as_object() : json::object{};
}

std::string chatService(int port) {
    return fmt::format(R"({{"name": "chat", "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}], "routes": [
        {{"paths": ["/ws/*"], "websocket": true}},
        {{"paths": ["/quiet/*"], "websocket": {{"idle_timeout_seconds": 1}}}},
        {{"paths": ["/limited/*"], "websocket": true,
          "before_filters": [{{"name": "rate_limit", "params": {{"limit": 1, "period_seconds": 60}}}}]}},
        {{"paths": ["/plain/*"]}}]}})",
                       port);
}

class WebSocketTunnels : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(service_.ready()) << service_.log();
        gateway_ = std::make_unique<GatewayProcess>(std::map<std::string, std::string>{{"chat.json", chatService(servicePort_)}},
                                                    fmt::format(R"("admin_tokens_file": "{}", "limits": {{"drain_seconds": 2}})", viewers_.path));
        ASSERT_TRUE(gateway_->started()) << gateway_->log();
    }
    std::string url(const std::string& path) const { return fmt::format("ws://127.0.0.1:{}{}", gateway_->port(), path); }
    std::string handshake(const std::string& path, const std::string& version = "13") const {
        return httpExchange(gateway_->port(), fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: {}\r\n\r\n",
                                                          path, version));
    }

    int servicePort_ = unusedPort();
    ServerProcess service_{{kPython, kPeer, "serve", std::to_string(servicePort_)}, servicePort_};
    ViewerTokens viewers_;
    std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(WebSocketTunnels, MessagesGoBothWaysAndEveryTunnelIsOneTrailRecord) {
    // Text and binary, and a message the service sends first.
    const json::object echoed = peer("echo", url("/ws/hello"));
    EXPECT_TRUE(echoed.at("ok").as_bool()) << echoed;
    EXPECT_EQ(echoed.at("binary_bytes").as_int64(), 3072);
    EXPECT_EQ(echoed.at("first"), "hello from the service");

    // A route that does not opt in, a wrong version, a filter that says no: refused, never half-upgraded.
    EXPECT_EQ(peer("refused", url("/plain/x")).at("status").as_int64(), 400);
    const std::string plain = handshake("/plain/x");
    EXPECT_EQ(statusOf(plain), 400) << plain;
    EXPECT_NE(plain.find("\"id\":\"websocket_not_enabled\""), std::string::npos) << plain;
    const std::string version = handshake("/ws/x", "8");
    EXPECT_EQ(statusOf(version), 426) << version;
    EXPECT_NE(version.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos) << version;
    EXPECT_TRUE(peer("echo", url("/limited/a")).at("ok").as_bool());
    EXPECT_EQ(peer("refused", url("/limited/b")).at("status").as_int64(), 429); // the handshake went through the route's filters

    // Silent for longer than its route's idle limit (1 s): the gateway closes it, saying so.
    const json::object quiet = peer("wait-close", url("/quiet/x"));
    EXPECT_EQ(quiet.at("close_code").as_int64(), 1001) << quiet;
    EXPECT_GE(quiet.at("seconds").to_number<double>(), 0.9);
    EXPECT_LT(quiet.at("seconds").to_number<double>(), 5.0);

    // One record per tunnel, when it closed: 101, how it ended, the bytes of both ways.
    json::array records;
    for (int attempt = 0; attempt < 100 && records.size() < 3; ++attempt) {
        records.clear();
        const json::value page = json::parse(bodyOf(adminGet(gateway_->adminPort(), "/api/v1/trail?service=chat&limit=50")));
        for (const json::value& r : page.at("records").as_array()) {
            if (r.at("status").as_int64() == 101) records.push_back(r);
        }
        if (records.size() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(records.size(), 3u) << json::serialize(records);
    std::map<std::string, json::object> byPath;
    for (const json::value& r : records) byPath[std::string(r.at("path").as_string())] = r.as_object();
    EXPECT_EQ(byPath["/ws/hello"].at("termination"), "websocket_client_closed");
    // The frames as they went (permessage-deflate, negotiated end to end, shrinks them).
    EXPECT_GT(byPath["/ws/hello"].at("bytes_in").as_int64(), 100);
    EXPECT_GT(byPath["/ws/hello"].at("bytes_out").as_int64(), 200); // the 101 and the service's frames
    EXPECT_EQ(byPath["/quiet/x"].at("termination"), "websocket_idle_timeout");
    EXPECT_GE(byPath["/quiet/x"].at("duration_us").as_int64(), 900'000);

    // Nothing left open; the refusal by limit has not happened.
    const std::string metrics = bodyOf(httpExchange(gateway_->adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_NE(metrics.find("gatehouse_websockets_open 0"), std::string::npos) << metrics.substr(0, 2000);
    EXPECT_NE(metrics.find("gatehouse_websockets_refused_total 0"), std::string::npos);
}

TEST_F(WebSocketTunnels, DrainClosesOpenTunnelsWithAGoingAwayFrameBeforeTheGatewayStops) {
    json::object result;
    std::thread client([&] { result = peer("wait-close", url("/ws/long")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(800)); // the tunnel is open
    const auto drained = std::chrono::steady_clock::now();
    gateway_->signal(SIGTERM);
    client.join();
    const auto tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - drained).count();
    std::printf("tunnel closed %lld ms after SIGTERM (drain_seconds 2: closed at half of it)\n", static_cast<long long>(tookMs));
    EXPECT_EQ(result.at("close_code").as_int64(), 1001) << result;
    EXPECT_LT(tookMs, 2000);
    EXPECT_EQ(gateway_->waitExit(5000), 0) << gateway_->log();
}

} // namespace
} // namespace gatehouse
