// ensure_auth: the monolith's before_action :authenticate!. 401 unless an earlier
// filter put an identity on the request.
#include "filters/filter_registry.h"

namespace gatehouse::gateway::filters::builtin {
namespace {

class EnsureAuthFilter final : public Filter {
public:
    Outcome onRequest(RequestContext& context) const override {
        if (context.identity) return Outcome::allow(context.identity->method);
        return Outcome::deny("no identity", unauthorizedReply());
    }
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> ensureAuth(const BuildContext&) {
    return std::make_shared<const EnsureAuthFilter>();
}

FilterRegistration ensureAuthRegistration() {
    return {"ensure_auth", ensureAuth};
}

} // namespace gatehouse::gateway::filters::builtin
