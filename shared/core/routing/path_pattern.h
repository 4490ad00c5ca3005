#pragma once

#include <boost/container/small_vector.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gatehouse::routing {

// A route path as declared: `/v2/droplets`, `/v2/droplets/:id`, `/v2/*`.
enum class SegmentKind : unsigned char { literal, param, wildcard };
enum class PathKind : unsigned char { exact, param, wildcard };

struct Segment {
    SegmentKind kind = SegmentKind::literal;
    std::string text; // literal text, or the parameter name without ':'
};

struct PathPattern {
    std::string source;
    std::vector<Segment> segments; // "/" has none
    PathKind kind = PathKind::exact;
    bool hasParams = false;

    // The pattern with parameter names erased (`/v2/:` for `/v2/:id`): two routes with
    // the same shape claim exactly the same paths.
    std::string shape() const;
    std::vector<std::string> paramNames() const;
};

struct PatternError {
    std::string code;
    std::string message;
    std::string hint;
};

std::expected<PathPattern, PatternError> parsePathPattern(std::string_view path);
const char* pathKindName(PathKind kind);

// A request path split on '/': "/a/b" -> {a, b}; "/" -> {}; "/a/" -> {a, ""}. Empty
// segments are kept (only a wildcard matches them), so `/a/` is not `/a`. The query
// string, if any, is not part of the path.
using RequestSegments = boost::container::small_vector<std::string_view, 16>;
void splitRequestPath(std::string_view path, RequestSegments& out);

// The reference matcher for one pattern; the index must agree with it.
bool matchesPath(const PathPattern& pattern, const RequestSegments& segments);

using PathParams = std::vector<std::pair<std::string, std::string>>;
// Captured parameters of a matching request; a wildcard's rest is captured as "*".
PathParams capturePathParams(const PathPattern& pattern, const RequestSegments& segments);

// Why a pattern does not match, for people ("segment 2 is 'volumes', the route wants
// 'droplets'"); empty when it matches.
std::string describePathMismatch(const PathPattern& pattern, const RequestSegments& segments);

} // namespace gatehouse::routing
