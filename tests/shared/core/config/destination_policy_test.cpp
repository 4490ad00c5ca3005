#include "core/config/destination_policy.h"

#include <gtest/gtest.h>

namespace gatehouse::config {
namespace {

TEST(DestinationPolicy, RangesAndPorts) {
    const auto metadata = parseAddressRange("169.254.0.0/16");
    ASSERT_TRUE(metadata);
    EXPECT_TRUE(metadata->contains(*parseIpLiteral("169.254.169.254"), 80));
    EXPECT_FALSE(metadata->contains(*parseIpLiteral("169.253.1.1"), 80));
    const auto redis = parseAddressRange("127.0.0.1:6379");
    ASSERT_TRUE(redis);
    EXPECT_TRUE(redis->contains(*parseIpLiteral("127.0.0.1"), 6379));
    EXPECT_TRUE(redis->contains(*parseIpLiteral("::ffff:127.0.0.1"), 6379)); // the mapped spelling is the same address
    EXPECT_FALSE(redis->contains(*parseIpLiteral("127.0.0.1"), 6380));
    const auto v6 = parseAddressRange("[fe80::/10]:22");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(v6->contains(*parseIpLiteral("fe80::1"), 22));
    EXPECT_FALSE(v6->contains(*parseIpLiteral("fe80::1"), 23));
    for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/x", "host.example:80", "::1", "[::1", "10.0.0.1:0", "10.0.0.1:99999", "[::/129]"}) {
        EXPECT_FALSE(parseAddressRange(bad)) << bad;
    }
}

TEST(DestinationPolicy, DefaultsForbidMetadataAndOwnListeners) {
    const std::vector<std::string> listeners{"0.0.0.0:8080", "127.0.0.1:9901"};
    const DestinationPolicy policy = DestinationPolicy::withDefaults(listeners, {});
    for (const char* refused : {"169.254.169.254:80", "[fd00:ec2::254]:80", "127.0.0.1:8080", "127.0.0.5:8080", "[::1]:8080",
                                "localhost:9901", "api.localhost:9901", "127.0.0.1:9901"}) {
        EXPECT_NE(policy.refuses(refused), nullptr) << refused;
    }
    for (const char* allowed : {"10.0.0.5:8080", "127.0.0.1:9000", "users.internal:8080", "[::1]:9000"}) {
        EXPECT_EQ(policy.refuses(allowed), nullptr) << allowed;
    }
}

} // namespace
} // namespace gatehouse::config
