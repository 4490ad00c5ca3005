// oauth_token: "Authorization: Bearer" tokens checked by RFC 7662 introspection. Results
// are cached (active until exp, capped; inactive briefly); the introspection service
// down or slow means 503: authentication fails closed.
#include "filters/filter_registry.h"
#include "filters/filter_services.h"
#include "common/text_util.h"
#include "filters/token_cache.h"
#include "http/http_head.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>

namespace gatehouse::gateway::filters::builtin {
namespace {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

LocalReply invalidToken() {
    return unauthorizedReply("Unable to authenticate you", "WWW-Authenticate: Bearer error=\"invalid_token\"\r\n");
}

class OAuthTokenFilter final : public Filter {
public:
    OAuthTokenFilter(const FilterEnvironment& env, std::vector<std::string> scopes) : env_(env), scopes_(std::move(scopes)) {}

    bool isAsync() const override { return true; }

    boost::asio::awaitable<Outcome> onRequestAsync(RequestContext& context) const override {
        const std::string_view authorization = context.header("authorization");
        if (authorization.size() < 7 || !http::equalsIgnoreCase(authorization.substr(0, 7), "bearer ")) {
            co_return Outcome::skip("no bearer token");
        }
        std::string_view token = authorization.substr(7);
        while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
        if (token.empty()) co_return Outcome::deny("empty bearer token", invalidToken());

        const std::string key = sha256(token);
        std::optional<TokenCache::Entry> entry = env_.tokenCache->find(key, Clock::now());
        const bool cached = entry.has_value();
        if (!entry) {
            auto answer = co_await lookUp(context, key, token);
            if (!answer) {
                co_return Outcome::fail(answer.error(), LocalReply{503, "auth_unavailable",
                                                                   "the authentication service is unavailable", {}});
            }
            entry = std::move(*answer);
        }
        if (!entry->active) co_return Outcome::deny(cached ? "inactive token (cached)" : "inactive token", invalidToken());
        for (const std::string& scope : scopes_) {
            if (!hasScope(entry->identity.scopes, scope)) {
                co_return Outcome::deny(fmt::format("token lacks scope '{}'", scope),
                                        LocalReply{403, "forbidden", fmt::format("this token lacks the scope '{}'", scope),
                                                   fmt::format("WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"{}\"\r\n", scope)});
            }
        }
        context.identity = entry->identity;
        co_return Outcome::allow(cached ? "active (cached)" : "active");
    }

private:
    static bool hasScope(std::string_view scopes, std::string_view wanted) {
        while (!scopes.empty()) {
            const std::size_t space = std::min(scopes.find(' '), scopes.size());
            if (scopes.substr(0, space) == wanted) return true;
            scopes.remove_prefix(std::min(space + 1, scopes.size()));
        }
        return false;
    }

    // The introspection answer for a token not in the cache: asked once however many
    // requests carry the token at the same moment (the first leads, the rest wait for its
    // answer), and within the budget of new tokens per second.
    boost::asio::awaitable<std::expected<TokenCache::Entry, std::string>> lookUp(RequestContext& context, const std::string& key,
                                                                                  std::string_view token) const {
        TokenCache& cache = *env_.tokenCache;
        auto [flight, leader] = cache.joinFlight(key);
        if (!leader) {
            const auto executor = co_await boost::asio::this_coro::executor;
            auto timer = std::make_shared<boost::asio::steady_timer>(executor);
            timer->expires_after(env_.introspection->timeout + std::chrono::milliseconds(100));
            bool done = false;
            {
                std::lock_guard lock(flight->mutex);
                done = flight->result.has_value();
                if (!done) flight->waiters.emplace_back(executor, timer);
            }
            if (!done) co_await timer->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            std::lock_guard lock(flight->mutex);
            if (flight->result) co_return *flight->result;
            co_return std::unexpected("no answer from the introspection call this request waited for");
        }
        std::expected<TokenCache::Entry, std::string> answer = std::unexpected(std::string());
        if (!cache.allowNewToken(Clock::now())) {
            answer = std::unexpected("more new tokens this second than glue.introspection.new_tokens_per_second");
            const std::uint64_t shed = cache.countShed();
            if ((shed & (shed - 1)) == 0) { // 1, 2, 4, 8, ...: a flood is said, not echoed per request
                spdlog::warn("oauth_token: {} request(s) with unknown tokens refused so far: {}", shed, answer.error());
            }
        } else {
            answer = co_await introspect(context, token);
            if (answer) {
                env_.glue->at("introspection").answered();
                answer->identity.tokenKey = credentialId(token);
                cache.put(key, *answer);
            } else {
                env_.glue->at("introspection").failed(answer.error());
            }
        }
        cache.finishFlight(key, flight, answer);
        co_return answer;
    }

    // One RFC 7662 exchange; the cache entry it yields, or why there is none.
    boost::asio::awaitable<std::expected<TokenCache::Entry, std::string>> introspect(RequestContext& context,
                                                                                     std::string_view token) const {
        const GlueEndpoint& endpoint = *env_.introspection;
        const std::string fields = fmt::format(
            "Authorization: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n",
            env_.introspectionAuthorization);
        const std::string body = fmt::format("token={}&token_type_hint=access_token", formEncode(token));
        auto response = co_await context.glue->call(endpoint, "POST", endpoint.path, fields, body);
        if (!response) co_return std::unexpected(response.error());
        if (response->status != 200) co_return std::unexpected(fmt::format("introspection answered HTTP {}", response->status));
        boost::system::error_code ec;
        const json::value document = json::parse(response->body, ec);
        const json::object* root = ec ? nullptr : document.if_object();
        const json::value* active = root ? root->if_contains("active") : nullptr;
        if (!active || !active->is_bool()) co_return std::unexpected("introspection answer has no boolean 'active'");
        TokenCache::Entry entry;
        const auto now = Clock::now();
        entry.expires = now + std::chrono::seconds(env_.tokenNegativeCacheSeconds);
        if (!active->as_bool()) co_return entry;
        auto text = [&](const char* name) -> std::string {
            const json::value* v = root->if_contains(name);
            return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        entry.identity.userId = text("sub");
        if (entry.identity.userId.empty()) entry.identity.userId = text("username");
        if (entry.identity.userId.empty()) entry.identity.userId = text("client_id");
        entry.identity.scopes = text("scope");
        entry.identity.method = "oauth";
        if (!isSafeFieldValue(entry.identity.userId) || (!entry.identity.scopes.empty() && !isSafeFieldValue(entry.identity.scopes))) {
            co_return std::unexpected("introspection answer has no usable subject (sub, username or client_id)");
        }
        std::chrono::seconds ttl(env_.tokenCacheMaxSeconds);
        if (const json::value* exp = root->if_contains("exp"); exp && !exp->is_null()) {
            // NumericDate (RFC 7519): seconds, possibly fractional. Anything else is an
            // answer we cannot trust.
            double seconds = 0;
            if (exp->is_int64()) seconds = static_cast<double>(exp->as_int64());
            else if (exp->is_uint64()) seconds = static_cast<double>(exp->as_uint64());
            else if (exp->is_double()) seconds = exp->as_double();
            else co_return std::unexpected("introspection answer has a non-numeric 'exp'");
            const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
            if (!(seconds > now)) co_return entry; // expired (or NaN): inactive, whatever 'active' says
            ttl = std::min(ttl, std::chrono::seconds(static_cast<std::int64_t>(std::min(seconds - now, 1e9))));
        }
        entry.active = true;
        entry.expires = now + ttl;
        co_return entry;
    }

    const FilterEnvironment& env_;
    std::vector<std::string> scopes_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> oauthToken(const BuildContext& context) {
    if (!context.env.introspection || !context.env.tokenCache) {
        return std::unexpected("oauth_token needs glue.introspection (an RFC 7662 endpoint) in gatehouse.json");
    }
    return std::make_shared<const OAuthTokenFilter>(context.env, paramList(context.ref.params, "scopes"));
}

FilterRegistration oauthTokenRegistration() {
    FilterRegistration r{"oauth_token", oauthToken, "introspection", "its filters fail closed (503)"};
    r.report = [](const FilterServices& services, std::vector<FilterStat>& out) {
        out.push_back({"gatehouse_introspection_shed_total",
                       "Requests with a token not in the cache refused (503) because the introspection budget was spent.", true,
                       "introspection_shed", services.tokenCache.shed()});
        out.push_back({{}, {}, false, "token_cache_entries", services.tokenCache.size()});
    };
    return r;
}

} // namespace gatehouse::gateway::filters::builtin
