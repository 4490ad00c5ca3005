// security_headers (after): the browser-facing defaults a monolith's framework set,
// added only where the backend set nothing of its own.
#include "filters/filter_registry.h"

#include <fmt/format.h>

namespace gatehouse::gateway::filters::builtin {
namespace {

class SecurityHeadersFilter final : public Filter {
public:
    SecurityHeadersFilter(std::string hsts, std::string frameOptions, std::string referrerPolicy)
        : hsts_(std::move(hsts)), frameOptions_(std::move(frameOptions)), referrerPolicy_(std::move(referrerPolicy)) {}

    Outcome onResponse(RequestContext& context) const override {
        int kept = 0;
        auto add = [&](std::string_view name, std::string_view value) {
            if (context.responseHas(name)) ++kept;
            else context.addResponseField(name, value);
        };
        if (context.secure && !hsts_.empty()) add("Strict-Transport-Security", hsts_); // meaningless, even harmful, over plain HTTP
        add("X-Content-Type-Options", "nosniff");
        add("X-Frame-Options", frameOptions_);
        add("Referrer-Policy", referrerPolicy_);
        return kept ? Outcome::allow(fmt::format("kept {} backend value(s)", kept)) : Outcome::allow();
    }

private:
    std::string hsts_;
    std::string frameOptions_;
    std::string referrerPolicy_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> securityHeaders(const BuildContext& context) {
    const std::int64_t maxAge = paramInteger(context.ref.params, "hsts_max_age_seconds", 31536000);
    return std::make_shared<const SecurityHeadersFilter>(maxAge > 0 ? fmt::format("max-age={}", maxAge) : std::string(),
                                                         paramString(context.ref.params, "frame_options", "DENY"),
                                                         paramString(context.ref.params, "referrer_policy",
                                                                     "strict-origin-when-cross-origin"));
}

FilterRegistration securityHeadersRegistration() {
    return {"security_headers", securityHeaders};
}

} // namespace gatehouse::gateway::filters::builtin
