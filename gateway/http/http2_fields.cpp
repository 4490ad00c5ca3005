#include "http/http2_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace gatehouse::http {
namespace {

// RFC 9113 §8.2.2: these say how an HTTP/1.1 connection behaves; HTTP/2 has none.
constexpr std::array<std::string_view, 5> kConnectionSpecific = {"connection", "keep-alive", "proxy-connection",
                                                                 "transfer-encoding", "upgrade"};

bool isConnectionSpecific(std::string_view name) {
    return std::any_of(kConnectionSpecific.begin(), kConnectionSpecific.end(),
                       [&](std::string_view f) { return equalsIgnoreCase(name, f); });
}

struct Pseudo {
    std::string_view method, path, authority, scheme;
};

std::optional<HeadError> malformed(std::string reason) {
    return HeadError{400, std::move(reason)};
}

} // namespace

std::optional<HeadError> http2RequestHead(std::span<const HeaderField> fields, bool endStream, std::string& out) {
    Pseudo pseudo;
    std::string_view host;
    bool hasLength = false;
    std::size_t cookies = 0;
    for (const HeaderField& f : fields) {
        if (!f.name.empty() && f.name.front() == ':') {
            std::string_view* slot = f.name == ":method" ? &pseudo.method
                                   : f.name == ":path" ? &pseudo.path
                                   : f.name == ":authority" ? &pseudo.authority
                                   : f.name == ":scheme" ? &pseudo.scheme
                                                         : nullptr;
            if (!slot) return malformed(fmt::format("'{}' is not a request pseudo-header field", f.name));
            if (!slot->empty()) return malformed(fmt::format("'{}' appears twice", f.name));
            *slot = f.value;
            continue;
        }
        if (isConnectionSpecific(f.name)) return malformed(fmt::format("'{}' is connection-specific: HTTP/2 forbids it", f.name));
        if (equalsIgnoreCase(f.name, "te") && !equalsIgnoreCase(f.value, "trailers")) {
            return malformed("te may only be \"trailers\" in HTTP/2");
        }
        if (equalsIgnoreCase(f.name, "host")) {
            if (!host.empty()) return malformed("Host appears twice");
            host = f.value;
        }
        if (equalsIgnoreCase(f.name, "content-length")) hasLength = true;
        if (equalsIgnoreCase(f.name, "cookie")) ++cookies;
    }
    if (pseudo.method.empty()) return malformed(":method is missing");
    if (pseudo.method != "CONNECT" && (pseudo.path.empty() || pseudo.scheme.empty())) return malformed(":path or :scheme is missing");
    if (!pseudo.authority.empty() && !host.empty() && !equalsIgnoreCase(pseudo.authority, host)) {
        return malformed(fmt::format("Host '{}' differs from :authority '{}'", host, pseudo.authority));
    }
    const std::string_view authority = pseudo.authority.empty() ? host : pseudo.authority;
    if (authority.empty()) return malformed("neither :authority nor Host names the host");

    out.clear();
    out.append(pseudo.method).append(" ").append(pseudo.method == "CONNECT" && pseudo.path.empty() ? authority : pseudo.path);
    out.append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
    bool cookieWritten = false;
    for (const HeaderField& f : fields) {
        if (f.name.front() == ':' || equalsIgnoreCase(f.name, "host") || equalsIgnoreCase(f.name, "te")) continue;
        if (equalsIgnoreCase(f.name, "cookie") && cookies > 1) {
            if (cookieWritten) continue;
            cookieWritten = true;
            out.append("cookie: ");
            bool first = true;
            for (const HeaderField& c : fields) {
                if (!equalsIgnoreCase(c.name, "cookie")) continue;
                if (!first) out.append("; ");
                out.append(c.value);
                first = false;
            }
            out.append("\r\n");
            continue;
        }
        out.append(f.name).append(": ").append(f.value).append("\r\n");
    }
    if (!endStream && !hasLength) out.append("transfer-encoding: chunked\r\n"); // the DATA frames carry it, not chunks
    out.append("\r\n");
    return std::nullopt;
}

void http2ResponseFields(const ResponseHead& head, std::string& storage, std::vector<HeaderField>& out) {
    out.clear();
    storage.clear();
    std::size_t size = 3;
    for (const HeaderField& f : head.fields) size += f.name.size();
    storage.reserve(size); // views into it stay valid: it never grows past this
    storage.append(fmt::format("{:03d}", head.status));
    out.push_back({":status", std::string_view(storage).substr(0, 3)});
    for (const HeaderField& f : head.fields) {
        if (isConnectionSpecific(f.name)) continue;
        const std::size_t at = storage.size();
        for (const char c : f.name) storage.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        out.push_back({std::string_view(storage).substr(at, f.name.size()), f.value});
    }
}

} // namespace gatehouse::http
