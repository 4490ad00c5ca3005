// The request trail through a real gateway: a scripted mix of requests, then the trail
// API must hold exactly one row per request, each with the right termination cause.
#include "support/admin_tokens.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"
#include "observe/trail.h"
#include "tools/trail_seed.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <atomic>
#include <map>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Action = UpstreamResponse::Action;

std::string request(const std::string& method, const std::string& path, const std::string& id, const std::string& extra = "") {
    return method + " " + path + " HTTP/1.1\r\nHost: api.example.com\r\nX-Request-Id: " + id + "\r\n" + extra + "\r\n";
}

// Requests written straight into trail.db while the gateway is stopped, one block each:
// the shape a quiet gateway leaves over weeks (a block every batch interval), the
// slowest for a summary to read. Eight blocks made by the gateway's own encoder, copied
// by SQLite (fast even where the test itself runs under a sanitizer).
void seedTrail(const std::filesystem::path& db, int rows) {
    ASSERT_TRUE(gateway::TrailWriter::open(db.string(), {})); // the schema
    tools::TrailSeed seed;
    seed.endMs = 1'764'000'000'000;
    std::vector<gateway::trail::BlockBuilder::Sealed> blocks;
    for (int i = 0; i < 8; ++i) {
        std::string packed;
        gateway::trail::pack(tools::seedRecord(seed, i).entry(), packed);
        std::string_view rest = packed;
        gateway::trail::Packed record;
        ASSERT_TRUE(gateway::trail::unpack(rest, record));
        gateway::trail::BlockBuilder builder;
        builder.add(record);
        blocks.push_back(builder.encode());
    }
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db.string().c_str(), &handle), SQLITE_OK);
    sqlite3_exec(handle, "PRAGMA synchronous = OFF; CREATE TEMP TABLE seed (k INTEGER PRIMARY KEY, bloom BLOB, keys BLOB, details BLOB)",
                 nullptr, nullptr, nullptr);
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        sqlite3_stmt* insert = nullptr;
        sqlite3_prepare_v2(handle, "INSERT INTO seed VALUES (?1, ?2, ?3, ?4)", -1, &insert, nullptr);
        sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(k));
        sqlite3_bind_blob(insert, 2, blocks[k].bloom.data(), static_cast<int>(blocks[k].bloom.size()), SQLITE_STATIC);
        sqlite3_bind_blob(insert, 3, blocks[k].keys.data(), static_cast<int>(blocks[k].keys.size()), SQLITE_STATIC);
        sqlite3_bind_blob(insert, 4, blocks[k].details.data(), static_cast<int>(blocks[k].details.size()), SQLITE_STATIC);
        ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
        sqlite3_finalize(insert);
    }
    const std::string copy = fmt::format(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
        "INSERT INTO trail_blocks (id, records, min_time_ms, max_time_ms, until_ms, bloom, keys, details) "
        "SELECT i, 1, {} + i, {} + i, {} + i + 1, bloom, keys, details FROM n JOIN seed ON seed.k = i % 8",
        rows, seed.endMs, seed.endMs, seed.endMs);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(handle, copy.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_close(handle);
}

// An on-call viewer's summary over the whole trail must not stall /healthz, /readyz or
// the control loop: trail queries run on their own threads, bounded in number and time.
TEST(TrailQueries, HealthAnswersWhileASummaryOverMillionsOfRowsRuns) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    ViewerTokens tokens;
    const std::string app = fmt::format(
        R"({{"name": "app", "routes": [{{"paths": ["/app/*"]}}], "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
        backend.port());
    // A generous time limit: the first summary reads every row.
    constexpr const char* kGenerous = R"("trail": {"query_time_limit_ms": 120000})";
    GatewayProcess gateway({{"app.json", app}}, fmt::format(R"("admin_tokens_file": "{}", {})", tokens.path, kGenerous));
    ASSERT_TRUE(gateway.started()) << gateway.log();
#if defined(__SANITIZE_ADDRESS__)
    constexpr int kRows = 200'000; // reads about ten times slower: as long a summary
#else
    constexpr int kRows = 1'000'000;
#endif
    ASSERT_TRUE(gateway.restart([&] { seedTrail(gateway.dir() / "state" / "trail.db", kRows); })) << gateway.log();

    std::atomic<bool> summaryDone{false};
    std::string summary;
    std::thread viewer([&] {
        summary = adminGet(gateway.adminPort(), "/api/v1/trail/summary");
        summaryDone = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the summary is under way
    int answeredDuring = 0;
    double slowestMs = 0;
    for (int i = 0; i < 20 && !summaryDone; ++i) {
        const auto started = std::chrono::steady_clock::now();
        const std::string health = httpExchange(gateway.adminPort(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (statusOf(health) == 200 && !summaryDone) ++answeredDuring;
        slowestMs = std::max(slowestMs, ms);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    viewer.join();
    std::printf("/healthz answered %d times during the summary, slowest %.1f ms\n", answeredDuring, slowestMs);
    EXPECT_GE(answeredDuring, 5); // the control thread was never the one scanning
    ASSERT_EQ(statusOf(summary), 200) << summary.substr(0, 300) << gateway.log();
    EXPECT_EQ(json::parse(bodyOf(summary)).at("total").to_number<std::int64_t>(), kRows);

    // One query thread, no queue, 300 ms each: a second summary is refused at once, the
    // first stops at its limit; both say so and are counted.
    ASSERT_TRUE(gateway.restart([&] {
        std::ofstream(gateway.dir() / "gatehouse.json", std::ios::app).flush();
        std::string config = readFile((gateway.dir() / "gatehouse.json").string());
        config.replace(config.find(kGenerous), std::string_view(kGenerous).size(),
                       R"("trail": {"query_threads": 1, "query_queue": 0, "query_time_limit_ms": 300})");
        std::ofstream(gateway.dir() / "gatehouse.json") << config;
    })) << gateway.log();
    std::string first;
    std::thread slow([&] { first = adminGet(gateway.adminPort(), "/api/v1/trail/summary"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string second = adminGet(gateway.adminPort(), "/api/v1/trail/summary");
    slow.join();
    EXPECT_EQ(statusOf(second), 503) << second;
    EXPECT_EQ(json::parse(bodyOf(second)).at("id").as_string(), "queries_busy");
    EXPECT_EQ(headerOf(second, "Retry-After"), "1");
    EXPECT_EQ(statusOf(first), 503) << first;
    EXPECT_EQ(json::parse(bodyOf(first)).at("id").as_string(), "query_timeout");
    const std::string metrics = bodyOf(httpExchange(gateway.adminPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_NE(metrics.find("gatehouse_trail_queries_refused_total{reason=\"busy\"} 1"), std::string::npos);
    EXPECT_NE(metrics.find("gatehouse_trail_queries_refused_total{reason=\"time_limit\"} 1"), std::string::npos);
    // A narrow query still answers within the limit.
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/trail?limit=5")), 200);
}

TEST(Trail, OneRowPerRequestWithItsCause) {
    TestUpstream backend([](const UpstreamRequest& r) {
        UpstreamResponse response;
        if (r.target.starts_with("/app/fail")) response.status = 500;
        if (r.target.starts_with("/app/slow")) response.action = Action::hang;
        response.body = "hello";
        return response;
    });
    ViewerTokens tokens;
    const std::string services = fmt::format(
        R"({{"name": "app", "timeout_seconds": 1, "routes": [{{"paths": ["/app/*"], "before_filters": [{{"name": "rate_limit",
              "params": {{"limit": 100, "period_seconds": 60, "by": "header:X-Client"}}}}]}},
              {{"paths": ["/limited"], "before_filters": [{{"name": "rate_limit", "params": {{"limit": 1, "period_seconds": 3600}}}}]}}],
            "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
        backend.port());
    const std::string down = fmt::format(
        R"({{"name": "down", "routes": [{{"paths": ["/down"]}}], "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
        unusedPort());
    GatewayProcess gateway({{"app.json", services}, {"down.json", down}}, fmt::format(R"("admin_tokens_file": "{}")", tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();

    const std::map<std::string, std::pair<int, std::string>> expected = {
        {"t-ok", {200, "completed"}},
        {"t-fail", {500, "completed"}},
        {"t-slow", {504, "upstream_timeout"}},
        {"t-noroute", {404, "no_route"}},
        {"t-traversal", {400, "filter_denied"}},
        {"t-limit-1", {200, "completed"}},
        {"t-limit-2", {429, "filter_denied"}},
        {"t-down", {502, "upstream_connect_failed"}},
    };
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/ok?secret=1", "t-ok", "X-Client: c1\r\n"))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/fail", "t-fail"))), 500);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/slow", "t-slow"))), 504);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/nowhere", "t-noroute"))), 404);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/../etc", "t-traversal"))), 400);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/limited", "t-limit-1"))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/limited", "t-limit-2"))), 429);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/down", "t-down"))), 502);
    // A head the gateway refuses: recorded too, with the cause.
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), "GET /app/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")), 400);

    // The writer stores in batches, off the request path: wait (bounded) for all rows.
    json::array records;
    for (int i = 0; i < 100; ++i) {
        const json::value page = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail?limit=1000")));
        records = page.at("records").as_array();
        if (records.size() >= expected.size() + 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(records.size(), expected.size() + 1) << json::serialize(records);
    std::map<std::string, int> seen;
    for (const json::value& row : records) {
        const std::string id(row.at("request_id").as_string());
        ++seen[id];
        auto it = expected.find(id);
        if (it == expected.end()) { // the refused head: a generated id, no route
            EXPECT_EQ(row.at("status"), 400);
            EXPECT_EQ(row.at("termination"), "bad_request");
            EXPECT_TRUE(row.at("service").is_null());
            continue;
        }
        EXPECT_EQ(row.at("status"), it->second.first) << id;
        EXPECT_EQ(row.at("termination").as_string(), it->second.second) << id;
        EXPECT_GE(row.at("duration_us").as_int64(), 0) << id;
    }
    for (const auto& [id, want] : expected) EXPECT_EQ(seen[id], 1) << id;

    // One record in detail: no query string, phases, filters, bytes.
    const json::value ok = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail/t-ok")));
    EXPECT_EQ(ok.at("path"), "/app/ok");
    EXPECT_EQ(ok.at("service"), "app");
    EXPECT_EQ(ok.at("route"), "routes[0].paths[0]");
    EXPECT_EQ(ok.at("destination").as_string(), fmt::format("127.0.0.1:{}", backend.port()));
    EXPECT_EQ(ok.at("client_ip"), "127.0.0.1");
    EXPECT_GT(ok.at("bytes_in").as_int64(), 0);
    EXPECT_GT(ok.at("bytes_out").as_int64(), 5);
    EXPECT_GE(ok.at("ttfb_us").as_int64(), 0);
    const json::array& decisions = ok.at("filters").as_array();
    ASSERT_EQ(decisions.size(), 4u); // request_id, sanitize, rate_limit, security_headers
    EXPECT_EQ(decisions[2].at("name"), "rate_limit");
    EXPECT_EQ(decisions[2].at("decision"), "allow");
    EXPECT_EQ(decisions[2].at("reason"), "1 of 100");
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/trail/no-such-id")), 404);

    // Filters and paging.
    const json::value failures = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail?service=app&status_class=5")));
    EXPECT_EQ(failures.at("records").as_array().size(), 2u); // the 500 and the 504
    const json::value first = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail?limit=4")));
    ASSERT_EQ(first.at("records").as_array().size(), 4u);
    const std::int64_t cursor = first.at("next_cursor").as_int64();
    const json::value second = json::parse(bodyOf(adminGet(gateway.adminPort(), fmt::format("/api/v1/trail?limit=4&cursor={}", cursor))));
    ASSERT_EQ(second.at("records").as_array().size(), 4u);
    EXPECT_LT(second.at("records").as_array()[0].at("id").as_int64(), first.at("records").as_array()[3].at("id").as_int64());
    const std::string bad = adminGet(gateway.adminPort(), "/api/v1/trail?status=abc");
    EXPECT_EQ(statusOf(bad), 400);
    EXPECT_EQ(json::parse(bodyOf(bad)).at("message"), "'status' must be an integer from 100 to 599");
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/trail?sevrice=app")), 400);

    // The summary counts what the list holds.
    const json::value summary = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail/summary")));
    EXPECT_EQ(summary.at("total"), static_cast<std::int64_t>(expected.size() + 1));
    std::map<std::string, std::int64_t> byTermination;
    for (const json::value& item : summary.at("by_termination").as_array()) {
        byTermination[std::string(item.at("key").as_string())] = item.at("count").as_int64();
    }
    EXPECT_EQ(byTermination["completed"], 3);
    EXPECT_EQ(byTermination["filter_denied"], 2);
    EXPECT_EQ(byTermination["upstream_timeout"], 1);
    std::int64_t histogram = 0;
    for (const json::value& bucket : summary.at("latency").as_array()) histogram += bucket.at("count").as_int64();
    EXPECT_EQ(histogram, summary.at("total").as_int64());
    const json::value appOnly = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail/summary?service=app")));
    EXPECT_EQ(appOnly.at("total"), 6); // ok, fail, slow, traversal, limited twice
    const json::value appFailures = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/trail/summary?service=app&status_class=5")));
    EXPECT_EQ(appFailures.at("total"), 2); // as the list: the 500 and the 504
}

// The table in use and the explain API, as the console's route explorer reads them.
TEST(AdminRoutes, TheTableAndWhyARequestWentWhereItWent) {
    TestUpstream backend([](const UpstreamRequest&) { return UpstreamResponse{}; });
    ViewerTokens tokens;
    const std::string droplets = fmt::format(
        R"({{"name": "droplets", "routes": [{{"hosts": ["api.example.com"], "methods": ["GET"], "paths": ["/v2/droplets/:id"]}}],
            "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port());
    const std::string monolith = fmt::format(
        R"({{"name": "monolith", "routes": [{{"paths": ["/*"]}}], "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
        backend.port());
    GatewayProcess gateway({{"droplets.json", droplets}, {"monolith.json", monolith}},
                           fmt::format(R"("admin_tokens_file": "{}")", tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();

    const json::value table = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/routes")));
    EXPECT_EQ(table.at("version"), 1);
    const json::array& routes = table.at("routes").as_array();
    ASSERT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes[0].at("service"), "droplets"); // full paths before the wildcard
    EXPECT_EQ(routes[1].at("service"), "monolith");

    const std::string explained =
        adminGet(gateway.adminPort(), "/api/v1/routes/explain?method=GET&host=api.example.com&path=%2Fv2%2Fdroplets%2F42");
    ASSERT_EQ(statusOf(explained), 200) << explained;
    const json::value explanation = json::parse(bodyOf(explained));
    EXPECT_EQ(explanation.at("winner").at("service"), "droplets") << explanation;
    EXPECT_EQ(explanation.at("candidates").as_array().size(), 2u);
    const std::string missing = adminGet(gateway.adminPort(), "/api/v1/routes/explain?method=GET&host=x");
    EXPECT_EQ(statusOf(missing), 400);
    EXPECT_EQ(json::parse(bodyOf(missing)).at("message"), "'path' is required and must start with '/'");
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/routes/explain?methd=GET&host=x&path=/")), 400);
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), "GET /api/v1/routes HTTP/1.1\r\nHost: localhost\r\n\r\n")), 401);
}

TEST(AdminSeries, AServicesDashboardSeriesCountsItsRequests) {
    TestUpstream backend([](const UpstreamRequest& r) {
        UpstreamResponse response;
        if (r.target == "/app/fail") response.status = 500;
        return response;
    });
    ViewerTokens tokens;
    GatewayProcess gateway({{"app.json", fmt::format(R"({{"name": "app", "routes": [{{"paths": ["/app/*"]}}],
                               "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})", backend.port())}},
                           fmt::format(R"("admin_tokens_file": "{}")", tokens.path));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 4; ++i) EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/ok", "s" + std::to_string(i)))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), request("GET", "/app/fail", "s-fail"))), 500);

    std::int64_t requests = 0, errors = 0;
    json::value series;
    for (int attempt = 0; attempt < 100 && requests < 5; ++attempt) { // counted just after each answer
        series = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services/app/series?window=1h")));
        requests = errors = 0;
        for (const json::value& point : series.at("points").as_array()) {
            requests += point.at("requests").to_number<std::int64_t>();
            errors += point.at("status_5xx").to_number<std::int64_t>();
        }
        if (requests < 5) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(requests, 5);
    EXPECT_EQ(errors, 1);
    EXPECT_EQ(series.at("bucket_seconds"), 10);
    EXPECT_EQ(series.at("points").as_array().size(), 360u);
    EXPECT_EQ(series.at("destinations").at("total"), 1);
    const json::value day = json::parse(bodyOf(adminGet(gateway.adminPort(), "/api/v1/services/app/series?window=24h")));
    EXPECT_EQ(day.at("points").as_array().size(), 1440u);
    EXPECT_EQ(day.at("bucket_seconds"), 60);
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/services/app/series?window=7d")), 400);
    EXPECT_EQ(statusOf(adminGet(gateway.adminPort(), "/api/v1/services/nope/series")), 404);
}

} // namespace
} // namespace gatehouse
