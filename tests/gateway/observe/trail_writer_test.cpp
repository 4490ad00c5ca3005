// The trail writer and reader on a real SQLite file: every submitted record stored,
// retention in slices, a full queue dropping and counting.
#include "observe/trail.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace gatehouse::gateway {
namespace {
namespace json = boost::json;

struct Database {
    Database() : file((std::filesystem::temp_directory_path() / ("gatehouse-trail-" + std::to_string(::getpid()) + ".db")).string()) {}
    ~Database() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
    }
    std::string file;
};

TrailRecord record(int i) {
    TrailRecord r;
    r.timeMs = 1'700'000'000'000 + i;
    r.requestId = "r-" + std::to_string(i);
    r.method = "GET";
    r.host = "api.example.com";
    r.path = "/v2/x";
    r.service = i % 2 ? "odd" : "even";
    r.status = 200;
    r.termination = "completed";
    r.clientIp = "127.0.0.1";
    return r;
}

std::int64_t total(const TrailReader& reader) { return json::parse(reader.summary("", {}, {})).at("total").as_int64(); }

TEST(TrailWriter, StoresEverythingAndRetainsInSlices) {
    Database db;
    auto writer = TrailWriter::open(db.file, {100'000, 24 * 365 * 100, 1000});
    ASSERT_TRUE(writer) << writer.error();
    for (int i = 0; i < 25'000; ++i) ASSERT_TRUE((*writer)->submit(record(i)));
    (*writer)->flush();
    EXPECT_EQ((*writer)->written(), 25'000u);
    EXPECT_EQ((*writer)->dropped(), 0u);
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader) << reader.error();
    EXPECT_EQ(total(**reader), 25'000);
    EXPECT_EQ(json::parse(*(*reader)->byRequestId("r-24999")).at("service"), "odd");

    (*writer)->applyRetention(); // one slice: 20,000 of the 24,000 rows beyond max_rows
    EXPECT_EQ(total(**reader), 5'000);
    (*writer)->applyRetention();
    EXPECT_EQ(total(**reader), 1'000); // the newest max_rows
    EXPECT_FALSE((*reader)->byRequestId("r-23999"));
    EXPECT_TRUE((*reader)->byRequestId("r-24000"));
}

TEST(TrailWriter, AFullQueueDropsAndCountsInsteadOfWaiting) {
    Database db;
    auto writer = TrailWriter::open(db.file, {100, 24, 1'000'000});
    ASSERT_TRUE(writer) << writer.error();
    int accepted = 0;
    for (int i = 0; i < 10'000; ++i) accepted += (*writer)->submit(record(i));
    (*writer)->flush();
    EXPECT_LT(accepted, 10'000);
    EXPECT_EQ((*writer)->dropped(), static_cast<std::uint64_t>(10'000 - accepted));
    EXPECT_EQ((*writer)->written(), static_cast<std::uint64_t>(accepted));
}

} // namespace
} // namespace gatehouse::gateway
