// Base64 both ways, as etcd's JSON gateway carries keys and values.
#include "common/text_util.h"

#include <gtest/gtest.h>

namespace gatehouse::gateway {
namespace {

TEST(Base64, RoundTripsEveryLengthAndRefusesWhatIsNotBase64) {
    std::string bytes;
    for (int i = 0; i < 70; ++i) {
        EXPECT_EQ(decodeBase64(base64(bytes)), bytes) << "length " << bytes.size();
        bytes.push_back(static_cast<char>(i * 37 % 256)); // NUL and high bytes too
    }
    EXPECT_EQ(base64("/gatehouse/head"), "L2dhdGVob3VzZS9oZWFk");
    EXPECT_EQ(decodeBase64("eyJ2IjoxfQ=="), R"({"v":1})");
    EXPECT_EQ(decodeBase64(""), "");
    for (const char* bad : {"abc", "ab!d", "a===", "====x"}) EXPECT_FALSE(decodeBase64(bad)) << bad;
}

} // namespace
} // namespace gatehouse::gateway
