// The chain and the synchronous built-in filters, without sockets: ordering, Stop,
// shadow mode, mismatches, switches, and each filter's decisions.
#include "config/gateway_config.h"
#include "filters/counter_store.h"
#include "core/catalogue/filter_catalogue.h"
#include "filters/filter_chain.h"
#include "filters/filter_registry.h"
#include "filters/filter_services.h"
#include "filters/token_cache.h"
#include "support/service_fixtures.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace gatehouse::gateway::filters {
namespace {

// A service whose only route has these before/after filters (JSON arrays).
config::ServiceConfig serviceWith(const std::string& before, const std::string& after = "[]") {
    return testing::serviceFromJson(R"({"name": "droplets", "routes": [{"paths": ["/v2/droplets/:id"], "before_filters": )" +
                                    before + R"(, "after_filters": )" + after +
                                    R"(}], "destinations": [{"scheme": "http", "host": "127.0.0.1:9"}]})");
}

// The same, built directly: for chains the service validator would refuse on purpose
// (ensure_auth with no authenticator before it, to see it deny).
config::FilterRef ref(std::string_view name, config::FilterMode mode = config::FilterMode::enforce,
                      config::FilterParams params = {}) {
    config::FilterRef out = defaultFilterRef(name);
    out.mode = mode;
    for (auto& [key, value] : params) out.params.insert_or_assign(key, value);
    return out;
}
config::ServiceConfig serviceWithRefs(std::vector<config::FilterRef> before) {
    config::ServiceConfig service = serviceWith("[]");
    service.routes[0].beforeFilters = std::move(before);
    return service;
}
constexpr auto kShadow = config::FilterMode::shadow;

struct Fixture {
    explicit Fixture(std::vector<std::string> defaultsBefore = {}, std::vector<std::string> defaultsAfter = {}) {
        GatewayConfig config;
        config.defaultBefore = std::move(defaultsBefore);
        config.defaultAfter = std::move(defaultsAfter);
        services = std::make_unique<FilterServices>(config.filterSettings());
    }
    std::shared_ptr<const FilterChain> chain(const config::ServiceConfig& service) {
        auto built = buildChain(services->env, service, 0, services->defaultsBefore, services->defaultsAfter, services->stats);
        EXPECT_TRUE(built.has_value()) << (built ? "" : built.error().message);
        return built ? *built : nullptr;
    }
    std::unique_ptr<FilterServices> services;
};

// A request context over a real parsed head.
struct Request {
    explicit Request(std::string text) : raw(std::move(text)) {
        http::HeadError error;
        EXPECT_EQ(http::parseRequestHead(raw, {}, head, error), http::ParseStatus::complete) << error.reason;
        context.method = head.method;
        context.target = head.target;
        context.path = head.target.substr(0, head.target.find('?'));
        context.host = "api.example.com";
        context.clientIp = "192.0.2.7";
        context.head = &head;
    }
    std::string raw;
    http::RequestHead head;
    RequestContext context;
};

std::vector<std::string> names(const RequestContext& context) {
    std::vector<std::string> out;
    for (const FilterRecord& record : context.records) out.emplace_back(record.name);
    return out;
}

TEST(FilterRegistry, EveryCatalogueNameHasAFactoryAndNoOther) {
    std::vector<std::string> registry;
    for (const FilterRegistration& registration : filterRegistry()) registry.emplace_back(registration.name);
    std::sort(registry.begin(), registry.end());
    std::vector<std::string> catalogue;
    for (std::string_view name : gatehouse::catalogue::filterNames()) catalogue.emplace_back(name);
    std::sort(catalogue.begin(), catalogue.end());
    EXPECT_EQ(registry, catalogue);
}

TEST(FilterRegistry, FiltersNeedingAnUnconfiguredGlueServiceAreRefusedWithTheirPath) {
    Fixture fixture;
    const auto service = serviceWith(R"(["request_id", "oauth_token", "ensure_auth"])");
    auto chain = buildChain(fixture.services->env, service, 0, {}, {}, fixture.services->stats);
    ASSERT_FALSE(chain.has_value());
    EXPECT_EQ(chain.error().code, "filter_unavailable");
    EXPECT_EQ(chain.error().path, "routes[0].before_filters[1]");
    EXPECT_EQ(chain.error().message, "oauth_token needs glue.introspection (an RFC 7662 endpoint) in gatehouse.json");
    for (const auto& [filters, message] : std::vector<std::pair<std::string, std::string>>{
             {R"(["authorize"])", "authorize needs glue.policy (the policy service URL) in gatehouse.json"},
             {R"(["session_cookie"])", "session_cookie needs glue.session (the session service URL) in gatehouse.json"},
             {R"([{"name": "feature_flag", "params": {"flag": "beta"}}])", "feature_flag needs glue.flags (a Flipper API URL)"}}) {
        auto refused = buildChain(fixture.services->env, serviceWith(filters), 0, {}, {}, fixture.services->stats);
        ASSERT_FALSE(refused.has_value()) << filters;
        EXPECT_EQ(refused.error().message, message);
    }
}

TEST(FilterChain, DefaultsRunFirstAndAfterFiltersRunInReverse) {
    Fixture fixture({"request_id", "sanitize"}, {"security_headers"});
    auto chain = fixture.chain(serviceWithRefs({ref("ensure_auth")}));
    ASSERT_TRUE(chain);
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    const auto reply = chain->runBefore(request.context);
    ASSERT_TRUE(reply); // ensure_auth: nobody authenticated
    EXPECT_EQ(reply->status, 401);
    EXPECT_EQ(reply->id, "unauthorized");
    EXPECT_EQ(reply->message, "Unable to authenticate you");
    EXPECT_EQ(reply->fields, "WWW-Authenticate: Bearer realm=\"gatehouse\"\r\n");
    EXPECT_EQ(names(request.context), (std::vector<std::string>{"request_id", "sanitize", "ensure_auth"}));
    EXPECT_TRUE(request.context.records[0].isDefault);
    EXPECT_FALSE(request.context.records[2].isDefault);
    EXPECT_EQ(request.context.records[2].decision, Decision::deny);
    chain->runAfter(request.context);
    EXPECT_NE(request.context.responseFields.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
}

TEST(FilterChain, ARouteDeclaringADefaultFilterGetsItsOwnEntryOnly) {
    Fixture fixture({"request_id", "sanitize"});
    auto chain = fixture.chain(serviceWith(R"([{"name": "sanitize", "params": {"allowed_methods": ["GET"]}}])"));
    ASSERT_EQ(chain->before().size(), 2u);
    EXPECT_EQ(chain->before()[1].name, "sanitize");
    EXPECT_EQ(chain->before()[1].toggle, nullptr); // the route's own, not switchable
    Request request("POST /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    const auto reply = chain->runBefore(request.context);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 405);
    EXPECT_EQ(reply->fields, "Allow: GET\r\n");
}

TEST(FilterChain, ASwitchedOffDefaultFilterDoesNotRun) {
    Fixture fixture({"request_id", "sanitize"});
    auto chain = fixture.chain(serviceWith("[]"));
    fixture.services->findSwitch("sanitize")->enabled.store(false);
    Request request("TRACE /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(request.context));
    EXPECT_EQ(names(request.context), std::vector<std::string>{"request_id"});
    fixture.services->findSwitch("sanitize")->enabled.store(true);
    Request again("TRACE /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_TRUE(chain->runBefore(again.context));
}

TEST(FilterChain, ShadowDecisionsAreRecordedButNotActedOn) {
    Fixture fixture;
    auto chain = fixture.chain(serviceWithRefs(
        {ref("ensure_auth", kShadow),
         ref("rate_limit", kShadow, {{"limit", std::int64_t{1}}, {"period_seconds", std::int64_t{60}}}), ref("request_id")}));
    for (int i = 0; i < 2; ++i) {
        Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
        EXPECT_FALSE(chain->runBefore(request.context)); // nothing stops it
        ASSERT_EQ(request.context.records.size(), 3u);
        EXPECT_EQ(request.context.records[0].decision, Decision::deny);
        EXPECT_EQ(request.context.records[0].mode, config::FilterMode::shadow);
        EXPECT_EQ(request.context.records[1].decision, i == 0 ? Decision::allow : Decision::deny);
        EXPECT_EQ(request.context.responseField("RateLimit-Limit"), ""); // no RateLimit fields from a shadow
        EXPECT_TRUE(request.context.responseFields.empty());
        EXPECT_TRUE(request.context.propagateRequestId); // the enforced request_id still acts
    }
}

TEST(FilterChain, ShadowMismatchesAreFlaggedAndCounted) {
    Fixture fixture;
    auto chain = fixture.chain(serviceWithRefs({ref("ensure_auth", kShadow)}));
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(request.context));
    chain->flagShadowMismatches(request.context, 200); // the backend served an anonymous request
    EXPECT_TRUE(request.context.records[0].mismatch);
    EXPECT_EQ(chain->before()[0].stats->shadowMismatches.load(), 1u);

    Request denied("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    chain->runBefore(denied.context);
    chain->flagShadowMismatches(denied.context, 401); // backend agrees: no mismatch
    EXPECT_FALSE(denied.context.records[0].mismatch);
    EXPECT_EQ(chain->before()[0].stats->shadowMismatches.load(), 1u);
    EXPECT_EQ(chain->before()[0].stats->decisions[static_cast<int>(Decision::deny)].load(), 2u);
}

TEST(FilterChain, ShadowAllowThatTheBackendRefusesIsAMismatch) {
    Fixture fixture;
    auto chain = fixture.chain(serviceWith(R"([{"name": "rate_limit", "mode": "shadow", "params": {"limit": 5, "period_seconds": 60}}])"));
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    chain->runBefore(request.context);
    chain->flagShadowMismatches(request.context, 403);
    EXPECT_TRUE(request.context.records[0].mismatch);
}

TEST(FilterChain, StatsSurviveARebuild) {
    Fixture fixture;
    const auto service = serviceWithRefs({ref("ensure_auth")});
    auto first = fixture.chain(service);
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    first->runBefore(request.context);
    auto second = fixture.chain(service);
    EXPECT_EQ(second->before()[0].stats.get(), first->before()[0].stats.get());
}

TEST(RequestIdFilter, KeepsAValidIdAndReplacesOthers) {
    Fixture fixture({"request_id"});
    auto chain = fixture.chain(serviceWith("[]"));
    Request valid("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nX-Request-Id: trace-42\r\n\r\n");
    chain->runBefore(valid.context);
    EXPECT_EQ(valid.context.requestId, "trace-42");
    EXPECT_EQ(valid.context.records[0].reason, "kept");
    Request invalid("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nX-Request-Id: has space\r\n\r\n");
    chain->runBefore(invalid.context);
    EXPECT_EQ(invalid.context.requestId.size(), 32u);
    EXPECT_EQ(invalid.context.records[0].reason, "invalid, replaced");
}

TEST(SanitizeFilter, PathsABackendCouldReadDifferentlyAreRefused) {
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"/v2/../admin", "dot segment ('.' or '..', raw or encoded)"},
        {"/v2/./x", "dot segment ('.' or '..', raw or encoded)"},
        {"/v2/%2e%2e/admin", "dot segment ('.' or '..', raw or encoded)"},
        {"/v2/%2E./admin", "dot segment ('.' or '..', raw or encoded)"},
        {"/v2/a%2fb", "encoded slash (%2F)"},
        {"/v2/a%5cb", "encoded backslash (%5C)"},
        {"/v2/%252e%252e/x", "double encoding (%25)"},
        {"/v2\\admin", "backslash in the path"},
        {"/v2/x;jsessionid=1", "';' path parameter"},
        {"/v2//x", "empty path segment ('//')"},
        {"//v2", "empty path segment ('//')"},
        {"/v2/%zz", "malformed percent-encoding"},
        {"/v2/%4", "malformed percent-encoding"},
        {"/v2/%00", "encoded control character"},
    };
    for (const auto& [path, reason] : refused) {
        const char* problem = builtin::pathProblem(path);
        ASSERT_NE(problem, nullptr) << path;
        EXPECT_EQ(std::string(problem), reason) << path;
    }
    for (std::string path : {"/", "/v2/droplets", "/v2/droplets/", "/v2/a%20b", "/v2/caf%C3%A9", "/v2/..x", "/v2/x.."}) {
        EXPECT_EQ(builtin::pathProblem(path), nullptr) << path;
    }
}

TEST(SanitizeFilter, TraceAndConnectAreOffByDefaultAndIdentityFieldsAreCounted) {
    Fixture fixture({"sanitize"});
    auto chain = fixture.chain(serviceWith("[]"));
    Request trace("TRACE /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    auto reply = chain->runBefore(trace.context);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 405);
    EXPECT_EQ(reply->message, "method TRACE is not allowed on this route");
    EXPECT_EQ(reply->fields, "Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n");
    Request spoof("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nX-Gatehouse-User-Id: 1\r\nx-gatehouse-scopes: admin\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(spoof.context));
    EXPECT_EQ(spoof.context.records[0].reason, "stripped 2 X-Gatehouse-* field(s)");
}

TEST(SanitizeFilter, TwoAuthorizationFieldsAreRefused) {
    Fixture fixture({"sanitize"});
    auto chain = fixture.chain(serviceWith("[]"));
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer a\r\nauthorization: Bearer b\r\n\r\n");
    const auto reply = chain->runBefore(request.context);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400);
    EXPECT_EQ(reply->message, "more than one Authorization field");
}

TEST(SecurityHeadersFilter, NeverOverridesTheBackendAndSendsHstsOnlyOverTls) {
    Fixture fixture({}, {"security_headers"});
    auto chain = fixture.chain(serviceWith("[]"));
    const std::string raw = "HTTP/1.1 200 OK\r\nX-Frame-Options: SAMEORIGIN\r\nContent-Length: 0\r\n\r\n";
    http::ResponseHead head;
    http::HeadError error;
    ASSERT_EQ(http::parseResponseHead(raw, {}, head, error), http::ParseStatus::complete);
    Request plain("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    plain.context.response = &head;
    chain->runAfter(plain.context);
    EXPECT_EQ(plain.context.responseFields,
              "X-Content-Type-Options: nosniff\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n");
    EXPECT_EQ(plain.context.records[0].reason, "kept 1 backend value(s)");
    Request tls("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    tls.context.secure = true;
    chain->runAfter(tls.context);
    EXPECT_NE(tls.context.responseFields.find("Strict-Transport-Security: max-age=31536000\r\n"), std::string::npos);
    EXPECT_NE(tls.context.responseFields.find("X-Frame-Options: DENY\r\n"), std::string::npos);
}

TEST(IdentityHeadersFilter, SetsTheAgreedFieldsFromTheIdentity) {
    Fixture fixture;
    auto chain = fixture.chain(serviceWithRefs({ref("ensure_auth"), ref("identity_headers")}));
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    request.context.identity = Identity{"42", "oauth", "read write", "k"};
    request.context.requestId = "trace-1";
    EXPECT_FALSE(chain->runBefore(request.context));
    EXPECT_EQ(request.context.upstreamFields,
              "X-Gatehouse-Request-Id: trace-1\r\nX-Gatehouse-User-Id: 42\r\nX-Gatehouse-Auth-Method: oauth\r\n"
              "X-Gatehouse-Scopes: read write\r\n");
}

TEST(RateLimitFilter, CountsPerWindowLikeRackAttackAndAnswers429) {
    Fixture fixture;
    auto chain = fixture.chain(serviceWith(R"([{"name": "rate_limit", "params": {"limit": 2, "period_seconds": 3600,
                                               "by": "header:X-Api-Key", "name": "api"}}])"));
    for (int i = 1; i <= 3; ++i) {
        Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nX-Api-Key: k1\r\n\r\n");
        const auto reply = chain->runBefore(request.context);
        const filters::RequestContext& context = request.context;
        EXPECT_EQ(context.responseField("RateLimit-Limit"), "2");
        EXPECT_EQ(context.responseField("RateLimit-Remaining"), std::to_string(std::max(0, 2 - i)));
        const int reset = std::stoi(std::string(context.responseField("RateLimit-Reset")));
        EXPECT_GT(reset, 0);
        EXPECT_LE(reset, 3600);
        if (i <= 2) {
            EXPECT_FALSE(reply) << i;
            EXPECT_EQ(request.context.records[0].reason, fmt::format("{} of 2", i));
        } else {
            ASSERT_TRUE(reply);
            EXPECT_EQ(reply->status, 429);
            EXPECT_EQ(reply->id, "too_many_requests");
            EXPECT_EQ(reply->message, "API Rate limit exceeded.");
            EXPECT_EQ(reply->fields, fmt::format("Retry-After: {}\r\n", reset));
        }
    }
    // Another key has its own counter; no key at all is not counted.
    Request other("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\nX-Api-Key: k2\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(other.context));
    Request none("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(none.context));
    EXPECT_EQ(none.context.records[0].decision, Decision::skip);
    // The key is rack-attack's: prefix, window number, name, discriminator.
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_EQ(fixture.services->counters.incrementNow(fmt::format("rack::attack:{}:api:k1", now / 3600), 10, now), 4);
}

TEST(RateLimitFilter, AShadowEntryDoesNotSpendTheEnforcedBudget) {
    Fixture fixture;
    const config::FilterParams params{{"limit", std::int64_t{2}}, {"period_seconds", std::int64_t{3600}},
                                      {"name", std::string("api")}};
    auto chain = fixture.chain(serviceWithRefs({ref("rate_limit", kShadow, params), ref("rate_limit", config::FilterMode::enforce, params)}));
    for (int i = 1; i <= 3; ++i) {
        Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
        const auto reply = chain->runBefore(request.context);
        EXPECT_EQ(reply.has_value(), i == 3) << i; // not at 2: the shadow counted apart
        EXPECT_EQ(request.context.records[0].decision, i == 3 ? Decision::deny : Decision::allow);
    }
}

TEST(RateLimitFilter, TheMostRestrictiveThrottleSetsTheFieldsOnce) {
    Fixture fixture;
    const auto params = [](std::int64_t limit, const char* name) {
        return config::FilterParams{{"limit", limit}, {"period_seconds", std::int64_t{3600}}, {"name", std::string(name)}};
    };
    auto chain = fixture.chain(serviceWithRefs({ref("rate_limit", config::FilterMode::enforce, params(10, "wide")),
                                                ref("rate_limit", config::FilterMode::enforce, params(3, "narrow")),
                                                ref("rate_limit", config::FilterMode::enforce, params(5, "middle"))}));
    Request request("GET /v2/droplets/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_FALSE(chain->runBefore(request.context));
    const std::string& fields = request.context.responseFields;
    EXPECT_EQ(request.context.responseField("RateLimit-Limit"), "3");
    EXPECT_EQ(request.context.responseField("RateLimit-Remaining"), "2");
    EXPECT_EQ(std::count(fields.begin(), fields.end(), '\n'), 3) << fields; // replaced, not added again
    ASSERT_EQ(request.context.claimedResponseFields.size(), 1u); // the backend's RateLimit-* are dropped
    EXPECT_EQ(request.context.claimedResponseFields[0], "RateLimit-");
}

TEST(MemoryCounterStore, ExpiresCountersAndBoundsTheirNumber) {
    MemoryCounterStore store(16); // one per shard
    EXPECT_EQ(store.incrementNow("a", 10, 1000), 1);
    EXPECT_EQ(store.incrementNow("a", 10, 1005), 2);
    EXPECT_EQ(store.incrementNow("a", 10, 1010), 1); // expired at 1010: a new window
    std::size_t refused = 0;
    for (int i = 0; i < 200; ++i) refused += !store.incrementNow(fmt::format("k{}", i), 10, 2000).has_value();
    EXPECT_GT(refused, 0u);
    EXPECT_EQ(store.overflows(), refused);
    EXPECT_LE(store.size(), 32u);
    EXPECT_TRUE(store.incrementNow("fresh", 10, 5000).has_value()); // expired ones are swept to make room
}

TEST(TokenCache, InactiveAnswersNeverPushOutActiveOnes) {
    TokenCache cache(10);
    const auto now = TokenCache::Clock::now();
    cache.put("alice", {true, {}, now + std::chrono::hours(1)});
    for (int i = 0; i < 1000; ++i) cache.put("made-up-" + std::to_string(i), {false, {}, now + std::chrono::hours(1)});
    ASSERT_TRUE(cache.find("alice", now));
    EXPECT_TRUE(cache.find("alice", now)->active);
    EXPECT_TRUE(cache.find("made-up-999", now)); // the newest inactive ones are kept, in their own bound
    EXPECT_FALSE(cache.find("made-up-0", now));
    cache.put("alice", {false, {}, now + std::chrono::hours(1)}); // revoked
    EXPECT_FALSE(cache.find("alice", now)->active);
}

TEST(TokenCache, NewTokensHaveABudgetPerSecond) {
    TokenCache cache(10, 3);
    const auto start = TokenCache::Clock::now();
    int allowed = 0;
    for (int i = 0; i < 10; ++i) allowed += cache.allowNewToken(start);
    EXPECT_EQ(allowed, 3);
    EXPECT_TRUE(cache.allowNewToken(start + std::chrono::milliseconds(400))); // 1.2 refilled
    EXPECT_FALSE(cache.allowNewToken(start + std::chrono::milliseconds(400)));
}

TEST(TokenCache, IsBoundedAndForgetsExpiredEntries) {
    TokenCache cache(2);
    const auto now = TokenCache::Clock::now();
    cache.put("a", {true, {}, now + std::chrono::seconds(60)});
    cache.put("b", {true, {}, now + std::chrono::seconds(60)});
    EXPECT_TRUE(cache.find("a", now)); // a is now the most recent
    cache.put("c", {true, {}, now + std::chrono::seconds(60)});
    EXPECT_TRUE(cache.find("a", now));
    EXPECT_FALSE(cache.find("b", now)); // least recently used went
    EXPECT_FALSE(cache.find("c", now + std::chrono::seconds(61)));
    EXPECT_EQ(cache.size(), 1u);
}

} // namespace
} // namespace gatehouse::gateway::filters
