#include "core/routing/table_diff.h"

#include "support/service_fixtures.h"

#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

using testing::makeService;
using testing::makeTable;

TEST(TableDiff, AnIdenticalTableHasNoDiff) {
    auto before = makeTable({makeService("droplets", {{{"api.example.com"}, {}, {"/v2/droplets", "/v2/droplets/:id"}}})});
    auto after = makeTable({makeService("droplets", {{{"api.example.com"}, {}, {"/v2/droplets", "/v2/droplets/:id"}}})});
    EXPECT_TRUE(diffTables(*before, *after).empty());
}

TEST(TableDiff, AddedRoutesAndTheRequestsTheyTakeOver) {
    auto before = makeTable({makeService("api-monolith", {{{"api.example.com"}, {}, {"/v2/*"}}})});
    auto after = makeTable({makeService("api-monolith", {{{"api.example.com"}, {}, {"/v2/*"}}}),
                            makeService("droplets", {{{"api.example.com"}, {"GET"}, {"/v2/droplets/:id"}}})});
    const TableDiff diff = diffTables(*before, *after);
    ASSERT_EQ(diff.added.size(), 1u);
    EXPECT_EQ(diff.added[0].service, "droplets");
    EXPECT_EQ(diff.added[0].jsonPath, "routes[0].paths[0]");
    EXPECT_EQ(diff.added[0].position, 0u);
    EXPECT_TRUE(diff.removed.empty());
    EXPECT_TRUE(diff.moved.empty()) << "a route added ahead shifts positions but moves nothing";
    ASSERT_EQ(diff.changedRequests.size(), 1u);
    const ChangedRequest& changed = diff.changedRequests[0];
    EXPECT_EQ(changed.method, "GET");
    EXPECT_EQ(changed.host, "api.example.com");
    EXPECT_EQ(changed.path, "/v2/droplets/42");
    ASSERT_TRUE(changed.before && changed.after);
    EXPECT_EQ(changed.before->service, "api-monolith");
    EXPECT_EQ(changed.after->service, "droplets");
}

TEST(TableDiff, RemovedRoutesLeaveTheirRequestsTo404OrToAnother) {
    auto before = makeTable({makeService("billing", {{{}, {}, {"/v2/customers/my/balance", "/v2/invoices"}}})});
    auto after = makeTable({makeService("billing", {{{}, {}, {"/v2/invoices"}}})});
    const TableDiff diff = diffTables(*before, *after);
    ASSERT_EQ(diff.removed.size(), 1u);
    EXPECT_EQ(diff.removed[0].path, "/v2/customers/my/balance");
    ASSERT_EQ(diff.changedRequests.size(), 1u);
    EXPECT_EQ(diff.changedRequests[0].path, "/v2/customers/my/balance");
    EXPECT_EQ(diff.changedRequests[0].host, "");
    EXPECT_FALSE(diff.changedRequests[0].after) << "404 after";
}

TEST(TableDiff, AMoveIsAChangeOfOrderAmongTheRoutesKept) {
    // Two routes that tie on every precedence step are ordered by their place in the
    // file: swapping them moves both (and changes no destination: they do not overlap).
    auto before = makeTable({makeService("apps", {{{}, {}, {"/v2/aa/:id"}}, {{}, {}, {"/v2/bb/:id"}}})});
    auto after = makeTable({makeService("apps", {{{}, {}, {"/v2/bb/:id"}}, {{}, {}, {"/v2/aa/:id"}}})});
    const TableDiff diff = diffTables(*before, *after);
    EXPECT_TRUE(diff.added.empty());
    EXPECT_TRUE(diff.removed.empty());
    ASSERT_EQ(diff.moved.size(), 2u);
    EXPECT_EQ(diff.moved[0].route.path, "/v2/bb/:id");
    EXPECT_EQ(diff.moved[0].from, 1u);
    EXPECT_EQ(diff.moved[0].to, 0u);
    EXPECT_TRUE(diff.changedRequests.empty());
}

TEST(TableDiff, ExampleRequestsMatchTheirRoute) {
    auto table = makeTable({makeService("apps", {{{"api.example.com"}, {"DELETE"}, {"/v2/apps/:app_id/deployments/*"}}}),
                            makeService("root", {{{}, {}, {"/"}}})});
    for (const RouteEntry& entry : table->entries()) {
        const ExampleRequest example = exampleRequest(entry);
        const RouteRequest request = makeRouteRequest(example.method, example.host, example.path);
        EXPECT_EQ(table->find(request), &entry) << example.method << " " << example.path;
    }
    const std::string_view path = "/v2/apps/1/deployments/x";
    EXPECT_EQ(exampleRequest(*table->find(makeRouteRequest("DELETE", "api.example.com", path))).path, "/v2/apps/42/deployments/any");
}

} // namespace
} // namespace gatehouse::routing
