// The filters this gateway is built with. A filter's file defines its registration;
// adding one is that file and a line here (docs/architecture.md).
#include "filters/filter_registry.h"

namespace gatehouse::gateway::filters {
namespace builtin {
FilterRegistration requestIdRegistration();
FilterRegistration sanitizeRegistration();
FilterRegistration securityHeadersRegistration();
FilterRegistration oauthTokenRegistration();
FilterRegistration sessionCookieRegistration();
FilterRegistration ensureAuthRegistration();
FilterRegistration identityHeadersRegistration();
FilterRegistration authorizeRegistration();
FilterRegistration rateLimitRegistration();
FilterRegistration featureFlagRegistration();
} // namespace builtin

const std::vector<FilterRegistration>& filterRegistry() {
    static const std::vector<FilterRegistration> registry = {
        builtin::requestIdRegistration(),     builtin::sanitizeRegistration(),      builtin::securityHeadersRegistration(),
        builtin::oauthTokenRegistration(),    builtin::sessionCookieRegistration(), builtin::ensureAuthRegistration(),
        builtin::identityHeadersRegistration(), builtin::authorizeRegistration(),   builtin::rateLimitRegistration(),
        builtin::featureFlagRegistration(),
    };
    return registry;
}

} // namespace gatehouse::gateway::filters
