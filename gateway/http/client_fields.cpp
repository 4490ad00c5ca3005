#include "http/client_fields.h"

#include "http/http_head.h"

#include <array>

namespace gatehouse::http {
namespace {

constexpr char foldName(char c) {
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c + ('a' - 'A'));
    return c == '_' ? '-' : c;
}

constexpr std::array<std::string_view, 16> kForwarding = {
    "forwarded",          "x-forwarded-for",    "x-forwarded-proto",  "x-forwarded-host", "x-forwarded-port",
    "x-forwarded-ssl",    "x-forwarded-scheme", "x-forwarded-prefix", "x-forwarded-server", "x-real-ip",
    "x-url-scheme",       "front-end-https",    "client-ip",          "x-client-ip",      "true-client-ip",
    "x-cluster-client-ip"};

constexpr std::array<std::string_view, 9> kHopByHop = {"connection", "keep-alive",        "proxy-connection",
                                                       "te",         "transfer-encoding", "upgrade",
                                                       "trailer",    "content-length",    "expect"};

} // namespace

bool sameFieldName(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (foldName(a[i]) != foldName(b[i])) return false;
    }
    return true;
}

bool namesIdentityField(std::string_view name) {
    return name.size() > kIdentityPrefix.size() && sameFieldName(name.substr(0, kIdentityPrefix.size()), kIdentityPrefix);
}

bool namesForwardingField(std::string_view name) {
    for (std::string_view managed : kForwarding) {
        if (sameFieldName(name, managed)) return true;
    }
    return false;
}

bool namesHopByHopField(std::string_view name) {
    for (std::string_view managed : kHopByHop) {
        if (sameFieldName(name, managed)) return true;
    }
    return false;
}

ClientField classifyClientField(std::string_view name, std::string_view connectionValue, UnderscoreAction action) {
    const bool underscore = name.find('_') != std::string_view::npos;
    if (underscore && action == UnderscoreAction::reject) return ClientField::reject;
    if (underscore && action == UnderscoreAction::drop) return ClientField::drop;
    if (sameFieldName(name, "host")) return underscore ? ClientField::drop : ClientField::host;
    if (sameFieldName(name, "x-request-id")) return ClientField::requestId;
    const bool managed = namesIdentityField(name) || namesForwardingField(name) || namesHopByHopField(name);
    if (managed) return underscore && action == UnderscoreAction::rejectManaged ? ClientField::reject : ClientField::drop;
    if (!connectionValue.empty() && listContains(connectionValue, name)) return ClientField::drop;
    return ClientField::forward;
}

} // namespace gatehouse::http
