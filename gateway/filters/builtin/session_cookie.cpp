// session_cookie (mode remote): the named cookie goes to a session service that knows
// the user (GET <session url> with "Cookie: name=value"; 200 {"user_id", "scopes"}).
// An unknown session leaves the request anonymous (ensure_auth decides); the session
// service down or slow means 503: authentication fails closed.
#include "filters/filter_registry.h"
#include "filters/rails_session.h"
#include "common/text_util.h"
#include "filters/token_cache.h"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace gatehouse::gateway::filters::builtin {
namespace {
namespace json = boost::json;

class SessionCookieFilter final : public Filter {
public:
    SessionCookieFilter(const FilterEnvironment& env, std::string cookie) : env_(env), cookie_(std::move(cookie)) {}

    bool isAsync() const override { return true; }

    boost::asio::awaitable<Outcome> onRequestAsync(RequestContext& context) const override {
        const std::string_view value = context.cookie(cookie_);
        if (value.empty()) co_return Outcome::skip(fmt::format("no {} cookie", cookie_));
        const GlueEndpoint& endpoint = *env_.session;
        const std::string fields = fmt::format("Cookie: {}={}\r\nAccept: application/json\r\n", cookie_, value);
        auto response = co_await context.glue->call(endpoint, "GET", endpoint.path, fields, {});
        if (!response || response->status >= 500 || (response->status != 200 && response->status != 401 &&
                                                      response->status != 403 && response->status != 404)) {
            std::string reason = response ? fmt::format("session service answered HTTP {}", response->status) : response.error();
            env_.glue->at("session").failed(reason);
            co_return Outcome::fail(std::move(reason),
                                    LocalReply{503, "auth_unavailable", "the authentication service is unavailable", {}});
        }
        if (response->status != 200) {
            env_.glue->at("session").answered();
            co_return Outcome::skip(fmt::format("session not recognised (HTTP {})", response->status));
        }
        boost::system::error_code ec;
        const json::value document = json::parse(response->body, ec);
        const json::object* root = ec ? nullptr : document.if_object();
        const json::value* user = root ? root->if_contains("user_id") : nullptr;
        Identity identity;
        if (user && user->is_string()) identity.userId = std::string(user->as_string());
        else if (user && user->is_int64()) identity.userId = std::to_string(user->as_int64());
        if (!isSafeFieldValue(identity.userId)) { // an answer we cannot use is a failing service, as for oauth_token
            env_.glue->at("session").failed("session service answered without a usable user_id");
            co_return Outcome::fail("session service answered without a usable user_id",
                                    LocalReply{503, "auth_unavailable", "the authentication service is unavailable", {}});
        }
        if (const json::value* scopes = root->if_contains("scopes")) {
            if (scopes->is_string()) identity.scopes = std::string(scopes->as_string());
            else if (scopes->is_array()) {
                for (const json::value& scope : scopes->as_array()) {
                    if (!scope.is_string()) continue;
                    if (!identity.scopes.empty()) identity.scopes += ' ';
                    identity.scopes += scope.as_string();
                }
            }
            if (!identity.scopes.empty() && !isSafeFieldValue(identity.scopes)) identity.scopes.clear();
        }
        env_.glue->at("session").answered();
        identity.method = "session";
        identity.tokenKey = credentialId(value);
        context.identity = std::move(identity);
        co_return Outcome::allow();
    }

private:
    const FilterEnvironment& env_;
    std::string cookie_;
};

// mode local: the Rails app's encrypted session cookie, decrypted and read here. A
// cookie that does not decode (tampered, another key, another purpose, expired) leaves
// the request anonymous; ensure_auth answers 401.
class LocalSessionCookieFilter final : public Filter {
public:
    LocalSessionCookieFilter(std::shared_ptr<const RailsCookieDecoder> decoder, std::string cookie)
        : decoder_(std::move(decoder)), cookie_(std::move(cookie)) {}

    Outcome onRequest(RequestContext& context) const override {
        const std::string_view value = context.cookie(cookie_);
        if (value.empty()) return Outcome::skip(fmt::format("no {} cookie", cookie_));
        auto session = decoder_->decode(value, cookie_, std::chrono::system_clock::now());
        if (!session) return Outcome::skip(fmt::format("session cookie refused: {}", session.error()));
        std::optional<std::string> user = decoder_->userId(*session);
        if (!user) return Outcome::skip("session without a user");
        if (!isSafeFieldValue(*user)) return Outcome::skip("session user id is not a header-safe value");
        context.identity = Identity{std::move(*user), "session", {}, credentialId(value)};
        return Outcome::allow();
    }

private:
    std::shared_ptr<const RailsCookieDecoder> decoder_;
    std::string cookie_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> sessionCookie(const BuildContext& context) {
    if (paramString(context.ref.params, "mode", "remote") == "local") {
        if (!context.env.railsCookies) {
            return std::unexpected("session_cookie mode 'local' needs rails_session (the Rails app's secret_key_base) in gatehouse.json");
        }
        return std::make_shared<const LocalSessionCookieFilter>(context.env.railsCookies,
                                                                paramString(context.ref.params, "cookie", "_session_id"));
    }
    if (!context.env.session) return std::unexpected("session_cookie needs glue.session (the session service URL) in gatehouse.json");
    return std::make_shared<const SessionCookieFilter>(context.env, paramString(context.ref.params, "cookie", "_session_id"));
}

FilterRegistration sessionCookieRegistration() {
    return {"session_cookie", sessionCookie, "session", "its filters fail closed (503)"};
}

} // namespace gatehouse::gateway::filters::builtin
