// authorize: asks an external policy service, as Envoy's ext_authz does in HTTP mode.
// POST <policy url> {"policy", "service", "route", "method", "host", "path", "params",
// "user", "request_id"}; 2xx allows (unless the body says {"allow": false}), 401/403
// deny with 403; anything else, or no answer in time, is 503: authorization fails closed.
#include "filters/filter_registry.h"
#include "core/routing/route_table.h"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace gatehouse::gateway::filters::builtin {
namespace {
namespace json = boost::json;

class AuthorizeFilter final : public Filter {
public:
    AuthorizeFilter(const FilterEnvironment& env, std::string policy) : env_(env), policy_(std::move(policy)) {}

    bool isAsync() const override { return true; }

    boost::asio::awaitable<Outcome> onRequestAsync(RequestContext& context) const override {
        json::object params;
        if (context.route) {
            routing::RequestSegments segments;
            routing::splitRequestPath(context.path, segments);
            for (auto& [name, value] : routing::capturePathParams(context.route->pattern, segments)) params[name] = value;
        }
        json::value user = nullptr;
        if (context.identity) {
            user = json::object{{"id", context.identity->userId}, {"auth_method", context.identity->method},
                                {"scopes", context.identity->scopes}};
        }
        const json::object question{
            {"policy", policy_},
            {"service", context.route ? context.route->serviceName() : std::string()},
            {"route", context.route ? context.route->jsonPath() : std::string()},
            {"method", context.method},
            {"host", context.host},
            {"path", context.path},
            {"params", std::move(params)},
            {"user", std::move(user)},
            {"request_id", context.requestId},
        };
        const GlueEndpoint& endpoint = *env_.policy;
        auto response = co_await context.glue->call(endpoint, "POST", endpoint.path,
                                                    "Content-Type: application/json\r\nAccept: application/json\r\n",
                                                    json::serialize(question));
        const bool denied = response && (response->status == 401 || response->status == 403);
        const bool answered = response && response->status >= 200 && response->status < 300;
        if (!denied && !answered) {
            std::string reason = response ? fmt::format("policy service answered HTTP {}", response->status) : response.error();
            env_.glue->at("policy").failed(reason);
            co_return Outcome::fail(std::move(reason),
                                    LocalReply{503, "authorization_unavailable", "the authorization service is unavailable", {}});
        }
        env_.glue->at("policy").answered();
        std::string reason;
        bool allow = answered;
        boost::system::error_code ec;
        const json::value document = json::parse(response->body, ec);
        if (const json::object* root = ec ? nullptr : document.if_object()) {
            if (const json::value* v = root->if_contains("allow"); v && v->is_bool() && answered) allow = v->as_bool();
            if (const json::value* v = root->if_contains("reason"); v && v->is_string()) reason = std::string(v->as_string());
        }
        if (allow) co_return Outcome::allow(reason);
        co_return Outcome::deny(reason.empty() ? std::string("denied by policy") : reason,
                                LocalReply{403, "forbidden", "You are not allowed to perform this action", {}});
    }

private:
    const FilterEnvironment& env_;
    std::string policy_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> authorize(const BuildContext& context) {
    if (!context.env.policy) return std::unexpected("authorize needs glue.policy (the policy service URL) in gatehouse.json");
    std::string policy = paramString(context.ref.params, "policy");
    if (policy.empty()) policy = context.service.name;
    return std::make_shared<const AuthorizeFilter>(context.env, std::move(policy));
}

FilterRegistration authorizeRegistration() {
    return {"authorize", authorize, "policy", "its filters fail closed (503)"};
}

} // namespace gatehouse::gateway::filters::builtin
