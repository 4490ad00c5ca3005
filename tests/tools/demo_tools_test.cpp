// The demo's fleet and load generator as the demo runs them: real processes on
// 127.0.0.1, stopped by their PIDs.
#include "support/gateway_process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

namespace gatehouse::testing {
namespace {

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    return fd;
}

// Stopped while connections are open (as scripts/demo stops it, with traffic running),
// the fleet exits cleanly: no use-after-free of sockets that outlived their io_context
// (found under ASan; in a release build it aborted now and then with heap corruption).
TEST(DemoFleet, StopsCleanlyWithConnectionsOpen) {
    const int port = unusedPort();
    const int crashy = unusedPort();
    ServerProcess fleet({GATEHOUSE_DEMO_FLEET_BIN, "--serve", std::to_string(port) + ":droplets:healthy", "--serve",
                         std::to_string(crashy) + ":networking:crashy"},
                        port);
    ASSERT_TRUE(fleet.ready()) << fleet.log();
    std::vector<int> open;
    for (int i = 0; i < 20; ++i) {
        const std::string answer = httpExchange(port, "GET /v2/droplets HTTP/1.1\r\nHost: a\r\n\r\n");
        EXPECT_EQ(statusOf(answer), 200);
        open.push_back(connectTo(port)); // idle keep-alive connections, left open
    }
    EXPECT_EQ(fleet.terminate(), 0) << fleet.log();
    EXPECT_EQ(fleet.log().find("AddressSanitizer"), std::string::npos) << fleet.log();
    for (int fd : open) ::close(fd);
}

TEST(DemoLoad, SendsAMixOfRoutesAndUsersAtItsRate) {
    TestUpstream gateway([](const UpstreamRequest& r) {
        UpstreamResponse response;
        if (r.header("Authorization").find("expired") != std::string::npos) response.status = 401;
        response.body = R"({"ok":true})";
        return response;
    });
    ServerProcess load({GATEHOUSE_DEMO_LOAD_BIN, "--target", "127.0.0.1:" + std::to_string(gateway.port()), "--rate", "200",
                        "--connections", "8"},
                       gateway.port());
    ASSERT_TRUE(load.ready());
    for (int i = 0; i < 100 && gateway.requests() < 300; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(load.terminate(), 0) << load.log();
    const std::vector<UpstreamRequest> seen = gateway.received();
    ASSERT_GE(seen.size(), 300u) << load.log();
    std::map<std::string, int> prefixes;
    std::set<std::string> users;
    for (const UpstreamRequest& r : seen) {
        EXPECT_EQ(r.header("Host"), "api.example.com");
        prefixes[r.target.substr(0, r.target.find('/', 4))]++;
        users.insert(r.header("Authorization"));
    }
    EXPECT_GE(prefixes.size(), 10u); // droplets, volumes, images, vpcs, ...
    EXPECT_GE(users.size(), 50u);    // many users, each with their own token
    EXPECT_LE(gateway.connections(), 16); // keep-alive: a few connections, not one per request
}

} // namespace
} // namespace gatehouse::testing
