// The index must pick exactly the route a scan of the ordered table picks. Thousands of
// random tables (overlapping hosts, methods, literals, params and wildcards, drawn from
// a small vocabulary so that collisions are common) and random requests against each.
#include "core/routing/route_table.h"

#include "support/service_fixtures.h"

#include <gtest/gtest.h>

#include <random>

namespace gatehouse::routing {
namespace {

using testing::RouteSpec;

class RandomTables {
public:
    explicit RandomTables(std::uint32_t seed) : rng_(seed) {}

    std::vector<config::ServiceConfig> services() {
        std::vector<config::ServiceConfig> out;
        const int serviceCount = pick(1, 5);
        for (int s = 0; s < serviceCount; ++s) {
            std::vector<RouteSpec> routes;
            const int routeCount = pick(1, 8);
            for (int r = 0; r < routeCount; ++r) routes.push_back(route());
            out.push_back(testing::makeService("svc" + std::to_string(s), routes));
        }
        return out;
    }

    std::string method() { return oneOf({"GET", "HEAD", "POST", "PUT", "DELETE", "PROPFIND"}); }
    std::string host() { return oneOf({"a.test", "b.test", "A.TEST:8080", "c.test", ""}); }
    std::string path() {
        std::string out;
        const int length = pick(0, 5);
        for (int i = 0; i < length; ++i) out += "/" + oneOf({"x", "y", "z", "v2", "", "42"});
        if (pick(0, 6) == 0) out += "/";
        if (pick(0, 8) == 0) out += "?q=1";
        return out.empty() ? "/" : out;
    }

private:
    RouteSpec route() {
        RouteSpec spec;
        if (pick(0, 2) == 0) {
            spec.hosts.push_back(oneOf({"a.test", "b.test"}));
            if (pick(0, 2) == 0) spec.hosts.push_back(oneOf({"b.test", "c.test"}));
        }
        if (pick(0, 2) == 0) {
            spec.methods.push_back(oneOf({"GET", "POST", "HEAD"}));
            if (pick(0, 2) == 0) spec.methods.push_back(oneOf({"PUT", "DELETE", "GET"}));
        }
        const int paths = pick(1, 3);
        for (int p = 0; p < paths; ++p) spec.paths.push_back(pattern());
        return spec;
    }

    std::string pattern() {
        std::string out;
        const int length = pick(0, 4);
        for (int i = 0; i < length; ++i) {
            const int kind = pick(0, 9);
            if (kind < 5) out += "/" + oneOf({"x", "y", "z", "v2", "42"});
            else if (kind < 8) out += "/:p" + std::to_string(i);
            else {
                out += "/*";
                break;
            }
        }
        return out.empty() ? "/" : out;
    }

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    std::string oneOf(std::initializer_list<const char*> items) {
        return *(items.begin() + pick(0, static_cast<int>(items.size()) - 1));
    }

    std::mt19937 rng_;
};

TEST(MatcherDifferential, IndexEqualsOrderedFirstMatch) {
    constexpr int kTables = 3000;
    constexpr int kRequestsPerTable = 200;
    std::size_t matched = 0;
    std::size_t unmatched = 0;
    for (int t = 0; t < kTables; ++t) {
        RandomTables random(static_cast<std::uint32_t>(t) * 7919u + 1u);
        auto table = RouteTable::build(random.services());
        for (std::size_t i = 1; i < table->entries().size(); ++i) {
            ASSERT_TRUE(comparePrecedence(table->entries()[i - 1], table->entries()[i]).firstWins)
                << "table " << t << " is not in precedence order at " << i;
        }
        for (int r = 0; r < kRequestsPerTable; ++r) {
            const std::string method = random.method();
            const std::string host = random.host();
            const std::string path = random.path();
            const RouteRequest request = makeRouteRequest(method, host, path);
            const RouteEntry* indexed = table->find(request);
            const RouteEntry* linear = table->findLinear(request);
            ASSERT_EQ(indexed, linear) << "table " << t << ", request " << method << " " << host << " " << path
                                       << ": index says " << (indexed ? static_cast<long>(indexed->position) : -1L) << ", scan says "
                                       << (linear ? static_cast<long>(linear->position) : -1L);
            linear ? ++matched : ++unmatched;
        }
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    EXPECT_GT(matched, 100000u);
    EXPECT_GT(unmatched, 30000u);
}

} // namespace
} // namespace gatehouse::routing
