#include "core/validation/table_document.h"

#include "support/service_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace gatehouse::routing {
namespace {

namespace json = boost::json;
using testing::problemsAt;

std::string documentText(const json::array& services, std::uint64_t version = 7) {
    std::vector<config::ServiceConfig> parsed;
    auto table = RouteTable::build({});
    return json::serialize(makeTableDocument(version, "c0ffee", "2026-11-26T10:00:00Z", services, *table));
}

TEST(TableDocument, RoundTripsTheServicesAsRegistered) {
    const json::array services{testing::validServiceJson("droplets"), testing::validServiceJson("volumes")};
    // validServiceJson's two services claim the same paths: the document does not judge
    // the table, only each service; the gateway's table analysis does the rest.
    const ParsedTableDocument parsed = parseTableDocument(documentText(services), "collector");
    ASSERT_TRUE(parsed.ok()) << testing::describe(parsed.problems);
    EXPECT_EQ(parsed.document.version, 7u);
    EXPECT_EQ(parsed.document.collectorId, "c0ffee");
    ASSERT_EQ(parsed.document.services.size(), 2u);
    EXPECT_EQ(parsed.document.services[1].name, "volumes");
    EXPECT_EQ(parsed.document.services[1].source, "collector:volumes");
}

TEST(TableDocument, RevisionsSayWhoRegisteredEachServiceAndAreOnlyInformation) {
    const json::array services{testing::validServiceJson("droplets")};
    auto table = RouteTable::build({});
    json::object document = makeTableDocument(3, "c0ffee", "2026-11-26T10:00:00Z", services, *table,
                                              {{"droplets", 4, "platform-team", "2026-11-26T09:59:00Z"}});
    ParsedTableDocument parsed = parseTableDocument(json::serialize(document), "collector");
    ASSERT_TRUE(parsed.ok()) << testing::describe(parsed.problems);
    ASSERT_EQ(parsed.document.revisions.size(), 1u);
    EXPECT_EQ(parsed.document.revisions[0].by, "platform-team");
    EXPECT_EQ(parsed.document.revisions[0].revision, 4);
    // Entries that are not what they should be are left out; the table is still served.
    document["revisions"] = json::array{json::object{{"service", "droplets"}, {"revision", "four"}, {"by", "x"}, {"at", "y"}},
                                        json::object{{"service", "not-listed"}, {"revision", 1}, {"by", "x"}, {"at", "y"}}, 42};
    parsed = parseTableDocument(json::serialize(document), "collector");
    EXPECT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed.document.revisions.empty());
    EXPECT_EQ(parsed.document.services.size(), 1u);
}

TEST(TableDocument, TheFleetsSwitchesRoundTripAndABrokenOneRefusesTheDocumentWithItsPath) {
    const json::array services{testing::validServiceJson("droplets")};
    auto table = RouteTable::build({});
    const FilterSwitchState off{"sanitize", false, "security", "2026-12-01T21:40:00Z", "INC-4411", 9};
    json::object document = makeTableDocument(3, "c0ffee", "2026-11-26T10:00:00Z", services, *table, {}, 9, {off});
    ParsedTableDocument parsed = parseTableDocument(json::serialize(document), "collector");
    ASSERT_TRUE(parsed.ok()) << testing::describe(parsed.problems);
    EXPECT_EQ(parsed.document.switchVersion, 9u);
    ASSERT_EQ(parsed.document.switches.size(), 1u);
    EXPECT_EQ(parsed.document.switches[0], off);
    // A collector of an earlier release: no switches, every default filter runs.
    EXPECT_FALSE(json::serialize(makeTableDocument(3, "c0ffee", "t", services, *table)).contains("switches"));

    struct Case {
        const char* key;
        json::value value;
        const char* code;
        const char* path;
    };
    for (const Case& c : {Case{"enabled", "no", "wrong_type", "switches.filters[0].enabled"},
                          Case{"reason", json::value(nullptr), "null_value", "switches.filters[0].reason"},
                          Case{"reason", json::string(std::string(501, 'r')), "too_long", "switches.filters[0].reason"},
                          Case{"changed_by", "sec\nurity", "control_character", "switches.filters[0].changed_by"},
                          Case{"version", 10, "out_of_range", "switches.filters[0].version"},
                          Case{"until", "tomorrow", "unknown_key", "switches.filters[0].until"}}) {
        json::object broken = document;
        broken["switches"].as_object()["filters"].as_array()[0].as_object()[c.key] = c.value;
        parsed = parseTableDocument(json::serialize(broken), "collector");
        EXPECT_FALSE(parsed.ok()) << c.key;
        EXPECT_EQ(problemsAt(parsed.problems, c.code, c.path).size(), 1u) << c.key << ": " << testing::describe(parsed.problems);
    }
    json::object twice = document;
    twice["switches"].as_object()["filters"].as_array().push_back(twice["switches"].at("filters").at(0));
    parsed = parseTableDocument(json::serialize(twice), "collector");
    EXPECT_EQ(problemsAt(parsed.problems, "duplicate_switch", "switches.filters[1].name").size(), 1u) << testing::describe(parsed.problems);

    // A filter this release does not know (a newer collector), or one that cannot run by
    // default: left out with a warning; the table is still served.
    json::object unknown = document;
    unknown["switches"].as_object()["filters"].as_array()[0].as_object()["name"] = "bot_shield";
    parsed = parseTableDocument(json::serialize(unknown), "collector");
    EXPECT_TRUE(parsed.ok()) << testing::describe(parsed.problems);
    EXPECT_TRUE(parsed.document.switches.empty());
    EXPECT_EQ(problemsAt(parsed.problems, "unknown_filter_switch", "switches.filters[0].name").size(), 1u);
}

TEST(TableDocument, EachServiceIsValidatedAgainWithItsPlaceInTheDocument) {
    json::value broken = testing::validServiceJson("volumes");
    broken.as_object()["routes"].as_array()[0].as_object()["paths"].as_array()[0] = nullptr;
    const json::array services{testing::validServiceJson("droplets"), broken};
    const ParsedTableDocument parsed = parseTableDocument(documentText(services), "collector");
    EXPECT_FALSE(parsed.ok());
    EXPECT_EQ(problemsAt(parsed.problems, "null_value", "services[1].routes[0].paths[0]").size(), 1u)
        << testing::describe(parsed.problems);
}

TEST(TableDocument, RefusesWhatIsNotATableDocument) {
    EXPECT_FALSE(parseTableDocument("[]", "x").ok());
    EXPECT_FALSE(parseTableDocument(R"({"format": 1, "services": []})", "x").ok()); // no version
    const ParsedTableDocument future = parseTableDocument(R"({"format": 2, "version": 1, "services": []})", "x");
    EXPECT_EQ(problemsAt(future.problems, "unknown_format", "format").size(), 1u);
    const json::array twice{testing::validServiceJson("droplets"), testing::validServiceJson("droplets")};
    EXPECT_EQ(problemsAt(parseTableDocument(documentText(twice), "x").problems, "duplicate_service", "services[1].name").size(), 1u);
}

} // namespace
} // namespace gatehouse::routing
