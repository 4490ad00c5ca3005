// The collector's etcd store and its client against a real etcd on 127.0.0.1: what two
// collectors on one etcd can and cannot do to each other, and etcd going away.
#include "collector/etcd_collector_store.h"
#include "collector/route_registry.h"
#include "collector/sqlite_collector_store.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

namespace gatehouse::gateway {
namespace {
namespace fs = std::filesystem;
using Etcd = testing::EtcdProcess;

EtcdLocation locationOf(const Etcd& etcd, const std::string& prefix = "/gatehouse") { return *parseEtcdLocation(etcd.url(prefix)); }

std::string service(const std::string& name, const std::string& paths) {
    return R"({"name": ")" + name + R"(", "routes": [{"hosts": ["api.example.com"], "paths": )" + paths +
           R"(}], "destinations": [{"scheme": "http", "host": "127.0.0.1:9001"}]})";
}

// A store whose first snapshot succeeded (etcd elects itself within a second or two).
std::unique_ptr<EtcdCollectorStore> openStore(const Etcd& etcd, const std::string& prefix = "/gatehouse") {
    auto store = std::make_unique<EtcdCollectorStore>(locationOf(etcd, prefix), std::chrono::milliseconds(2000));
    for (int i = 0; i < 100; ++i) {
        if (store->snapshot()) return store;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return nullptr;
}

TEST(EtcdLocation, ParsesEndpointsAndPrefixAndRefusesWhatIsNotOne) {
    auto parsed = parseEtcdLocation("etcd://10.0.0.1:2379,etcd-2.internal:2380,[::1]:2379/gatehouse/prod/");
    ASSERT_TRUE(parsed) << parsed.error();
    ASSERT_EQ(parsed->endpoints.size(), 3u);
    EXPECT_EQ(parsed->endpoints[1].host, "etcd-2.internal");
    EXPECT_EQ(parsed->endpoints[2].host, "::1");
    EXPECT_EQ(parsed->prefix, "/gatehouse/prod");
    EXPECT_EQ(parsed->text(), "etcd://10.0.0.1:2379,etcd-2.internal:2380,[::1]:2379/gatehouse/prod");
    EXPECT_EQ(parseEtcdLocation("etcd://127.0.0.1:2379")->prefix, "/gatehouse");
    for (const char* bad : {"http://127.0.0.1:2379", "etcd://", "etcd://127.0.0.1", "etcd://127.0.0.1:0", "etcd://127.0.0.1:99999",
                            "etcd://127.0.0.1:2379/", "etcd://127.0.0.1:2379/a b", "etcd://a_b:2379", "etcd://[::1]2379"}) {
        EXPECT_FALSE(parseEtcdLocation(bad)) << bad;
    }
    EXPECT_NE(parseEtcdLocation("etcd://127.0.0.1").error().find("HOST:PORT"), std::string::npos);
}

TEST(EtcdCollectorStore, KeepsRevisionsSwitchesAndTheAuditAsSqliteDoes) {
    Etcd etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    auto store = openStore(etcd);
    ASSERT_TRUE(store);
    auto first = store->snapshot();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->version, 0u);
    EXPECT_EQ(first->collectorId.size(), 16u);

    auto r1 = store->append("droplets", "register", service("droplets", R"(["/v2/droplets"])"), "alice", std::nullopt);
    ASSERT_TRUE(r1) << r1.error().message;
    EXPECT_EQ(r1->version, 1u);
    EXPECT_EQ(r1->revision, 1);
    auto r2 = store->append("droplets", "register", service("droplets", R"(["/v2/droplets/:id"])"), "bob", std::nullopt);
    auto r3 = store->append("billing", "register", service("billing", R"(["/v2/billing"])"), "carol", std::nullopt);
    auto r4 = store->append("droplets", "rollback", service("droplets", R"(["/v2/droplets"])"), "bob", 1);
    auto r5 = store->append("billing", "delete", std::nullopt, "carol", std::nullopt);
    ASSERT_TRUE(r2 && r3 && r4 && r5);
    EXPECT_EQ(r4->revision, 3);
    EXPECT_EQ(r5->version, 5u);
    auto s = store->setSwitch("sanitize", false, "security", "admin", "a bad release");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->version, 6u) << "the switch version is the audit id of the switch change";

    // Another store object (another collector) reads the same state.
    auto other = openStore(etcd);
    ASSERT_TRUE(other);
    auto seen = other->snapshot();
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->collectorId, first->collectorId);
    EXPECT_EQ(seen->version, 5u);
    EXPECT_EQ(seen->switchVersion, 6u);
    ASSERT_EQ(seen->current.size(), 1u) << "billing was deleted";
    EXPECT_EQ(seen->current[0].service, "droplets");
    EXPECT_EQ(seen->current[0].revision, 3);
    EXPECT_EQ(seen->current[0].rolledBackTo, 1);
    EXPECT_EQ(seen->current[0].config, service("droplets", R"(["/v2/droplets"])")) << "the text as registered";
    ASSERT_EQ(seen->switches.size(), 1u);
    EXPECT_FALSE(seen->switches[0].enabled);
    EXPECT_EQ(seen->switches[0].reason, "a bad release");

    auto history = other->history("droplets");
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 3u);
    EXPECT_EQ((*history)[0].revision, 3);
    EXPECT_EQ((*history)[2].createdBy, "alice");
    EXPECT_TRUE(other->history("nobody")->empty());
    auto two = other->revision("droplets", 2);
    ASSERT_TRUE(two && *two);
    EXPECT_EQ((*two)->createdBy, "bob");
    EXPECT_FALSE(*other->revision("droplets", 9));

    auto audit = other->audit(4);
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 4u);
    EXPECT_EQ((*audit)[0].id, 6);
    EXPECT_EQ((*audit)[0].action, "default_filter.disable");
    EXPECT_EQ((*audit)[1].action, "service.delete");
    auto older = other->audit(10, (*audit)[3].id);
    ASSERT_TRUE(older);
    ASSERT_EQ(older->size(), 2u);
    EXPECT_EQ((*older)[0].id, 2);
    EXPECT_EQ((*older)[1].id, 1);
}

TEST(EtcdCollectorStore, AChangeDecidedOnAnOldReadIsRefusedAsStale) {
    Etcd etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    auto a = openStore(etcd);
    auto b = openStore(etcd);
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(a->append("droplets", "register", service("droplets", R"(["/v2/droplets"])"), "alice", std::nullopt));
    // b read before a's change: whatever it decided, it decided on the old table.
    auto late = b->append("billing", "register", service("billing", R"(["/v2/droplets"])"), "carol", std::nullopt);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, CollectorStore::Failure::Kind::stale);
    EXPECT_EQ(b->errors().stale, 1u);
    auto again = b->snapshot();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->version, 1u);
    EXPECT_TRUE(b->append("billing", "register", service("billing", R"(["/v2/billing"])"), "carol", std::nullopt));
    EXPECT_FALSE(a->setSwitch("sanitize", false, "security", "admin", "stale too")) << "a has not seen b's change";
}

TEST(EtcdCollectorStore, TwoRegistriesOnOneEtcdAcceptExactlyOneOfTwoConflictingRegistrations) {
    Etcd etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    auto a = openStore(etcd);
    auto b = openStore(etcd);
    ASSERT_TRUE(a && b);
    RouteRegistry left(*a);
    RouteRegistry right(*b);
    ASSERT_TRUE(left.loaded() && right.loaded());
    RouteRegistry::Outcome first, second;
    std::thread one([&] { first = left.put("droplets", service("droplets", R"(["/v2/droplets/:id"])"), "droplets-team", false); });
    std::thread two([&] { second = right.put("billing", service("billing", R"(["/v2/droplets/:id"])"), "billing-team", false); });
    one.join();
    two.join();
    using Verdict = RouteRegistry::Verdict;
    const int accepted = (first.verdict == Verdict::accepted) + (second.verdict == Verdict::accepted);
    const int refused = (first.verdict == Verdict::conflict) + (second.verdict == Verdict::conflict);
    EXPECT_EQ(accepted, 1);
    EXPECT_EQ(refused, 1);
    ASSERT_FALSE(left.refresh().failed);
    ASSERT_FALSE(right.refresh().failed);
    EXPECT_EQ(left.version(), 1u);
    EXPECT_EQ(right.version(), 1u);
    EXPECT_EQ(left.etag(), right.etag()) << "one table: gateways may poll either";
    EXPECT_EQ(left.document().size(), right.document().size());
    EXPECT_EQ(left.table().services().size(), 1u);
}

TEST(EtcdCollectorStore, WatchTellsOfOtherCollectorsChangesAndOfEtcdLostAndBack) {
    Etcd etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    // Before the stores: the watch thread writes here until its store is gone.
    std::mutex mutex;
    std::vector<CollectorStore::Event::Kind> events;
    auto watched = openStore(etcd);
    auto writer = openStore(etcd);
    ASSERT_TRUE(watched && writer);
    const auto count = [&](CollectorStore::Event::Kind kind) {
        std::lock_guard lock(mutex);
        return std::count(events.begin(), events.end(), kind);
    };
    const auto eventually = [](auto condition) {
        for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return condition();
    };
    watched->watch([&](CollectorStore::Event e) {
        std::lock_guard lock(mutex);
        events.push_back(e.kind);
    });
    using Kind = CollectorStore::Event::Kind;
    ASSERT_TRUE(eventually([&] { return count(Kind::changed) >= 1; })) << "told once the watch runs";
    const auto before = count(Kind::changed);
    ASSERT_TRUE(writer->append("droplets", "register", service("droplets", R"(["/v2/droplets"])"), "alice", std::nullopt));
    ASSERT_TRUE(eventually([&] { return count(Kind::changed) > before; }));

    etcd.stop();
    ASSERT_TRUE(eventually([&] { return count(Kind::lost) == 1; }));
    EXPECT_FALSE(watched->available());
    auto refused = watched->append("billing", "register", service("billing", R"(["/v2/billing"])"), "carol", std::nullopt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, CollectorStore::Failure::Kind::unavailable);
    EXPECT_GE(watched->errors().watch, 1u);

    etcd.start();
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    ASSERT_TRUE(eventually([&] { return count(Kind::back) == 1; }));
    EXPECT_TRUE(watched->available());
    ASSERT_TRUE(eventually([&] { return static_cast<bool>(watched->snapshot()); }));
    EXPECT_EQ(watched->snapshot()->version, 1u) << "etcd kept its data across the restart";
    EXPECT_TRUE(watched->append("billing", "register", service("billing", R"(["/v2/billing"])"), "carol", std::nullopt));
    EXPECT_EQ(count(Kind::lost), 1) << "lost is said once per outage";
}

TEST(EtcdCollectorStore, ImportCopiesASqliteStoreIntoAnEmptyPrefixOnly) {
    Etcd etcd;
    ASSERT_TRUE(etcd.ready()) << etcd.log();
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-migrate-XXXXXX").string();
    const fs::path dir = mkdtemp(tmpl.data());
    auto sqlite = SqliteCollectorStore::open((dir / "collector.db").string());
    ASSERT_TRUE(sqlite);
    auto& source = **sqlite;
    ASSERT_TRUE(source.append("droplets", "register", service("droplets", R"(["/v2/droplets"])"), "alice", std::nullopt));
    ASSERT_TRUE(source.append("billing", "register", service("billing", R"(["/v2/billing"])"), "carol", std::nullopt));
    ASSERT_TRUE(source.append("droplets", "register", service("droplets", R"(["/v2/droplets/:id"])"), "bob", std::nullopt));
    ASSERT_TRUE(source.setSwitch("request_id", false, "security", "admin", "testing"));
    auto state = source.snapshot();
    ASSERT_TRUE(state);

    auto target = std::make_unique<EtcdCollectorStore>(locationOf(etcd, "/migrated"), std::chrono::milliseconds(5000));
    for (int i = 0; i < 50 && !target->audit(1); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto copied = target->import(source.collectorId(), source.allRevisions(), state->switches, source.allAudit());
    ASSERT_TRUE(copied) << copied.error().message;
    auto read = target->snapshot();
    ASSERT_TRUE(read);
    EXPECT_EQ(read->collectorId, source.collectorId()) << "gateways see the same table, not a new collector";
    EXPECT_EQ(read->version, state->version);
    EXPECT_EQ(read->switchVersion, state->switchVersion);
    ASSERT_EQ(read->current.size(), 2u);
    EXPECT_EQ(read->current[1].service, "droplets");
    EXPECT_EQ(read->current[1].config, state->current[1].config);
    EXPECT_EQ(target->history("droplets")->size(), 2u);
    EXPECT_EQ(target->audit(100)->size(), source.audit(100)->size());
    // The next change continues the versions.
    auto next = target->append("billing", "delete", std::nullopt, "carol", std::nullopt);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->version, state->version + 1);
    EXPECT_EQ(next->revision, 2);

    auto twice = target->import(source.collectorId(), source.allRevisions(), state->switches, source.allAudit());
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("empty prefix"), std::string::npos) << twice.error().message;
    fs::remove_all(dir);
}

} // namespace
} // namespace gatehouse::gateway
