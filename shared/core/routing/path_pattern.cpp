#include "core/routing/path_pattern.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace gatehouse::routing {
namespace {

bool isParamNameChar(char c, bool first) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || (!first && std::isdigit(u));
}

// RFC 3986 pchar without percent-encoding: routes are matched on the raw request path,
// so an encoded character in a route could never be matched reliably.
bool isPathChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::string_view("-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

} // namespace

std::string PathPattern::shape() const {
    std::string out;
    for (const Segment& segment : segments) {
        out += '/';
        switch (segment.kind) {
        case SegmentKind::literal: out += segment.text; break;
        case SegmentKind::param: out += ':'; break;
        case SegmentKind::wildcard: out += '*'; break;
        }
    }
    return out.empty() ? "/" : out;
}

std::vector<std::string> PathPattern::paramNames() const {
    std::vector<std::string> names;
    for (const Segment& segment : segments) {
        if (segment.kind == SegmentKind::param) names.push_back(segment.text);
    }
    return names;
}

std::expected<PathPattern, PatternError> parsePathPattern(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return std::unexpected(PatternError{"path_not_absolute", fmt::format("path '{}' does not start with '/'", path),
                                            fmt::format("write it as '/{}'", path)});
    }
    for (char c : path) {
        if (c != '/' && !isPathChar(c)) {
            return std::unexpected(PatternError{
                "path_bad_character",
                fmt::format("path '{}' contains '{}', which a route path cannot contain", path,
                            std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : fmt::format("\\x{:02x}", static_cast<unsigned char>(c))),
                "use letters, digits and -._~!$&'()*+,;=:@ only; no query string, fragment or percent-encoding"});
        }
    }
    PathPattern pattern;
    pattern.source = std::string(path);
    if (path == "/") return pattern;

    std::set<std::string, std::less<>> params;
    std::size_t start = 1;
    std::size_t index = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view text = path.substr(start, end - start);
        const bool last = end == path.size();
        ++index;
        if (text.empty()) {
            return std::unexpected(PatternError{
                "path_empty_segment",
                fmt::format("path '{}' has an empty segment (segment {}{})", path, index, last ? ", a trailing '/'" : ", '//'"),
                last ? "remove the trailing '/'" : "use single slashes between segments"});
        }
        if (text == "." || text == "..") {
            return std::unexpected(PatternError{"path_dot_segment",
                                                fmt::format("path '{}' has a '{}' segment", path, text),
                                                "write the path without '.' and '..' segments"});
        }
        Segment segment;
        if (text == "*") {
            if (!last) {
                return std::unexpected(PatternError{"wildcard_position",
                                                    fmt::format("path '{}' has '*' before its last segment", path),
                                                    "'*' may only be the whole last segment, as in '/v2/*'"});
            }
            segment.kind = SegmentKind::wildcard;
            pattern.kind = PathKind::wildcard;
        } else if (text.find('*') != std::string_view::npos) {
            return std::unexpected(PatternError{"wildcard_position",
                                                fmt::format("path '{}' has '*' inside the segment '{}'", path, text),
                                                "'*' may only be the whole last segment, as in '/v2/*'"});
        } else if (text.front() == ':') {
            const std::string_view name = text.substr(1);
            bool valid = !name.empty();
            for (std::size_t i = 0; valid && i < name.size(); ++i) valid = isParamNameChar(name[i], i == 0);
            if (!valid) {
                return std::unexpected(PatternError{
                    "bad_param_name", fmt::format("path '{}' has a bad parameter name '{}'", path, text),
                    "a parameter is ':' then a letter or '_', then letters, digits or '_', as in ':droplet_id'"});
            }
            if (!params.emplace(name).second) {
                return std::unexpected(PatternError{"duplicate_param",
                                                    fmt::format("path '{}' uses the parameter ':{}' twice", path, name),
                                                    "give each parameter its own name, as in '/:project_id/items/:item_id'"});
            }
            segment.kind = SegmentKind::param;
            segment.text = std::string(name);
            pattern.hasParams = true;
            if (pattern.kind == PathKind::exact) pattern.kind = PathKind::param;
        } else {
            segment.text = std::string(text);
        }
        pattern.segments.push_back(std::move(segment));
        start = end + 1;
    }
    return pattern;
}

const char* pathKindName(PathKind kind) {
    switch (kind) {
    case PathKind::exact: return "exact";
    case PathKind::param: return "param";
    case PathKind::wildcard: return "wildcard";
    }
    return "?";
}

void splitRequestPath(std::string_view path, RequestSegments& out) {
    out.clear();
    path = path.substr(0, std::min(path.find('?'), path.size()));
    if (path.empty() || path == "/") return;
    std::size_t start = path.front() == '/' ? 1 : 0;
    while (true) {
        const std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            out.push_back(path.substr(start));
            return;
        }
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
}

bool matchesPath(const PathPattern& pattern, const RequestSegments& segments) {
    const auto& want = pattern.segments;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].kind == SegmentKind::wildcard) return true; // zero or more segments
        if (i >= segments.size()) return false;
        if (want[i].kind == SegmentKind::param) {
            if (segments[i].empty()) return false;
        } else if (want[i].text != segments[i]) {
            return false;
        }
    }
    return segments.size() == want.size();
}

PathParams capturePathParams(const PathPattern& pattern, const RequestSegments& segments) {
    PathParams params;
    for (std::size_t i = 0; i < pattern.segments.size() && i <= segments.size(); ++i) {
        const Segment& segment = pattern.segments[i];
        if (segment.kind == SegmentKind::param && i < segments.size()) {
            params.emplace_back(segment.text, std::string(segments[i]));
        } else if (segment.kind == SegmentKind::wildcard) {
            std::string rest;
            for (std::size_t j = i; j < segments.size(); ++j) {
                if (j > i) rest += '/';
                rest += segments[j];
            }
            params.emplace_back("*", std::move(rest));
        }
    }
    return params;
}

std::string describePathMismatch(const PathPattern& pattern, const RequestSegments& segments) {
    const auto& want = pattern.segments;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].kind == SegmentKind::wildcard) return {};
        if (i >= segments.size()) {
            const bool wildcard = pattern.kind == PathKind::wildcard;
            return fmt::format("the request path has {} segment(s); '{}' needs {}{}", segments.size(), pattern.source,
                               want.size() - (wildcard ? 1 : 0), wildcard ? " or more" : "");
        }
        if (want[i].kind == SegmentKind::param) {
            if (segments[i].empty()) return fmt::format("segment {} is empty; ':{}' needs a value", i + 1, want[i].text);
        } else if (want[i].text != segments[i]) {
            return fmt::format("segment {} is '{}'; '{}' wants '{}'", i + 1, segments[i], pattern.source, want[i].text);
        }
    }
    if (segments.size() != want.size()) {
        return fmt::format("the request path has {} segments; '{}' has exactly {}", segments.size(), pattern.source,
                           want.size());
    }
    return {};
}

} // namespace gatehouse::routing
