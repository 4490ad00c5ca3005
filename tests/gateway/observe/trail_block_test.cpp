// The trail's encodings on bytes: a request packed by the request path, unpacked by
// the writer, stored in a block column by column and read back is the same request, in
// every field; a damaged block is refused, never read past its end.
#include "observe/trail_block.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>

namespace gatehouse::gateway::trail {
namespace {

TrailRecord randomRecord(std::mt19937_64& rng, int i) {
    auto pick = [&](std::initializer_list<const char*> options) {
        return std::string(*(options.begin() + static_cast<std::ptrdiff_t>(rng() % options.size())));
    };
    TrailRecord r;
    r.timeMs = 1'764'000'000'000 + static_cast<std::int64_t>(rng() % 100'000);
    r.requestId = rng() % 3 == 0 ? "client-" + std::to_string(i) : fmt::format("{:016x}{:016x}", rng(), rng());
    r.method = pick({"GET", "POST", "DELETE"});
    r.host = pick({"api.example.com", "", "h\xc3\xa9.example"});
    r.path = "/v2/x/" + std::to_string(rng() % 50);
    r.service = pick({"", "app", "billing"});
    r.route = r.service.empty() ? "" : pick({"routes[0].paths[0]", "routes[3].paths[12]"});
    r.destination = pick({"", "127.0.0.1:8080", "[::1]:9"});
    r.status = rng() % 5 == 0 ? 0 : static_cast<int>(rng() % 500) + 100;
    r.termination = pick({"completed", "upstream_timeout", "client_closed"});
    r.durationUs = static_cast<std::int64_t>(rng() % (rng() % 2 ? 100 : 90'000'000'000ULL));
    r.filtersUs = static_cast<std::int64_t>(rng() % 1000);
    r.connectUs = rng() % 2 ? -1 : static_cast<std::int64_t>(rng() % 5000);
    r.ttfbUs = rng() % 4 == 0 ? -1 : static_cast<std::int64_t>(rng() % 5'000'000);
    r.bytesIn = rng() % 2 ? rng() : rng() % 100;
    r.bytesOut = rng() % 1'000'000;
    r.clientIp = "10.0.0." + std::to_string(rng() % 7);
    r.userId = rng() % 2 ? "" : "u" + std::to_string(rng() % 9);
    const int decisions = static_cast<int>(rng() % 5);
    for (int d = 0; d < decisions; ++d) {
        static constexpr std::string_view kNames[] = {"request_id", "rate_limit", "oauth_token"}; // static, as the catalogue's
        r.filters.push_back({kNames[rng() % 3], rng() % 2 ? config::FilterMode::shadow : config::FilterMode::enforce,
                             static_cast<filters::Decision>(rng() % 4), rng() % 2 ? "" : "1 of " + std::to_string(rng() % 3),
                             static_cast<std::uint32_t>(rng() % 70'000), rng() % 2 == 0, rng() % 5 == 0, nullptr});
    }
    return r;
}

void expectSame(const TrailRecord& want, const BlockKeys& k, const BlockDetails& d, std::size_t i) {
    EXPECT_EQ(k.time.at(i), want.timeMs);
    EXPECT_EQ(d.requestId(i), want.requestId);
    EXPECT_EQ(d.method.at(i), want.method);
    EXPECT_EQ(d.host.at(i), want.host);
    EXPECT_EQ(d.path.at(i), want.path);
    EXPECT_EQ(k.service.at(i), want.service);
    EXPECT_EQ(k.route.at(i), want.route);
    EXPECT_EQ(d.destination.at(i), want.destination);
    EXPECT_EQ(k.status.at(i), want.status);
    EXPECT_EQ(k.termination.at(i), want.termination);
    EXPECT_EQ(k.duration.at(i), want.durationUs);
    EXPECT_EQ(d.filtersUs.at(i), want.filtersUs);
    EXPECT_EQ(d.connect.at(i) - 1, want.connectUs);
    EXPECT_EQ(d.ttfb.at(i) - 1, want.ttfbUs);
    EXPECT_EQ(static_cast<std::uint64_t>(d.bytesIn.at(i)), want.bytesIn);
    EXPECT_EQ(static_cast<std::uint64_t>(d.bytesOut.at(i)), want.bytesOut);
    EXPECT_EQ(k.client.at(i), want.clientIp);
    EXPECT_EQ(k.user.at(i), want.userId);
    const std::vector<Decision> decisions = d.decisions(i);
    ASSERT_EQ(decisions.size(), want.filters.size());
    for (std::size_t f = 0; f < decisions.size(); ++f) {
        EXPECT_EQ(decisions[f].name, want.filters[f].name);
        EXPECT_EQ(decisions[f].mode, want.filters[f].mode);
        EXPECT_EQ(decisions[f].decision, want.filters[f].decision);
        EXPECT_EQ(decisions[f].reason, want.filters[f].reason);
        EXPECT_EQ(decisions[f].micros, want.filters[f].micros);
        EXPECT_EQ(decisions[f].isDefault, want.filters[f].isDefault);
        EXPECT_EQ(decisions[f].mismatch, want.filters[f].mismatch);
    }
}

// Packs `records` as the request path does and adds them to `builder` as the writer does.
void fill(BlockBuilder& builder, const std::vector<TrailRecord>& records) {
    std::string queue;
    for (const TrailRecord& r : records) pack(r.entry(), queue);
    std::string_view rest = queue;
    Packed packed;
    while (unpack(rest, packed)) builder.add(packed);
    EXPECT_TRUE(rest.empty());
    EXPECT_EQ(builder.size(), records.size());
}

BlockBuilder::Sealed build(const std::vector<TrailRecord>& records) {
    BlockBuilder builder;
    fill(builder, records);
    return builder.encode();
}

TEST(TrailBlock, EveryFieldComesBackAsItWasPacked) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        std::mt19937_64 rng(seed);
        std::vector<TrailRecord> records;
        const int count = static_cast<int>(rng() % 300) + (seed == 1 ? 0 : 1);
        for (int i = 0; i < count; ++i) records.push_back(randomRecord(rng, i));
        const BlockBuilder::Sealed block = build(records);
        ASSERT_EQ(block.records, records.size());
        auto keys = BlockKeys::parse(block.keys);
        auto details = BlockDetails::parse(block.details);
        ASSERT_TRUE(keys) << keys.error();
        ASSERT_TRUE(details) << details.error();
        ASSERT_EQ(keys->records, records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            SCOPED_TRACE(::testing::Message() << "seed " << seed << " row " << i);
            expectSame(records[i], *keys, *details, i);
            EXPECT_TRUE(bloomMayContain(block.bloom, records[i].requestId));
            EXPECT_LT(records[i].timeMs, block.untilMs);
            EXPECT_GE(records[i].timeMs, block.minTimeMs);
            EXPECT_LE(records[i].timeMs, block.maxTimeMs);
        }
    }
}

TEST(TrailBlock, TheBloomFilterRulesOutAlmostEveryOtherId) {
    std::mt19937_64 rng(7);
    std::vector<TrailRecord> records;
    for (int i = 0; i < 4096; ++i) records.push_back(randomRecord(rng, i));
    const BlockBuilder::Sealed block = build(records);
    int falsePositives = 0;
    for (int i = 0; i < 10'000; ++i) falsePositives += bloomMayContain(block.bloom, "absent-" + std::to_string(i));
    EXPECT_LT(falsePositives, 300); // about 1 % by design
}

TEST(TrailBlock, ADamagedBlockIsRefusedNotReadPastItsEnd) {
    std::mt19937_64 rng(11);
    std::vector<TrailRecord> records;
    for (int i = 0; i < 64; ++i) records.push_back(randomRecord(rng, i));
    const BlockBuilder::Sealed block = build(records);
    for (const std::string* blob : {&block.keys, &block.details}) {
        for (std::size_t cut = 0; cut < blob->size(); cut += 7) {
            const std::string truncated = blob->substr(0, cut); // a copy: ASan sees any read past it
            EXPECT_FALSE(BlockKeys::parse(truncated) && BlockDetails::parse(truncated)) << cut;
        }
        for (int flip = 0; flip < 2000; ++flip) {
            std::string damaged = *blob;
            damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
            if (auto keys = BlockKeys::parse(damaged)) {
                for (std::size_t i = 0; i < keys->records; ++i) (void)keys->service.at(i), (void)keys->time.at(i);
            }
            if (auto details = BlockDetails::parse(damaged)) {
                for (std::size_t i = 0; i < details->records; ++i) (void)details->decisions(i), (void)details->requestId(i);
            }
        }
    }
}

std::vector<TrailRecord> randomRecords(std::uint64_t seed, int count) {
    std::mt19937_64 rng(seed);
    std::vector<TrailRecord> records;
    for (int i = 0; i < count; ++i) records.push_back(randomRecord(rng, i));
    return records;
}

struct WithSums {
    BlockBuilder::Sealed block;
    std::string sums;
};

WithSums buildWithSums(const std::vector<TrailRecord>& records) {
    BlockBuilder builder;
    fill(builder, records);
    return {builder.encode(), builder.encodeSums()};
}

// What a summary counts for one (service, status class), by value.
struct Counted {
    std::uint64_t total = 0;
    std::map<std::int64_t, std::uint64_t> statuses;
    std::array<std::uint64_t, kLatencyBuckets> latency{};
    std::map<std::string, std::uint64_t, std::less<>> route, termination, user, client;
    bool operator==(const Counted&) const = default;
};

void addCounts(const BlockSums::Counts& counts, const DictionaryColumn& column, std::map<std::string, std::uint64_t, std::less<>>& into) {
    for (std::size_t i = 0; i < counts.size; ++i) into[std::string(column.value(counts.index(i)))] += counts.count(i);
}

TEST(TrailBlock, SumsCountWhatTheRowsSay) {
    const std::vector<TrailRecord> records = randomRecords(5, 3000);
    const WithSums built = buildWithSums(records);
    auto keys = BlockKeys::parse(built.block.keys);
    ASSERT_TRUE(keys) << keys.error();
    auto sums = BlockSums::parse(built.sums, *keys);
    ASSERT_TRUE(sums) << sums.error();

    std::map<std::pair<std::string, int>, Counted> want, got;
    for (const TrailRecord& r : records) {
        Counted& c = want[{r.service, statusClassOf(r.status)}];
        ++c.total;
        ++c.statuses[summaryStatus(r.status)];
        ++c.latency[latencyBucket(r.durationUs)];
        ++c.route[r.route];
        ++c.termination[r.termination];
        ++c.user[r.userId];
        ++c.client[r.clientIp];
    }
    for (const BlockSums::Group& g : sums->groups) {
        const std::pair<std::string, int> key{std::string(keys->service.value(g.service)), g.statusClass};
        ASSERT_FALSE(got.contains(key)) << "one group per service and class";
        Counted& c = got[key];
        c.total = g.total;
        for (const auto& [code, n] : g.statuses) c.statuses[code] += n;
        for (std::size_t i = 0; i < kLatencyBuckets; ++i) c.latency[i] = g.latency[i];
        addCounts(g.route, keys->route, c.route);
        addCounts(g.termination, keys->termination, c.termination);
        addCounts(g.user, keys->user, c.user);
        addCounts(g.client, keys->client, c.client);
    }
    EXPECT_EQ(got.size(), want.size());
    EXPECT_TRUE(got == want);
}

TEST(TrailBlock, DamagedSumsAreRefusedNotReadPastTheirEnd) {
    std::mt19937_64 rng(12);
    const WithSums built = buildWithSums(randomRecords(13, 200));
    auto keys = BlockKeys::parse(built.block.keys);
    ASSERT_TRUE(keys);
    ASSERT_TRUE(BlockSums::parse(built.sums, *keys));
    for (std::size_t cut = 0; cut < built.sums.size(); ++cut) {
        const std::string truncated = built.sums.substr(0, cut); // a copy: ASan sees any read past it
        EXPECT_FALSE(BlockSums::parse(truncated, *keys)) << cut;
    }
    for (int flip = 0; flip < 3000; ++flip) {
        std::string damaged = built.sums;
        damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
        auto sums = BlockSums::parse(damaged, *keys);
        if (!sums) continue;
        for (const BlockSums::Group& g : sums->groups) {
            EXPECT_LT(g.service, keys->service.size());
            for (const BlockSums::Counts* c : {&g.route, &g.termination, &g.user, &g.client}) {
                for (std::size_t i = 0; i < c->size; ++i) (void)c->index(i), (void)c->count(i);
            }
        }
    }
}

TEST(TrailBlock, RepeatedValuesAreStoredOncePerBlock) {
    TrailRecord r;
    r.requestId = "0123456789abcdef0123456789abcdef";
    r.service = "a-service-with-a-long-name";
    r.path = "/v2/some/long/path/that/repeats";
    std::vector<TrailRecord> records(4096, r);
    const BlockBuilder::Sealed block = build(records);
    // Per request: 16 bytes of id (hex, packed), a few bytes of numbers; names once.
    EXPECT_LT(block.keys.size() + block.details.size(), 4096u * 24);
}

} // namespace
} // namespace gatehouse::gateway::trail
