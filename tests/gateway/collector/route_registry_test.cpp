// The collector's logic over a real SQLite file, without HTTP.
#include "collector/route_registry.h"
#include "collector/sqlite_collector_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace gatehouse::gateway {
namespace {
namespace fs = std::filesystem;
using Verdict = RouteRegistry::Verdict;

std::string service(const std::string& name, const std::string& paths, const std::string& extra = "") {
    return R"({"name": ")" + name + R"(", "routes": [{"hosts": ["api.example.com"], "paths": )" + paths + "}]" + extra +
           R"(, "destinations": [{"scheme": "http", "host": "127.0.0.1:9001"}]})";
}

class RouteRegistryTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-registry-XXXXXX").string();
        dir_ = mkdtemp(tmpl.data());
        reopen();
    }
    void TearDown() override {
        registry_.reset();
        store_.reset();
        fs::remove_all(dir_);
    }
    void reopen() {
        registry_.reset();
        store_.reset();
        auto store = SqliteCollectorStore::open((dir_ / "collector.db").string());
        ASSERT_TRUE(store) << store.error();
        store_ = std::move(*store);
        registry_ = std::make_unique<RouteRegistry>(*store_);
    }
    fs::path dir_;
    std::unique_ptr<SqliteCollectorStore> store_;
    std::unique_ptr<RouteRegistry> registry_;
};

TEST_F(RouteRegistryTest, EveryChangeIsARevisionAndATableVersion) {
    EXPECT_EQ(registry_->version(), 0u);
    auto first = registry_->put("droplets", service("droplets", R"(["/v2/droplets"])"), "alice", false);
    ASSERT_EQ(first.verdict, Verdict::accepted);
    EXPECT_TRUE(first.created);
    EXPECT_EQ(first.revision->revision, 1);
    EXPECT_EQ(registry_->version(), 1u);
    auto same = registry_->put("droplets", service("droplets", R"(["/v2/droplets"])"), "alice", false);
    EXPECT_EQ(same.verdict, Verdict::unchanged);
    EXPECT_EQ(registry_->version(), 1u);
    ASSERT_EQ(registry_->put("droplets", service("droplets", R"(["/v2/droplets", "/v2/droplets/:id"])"), "bob", false).verdict,
              Verdict::accepted);
    ASSERT_EQ(registry_->remove("droplets", "carol", false).verdict, Verdict::accepted);
    EXPECT_EQ(registry_->version(), 3u);
    EXPECT_TRUE(registry_->table().entries().empty());
    const auto history = store_->history("droplets").value();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].action, "delete");
    EXPECT_EQ(history[0].createdBy, "carol");
    EXPECT_FALSE(history[0].config);

    // Versions never go back, not even when the newest revision is gone from the table.
    ASSERT_EQ(registry_->rollback("droplets", 2, "dave", false).verdict, Verdict::accepted);
    const std::string etag = registry_->etag();
    reopen();
    EXPECT_EQ(registry_->version(), 4u);
    EXPECT_EQ(registry_->etag(), etag);
    EXPECT_EQ(registry_->table().entries().size(), 2u);
}

TEST_F(RouteRegistryTest, AStoredRevisionThatNoLongerValidatesIsLeftOutOfTheTable) {
    ASSERT_EQ(registry_->put("droplets", service("droplets", R"(["/v2/droplets"])"), "alice", false).verdict, Verdict::accepted);
    // As if written by an older, laxer release.
    ASSERT_TRUE(store_->append("volumes", "register", service("volumes", R"(["/v2/../volumes"])"), "old", std::nullopt));
    reopen();
    ASSERT_EQ(registry_->table().services().size(), 1u);
    EXPECT_EQ(registry_->table().services()[0].name, "droplets");
    EXPECT_EQ(registry_->document().find("volumes"), std::string::npos);
    // Its owner fixes it by registering again.
    EXPECT_EQ(registry_->put("volumes", service("volumes", R"(["/v2/volumes"])"), "bob", false).verdict, Verdict::accepted);
}

TEST_F(RouteRegistryTest, TheSameConfigWithKeysInAnotherOrderChangesNothing) {
    ASSERT_EQ(registry_->put("droplets", service("droplets", R"(["/v2/droplets"])"), "alice", false).verdict, Verdict::accepted);
    const std::string reordered = R"({"destinations": [{"host": "127.0.0.1:9001", "scheme": "http"}],
        "routes": [{"paths": ["/v2/droplets"], "hosts": ["api.example.com"]}], "name": "droplets"})";
    EXPECT_EQ(registry_->put("droplets", reordered, "alice", false).verdict, Verdict::unchanged);
    EXPECT_EQ(registry_->version(), 1u);
}

TEST_F(RouteRegistryTest, ADryRunChecksEverythingAndChangesNothing) {
    auto dry = registry_->put("droplets", service("droplets", R"(["/v2/droplets"])"), "alice", true);
    EXPECT_EQ(dry.verdict, Verdict::accepted);
    EXPECT_FALSE(dry.revision);
    EXPECT_EQ(dry.diff.added.size(), 1u);
    EXPECT_EQ(registry_->version(), 0u);
    EXPECT_TRUE(store_->history("droplets").value().empty());
}

TEST_F(RouteRegistryTest, TakeoversAndInvalidConfigsAreRefusedWithReasons) {
    ASSERT_EQ(registry_->put("droplets", service("droplets", R"(["/v2/droplets/:id"])"), "alice", false).verdict, Verdict::accepted);
    auto takeover = registry_->put("billing", service("billing", R"(["/v2/droplets/:droplet"])"), "eve", false);
    ASSERT_EQ(takeover.verdict, Verdict::conflict);
    ASSERT_EQ(takeover.conflicts.size(), 1u);
    EXPECT_EQ(takeover.conflicts[0].owner, "droplets");
    EXPECT_EQ(takeover.conflicts[0].path, "/v2/droplets/:droplet");

    auto invalid = registry_->put("billing", service("billing", R"(["/v2/a", null])"), "eve", false);
    ASSERT_EQ(invalid.verdict, Verdict::invalid);
    ASSERT_FALSE(invalid.problems.empty());
    EXPECT_EQ(invalid.problems[0].file, "billing");
    EXPECT_EQ(invalid.problems[0].path, "routes[0].paths[1]");

    auto mismatch = registry_->put("billing", service("droplets", R"(["/v2/a"])"), "eve", false);
    ASSERT_EQ(mismatch.verdict, Verdict::invalid);
    EXPECT_EQ(mismatch.problems.back().code, "name_mismatch");
    EXPECT_EQ(registry_->version(), 1u);

    EXPECT_EQ(registry_->remove("billing", "eve", false).verdict, Verdict::notFound);
    EXPECT_EQ(registry_->rollback("droplets", 5, "eve", false).verdict, Verdict::notFound);
}

TEST_F(RouteRegistryTest, CarvingRequestsOutOfAnotherServiceIsATakeoverUnlessItsRouteAllowsIt) {
    ASSERT_EQ(registry_->put("droplets", service("droplets", R"(["/v2/droplets/:id"])"), "alice", false).verdict, Verdict::accepted);
    // billing would get droplet 123's requests, cookies and tokens.
    auto carve = registry_->put("billing", service("billing", R"(["/v2/droplets/123"])"), "eve", false);
    ASSERT_EQ(carve.verdict, Verdict::conflict);
    ASSERT_EQ(carve.conflicts.size(), 1u);
    EXPECT_EQ(carve.conflicts[0].kind, "carve_out");
    EXPECT_EQ(carve.conflicts[0].owner, "droplets");
    EXPECT_EQ(carve.conflicts[0].ownerRoute, "routes[0].paths[0]");
    EXPECT_EQ(registry_->version(), 1u);
    // The monolith's catch-all opts in: carving it up is the migration.
    ASSERT_EQ(registry_->put("monolith", service("monolith", R"(["/v3/*"], "allow_carve_outs": true)"), "alice", false).verdict,
              Verdict::accepted);
    auto migration = registry_->put("volumes", service("volumes", R"(["/v3/volumes"])"), "bob", false);
    ASSERT_EQ(migration.verdict, Verdict::accepted);
    ASSERT_EQ(migration.problems.size(), 1u);
    EXPECT_EQ(migration.problems[0].code, "takes_traffic");
}

TEST_F(RouteRegistryTest, AShadowOnAnotherServiceIsAWarningOfThisChange) {
    ASSERT_EQ(registry_->put("files", service("files", R"(["/v2/ab/*"], "allow_carve_outs": true)"), "alice", false).verdict,
              Verdict::accepted);
    // Longer by characters, '/v2/:bucket/*' comes first and covers files' route.
    auto covering = registry_->put("buckets", service("buckets", R"(["/v2/:bucket/*"])"), "bob", false);
    ASSERT_EQ(covering.verdict, Verdict::accepted);
    ASSERT_EQ(covering.problems.size(), 2u);
    EXPECT_EQ(covering.problems[0].code, "route_shadowed");
    EXPECT_EQ(covering.problems[0].file, "files");
    // ...and it takes files' requests: allowed (carving a monolith up), never silently.
    EXPECT_EQ(covering.problems[1].code, "takes_traffic");
    EXPECT_EQ(covering.problems[1].file, "buckets");
    EXPECT_NE(covering.problems[1].message.find("service 'files'"), std::string::npos) << covering.problems[1].message;
    // Registering something unrelated later does not repeat an old warning.
    auto unrelated = registry_->put("volumes", service("volumes", R"(["/v3/volumes"])"), "carol", false);
    EXPECT_TRUE(unrelated.problems.empty());
}

} // namespace
} // namespace gatehouse::gateway
