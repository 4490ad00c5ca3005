// request_id: the gateway owns X-Request-Id. A valid incoming id is kept (a caller's
// trace continues), anything else is replaced; the id goes upstream and back.
#include "filters/filter_registry.h"
#include "http/local_reply.h"

namespace gatehouse::gateway::filters::builtin {
namespace {

class RequestIdFilter final : public Filter {
public:
    Outcome onRequest(RequestContext& context) const override {
        context.propagateRequestId = true;
        const std::string_view incoming = context.header("x-request-id");
        if (!incoming.empty() && isValidRequestId(incoming)) {
            context.requestId.assign(incoming);
            return Outcome::allow("kept");
        }
        context.requestId = newRequestId();
        return Outcome::allow(incoming.empty() ? "generated" : "invalid, replaced");
    }
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> requestId(const BuildContext&) {
    return std::make_shared<const RequestIdFilter>();
}

FilterRegistration requestIdRegistration() {
    FilterRegistration r{"request_id", requestId};
    r.unroutedRequestId = [](std::string_view incoming) -> std::optional<std::string> {
        if (isValidRequestId(incoming)) return std::string(incoming);
        return std::nullopt;
    };
    return r;
}

} // namespace gatehouse::gateway::filters::builtin
