#include "control/last_known_good.h"

#include "support/process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gatehouse::gateway {
namespace {
namespace fs = std::filesystem;

class LastKnownGoodTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-lkg-XXXXXX").string();
        dir_ = mkdtemp(tmpl.data());
        file_ = (dir_ / "routing-table.json").string();
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    std::string file_;
};

TEST_F(LastKnownGoodTest, RoundTripsTheExactBytes) {
    const std::string table = R"({"format":1,"version":3,"services":[]})" "\n\t \u00e9";
    ASSERT_TRUE(saveLastKnownGood(file_, {table, "\"abc-3\"", "", 0}));
    auto loaded = loadLastKnownGood(file_);
    ASSERT_TRUE(loaded) << loaded.error();
    EXPECT_EQ(loaded->tableText, table);
    EXPECT_EQ(loaded->etag, "\"abc-3\"");
    EXPECT_GT(loaded->savedAtMs, 0);
    EXPECT_FALSE(fs::exists(file_ + ".tmp"));
}

TEST_F(LastKnownGoodTest, DamageIsDetected) {
    EXPECT_NE(loadLastKnownGood(file_).error().find("no such file"), std::string::npos);
    ASSERT_TRUE(saveLastKnownGood(file_, {R"({"format":1,"version":3,"services":[]})", "", "", 0}));
    std::string text = testing::readFile(file_);

    std::string edited = text;
    edited.replace(edited.find("version\\\":3"), 11, "version\\\":4");
    std::ofstream(file_, std::ios::trunc) << edited;
    EXPECT_NE(loadLastKnownGood(file_).error().find("checksum mismatch"), std::string::npos);

    std::ofstream(file_, std::ios::trunc) << text.substr(0, text.size() - 10);
    EXPECT_NE(loadLastKnownGood(file_).error().find("not JSON"), std::string::npos);

    std::ofstream(file_, std::ios::trunc) << R"({"format": 1, "table": "{}"})";
    EXPECT_NE(loadLastKnownGood(file_).error().find("missing"), std::string::npos);
}

} // namespace
} // namespace gatehouse::gateway
