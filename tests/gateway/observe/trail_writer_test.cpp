// The trail writer and reader on a real SQLite file: every submitted record stored,
// retention by whole blocks at their boundaries, a full queue dropping and counting,
// ids that continue across restarts, an old-format trail kept aside.
#include "admin/trail_json.h"
#include "observe/trail.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>

namespace gatehouse::gateway {
namespace {
namespace json = boost::json;

struct Database {
    Database() : file((std::filesystem::temp_directory_path() / ("gatehouse-trail-" + std::to_string(::getpid()) + ".db")).string()) {}
    ~Database() {
        for (const char* suffix : {"", "-wal", "-shm", ".format1"}) std::filesystem::remove(file + suffix);
    }
    std::string file;
};

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TrailRecord record(int i, std::int64_t timeMs = 1'700'000'000'000) {
    TrailRecord r;
    r.timeMs = timeMs + i;
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

std::int64_t total(const TrailReader& reader) { return json::parse(trailSummaryJson(reader.summary("", {}, {}))).at("total").as_int64(); }

// Blocks of exactly `size`: the writer wakes only when a block's worth is queued or on flush.
TrailSettings blocksOf(std::size_t size, std::int64_t maxRows, std::int64_t maxAgeHours = 24 * 365 * 100) {
    TrailSettings settings;
    settings.maxRows = maxRows;
    settings.maxAgeHours = maxAgeHours;
    settings.blockRecords = size;
    settings.batchInterval = std::chrono::hours(1);
    return settings;
}

void submitBlock(TrailWriter& writer, int first, int count, std::int64_t timeMs = 1'700'000'000'000) {
    for (int i = first; i < first + count; ++i) ASSERT_TRUE(writer.submit(record(i, timeMs)));
    writer.flush();
}

TEST(TrailWriter, StoresEverythingAndRetainsWholeBlocks) {
    Database db;
    auto writer = TrailWriter::open(db.file, blocksOf(1000, 2500));
    ASSERT_TRUE(writer) << writer.error();
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader) << reader.error();
    for (int block = 0; block < 25; ++block) submitBlock(**writer, block * 1000, 1000);
    EXPECT_EQ((*writer)->written(), 25'000u);
    EXPECT_EQ((*writer)->dropped(), 0u);
    (*writer)->applyRetention();
    // 2,500 at most: 23 whole blocks go, the newest two stay (a third would be 3,000).
    EXPECT_EQ((*writer)->rows(), 2000);
    EXPECT_EQ(total(**reader), 2000);
    EXPECT_FALSE((*reader)->byRequestId("r-22999")); // the last of the newest dropped block
    EXPECT_TRUE((*reader)->byRequestId("r-23000"));  // the first of the oldest kept one
    EXPECT_EQ(trailRowJson(*(*reader)->byRequestId("r-24999")).at("service"), "odd");
    // Exactly at the limit nothing more goes.
    submitBlock(**writer, 25'000, 500);
    (*writer)->applyRetention();
    EXPECT_EQ(total(**reader), 2500);
    EXPECT_TRUE((*reader)->byRequestId("r-23000"));
}

TEST(TrailWriter, TheOpenBlockIsStoredAtOnceAndGrowsUntilFull) {
    Database db;
    auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
    ASSERT_TRUE(writer);
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    for (int i = 0; i < 25; ++i) {
        submitBlock(**writer, i, 1); // a quiet gateway: one request per batch
        EXPECT_EQ(total(**reader), i + 1);
        EXPECT_TRUE((*reader)->byRequestId("r-" + std::to_string(i)));
    }
    TrailReader::Query all;
    all.limit = 100;
    const json::array rows = json::parse(trailPageJson((*reader)->list(all))).at("records").as_array();
    ASSERT_EQ(rows.size(), 25u);
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].at("id").as_int64(), static_cast<std::int64_t>(25 - i));
}

TEST(TrailWriter, ABlockGoesByAgeOnlyWhenAllItsRequestsAreOld) {
    Database db;
    auto writer = TrailWriter::open(db.file, blocksOf(100, 1'000'000, 1));
    ASSERT_TRUE(writer) << writer.error();
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    const std::int64_t twoHoursAgo = nowMs() - 2 * 3'600'000;
    submitBlock(**writer, 0, 100, twoHoursAgo); // all older than max_age_hours
    for (int i = 100; i < 200; ++i) ASSERT_TRUE((*writer)->submit(record(i, i < 150 ? twoHoursAgo : nowMs() - 1000 - i)));
    (*writer)->flush(); // straddles the cut-off
    submitBlock(**writer, 200, 100, nowMs() - 1000);
    (*writer)->applyRetention();
    EXPECT_EQ(total(**reader), 200);
    EXPECT_FALSE((*reader)->byRequestId("r-99"));
    EXPECT_TRUE((*reader)->byRequestId("r-100")); // old, but its block holds newer ones
    EXPECT_TRUE((*reader)->byRequestId("r-299"));
}

TEST(TrailWriter, IdsContinueAcrossARestartAndPagesCrossBlocks) {
    Database db;
    {
        auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
        ASSERT_TRUE(writer);
        submitBlock(**writer, 0, 25);
    }
    auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
    ASSERT_TRUE(writer);
    EXPECT_EQ((*writer)->rows(), 25);
    submitBlock(**writer, 25, 25);
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    std::vector<std::int64_t> ids;
    std::optional<std::int64_t> cursor;
    for (int page = 0; page < 20; ++page) {
        TrailReader::Query query;
        query.limit = 7;
        query.service = "odd";
        query.cursor = cursor;
        const json::value answer = json::parse(trailPageJson((*reader)->list(query)));
        for (const json::value& row : answer.at("records").as_array()) {
            ids.push_back(row.at("id").as_int64());
            EXPECT_EQ(row.at("request_id").as_string(), "r-" + std::to_string(row.at("id").as_int64() - 1));
        }
        if (answer.at("next_cursor").is_null()) break;
        cursor = answer.at("next_cursor").as_int64();
    }
    ASSERT_EQ(ids.size(), 25u); // the odd half of 50, newest first, none twice
    for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] - 2);
    EXPECT_EQ(ids.front(), 50);
}

TEST(TrailReader, TimeWindowsSkipBlocksButMissNoRequest) {
    Database db;
    auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
    ASSERT_TRUE(writer);
    const std::int64_t t0 = 1'800'000'000'000;
    for (int block = 0; block < 5; ++block) submitBlock(**writer, block * 10, 10, t0 + block * 1000); // 10 ms apart in a block
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    auto listed = [&](std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
        TrailReader::Query query;
        query.fromMs = from;
        query.toMs = to;
        return json::parse(trailPageJson((*reader)->list(query))).at("records").as_array().size();
    };
    auto summed = [&](std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
        return json::parse(trailSummaryJson((*reader)->summary("", from, to))).at("total").as_int64();
    };
    EXPECT_EQ(listed(t0 - 3'600'000, std::nullopt), 50u);
    EXPECT_EQ(summed(t0 - 3'600'000, std::nullopt), 50);
    // Block b holds t0 + b * 1010 ... + 9: [t0 + 1015, t0 + 3035) is the last 5 of block 1,
    // all of block 2 and the first 5 of block 3.
    EXPECT_EQ(listed(t0 + 1015, t0 + 3035), 20u);
    EXPECT_EQ(summed(t0 + 1015, t0 + 3035), 20);
    EXPECT_EQ(listed(t0 + 5000, std::nullopt), 0u);
    EXPECT_EQ(summed(std::nullopt, t0), 0);
}

TEST(TrailWriter, AFullQueueDropsAndCountsInsteadOfWaiting) {
    Database db;
    TrailSettings settings;
    settings.queueCapacity = 100;
    auto writer = TrailWriter::open(db.file, settings);
    ASSERT_TRUE(writer) << writer.error();
    int accepted = 0;
    for (int i = 0; i < 10'000; ++i) accepted += (*writer)->submit(record(i));
    (*writer)->flush();
    EXPECT_LT(accepted, 10'000);
    EXPECT_EQ((*writer)->dropped(), static_cast<std::uint64_t>(10'000 - accepted));
    EXPECT_EQ((*writer)->written(), static_cast<std::uint64_t>(accepted));
}

TEST(TrailWriter, ATrailInTheOldFormatIsKeptAsideNotLost) {
    Database db;
    sqlite3* old = nullptr;
    ASSERT_EQ(sqlite3_open(db.file.c_str(), &old), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(old, "CREATE TABLE requests (id INTEGER PRIMARY KEY, request_id TEXT); INSERT INTO requests VALUES (1, 'x');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(old);
    auto writer = TrailWriter::open(db.file, {});
    ASSERT_TRUE(writer) << writer.error();
    EXPECT_TRUE(std::filesystem::exists(db.file + ".format1"));
    submitBlock(**writer, 0, 3);
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    EXPECT_EQ(total(**reader), 3);
}

// Requests with every field a summary counts varied: 3 services, statuses of 4 classes
// (and none), routes, terminations, users (some anonymous), clients, latencies.
TrailRecord variedRecord(int i, std::int64_t t0) {
    TrailRecord r = record(i, t0);
    static constexpr int kStatuses[] = {200, 200, 201, 404, 500, 503, 0, 302};
    r.service = "service-" + std::to_string(i % 3);
    r.route = "routes[" + std::to_string(i % 5) + "].paths[0]";
    r.status = kStatuses[(i * 7) % 8];
    r.termination = r.status == 0 ? "client_closed" : r.status == 503 ? "upstream_unavailable" : "completed";
    r.userId = i % 4 == 0 ? "" : "user-" + std::to_string((i * 13) % 37);
    r.clientIp = "10.0.0." + std::to_string((i * 11) % 23);
    r.durationUs = (i * 7919) % 3'000'000;
    return r;
}

std::int64_t withSums(const std::string& file) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* count = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(sums) FROM trail_blocks", -1, &count, nullptr);
    const std::int64_t n = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int64(count, 0) : -1;
    sqlite3_finalize(count);
    sqlite3_close(db);
    return n;
}

void execute(const std::string& file, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

TEST(TrailReader, ASummaryFromBlockSumsIsTheSummaryCountedFromRows) {
    Database db;
    const std::int64_t t0 = 1'800'000'000'000;
    {
        auto writer = TrailWriter::open(db.file, blocksOf(100, 1'000'000));
        ASSERT_TRUE(writer);
        for (int i = 0; i < 1050; ++i) ASSERT_TRUE((*writer)->submit(variedRecord(i, t0)));
        (*writer)->flush();
        EXPECT_EQ(withSums(db.file), 10) << "full blocks have sums; the open one has not";
        auto reader = TrailReader::open(db.file);
        ASSERT_TRUE(reader);
        struct Ask {
            std::string service;
            std::optional<std::int64_t> from, to;
            std::optional<int> statusClass;
        };
        // Whole blocks, blocks cut by the window (t0 + 150 is inside the second block),
        // one service, one class, both.
        const std::vector<Ask> asks = {{"", {}, {}, {}},
                                       {"service-1", {}, {}, {}},
                                       {"service-2", {}, {}, 5},
                                       {"", t0 + 150, t0 + 777, {}},
                                       {"service-0", t0 + 150, {}, 2},
                                       {"", {}, {}, 0}};
        auto answers = [&] {
            std::vector<std::string> out;
            for (const Ask& a : asks) out.push_back(trailSummaryJson((*reader)->summary(a.service, a.from, a.to, a.statusClass)));
            return out;
        };
        const std::vector<std::string> fromSums = answers();
        EXPECT_EQ(json::parse(fromSums[0]).at("total").as_int64(), 1050);
        EXPECT_EQ(json::parse(fromSums[1]).at("total").as_int64(), 350);
        EXPECT_EQ(json::parse(fromSums[3]).at("total").as_int64(), 627);
        // A damaged sum is counted from its block's rows instead.
        execute(db.file, "UPDATE trail_blocks SET sums = x'01ff' WHERE id = (SELECT MIN(id) FROM trail_blocks)");
        EXPECT_EQ(answers(), fromSums);
        execute(db.file, "UPDATE trail_blocks SET sums = NULL");
        const std::vector<std::string> fromRows = answers();
        for (std::size_t i = 0; i < asks.size(); ++i) EXPECT_EQ(fromRows[i], fromSums[i]) << i;
    }
}

TEST(TrailWriter, ATrailFromBeforeBlockSumsGainsThemAndStoppingClosesTheOpenBlock) {
    Database db;
    {
        auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
        ASSERT_TRUE(writer);
        submitBlock(**writer, 0, 20);
    }
    execute(db.file, "ALTER TABLE trail_blocks DROP COLUMN sums"); // as the first block format had it
    {
        auto reader = TrailReader::open(db.file);
        ASSERT_TRUE(reader);
        EXPECT_EQ(total(**reader), 20);
        auto writer = TrailWriter::open(db.file, blocksOf(10, 1'000'000));
        ASSERT_TRUE(writer) << writer.error();
        submitBlock(**writer, 20, 25); // two full blocks, five in the open one
        EXPECT_EQ(withSums(db.file), 2);
        EXPECT_EQ(total(**reader), 45);
    }
    EXPECT_EQ(withSums(db.file), 3) << "the open block gets its sums when the writer stops";
    auto reader = TrailReader::open(db.file);
    ASSERT_TRUE(reader);
    EXPECT_EQ(total(**reader), 45);
}

} // namespace
} // namespace gatehouse::gateway
