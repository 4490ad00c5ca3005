// identity_headers: the only way identity reaches a backend, as agreed header fields.
// Clients cannot forge them: the session drops every X-Gatehouse-* field they send.
#include "filters/filter_registry.h"
#include "http/local_reply.h"

namespace gatehouse::gateway::filters::builtin {
namespace {

class IdentityHeadersFilter final : public Filter {
public:
    Outcome onRequest(RequestContext& context) const override {
        if (context.requestId.empty()) context.requestId = newRequestId();
        context.addUpstreamField("X-Gatehouse-Request-Id", context.requestId);
        if (!context.identity) return Outcome::skip("anonymous");
        const Identity& identity = *context.identity;
        context.addUpstreamField("X-Gatehouse-User-Id", identity.userId);
        context.addUpstreamField("X-Gatehouse-Auth-Method", identity.method);
        if (!identity.scopes.empty()) context.addUpstreamField("X-Gatehouse-Scopes", identity.scopes);
        return Outcome::allow();
    }
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> identityHeaders(const BuildContext&) {
    return std::make_shared<const IdentityHeadersFilter>();
}

FilterRegistration identityHeadersRegistration() {
    return {"identity_headers", identityHeaders};
}

} // namespace gatehouse::gateway::filters::builtin
