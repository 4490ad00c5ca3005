// The route collector as service owners and gateways see it: a real `gatehouse-routes
// serve` process with a real SQLite file, spoken to over real sockets and by the CLI.
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Collector = CollectorProcess;

std::string service(const std::string& name, const std::string& routes, int port = 9001) {
    return R"({"name": ")" + name + R"(", "routes": )" + routes +
           R"(, "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + std::to_string(port) + R"("}]})";
}

const std::string kDroplets = service("droplets", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets", "/v2/droplets/:id"]}])");
const std::string kBilling = service("billing", R"([{"hosts": ["api.example.com"], "paths": ["/v2/customers/my/balance"]}])");

json::object bodyJson(const std::string& response) {
    boost::system::error_code ec;
    json::value value = json::parse(bodyOf(response), ec);
    return ec || !value.is_object() ? json::object{} : value.as_object();
}

// The codes of the problems in a 422 answer.
std::vector<std::string> problemCodes(const json::object& body) {
    std::vector<std::string> codes;
    if (const json::value* problems = body.if_contains("problems")) {
        for (const json::value& p : problems->as_array()) codes.emplace_back(p.at("code").as_string());
    }
    return codes;
}

std::string problemPaths(const json::object& body) {
    std::string paths;
    if (const json::value* problems = body.if_contains("problems")) {
        for (const json::value& p : problems->as_array()) paths += std::string(p.at("path").as_string()) + ";";
    }
    return paths;
}

std::int64_t integer(const json::object& body, const char* key) {
    const json::value* v = body.if_contains(key);
    return v ? v->to_number<std::int64_t>() : -1;
}

TEST(Collector, RegistersServicesAsRevisionsAndPublishesOneVersionedTable) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    const std::string empty = collector.request("GET", "/v1/table", Collector::kGatewayToken);
    ASSERT_EQ(statusOf(empty), 200) << empty;

    std::string put = collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, kDroplets);
    ASSERT_EQ(statusOf(put), 201) << put; // a new service
    json::object answer = bodyJson(put);
    EXPECT_EQ(integer(answer, "revision"), 1);
    EXPECT_EQ(integer(answer, "version"), 1);
    EXPECT_TRUE(answer.at("changed").as_bool());
    EXPECT_EQ(answer.at("diff").at("added").as_array().size(), 2u);

    const std::string table = collector.request("GET", "/v1/table", Collector::kGatewayToken);
    ASSERT_EQ(statusOf(table), 200);
    const json::object document = bodyJson(table);
    EXPECT_EQ(integer(document, "version"), 1);
    EXPECT_EQ(integer(document, "format"), 1);
    ASSERT_EQ(document.at("services").as_array().size(), 1u);
    EXPECT_EQ(document.at("services").at(0).at("name").as_string(), "droplets");
    EXPECT_EQ(document.at("routes").as_array().size(), 2u);
    const std::string etag = headerOf(table, "ETag");
    EXPECT_FALSE(etag.empty());

    // The same config again (spaced differently) changes nothing: no revision, no version.
    json::value same = json::parse(kDroplets);
    put = collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, json::serialize(same) + "\n\n");
    ASSERT_EQ(statusOf(put), 200) << put;
    EXPECT_FALSE(bodyJson(put).at("changed").as_bool());
    EXPECT_EQ(integer(bodyJson(put), "version"), 1);

    // A change is revision 2 and table version 2.
    put = collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken,
                            service("droplets", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets", "/v2/droplets/:id", "/v2/droplets/:id/actions"]}])"));
    ASSERT_EQ(statusOf(put), 200) << put;
    EXPECT_EQ(integer(bodyJson(put), "revision"), 2);
    EXPECT_EQ(integer(bodyJson(put), "version"), 2);
    EXPECT_NE(headerOf(collector.request("GET", "/v1/table", Collector::kGatewayToken), "ETag"), etag);

    const std::string detail = collector.request("GET", "/v1/services/droplets", Collector::kGatewayToken);
    ASSERT_EQ(statusOf(detail), 200);
    const json::object history = bodyJson(detail);
    EXPECT_EQ(integer(history, "revision"), 2);
    ASSERT_EQ(history.at("history").as_array().size(), 2u);
    EXPECT_EQ(history.at("history").at(1).at("created_by").as_string(), "droplets-team");
    EXPECT_EQ(history.at("config").at("routes").at(0).at("paths").as_array().size(), 3u);
    const std::string list = collector.request("GET", "/v1/services", Collector::kGatewayToken);
    EXPECT_EQ(bodyJson(list).at("services").at(0).at("routes").to_number<int>(), 1);

    // Everything is in the SQLite file: a restarted collector serves the same table.
    ASSERT_TRUE(collector.stop());
    ASSERT_TRUE(collector.start()) << collector.log();
    const std::string again = collector.request("GET", "/v1/table", Collector::kGatewayToken);
    EXPECT_EQ(integer(bodyJson(again), "version"), 2);
    EXPECT_EQ(headerOf(again, "ETag"), headerOf(collector.request("GET", "/v1/table", Collector::kGatewayToken), "ETag"));
}

TEST(Collector, EveryKindOfInvalidConfigIsA422WithEveryProblemAndItsPath) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    struct Case {
        const char* what;
        std::string body;
        std::string code;
        std::string path;
    };
    const std::vector<Case> cases{
        {"not JSON", R"({"name": "billing", "routes": [)", "json_syntax", ""},
        {"a duplicate key", R"({"name": "billing", "name": "billing"})", "duplicate_key", "name"},
        {"null", service("billing", R"([{"paths": [null]}])"), "null_value", "routes[0].paths[0]"},
        {"an unknown key", service("billing", R"([{"paths": ["/v2/b"], "method": ["GET"]}])"), "unknown_key", "routes[0].method"},
        {"a bad path", service("billing", R"([{"paths": ["/v2/../admin"]}])"), "", "routes[0].paths[0]"},
        {"a bad filter param", service("billing", R"([{"paths": ["/v2/b"], "before_filters": [{"name": "rate_limit", "params": {"limit": -1, "period_seconds": 60}}]}])"),
         "", "routes[0].before_filters[0].params.limit"},
        {"an unknown filter", service("billing", R"([{"paths": ["/v2/b"], "before_filters": ["oauth"]}])"), "unknown_filter", "routes[0].before_filters[0]"},
        {"the name of another service", service("billings", R"([{"paths": ["/v2/b"]}])"), "name_mismatch", "name"},
        {"a health-check path that would write Redis commands",
         R"({"name": "billing", "routes": [{"paths": ["/v2/b"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:6379"}],
             "health_check": {"path": "/\r\nFLUSHALL\r\n"}})",
         "bad_health_check_path", "health_check.path"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const std::string response = collector.request("PUT", "/v1/services/billing", Collector::kBillingToken, c.body);
        ASSERT_EQ(statusOf(response), 422) << response;
        const json::object body = bodyJson(response);
        EXPECT_EQ(body.at("id").as_string(), "invalid_config");
        EXPECT_TRUE(body.contains("request_id"));
        const std::vector<std::string> codes = problemCodes(body);
        if (!c.code.empty()) {
            EXPECT_NE(std::find(codes.begin(), codes.end(), c.code), codes.end()) << response;
        }
        EXPECT_NE(problemPaths(body).find(c.path), std::string::npos) << response;
    }
    // Several mistakes: all of them at once.
    const std::string many = collector.request("PUT", "/v1/services/billing", Collector::kBillingToken,
                                               R"({"name": "billing", "routes": [{"paths": ["v2"]}], "timeout_seconds": 600, "destinations": []})");
    ASSERT_EQ(statusOf(many), 422);
    EXPECT_GE(bodyJson(many).at("problems").as_array().size(), 3u) << many;
    // Nothing was stored.
    EXPECT_EQ(integer(bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken)), "version"), 0);
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/services/billing", Collector::kGatewayToken)), 404);
    // A name that cannot be a service is refused before anything else.
    EXPECT_EQ(statusOf(collector.request("PUT", "/v1/services/Billing_2", Collector::kPlatformToken, kBilling)), 400);
}

TEST(Collector, ATakeoverIsA409NamingTheOwnerAndAShadowIsAWarning) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, kDroplets)), 201);
    const std::string takeover = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        service("billing", R"([{"hosts": ["api.example.com"], "methods": ["GET"], "paths": ["/v2/droplets/:droplet_id"]}])"));
    ASSERT_EQ(statusOf(takeover), 409) << takeover;
    const json::object body = bodyJson(takeover);
    EXPECT_EQ(body.at("id").as_string(), "route_takeover");
    ASSERT_EQ(body.at("conflicts").as_array().size(), 1u);
    EXPECT_EQ(body.at("conflicts").at(0).at("owner").as_string(), "droplets");
    EXPECT_EQ(body.at("conflicts").at(0).at("owner_route").as_string(), "routes[0].paths[1]");
    EXPECT_EQ(body.at("conflicts").at(0).at("route").as_string(), "routes[0].paths[0]");
    EXPECT_NE(std::string(body.at("message").as_string()).find("droplets"), std::string::npos);
    EXPECT_EQ(integer(bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken)), "version"), 1);

    // A more specific route under droplets' own takes that droplet's requests (and its
    // cookies and tokens): a takeover too, unless droplets' route allows carve-outs.
    const std::string carve = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        service("billing", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets/123"]}])"));
    ASSERT_EQ(statusOf(carve), 409) << carve;
    const json::object carveBody = bodyJson(carve);
    EXPECT_EQ(carveBody.at("id").as_string(), "route_takeover");
    EXPECT_EQ(carveBody.at("conflicts").at(0).at("kind").as_string(), "carve_out");
    EXPECT_EQ(carveBody.at("conflicts").at(0).at("owner").as_string(), "droplets");
    EXPECT_NE(std::string(carveBody.at("message").as_string()).find("allow_carve_outs"), std::string::npos);
    EXPECT_EQ(integer(bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken)), "version"), 1);

    // A route that can never be reached is accepted, with a warning.
    const std::string shadowed = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        service("billing", R"([{"hosts": ["api.example.com"], "paths": ["/v2/ab/*"]}, {"hosts": ["api.example.com"], "paths": ["/v2/:bucket/*"]}])"));
    ASSERT_EQ(statusOf(shadowed), 201) << shadowed;
    const json::object shadowedBody = bodyJson(shadowed);
    const json::array& warnings = shadowedBody.at("warnings").as_array();
    ASSERT_FALSE(warnings.empty()) << shadowed;
    EXPECT_EQ(warnings.at(0).at("code").as_string(), "route_shadowed");
}

TEST(Collector, TokensMayChangeOnlyTheServicesTheyOwn) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    EXPECT_EQ(statusOf(collector.request("PUT", "/v1/services/billing", "", kBilling)), 401);
    const std::string unknown = collector.request("PUT", "/v1/services/billing", "not-a-known-token-at-all", kBilling);
    EXPECT_EQ(statusOf(unknown), 401);
    EXPECT_NE(headerOf(unknown, "WWW-Authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/table", "")), 401); // reads need a token too
    // Refused on the head: a body announced by an unknown caller is never read.
    const std::string early = httpExchange(collector.port(), "PUT /v1/services/billing HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                             "Authorization: Bearer nobody-knows-this-token\r\nContent-Length: 900000\r\n\r\n");
    EXPECT_EQ(statusOf(early), 401) << early;

    const std::string other = collector.request("PUT", "/v1/services/billing", Collector::kDropletsToken, kBilling);
    ASSERT_EQ(statusOf(other), 403) << other;
    EXPECT_EQ(bodyJson(other).at("id").as_string(), "not_owner");
    EXPECT_NE(std::string(bodyJson(other).at("message").as_string()).find("droplets-team"), std::string::npos);
    EXPECT_EQ(statusOf(collector.request("PUT", "/v1/services/billing", Collector::kGatewayToken, kBilling)), 403);
    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/billing/dry-run", Collector::kDropletsToken, kBilling)), 403);
    EXPECT_EQ(statusOf(collector.request("DELETE", "/v1/services/billing", Collector::kDropletsToken)), 403);

    EXPECT_EQ(statusOf(collector.request("PUT", "/v1/services/billing", Collector::kBillingToken, kBilling)), 201);
    EXPECT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kPlatformToken, kDroplets)), 201); // "*"
    EXPECT_NE(collector.log().find("refused register of billing to token 'droplets-team'"), std::string::npos);

    // The API is one table: a wrong method names the right ones, a bad name is said.
    const std::string patched = collector.request("PATCH", "/v1/services/billing", Collector::kBillingToken, kBilling);
    EXPECT_EQ(statusOf(patched), 405);
    EXPECT_EQ(headerOf(patched, "Allow"), "GET, PUT, DELETE");
    const std::string badName = collector.request("GET", "/v1/services/Billing_2", Collector::kBillingToken);
    EXPECT_EQ(statusOf(badName), 400);
    EXPECT_EQ(bodyJson(badName).at("id").as_string(), "bad_service_name");
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/services/billing/nothing", Collector::kBillingToken)), 404);
    EXPECT_EQ(statusOf(collector.request("GET", "/healthz", "")), 200);
}

TEST(Collector, DryRunShowsTheDiffAndChangesNothing) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    const std::string monolith =
        service("api-monolith", R"([{"hosts": ["api.example.com"], "paths": ["/v2/*"], "allow_carve_outs": true}])", 9013);
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/api-monolith", Collector::kPlatformToken, monolith)), 201);

    const std::string dry = collector.request("POST", "/v1/services/droplets/dry-run", Collector::kDropletsToken, kDroplets);
    ASSERT_EQ(statusOf(dry), 200) << dry;
    const json::object body = bodyJson(dry);
    EXPECT_TRUE(body.at("dry_run").as_bool());
    EXPECT_FALSE(body.at("changed").as_bool());
    const json::object& diff = body.at("diff").as_object();
    ASSERT_EQ(diff.at("added").as_array().size(), 2u) << dry;
    EXPECT_EQ(diff.at("removed").as_array().size(), 0u);
    // Requests the monolith answers today would reach droplets: shown as examples.
    bool found = false;
    for (const json::value& change : diff.at("changed_requests").as_array()) {
        if (change.at("path").as_string() == "/v2/droplets/42") {
            found = true;
            EXPECT_EQ(change.at("method").as_string(), "GET");
            EXPECT_EQ(change.at("host").as_string(), "api.example.com");
            EXPECT_EQ(change.at("before").at("service").as_string(), "api-monolith");
            EXPECT_EQ(change.at("after").at("service").as_string(), "droplets");
        }
    }
    EXPECT_TRUE(found) << dry;
    EXPECT_EQ(integer(bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken)), "version"), 1);
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/services/droplets", Collector::kGatewayToken)), 404);

    // The same checks as a registration: a takeover is a 409 in a dry run too.
    const std::string takeover = collector.request("POST", "/v1/services/billing/dry-run", Collector::kBillingToken,
                                                   service("billing", R"([{"hosts": ["api.example.com"], "paths": ["/v2/*"]}])"));
    EXPECT_EQ(statusOf(takeover), 409) << takeover;
}

TEST(Collector, RollbackRegistersAnEarlierRevisionAgainAndDeleteRemovesTheService) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, kDroplets)), 201);
    const std::string broken = service("droplets", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets"]}])", 9999);
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, broken)), 200);

    const std::string rollback = collector.request("POST", "/v1/services/droplets/rollback?revision=1", Collector::kDropletsToken);
    ASSERT_EQ(statusOf(rollback), 200) << rollback;
    EXPECT_EQ(integer(bodyJson(rollback), "revision"), 3);
    EXPECT_EQ(integer(bodyJson(rollback), "rolled_back_to"), 1);
    EXPECT_EQ(integer(bodyJson(rollback), "version"), 3);
    const json::object detail = bodyJson(collector.request("GET", "/v1/services/droplets", Collector::kGatewayToken));
    EXPECT_EQ(detail.at("history").at(0).at("action").as_string(), "rollback");
    EXPECT_EQ(detail.at("history").at(0).at("rolled_back_to").to_number<int>(), 1);
    EXPECT_EQ(json::serialize(detail.at("config")), json::serialize(json::parse(kDroplets)));
    const std::string revision2 = collector.request("GET", "/v1/services/droplets/revisions/2", Collector::kGatewayToken);
    EXPECT_EQ(bodyJson(revision2).at("config").at("destinations").at(0).at("host").as_string(), "127.0.0.1:9999");

    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/droplets/rollback?revision=9", Collector::kDropletsToken)), 404);
    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/droplets/rollback", Collector::kDropletsToken)), 400);

    const std::string removed = collector.request("DELETE", "/v1/services/droplets", Collector::kDropletsToken);
    ASSERT_EQ(statusOf(removed), 200) << removed;
    EXPECT_EQ(bodyJson(removed).at("diff").at("removed").as_array().size(), 2u);
    const json::object table = bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken));
    EXPECT_EQ(table.at("services").as_array().size(), 0u);
    EXPECT_EQ(integer(table, "version"), 4);
    EXPECT_EQ(statusOf(collector.request("DELETE", "/v1/services/droplets", Collector::kDropletsToken)), 404);
    // A deletion has no config to go back to; an earlier registration does.
    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/droplets/rollback?revision=4", Collector::kDropletsToken)), 404);
    EXPECT_EQ(statusOf(collector.request("POST", "/v1/services/droplets/rollback?revision=1", Collector::kDropletsToken)), 201);
}

TEST(Collector, ETagsAnswer304AndALongPollReturnsAsSoonAsTheTableChanges) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, kDroplets)), 201);
    const std::string etag = headerOf(collector.request("GET", "/v1/table", Collector::kGatewayToken), "ETag");
    const std::string field = "If-None-Match: " + etag + "\r\n";
    const std::string notModified = collector.request("GET", "/v1/table", Collector::kGatewayToken, "", field);
    EXPECT_EQ(statusOf(notModified), 304);
    EXPECT_EQ(headerOf(notModified, "ETag"), etag);
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/table?wait=soon", Collector::kGatewayToken)), 400);
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/table?wait=1", Collector::kGatewayToken, "", field)), 304); // nothing changed

    // A poll waiting for up to 8 s answers with the new table once billing registers.
    std::string polled;
    std::thread poller([&] { polled = collector.request("GET", "/v1/table?wait=8", Collector::kGatewayToken, "", field); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/billing", Collector::kBillingToken, kBilling)), 201);
    poller.join();
    ASSERT_EQ(statusOf(polled), 200) << polled; // a 304 would mean it waited out its 8 s
    EXPECT_EQ(integer(bodyJson(polled), "version"), 2);
    EXPECT_NE(headerOf(polled, "ETag"), etag);
}

// The fleet's default-filter switches: only an admin token changes them, with a reason;
// each change is audited, survives a restart, and reaches held polls at once as part of
// the table document (the table itself unchanged).
TEST(Collector, DefaultFilterSwitchesAreFleetStateChangedByAnAdminAuditedAndPublishedWithTheTable) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    ASSERT_EQ(statusOf(collector.request("PUT", "/v1/services/droplets", Collector::kDropletsToken, kDroplets)), 201);
    const json::object initial = bodyJson(collector.request("GET", "/v1/security/filters", Collector::kGatewayToken));
    EXPECT_EQ(integer(initial, "switch_version"), 0);
    std::vector<std::string> names;
    for (const json::value& f : initial.at("default_filters").as_array()) {
        names.emplace_back(f.at("name").as_string());
        EXPECT_TRUE(f.at("enabled").as_bool()) << f;
        EXPECT_TRUE(f.at("changed_by").is_null()) << f;
    }
    const auto listed = [&](const char* name) { return std::find(names.begin(), names.end(), name) != names.end(); };
    for (const char* name : {"request_id", "sanitize", "security_headers"}) EXPECT_TRUE(listed(name)) << name;
    // Filters that need an identity or parameters never run by default: no switch.
    for (const char* name : {"identity_headers", "ensure_auth", "rate_limit", "feature_flag"}) EXPECT_FALSE(listed(name)) << name;

    const std::string body = R"({"enabled": false, "reason": "INC-4411: sanitize drops a partner's PATCH"})";
    const std::string field = "If-None-Match: " + headerOf(collector.request("GET", "/v1/table", Collector::kGatewayToken), "ETag") + "\r\n";
    struct Refusal {
        const char* token;
        std::string target, body;
        int status;
        std::string id;
    };
    for (const Refusal& r : {Refusal{"", "/v1/security/filters/sanitize", body, 401, "unauthorized"},
                             Refusal{Collector::kPlatformToken, "/v1/security/filters/sanitize", body, 403, "forbidden"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/rate_limit", body, 404, "not_found"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/sanitize", R"({"enabled": false})", 400, "bad_request"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/sanitize", R"({"enabled": "no", "reason": "x"})", 400,
                                     "bad_request"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/sanitize",
                                     R"({"enabled": false, "reason": "x", "until": "never"})", 400, "bad_request"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/sanitize",
                                     R"({"enabled": false, "reason": "line\r\nX-Injected: 1"})", 400, "bad_request"},
                             Refusal{Collector::kSecurityToken, "/v1/security/filters/sanitize?force=1", body, 400, "bad_request"}}) {
        const std::string refused = collector.request("PUT", r.target, r.token, r.body);
        EXPECT_EQ(statusOf(refused), r.status) << r.target << " " << r.body << "\n" << refused;
        EXPECT_EQ(bodyJson(refused).at("id"), r.id.c_str()) << refused;
    }
    EXPECT_EQ(integer(bodyJson(collector.request("GET", "/v1/security/filters", Collector::kGatewayToken)), "switch_version"), 0);

    // A gateway's held poll answers with the switched document as soon as it is saved.
    std::string polled;
    std::thread poller([&] { polled = collector.request("GET", "/v1/table?wait=8", Collector::kGatewayToken, "", field); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string switched = collector.request("PUT", "/v1/security/filters/sanitize", Collector::kSecurityToken, body);
    poller.join();
    ASSERT_EQ(statusOf(switched), 200) << switched;
    const json::object change = bodyJson(switched);
    EXPECT_FALSE(change.at("enabled").as_bool());
    EXPECT_EQ(change.at("changed_by"), "security");
    const std::int64_t switchVersion = integer(change, "version");
    EXPECT_GT(switchVersion, 0);
    ASSERT_EQ(statusOf(polled), 200) << polled; // a 304 would mean it waited out its 8 s
    const json::object document = bodyJson(polled);
    EXPECT_EQ(integer(document, "version"), 1); // the same table
    EXPECT_EQ(document.at("switches").at("version").as_int64(), switchVersion);
    const json::value& state = document.at("switches").at("filters").at(0);
    EXPECT_EQ(state.at("name"), "sanitize");
    EXPECT_FALSE(state.at("enabled").as_bool());
    EXPECT_EQ(state.at("reason"), "INC-4411: sanitize drops a partner's PATCH");
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/table", Collector::kGatewayToken, "", "If-None-Match: " + headerOf(polled, "ETag") + "\r\n")),
              304);

    // The audit: newest first, the registration too; paged by `before`.
    const json::object audit = bodyJson(collector.request("GET", "/v1/audit?limit=1", Collector::kGatewayToken));
    ASSERT_EQ(audit.at("audit").as_array().size(), 1u) << audit;
    const json::value& newest = audit.at("audit").at(0);
    EXPECT_EQ(newest.at("action"), "default_filter.disable");
    EXPECT_EQ(newest.at("actor"), "security");
    EXPECT_EQ(newest.at("role"), "admin");
    EXPECT_EQ(newest.at("target"), "sanitize");
    EXPECT_EQ(newest.at("detail").at("reason"), "INC-4411: sanitize drops a partner's PATCH");
    const std::string next = fmt::format("/v1/audit?before={}", audit.at("next_before").as_int64());
    const json::object older = bodyJson(collector.request("GET", next, Collector::kGatewayToken));
    ASSERT_EQ(older.at("audit").as_array().size(), 1u) << older;
    EXPECT_EQ(older.at("audit").at(0).at("action"), "service.register");
    EXPECT_EQ(older.at("audit").at(0).at("actor"), "droplets-team");
    EXPECT_TRUE(older.at("next_before").is_null());
    EXPECT_EQ(statusOf(collector.request("GET", "/v1/audit?limit=0", Collector::kGatewayToken)), 400);

    // Durable: a restarted collector publishes the same switches.
    collector.kill();
    ASSERT_TRUE(collector.start()) << collector.log();
    const json::object after = bodyJson(collector.request("GET", "/v1/security/filters", Collector::kGatewayToken));
    EXPECT_EQ(integer(after, "switch_version"), switchVersion);
    for (const json::value& f : after.at("default_filters").as_array()) {
        EXPECT_EQ(f.at("enabled").as_bool(), f.at("name") != "sanitize") << f;
    }
    EXPECT_EQ(bodyJson(collector.request("GET", "/v1/table", Collector::kGatewayToken)).at("switches").at("version").as_int64(),
              switchVersion);
}

// The CLI service owners use, against the same collector.
ProcessResult routes(const std::vector<std::string>& args) {
    std::vector<std::string> argv{GATEHOUSE_ROUTES_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv);
}

TEST(Collector, TheCliRegistersDryRunsAndRollsBackWithReadableOutputAndExitCodes) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    const std::filesystem::path dir = collector.dir();
    std::ofstream(dir / "droplets.json") << kDroplets;
    std::ofstream(dir / "takeover.json") << service("billing", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets/:id"]}])");
    std::ofstream(dir / "broken.json") << service("billing", R"([{"paths": ["/v2/../x"]}])");
    const std::string droplets = collector.tokenFile(Collector::kDropletsToken);
    const std::string billing = collector.tokenFile(Collector::kBillingToken);
    const std::vector<std::string> at{"--collector", collector.url()};
    auto with = [&](std::vector<std::string> args, const std::string& token) {
        args.insert(args.begin() + 1, at.begin(), at.end());
        args.insert(args.begin() + 3, {"--token-file", token});
        return routes(args);
    };

    ProcessResult dry = with({"dry-run", (dir / "droplets.json").string()}, droplets);
    EXPECT_EQ(dry.exitCode, 0) << dry.out << dry.err;
    EXPECT_NE(dry.out.find("droplets: valid"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("+ #"), std::string::npos) << dry.out;

    ProcessResult registered = with({"register", (dir / "droplets.json").string()}, droplets);
    EXPECT_EQ(registered.exitCode, 0) << registered.out << registered.err;
    EXPECT_NE(registered.out.find("droplets: registered, new service, revision 1 (table v1)"), std::string::npos) << registered.out;
    EXPECT_NE(with({"register", (dir / "droplets.json").string()}, droplets).out.find("unchanged"), std::string::npos);

    ProcessResult takeover = with({"register", (dir / "takeover.json").string()}, billing);
    EXPECT_EQ(takeover.exitCode, 1);
    EXPECT_NE(takeover.out.find("takeover.json: routes[0].paths[0]: route takeover refused: '/v2/droplets/:id' is already "
                                "served by service 'droplets' (routes[0].paths[1])"),
              std::string::npos)
        << takeover.out;

    ProcessResult broken = with({"register", (dir / "broken.json").string()}, billing);
    EXPECT_EQ(broken.exitCode, 1);
    EXPECT_NE(broken.out.find("broken.json: routes[0].paths[0]: error"), std::string::npos) << broken.out;
    EXPECT_NE(broken.out.find("not sent"), std::string::npos) << broken.out;

    ProcessResult forbidden = with({"register", (dir / "droplets.json").string()}, billing);
    EXPECT_EQ(forbidden.exitCode, 3);
    EXPECT_NE(forbidden.err.find("403"), std::string::npos) << forbidden.err;

    std::ofstream(dir / "droplets.json") << service("droplets", R"([{"hosts": ["api.example.com"], "paths": ["/v2/droplets"]}])");
    ASSERT_EQ(with({"register", (dir / "droplets.json").string()}, droplets).exitCode, 0);
    ProcessResult rollback = with({"rollback", "--service", "droplets", "--revision", "1"}, droplets);
    EXPECT_EQ(rollback.exitCode, 0) << rollback.out << rollback.err;
    EXPECT_NE(rollback.out.find("droplets: registered revision 3 (table v3)"), std::string::npos) << rollback.out;
    EXPECT_EQ(with({"rollback", "--service", "droplets", "--revision", "7"}, droplets).exitCode, 1);

    ProcessResult down = routes({"register", "--collector", "http://127.0.0.1:" + std::to_string(unusedPort()),
                                 "--token-file", droplets, (dir / "droplets.json").string()});
    EXPECT_EQ(down.exitCode, 3);
    EXPECT_NE(down.err.find("cannot connect to the collector"), std::string::npos) << down.err;
}

} // namespace
} // namespace gatehouse
