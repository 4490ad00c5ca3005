// The filters through a real gatehouse process, with real glue services on 127.0.0.1
// (token introspection, sessions, policy, Flipper-style flags) run by the tests.
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Action = UpstreamResponse::Action;

std::string service(const std::string& name, int port, const std::string& route) {
    return fmt::format(R"({{"name": "{}", "routes": [{}], "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}]}})",
                       name, route, port);
}

std::string get(const std::string& path, const std::string& extra = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n" + extra + "\r\n";
}

UpstreamResponse jsonResponse(int status, const json::value& body) {
    UpstreamResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = json::serialize(body);
    return response;
}

UpstreamResponse echo(const UpstreamRequest& request) {
    UpstreamResponse response;
    response.body = request.method + " " + request.target;
    return response;
}

// A file in a temporary directory, removed with the object.
struct TempFile {
    explicit TempFile(const std::string& content) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "gatehouse-file-XXXXXX").string();
        const int fd = mkstemp(tmpl.data());
        ::close(fd);
        path = tmpl;
        std::ofstream(path) << content;
    }
    ~TempFile() { std::filesystem::remove(path); }
    std::string path;
};

std::string formValue(const std::string& body, const std::string& key) {
    const std::size_t at = body.find(key + "=");
    if (at == std::string::npos) return {};
    const std::size_t end = body.find('&', at);
    return body.substr(at + key.size() + 1, end == std::string::npos ? std::string::npos : end - at - key.size() - 1);
}

std::int64_t epochNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Admin calls: tokens from a file, roles viewer and admin.
struct AdminTokens {
    // alice's token stored hashed (sha256 of "alice-admin-token-0001"), victor's in clear.
    TempFile file{R"({"tokens": [{"name": "alice", "role": "admin",
                                  "token_sha256": "cc269d2b2b7ad91d8257abe8e7b40b21d1a5a5907fd8fcd4a88876fcb5fc8692"},
                                 {"name": "victor", "role": "viewer", "token": "victor-viewer-token-01"}]})"};
    std::string settings() const { return fmt::format(R"("admin_tokens_file": "{}")", file.path); }
};

std::string admin(int port, const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "") {
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty() || method == "PUT") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return httpExchange(port, request + "\r\n" + body);
}

// RFC 7662 introspection: "good" is active for user 42, "reader" lacks the write scope.
class Introspection {
public:
    Introspection()
        : server_([this](const UpstreamRequest& request) {
              if (request.header("Authorization") != "Basic Z2F0ZWhvdXNlOnMzY3IzdA==") { // gatehouse:s3cr3t
                  return jsonResponse(401, json::object{{"error", "invalid_client"}});
              }
              calls_.fetch_add(1);
              const std::string token = formValue(request.body, "token");
              if (token == "good") {
                  return jsonResponse(200, json::object{{"active", true}, {"sub", "42"}, {"scope", "droplets:read droplets:write"},
                                                        {"exp", epochNow() + 3600}});
              }
              if (token == "reader") {
                  return jsonResponse(200, json::object{{"active", true}, {"sub", "7"}, {"scope", "droplets:read"}});
              }
              if (token == "fractional") { // NumericDate may carry a fraction (RFC 7519)
                  return jsonResponse(200, json::object{{"active", true}, {"sub", "9"}, {"exp", epochNow() + 3600.5}});
              }
              if (token == "slow") { // for requests that arrive while the call is under way
                  UpstreamResponse slow = jsonResponse(200, json::object{{"active", true}, {"sub", "5"}, {"exp", epochNow() + 3600}});
                  slow.delayMs = 300;
                  return slow;
              }
              if (token == "evil") { // a subject that would inject a header
                  return jsonResponse(200, json::object{{"active", true}, {"sub", "1\r\nX-Admin: yes"}});
              }
              return jsonResponse(200, json::object{{"active", false}});
          }) {}
    int port() const { return server_.port(); }
    int calls() const { return calls_.load(); }
    std::string settings(const std::string& secretFile, const std::string& extra = "") const {
        return fmt::format(R"("introspection": {{"url": "http://127.0.0.1:{}/oauth/introspect", "client_id": "gatehouse",
                              "client_secret_file": "{}", "timeout_ms": 500{}}})",
                           port(), secretFile, extra);
    }

private:
    std::atomic<int> calls_{0};
    TestUpstream server_;
};

// Twenty requests with the same new token at once: one introspection call, whichever of
// the two workers they reach.
TEST(Filters, ConcurrentRequestsWithOneNewTokenShareOneIntrospectionCall) {
    Introspection introspection;
    TestUpstream backend(echo);
    TempFile secret("s3cr3t\n");
    GatewayProcess gateway(
        {{"droplets.json", service("droplets", backend.port(), R"({"paths": ["/v2/droplets/*"], "before_filters": ["oauth_token", "ensure_auth"]})")}},
        R"("glue": {)" + introspection.settings(secret.path) + "}", 2);
    ASSERT_TRUE(gateway.started()) << gateway.log();
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int i = 0; i < 20; ++i) {
        clients.emplace_back([&] { ok += statusOf(httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer slow\r\n"))) == 200; });
    }
    for (std::thread& t : clients) t.join();
    EXPECT_EQ(ok.load(), 20);
    EXPECT_EQ(introspection.calls(), 1);
}

// Made-up tokens beyond the second's budget are refused without asking: the service is not
// hammered and the cache keeps the tokens people use.
TEST(Filters, AFloodOfUnknownTokensIsShedNotIntrospected) {
    Introspection introspection;
    TestUpstream backend(echo);
    TempFile secret("s3cr3t\n");
    GatewayProcess gateway(
        {{"droplets.json", service("droplets", backend.port(), R"({"paths": ["/v2/droplets/*"], "before_filters": ["oauth_token", "ensure_auth"]})")}},
        R"("glue": {)" + introspection.settings(secret.path, R"(, "new_tokens_per_second": 5, "cache_entries": 100)") + "}");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    ASSERT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer good\r\n"))), 200);
    int shed = 0;
    for (int i = 0; i < 200; ++i) {
        const std::string response = httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer made-up-" + std::to_string(i) + "\r\n"));
        shed += statusOf(response) == 503;
    }
    EXPECT_LE(introspection.calls(), 1 + 5 + 5); // the first, the burst, and what refills while the loop runs (< 1 s)
    EXPECT_GE(shed, 150);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer good\r\n"))), 200);
    const int callsBefore = introspection.calls();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer good\r\n"))), 200);
    EXPECT_EQ(introspection.calls(), callsBefore); // still cached
    const std::string stats = admin(gateway.adminPort(), "GET", "/metrics", "");
    EXPECT_NE(stats.find("gatehouse_introspection_shed_total " + std::to_string(shed)), std::string::npos) << stats;
}

TEST(Filters, OAuthTokensAreIntrospectedCachedAndTurnedIntoIdentityHeaders) {
    Introspection introspection;
    TestUpstream backend(echo);
    TempFile secret("s3cr3t\n");
    GatewayProcess gateway(
        {{"droplets.json", service("droplets", backend.port(),
                                   R"({"paths": ["/v2/droplets/*"], "before_filters": ["oauth_token", "ensure_auth", "identity_headers"]})")}},
        R"("glue": {)" + introspection.settings(secret.path) + "}");
    ASSERT_TRUE(gateway.started()) << gateway.log();

    const std::string anonymous = httpExchange(gateway.port(), get("/v2/droplets/1"));
    EXPECT_EQ(statusOf(anonymous), 401) << anonymous;
    const auto body = json::parse(bodyOf(anonymous));
    EXPECT_EQ(body.at("id"), "unauthorized");
    EXPECT_EQ(body.at("message"), "Unable to authenticate you");
    EXPECT_EQ(body.at("request_id").as_string(), headerOf(anonymous, "X-Request-Id"));

    for (int i = 0; i < 3; ++i) {
        const std::string ok = httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer good\r\n"
                                                                                  "X-Gatehouse-User-Id: 1\r\n"));
        ASSERT_EQ(statusOf(ok), 200) << ok;
    }
    EXPECT_EQ(introspection.calls(), 1); // cached until exp
    const auto seen = backend.received();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].count("X-Gatehouse-User-Id"), 1u); // the client's forgery is gone
    EXPECT_EQ(seen[0].header("X-Gatehouse-User-Id"), "42");
    EXPECT_EQ(seen[0].header("X-Gatehouse-Auth-Method"), "oauth");
    EXPECT_EQ(seen[0].header("X-Gatehouse-Scopes"), "droplets:read droplets:write");
    EXPECT_EQ(seen[0].header("X-Gatehouse-Request-Id"), seen[0].header("X-Request-Id"));
    EXPECT_EQ(seen[0].header("Authorization"), "Bearer good"); // the backend may still want it

    const std::string inactive = httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer stolen\r\n"));
    EXPECT_EQ(statusOf(inactive), 401);
    EXPECT_EQ(headerOf(inactive, "WWW-Authenticate"), "Bearer error=\"invalid_token\"");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer fractional\r\n"))), 200);
    // HEAD gets the same 401 head without its body, and the connection stays usable.
    HttpClient client(gateway.port());
    ASSERT_TRUE(client.send("HEAD /v2/droplets/1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n"));
    const std::string head = client.readResponse(true);
    EXPECT_EQ(statusOf(head), 401) << head;
    EXPECT_EQ(bodyOf(head), "");
    EXPECT_EQ(headerOf(head, "WWW-Authenticate"), "Bearer realm=\"gatehouse\"");
    ASSERT_TRUE(client.send(get("/v2/droplets/1", "Authorization: Bearer good\r\n")));
    EXPECT_EQ(statusOf(client.readResponse()), 200);
    const std::string injected = httpExchange(gateway.port(), get("/v2/droplets/1", "Authorization: Bearer evil\r\n"));
    EXPECT_EQ(statusOf(injected), 503) << injected; // an answer we cannot use is a failing service
    EXPECT_EQ(backend.requests(), 5);
}

TEST(Filters, MissingScopesAre403) {
    Introspection introspection;
    TestUpstream backend(echo);
    TempFile secret("s3cr3t");
    GatewayProcess gateway(
        {{"droplets.json",
          service("droplets", backend.port(),
                  R"({"paths": ["/v2/*"], "before_filters": [{"name": "oauth_token", "params": {"scopes": ["droplets:write"]}}, "ensure_auth"]})")}},
        R"("glue": {)" + introspection.settings(secret.path) + "}");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string reader = httpExchange(gateway.port(), get("/v2/x", "Authorization: Bearer reader\r\n"));
    EXPECT_EQ(statusOf(reader), 403);
    EXPECT_EQ(headerOf(reader, "WWW-Authenticate"), "Bearer error=\"insufficient_scope\", scope=\"droplets:write\"");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/x", "Authorization: Bearer good\r\n"))), 200);
}

TEST(Filters, AuthenticationFailsClosedWhenIntrospectionIsDownOrSlow) {
    TestUpstream slow([](const UpstreamRequest&) {
        UpstreamResponse response;
        response.action = Action::hang;
        return response;
    });
    TestUpstream backend(echo);
    TempFile secret("s3cr3t");
    AdminTokens tokens;
    for (int port : {unusedPort(), slow.port()}) {
        GatewayProcess gateway(
            {{"droplets.json", service("droplets", backend.port(),
                                       R"({"paths": ["/v2/*"], "before_filters": ["oauth_token", "ensure_auth"]})")}},
            fmt::format(R"("glue": {{"introspection": {{"url": "http://127.0.0.1:{}/introspect", "client_id": "gatehouse",
                           "client_secret_file": "{}", "timeout_ms": 300}}}}, {})", port, secret.path, tokens.settings()));
        ASSERT_TRUE(gateway.started()) << gateway.log();
        for (int i = 0; i < 2; ++i) {
            const std::string response = httpExchange(gateway.port(), get("/v2/x", "Authorization: Bearer good\r\n"));
            EXPECT_EQ(statusOf(response), 503) << response;
            EXPECT_EQ(json::parse(bodyOf(response)).at("id"), "auth_unavailable");
        }
        const std::string stats = admin(gateway.adminPort(), "GET", "/api/v1/filters/stats", "victor-viewer-token-01");
        EXPECT_EQ(json::parse(bodyOf(stats)).at("glue_failures").at("introspection").to_number<int>(), 2) << stats;
        const std::string log = gateway.log();
        const std::string line = "glue: the introspection service is failing";
        ASSERT_NE(log.find(line), std::string::npos) << log;
        EXPECT_EQ(log.find(line, log.find(line) + 1), std::string::npos) << "logged once per outage\n" << log;
    }
    EXPECT_EQ(backend.requests(), 0);
}

TEST(Filters, RemoteSessionCookiesAuthenticate) {
    TestUpstream sessions([](const UpstreamRequest& request) {
        if (request.header("Cookie") == "_app_session=s1") {
            return jsonResponse(200, json::object{{"user_id", 42}, {"scopes", json::array{"billing"}}});
        }
        return jsonResponse(401, json::object{{"error", "no session"}});
    });
    TestUpstream backend(echo);
    GatewayProcess gateway(
        {{"billing.json",
          service("billing", backend.port(),
                  R"({"paths": ["/billing/*"], "before_filters": [{"name": "session_cookie", "params": {"cookie": "_app_session"}},
                      "ensure_auth", "identity_headers"]})")}},
        fmt::format(R"("glue": {{"session": {{"url": "http://127.0.0.1:{}/sessions/current"}}}})", sessions.port()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string ok = httpExchange(gateway.port(), get("/billing/invoices", "Cookie: theme=dark; _app_session=s1\r\n"));
    ASSERT_EQ(statusOf(ok), 200) << ok;
    EXPECT_EQ(backend.received().at(0).header("X-Gatehouse-User-Id"), "42");
    EXPECT_EQ(backend.received().at(0).header("X-Gatehouse-Auth-Method"), "session");
    EXPECT_EQ(backend.received().at(0).header("X-Gatehouse-Scopes"), "billing");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/billing/invoices", "Cookie: _app_session=expired\r\n"))), 401);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/billing/invoices"))), 401);
    EXPECT_EQ(backend.requests(), 1);
}

TEST(Filters, AuthorizeAsksThePolicyServiceAndFailsClosed) {
    std::mutex mutex;
    std::vector<json::value> questions;
    TestUpstream policy([&](const UpstreamRequest& request) {
        const json::value question = json::parse(request.body);
        {
            std::lock_guard lock(mutex);
            questions.push_back(question);
        }
        if (question.at("method") == "DELETE") return jsonResponse(403, json::object{{"reason", "only admins delete"}});
        if (question.at("method") == "PUT") return jsonResponse(500, json::object{});
        return jsonResponse(200, json::object{{"allow", true}});
    });
    TestUpstream backend(echo);
    GatewayProcess gateway(
        {{"droplets.json",
          service("droplets", backend.port(),
                  R"({"paths": ["/v2/droplets/:id"], "before_filters": [{"name": "authorize", "params": {"policy": "droplets-rbac"}}]})")}},
        fmt::format(R"("glue": {{"policy": {{"url": "http://127.0.0.1:{}/v1/decide"}}}})", policy.port()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/droplets/7"))), 200);
    const std::string denied =
        httpExchange(gateway.port(), "DELETE /v2/droplets/7 HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    EXPECT_EQ(statusOf(denied), 403);
    EXPECT_EQ(json::parse(bodyOf(denied)).at("id"), "forbidden");
    const std::string failing =
        httpExchange(gateway.port(), "PUT /v2/droplets/7 HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(statusOf(failing), 503);
    EXPECT_EQ(json::parse(bodyOf(failing)).at("id"), "authorization_unavailable");
    EXPECT_EQ(backend.requests(), 1);
    std::lock_guard lock(mutex);
    ASSERT_EQ(questions.size(), 3u);
    EXPECT_EQ(questions[0].at("policy"), "droplets-rbac");
    EXPECT_EQ(questions[0].at("service"), "droplets");
    EXPECT_EQ(questions[0].at("route"), "routes[0].paths[0]");
    EXPECT_EQ(questions[0].at("path"), "/v2/droplets/7");
    EXPECT_EQ(questions[0].at("params").at("id"), "7");
    EXPECT_TRUE(questions[0].at("user").is_null());
}

TEST(Filters, FeatureFlagsComeFromAFlipperApiPolledInTheBackground) {
    std::atomic<int> full{0}, notModified{0};
    TestUpstream flags([&](const UpstreamRequest& request) {
        if (request.header("If-None-Match") == "\"v1\"") {
            notModified.fetch_add(1);
            UpstreamResponse response;
            response.status = 304;
            return response;
        }
        full.fetch_add(1);
        UpstreamResponse response = jsonResponse(200, json::parse(R"({"features": [{"key": "beta", "state": "conditional",
            "gates": [{"key": "boolean", "name": "boolean", "value": null},
                      {"key": "actors", "name": "actor", "value": ["User;42"]}]}]})"));
        response.headers.push_back({"ETag", "\"v1\""});
        EXPECT_EQ(request.target, "/flipper/api/features?keys=beta");
        return response;
    });
    TestUpstream sessions([](const UpstreamRequest& request) {
        const std::string cookie = request.header("Cookie");
        return jsonResponse(200, json::object{{"user_id", cookie.substr(cookie.find('=') + 1)}});
    });
    TestUpstream backend(echo);
    GatewayProcess gateway(
        {{"beta.json",
          service("beta", backend.port(),
                  R"({"paths": ["/beta/*"], "before_filters": ["session_cookie", {"name": "feature_flag", "params": {"flag": "beta"}}]})")}},
        fmt::format(R"("glue": {{"session": {{"url": "http://127.0.0.1:{}/s"}},
                       "flags": {{"url": "http://127.0.0.1:{}/flipper/api", "poll_ms": 100}}}})",
                    sessions.port(), flags.port()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 0; i < 100 && full.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_GT(full.load(), 0) << gateway.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(150)); // the answer is swapped in
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/beta/x", "Cookie: _session_id=42\r\n"))), 200);
    const std::string other = httpExchange(gateway.port(), get("/beta/x", "Cookie: _session_id=7\r\n"));
    EXPECT_EQ(statusOf(other), 404); // looks like no route at all
    EXPECT_EQ(json::parse(bodyOf(other)).at("id"), "not_found");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/beta/x"))), 404); // no actor
    for (int i = 0; i < 100 && notModified.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GT(notModified.load(), 0); // later polls revalidate with the ETag
    EXPECT_EQ(backend.requests(), 1);
}

TEST(Filters, RateLimitsAnswer429WithRetryAfterAndRateLimitFields) {
    TestUpstream backend(echo);
    GatewayProcess gateway({{"droplets.json",
                             service("droplets", backend.port(),
                                     R"({"paths": ["/v2/*"], "before_filters": [{"name": "rate_limit", "params": {"limit": 2, "period_seconds": 3600}}]})")}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    for (int i = 1; i <= 2; ++i) {
        const std::string ok = httpExchange(gateway.port(), get("/v2/x"));
        ASSERT_EQ(statusOf(ok), 200) << ok;
        EXPECT_EQ(headerOf(ok, "RateLimit-Limit"), "2");
        EXPECT_EQ(headerOf(ok, "RateLimit-Remaining"), std::to_string(2 - i));
        EXPECT_FALSE(headerOf(ok, "RateLimit-Reset").empty());
    }
    const std::string limited = httpExchange(gateway.port(), get("/v2/x"));
    EXPECT_EQ(statusOf(limited), 429);
    const auto body = json::parse(bodyOf(limited));
    EXPECT_EQ(body.at("id"), "too_many_requests");
    EXPECT_EQ(body.at("message"), "API Rate limit exceeded.");
    const int retryAfter = std::stoi(headerOf(limited, "Retry-After"));
    EXPECT_GT(retryAfter, 0);
    EXPECT_LE(retryAfter, 3600);
    EXPECT_EQ(headerOf(limited, "RateLimit-Remaining"), "0");
    EXPECT_EQ(backend.requests(), 2);
}

TEST(Filters, DefaultSecurityFiltersRunOnEveryRoute) {
    TestUpstream backend([](const UpstreamRequest& request) {
        UpstreamResponse response = echo(request);
        if (request.target == "/own-frame") response.headers = {{"X-Frame-Options", "SAMEORIGIN"}};
        return response;
    });
    GatewayProcess gateway({{"app.json", service("app", backend.port(), R"({"paths": ["/*"]})")}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string ok = httpExchange(gateway.port(), get("/a", "X-Request-Id: trace-9\r\n"));
    ASSERT_EQ(statusOf(ok), 200);
    EXPECT_EQ(headerOf(ok, "X-Request-Id"), "trace-9");
    EXPECT_EQ(headerOf(ok, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(headerOf(ok, "X-Frame-Options"), "DENY");
    EXPECT_EQ(headerOf(ok, "Referrer-Policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(headerOf(ok, "Strict-Transport-Security"), ""); // plain HTTP
    EXPECT_EQ(headerOf(httpExchange(gateway.port(), get("/own-frame")), "X-Frame-Options"), "SAMEORIGIN");
    for (const char* path : {"/a/../admin", "/a/%2e%2e/admin", "/a%2fb", "/a;x=1", "/a//b", "/a\\b"}) {
        const std::string refused = httpExchange(gateway.port(), get(path));
        EXPECT_EQ(statusOf(refused), 400) << path << "\n" << refused;
        EXPECT_EQ(headerOf(refused, "X-Content-Type-Options"), "nosniff"); // after filters see local replies too
    }
    const std::string trace = httpExchange(gateway.port(), "TRACE /a HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(statusOf(trace), 405);
    EXPECT_EQ(headerOf(trace, "Allow"), "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    EXPECT_EQ(backend.requests(), 2);
}

TEST(Filters, AShadowedEnsureAuthLetsAnonymousRequestsThroughAndCountsTheMismatch) {
    TestUpstream sessions([](const UpstreamRequest&) { return jsonResponse(404, json::object{}); });
    TestUpstream backend(echo); // the monolith's new sibling still serves anonymous requests
    AdminTokens tokens;
    GatewayProcess gateway(
        {{"volumes.json", service("volumes", backend.port(),
                                  R"({"paths": ["/v2/volumes"], "before_filters": ["session_cookie", {"name": "ensure_auth", "mode": "shadow"}]})")}},
        fmt::format(R"("glue": {{"session": {{"url": "http://127.0.0.1:{}/s"}}}}, {})", sessions.port(), tokens.settings()));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/volumes"))), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/v2/volumes"))), 200);
    EXPECT_EQ(backend.requests(), 2);
    const std::string stats = admin(gateway.adminPort(), "GET", "/api/v1/filters/stats", "victor-viewer-token-01");
    ASSERT_EQ(statusOf(stats), 200) << stats;
    bool found = false;
    const json::value document = json::parse(bodyOf(stats));
    for (const json::value& entry : document.at("filters").as_array()) {
        if (entry.at("filter") != "ensure_auth") continue;
        found = true;
        EXPECT_EQ(entry.at("mode"), "shadow");
        EXPECT_EQ(entry.at("decisions").at("deny").to_number<int>(), 2);
        EXPECT_EQ(entry.at("shadow_mismatches").to_number<int>(), 2);
    }
    EXPECT_TRUE(found) << stats;
}

TEST(Filters, ADefaultFilterSwitchedOffAtRuntimeStaysOffAfterARestart) {
    TestUpstream backend(echo);
    AdminTokens tokens;
    GatewayProcess gateway({{"app.json", service("app", backend.port(), R"({"paths": ["/*"]})")}}, tokens.settings());
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string traversal = get("/a/../b");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), traversal)), 400);

    EXPECT_EQ(statusOf(admin(gateway.adminPort(), "GET", "/api/v1/security/filters", "")), 401);
    const std::string wrongMethod = admin(gateway.adminPort(), "POST", "/api/v1/security/filters", "alice-admin-token-0001", "{}");
    EXPECT_EQ(statusOf(wrongMethod), 405);
    EXPECT_EQ(headerOf(wrongMethod, "Allow"), "GET");
    EXPECT_EQ(statusOf(admin(gateway.adminPort(), "GET", "/api/v1/security/filters", "not-a-known-token-at-all")), 401);
    const std::string viewer = admin(gateway.adminPort(), "PUT", "/api/v1/security/filters/sanitize", "victor-viewer-token-01",
                                     R"({"enabled": false, "reason": "try"})");
    EXPECT_EQ(statusOf(viewer), 403);
    EXPECT_NE(json::parse(bodyOf(viewer)).at("message").as_string().find("viewer role"), std::string::npos);
    const json::value who = json::parse(bodyOf(admin(gateway.adminPort(), "GET", "/api/v1/whoami", "victor-viewer-token-01")));
    EXPECT_EQ(who.at("name").as_string(), "victor");
    EXPECT_EQ(who.at("role").as_string(), "viewer");
    EXPECT_EQ(statusOf(admin(gateway.adminPort(), "PUT", "/api/v1/security/filters/sanitize", "alice-admin-token-0001",
                             R"({"enabled": false})")), 400); // a change needs a reason
    EXPECT_EQ(statusOf(admin(gateway.adminPort(), "PUT", "/api/v1/security/filters/nope", "alice-admin-token-0001",
                             R"({"enabled": false, "reason": "x"})")), 404);
    const std::string off = admin(gateway.adminPort(), "PUT", "/api/v1/security/filters/sanitize", "alice-admin-token-0001",
                                  R"({"enabled": false, "reason": "INC-42: legacy client sends ..-paths"})");
    ASSERT_EQ(statusOf(off), 200) << off;
    EXPECT_EQ(json::parse(bodyOf(off)).at("changed_by"), "alice");
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), traversal)), 200); // the next request already passes

    ASSERT_TRUE(gateway.restart()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), traversal)), 200); // still off after the restart
    const std::string list = admin(gateway.adminPort(), "GET", "/api/v1/security/filters", "victor-viewer-token-01");
    ASSERT_EQ(statusOf(list), 200) << list;
    bool seen = false;
    const json::value document = json::parse(bodyOf(list));
    for (const json::value& entry : document.at("default_filters").as_array()) {
        if (entry.at("name") != "sanitize") continue;
        seen = true;
        EXPECT_EQ(entry.at("enabled"), false);
        EXPECT_EQ(entry.at("changed_by"), "alice");
        EXPECT_EQ(entry.at("reason"), "INC-42: legacy client sends ..-paths");
    }
    EXPECT_TRUE(seen) << list;
    const std::string audit = admin(gateway.adminPort(), "GET", "/api/v1/audit?limit=10", "victor-viewer-token-01");
    const auto entries = json::parse(bodyOf(audit)).at("audit").as_array();
    ASSERT_EQ(entries.size(), 1u) << audit; // refused attempts change nothing
    EXPECT_EQ(entries[0].at("actor"), "alice");
    EXPECT_EQ(entries[0].at("action"), "default_filter.disable");
    EXPECT_EQ(entries[0].at("target"), "sanitize");

    ASSERT_EQ(statusOf(admin(gateway.adminPort(), "PUT", "/api/v1/security/filters/sanitize", "alice-admin-token-0001",
                             R"({"enabled": true, "reason": "INC-42 closed"})")), 200);
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), traversal)), 400);
}

TEST(Filters, AFilterWithoutItsGlueServiceRefusesTheTable) {
    TestUpstream backend(echo);
    GatewayProcess gateway({{"droplets.json", service("droplets", backend.port(),
                                                      R"({"paths": ["/v2/*"], "before_filters": ["oauth_token", "ensure_auth"]})")}});
    EXPECT_FALSE(gateway.started());
    EXPECT_NE(gateway.log().find("routes[0].before_filters[0]: error [filter_unavailable] oauth_token needs glue.introspection"),
              std::string::npos)
        << gateway.log();
}

} // namespace
} // namespace gatehouse
