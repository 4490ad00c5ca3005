#include "http/http_head.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace gatehouse::http {
namespace {

// ASCII only, inline: the <cctype> functions consult the locale per character, which
// showed up in profiles of the request path.
constexpr char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

constexpr auto kTokenTable = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
    return table;
}();

bool isFieldValueChar(unsigned char c) {
    return c == '\t' || (c >= 0x20 && c != 0x7f); // VCHAR, SP, HTAB, obs-text
}

std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

ParseStatus fail(HeadError& error, int status, std::string reason) {
    error.status = status;
    error.reason = std::move(reason);
    return ParseStatus::error;
}

// Finds the next line ending at or after `pos`: the index of its '\r' (followed by
// '\n'), npos if the line is not complete yet, or an error for a bare CR or LF.
std::size_t lineEnd(std::string_view data, std::size_t pos, bool& bare) {
    bare = false;
    for (std::size_t i = pos; i < data.size(); ++i) {
        if (data[i] == '\n') {
            bare = true;
            return i;
        }
        if (data[i] == '\r') {
            if (i + 1 == data.size()) return std::string_view::npos;
            if (data[i + 1] != '\n') bare = true;
            return i;
        }
    }
    return std::string_view::npos;
}

bool parseVersion(std::string_view text, int& minor) {
    if (text.size() != 8 || text.substr(0, 7) != "HTTP/1.") return false;
    if (text[7] != '0' && text[7] != '1') return false;
    minor = text[7] - '0';
    return true;
}

// Reads field lines from `pos` to the blank line. Shared by requests and responses.
ParseStatus parseFields(std::string_view data, std::size_t pos, const HeadLimits& limits, Head& out, HeadError& error) {
    out.fields.clear();
    while (true) {
        bool bare = false;
        const std::size_t end = lineEnd(data, pos, bare);
        if (end == std::string_view::npos) {
            if (data.size() > limits.maxHeadBytes) return fail(error, 431, "request header fields too large");
            return ParseStatus::incomplete;
        }
        if (bare) return fail(error, 400, "a header line does not end with CRLF (bare CR or LF)");
        if (end + 2 > limits.maxHeadBytes) return fail(error, 431, "header fields too large");
        const std::string_view line = data.substr(pos, end - pos);
        pos = end + 2;
        if (line.empty()) {
            out.size = pos;
            return ParseStatus::complete;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            return fail(error, 400, "obsolete line folding (a header line starts with whitespace)");
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return fail(error, 400, "a header line has no ':'");
        const std::string_view name = line.substr(0, colon);
        if (name.empty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
            return fail(error, 400,
                        name.find_first_of(" \t") != std::string_view::npos ? "whitespace before ':' in a header line"
                                                                              : "invalid header name");
        }
        const std::string_view value = trimSpaces(line.substr(colon + 1));
        if (!std::all_of(value.begin(), value.end(), [](char c) { return isFieldValueChar(static_cast<unsigned char>(c)); })) {
            return fail(error, 400, fmt::format("control character in the value of header '{}'", name));
        }
        if (out.fields.size() == limits.maxFields) return fail(error, 431, "too many header fields");
        out.fields.push_back({name, value});
    }
}

bool parseDecimal(std::string_view text, std::uint64_t& out) {
    if (text.empty() || text.size() > 18) return false; // < 10^18: no overflow, and no one sends more
    out = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

// Content-Length / Transfer-Encoding, shared by both directions.
std::optional<BodyFraming> messageFraming(const Head& head, HeadError& error, bool request) {
    const std::size_t lengths = head.count("content-length");
    const std::size_t encodings = head.count("transfer-encoding");
    auto refuse = [&](int status, std::string reason) -> std::optional<BodyFraming> {
        error.status = status;
        error.reason = std::move(reason);
        return std::nullopt;
    };
    if (lengths > 0 && encodings > 0) return refuse(400, "both Content-Length and Transfer-Encoding");
    if (encodings > 0) {
        if (head.minorVersion == 0) return refuse(400, "Transfer-Encoding in an HTTP/1.0 message");
        if (encodings > 1) return refuse(400, "Transfer-Encoding repeated");
        const std::string_view coding = head.find("transfer-encoding")->value;
        if (!equalsIgnoreCase(coding, "chunked")) {
            return refuse(request ? 501 : 502, fmt::format("Transfer-Encoding '{}' is not supported (only 'chunked')", coding));
        }
        return BodyFraming{BodyFraming::Kind::chunked, 0};
    }
    if (lengths > 1) return refuse(400, "Content-Length repeated");
    if (lengths == 1) {
        std::uint64_t length = 0;
        const std::string_view text = head.find("content-length")->value;
        if (!parseDecimal(text, length)) return refuse(400, fmt::format("invalid Content-Length '{}'", text));
        return BodyFraming{length == 0 ? BodyFraming::Kind::none : BodyFraming::Kind::length, length};
    }
    return BodyFraming{};
}

} // namespace

bool isTokenChar(char c) {
    return kTokenTable[static_cast<unsigned char>(c)];
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i])) return false;
    }
    return true;
}

bool listContains(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        const std::size_t comma = std::min(value.find(','), value.size());
        if (equalsIgnoreCase(trimSpaces(value.substr(0, comma)), token)) return true;
        value.remove_prefix(std::min(comma + 1, value.size()));
    }
    return false;
}

const HeaderField* Head::find(std::string_view name) const {
    for (const HeaderField& field : fields) {
        if (equalsIgnoreCase(field.name, name)) return &field;
    }
    return nullptr;
}

std::size_t Head::count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(fields.begin(), fields.end(), [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); }));
}

std::string Head::combined(std::string_view name) const {
    std::string out;
    for (const HeaderField& field : fields) {
        if (!equalsIgnoreCase(field.name, name)) continue;
        if (!out.empty()) out += ',';
        out.append(field.value);
    }
    return out;
}

ParseStatus parseRequestHead(std::string_view data, const HeadLimits& limits, RequestHead& out, HeadError& error) {
    // RFC 9112 §2.2: ignore empty lines before the request line (left over after a body).
    std::size_t pos = 0;
    while (data.size() >= pos + 2 && data[pos] == '\r' && data[pos + 1] == '\n') pos += 2;
    bool bare = false;
    const std::size_t end = lineEnd(data, pos, bare);
    if (end == std::string_view::npos) {
        // A CR waiting for its LF is not part of the line: judged alike however reads split it.
        if (data.size() - pos - (!data.empty() && data.back() == '\r' ? 1 : 0) > limits.maxStartLine) return fail(error, 414, "request line too long");
        return ParseStatus::incomplete;
    }
    if (bare) return fail(error, 400, "the request line does not end with CRLF");
    if (end - pos > limits.maxStartLine) return fail(error, 414, "request line too long");
    const std::string_view line = data.substr(pos, end - pos);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return fail(error, 400, "malformed request line");
    }
    out.method = line.substr(0, sp1);
    out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (out.method.empty() || !std::all_of(out.method.begin(), out.method.end(), isTokenChar)) {
        return fail(error, 400, "invalid method");
    }
    if (out.target.empty() || !std::all_of(out.target.begin(), out.target.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u > 0x20 && u < 0x7f;
        })) {
        return fail(error, 400, "invalid request target");
    }
    if (!parseVersion(version, out.minorVersion)) {
        if (version.starts_with("HTTP/") && version.size() == 8) return fail(error, 505, "HTTP version not supported");
        return fail(error, 400, "malformed HTTP version");
    }
    return parseFields(data, end + 2, limits, out, error);
}

ParseStatus parseResponseHead(std::string_view data, const HeadLimits& limits, ResponseHead& out, HeadError& error) {
    bool bare = false;
    const std::size_t end = lineEnd(data, 0, bare);
    if (end == std::string_view::npos) {
        if (data.size() - (!data.empty() && data.back() == '\r' ? 1 : 0) > limits.maxStartLine) return fail(error, 502, "status line too long");
        return ParseStatus::incomplete;
    }
    if (bare) return fail(error, 502, "the status line does not end with CRLF");
    if (end > limits.maxStartLine) return fail(error, 502, "status line too long");
    const std::string_view line = data.substr(0, end);
    // HTTP/1.1 SP 3DIGIT SP reason. A missing reason (and its space) is tolerated, as
    // every client does.
    if (line.size() < 12 || !parseVersion(line.substr(0, 8), out.minorVersion) || line[8] != ' ' ||
        !std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return c >= '0' && c <= '9'; }) ||
        (line.size() > 12 && line[12] != ' ')) {
        return fail(error, 502, "malformed status line");
    }
    out.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (out.status < 100) return fail(error, 502, "malformed status code");
    out.reason = line.size() > 13 ? line.substr(13) : std::string_view{};
    const ParseStatus status = parseFields(data, end + 2, limits, out, error);
    if (status == ParseStatus::error) error.status = 502;
    return status;
}

std::optional<BodyFraming> requestFraming(const RequestHead& head, HeadError& error) {
    const std::size_t hosts = head.count("host");
    if (hosts > 1) {
        error = {400, "Host repeated"};
        return std::nullopt;
    }
    if (hosts == 0 && head.minorVersion == 1) {
        error = {400, "missing Host header"};
        return std::nullopt;
    }
    if (hosts == 1) {
        const std::string_view host = head.find("host")->value;
        if (host.empty()) { // RFC 9112 §3.2: an http(s) target always has an authority
            error = {400, "empty Host header"};
            return std::nullopt;
        }
        const bool ok = std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                   c == '_' || c == ':' || c == '[' || c == ']';
        });
        if (!ok) {
            error = {400, "invalid Host header"};
            return std::nullopt;
        }
    }
    return messageFraming(head, error, true);
}

std::optional<TargetForm> checkTargetForm(std::string_view method, std::string_view target, HeadError& error) {
    if (method == "CONNECT") {
        error = {501, "CONNECT is not supported: this gateway is not a forward proxy"};
        return std::nullopt;
    }
    if (target == "*") {
        if (method == "OPTIONS") return TargetForm::asteriskOptions;
        error = {400, fmt::format("the asterisk-form target '*' is only for OPTIONS, not {}", method)};
        return std::nullopt;
    }
    if (!target.empty() && target.front() == '/') return TargetForm::origin;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.size() > scheme.size() && equalsIgnoreCase(target.substr(0, scheme.size()), scheme)) {
            const std::string_view rest = target.substr(scheme.size());
            if (rest.front() == '/' || rest.front() == '?') break; // no authority
            return TargetForm::absolute;
        }
    }
    error = {400, "the request target is neither a path (origin-form) nor an http(s) URL (absolute-form)"};
    return std::nullopt;
}

std::optional<BodyFraming> responseFraming(const ResponseHead& head, bool requestWasHead, HeadError& error) {
    if (requestWasHead || head.status < 200 || head.status == 204 || head.status == 304) return BodyFraming{};
    std::optional<BodyFraming> framing = messageFraming(head, error, false);
    if (!framing) {
        error.status = 502;
        return std::nullopt;
    }
    if (framing->kind == BodyFraming::Kind::none && !head.find("content-length")) framing->kind = BodyFraming::Kind::untilClose;
    return framing;
}

std::optional<std::string> urlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            if (i + 2 >= text.size() || hexValue(text[i + 1]) < 0 || hexValue(text[i + 2]) < 0) return std::nullopt;
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace gatehouse::http
