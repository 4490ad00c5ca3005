// Connecting to destinations: a name that resolves into a forbidden range is not
// connected to, whatever the registration said (real resolver, real sockets).
#include "proxy/upstream_pool.h"

#include "support/test_upstream.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace gatehouse::gateway {
namespace {
namespace asio = boost::asio;

struct Attempt {
    bool connected = false;
    boost::system::error_code ec;
};

Attempt connectTo(const std::string& hostPort, const config::DestinationPolicy* policy) {
    asio::io_context io;
    Watchdog watchdog(io);
    Attempt attempt;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto connection = co_await connectUpstream(io, watchdog, hostPort, std::chrono::milliseconds(2000), attempt.ec, nullptr, policy);
            attempt.connected = connection != nullptr;
            io.stop();
        },
        asio::detached);
    io.run_for(std::chrono::seconds(5));
    return attempt;
}

TEST(UpstreamPool, ANameResolvingIntoAForbiddenRangeIsNotConnectedTo) {
    testing::TestUpstream upstream([](const testing::UpstreamRequest&) { return testing::UpstreamResponse{}; });
    const std::string port = std::to_string(upstream.port());
    EXPECT_TRUE(connectTo("localhost:" + port, nullptr).connected);
    std::vector<config::AddressRange> ranges{*config::parseAddressRange("127.0.0.0/8"), *config::parseAddressRange("[::1]")};
    const config::DestinationPolicy policy(std::move(ranges));
    const Attempt refused = connectTo("localhost:" + port, &policy);
    EXPECT_FALSE(refused.connected);
    EXPECT_EQ(refused.ec, asio::error::access_denied) << refused.ec.message();
    // Another port on the same address is fine when only that port is forbidden.
    const config::DestinationPolicy onePort({*config::parseAddressRange("127.0.0.1:1")});
    EXPECT_TRUE(connectTo("127.0.0.1:" + port, &onePort).connected);
}

} // namespace
} // namespace gatehouse::gateway
