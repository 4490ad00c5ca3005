// sanitize: refuses requests that a backend could read differently from the gateway
// (docs/filters.md#sanitize). The head parser has already refused control characters
// and invalid field names for every request; this filter checks the path and method.
#include "filters/filter_registry.h"
#include "common/text_util.h"
#include "http/client_fields.h"
#include "http/http_head.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace gatehouse::gateway::filters::builtin {
// Why `path` (no query) is refused, or nullptr. Rules: no backslash, no ';' path
// parameters, no empty segment ('//'), no '.' or '..' segment raw or encoded, no
// encoded '/', '\', '%' (double encoding) or control character, no broken escapes.
const char* pathProblem(std::string_view path) {
    std::size_t segmentStart = 1;
    std::string decodedSegment;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            if (i > 0 && i == segmentStart && i < path.size()) return "empty path segment ('//')";
            if (decodedSegment == "." || decodedSegment == "..") return "dot segment ('.' or '..', raw or encoded)";
            decodedSegment.clear();
            segmentStart = i + 1;
            continue;
        }
        char c = path[i];
        if (c == '\\') return "backslash in the path";
        if (c == ';') return "';' path parameter";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "control character in the path";
        if (c == '%') {
            if (i + 2 >= path.size() || http::hexValue(path[i + 1]) < 0 || http::hexValue(path[i + 2]) < 0) {
                return "malformed percent-encoding";
            }
            c = static_cast<char>(http::hexValue(path[i + 1]) * 16 + http::hexValue(path[i + 2]));
            i += 2;
            if (c == '/') return "encoded slash (%2F)";
            if (c == '\\') return "encoded backslash (%5C)";
            if (c == '%') return "double encoding (%25)";
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "encoded control character";
        }
        decodedSegment += c;
    }
    return nullptr;
}

namespace {

class SanitizeFilter final : public Filter {
public:
    SanitizeFilter(std::vector<std::string> allowed, std::string allowField)
        : allowed_(std::move(allowed)), allowField_(std::move(allowField)) {}

    Outcome onRequest(RequestContext& context) const override {
        if (std::find(allowed_.begin(), allowed_.end(), context.method) == allowed_.end()) {
            return Outcome::deny("method not allowed",
                                 LocalReply{405, "method_not_allowed",
                                            fmt::format("method {} is not allowed on this route", context.method), allowField_});
        }
        if (const char* problem = pathProblem(context.path)) {
            return Outcome::deny(problem, LocalReply{400, "bad_request", fmt::format("path refused: {}", problem), {}});
        }
        // Identity and forwarding fields from the client never reach a backend, in any
        // spelling: the session drops them for every request (even with this filter
        // switched off); recorded here.
        std::size_t spoofed = 0;
        std::size_t authorizations = 0;
        if (context.head) {
            for (const http::HeaderField& field : context.head->fields) {
                spoofed += http::namesIdentityField(field.name);
                authorizations += http::equalsIgnoreCase(field.name, "authorization");
            }
        }
        // Two credentials: the gateway would check one and a backend might use the other.
        if (authorizations > 1) {
            return Outcome::deny("more than one Authorization field",
                                 LocalReply{400, "bad_request", "more than one Authorization field", {}});
        }
        return spoofed ? Outcome::allow(fmt::format("stripped {} X-Gatehouse-* field(s)", spoofed)) : Outcome::allow();
    }

private:
    std::vector<std::string> allowed_; // exact, case-sensitive names (RFC 9110 §9.1)
    std::string allowField_;
};

} // namespace

static std::expected<std::shared_ptr<const Filter>, std::string> sanitize(const BuildContext& context) {
    std::vector<std::string> methods = paramList(context.ref.params, "allowed_methods");
    if (methods.empty()) methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    std::string allowField = fmt::format("Allow: {}\r\n", fmt::join(methods, ", "));
    return std::make_shared<const SanitizeFilter>(std::move(methods), std::move(allowField));
}

FilterRegistration sanitizeRegistration() {
    return {"sanitize", sanitize};
}

} // namespace gatehouse::gateway::filters::builtin
