#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::http {

// A strict HTTP/1.x head parser (RFC 9112). The gateway parses heads itself instead
// of trusting a lenient parser: every shape that two HTTP implementations could read
// differently (bare CR or LF, obs-fold, whitespace before the colon, ambiguous framing)
// is refused, so what the gateway routes is exactly what the backend receives.

struct HeaderField {
    std::string_view name;
    std::string_view value; // without surrounding whitespace
};

struct HeadLimits {
    std::size_t maxHeadBytes = 16 * 1024;  // start line + fields + blank line -> 431
    std::size_t maxStartLine = 8 * 1024;   // request line -> 414
    std::size_t maxFields = 100;           // -> 431
};

// Why a head was refused: the status to answer with and a reason for people.
struct HeadError {
    int status = 400;
    std::string reason;
};

enum class ParseStatus { complete, incomplete, error };

struct Head {
    int minorVersion = 1;             // HTTP/1.<minor>
    std::vector<HeaderField> fields;  // in order; views into the parsed bytes
    std::size_t size = 0;             // bytes of the head, blank line included

    const HeaderField* find(std::string_view name) const; // first, case-insensitive
    std::size_t count(std::string_view name) const;
    // The values of every field with this name, joined by commas (RFC 9110 §5.3): so a
    // second Connection field cannot hide a token.
    std::string combined(std::string_view name) const;
};

struct RequestHead : Head {
    std::string_view method;
    std::string_view target;
};

struct ResponseHead : Head {
    int status = 0;
    std::string_view reason;
};

// Parses the head at the start of `data`. `incomplete` means more bytes are needed
// and no limit has been exceeded yet. On `complete`, `out` holds views into `data`.
ParseStatus parseRequestHead(std::string_view data, const HeadLimits& limits, RequestHead& out, HeadError& error);
ParseStatus parseResponseHead(std::string_view data, const HeadLimits& limits, ResponseHead& out, HeadError& error);

// How a message body is delimited (RFC 9112 §6).
struct BodyFraming {
    enum class Kind { none, length, chunked, untilClose };
    Kind kind = Kind::none;
    std::uint64_t length = 0;
};

// Requests: Content-Length or chunked, never both, no repeats, nothing else (501).
// Also checks Host: exactly one in HTTP/1.1, at most one in HTTP/1.0, never empty.
std::optional<BodyFraming> requestFraming(const RequestHead& head, HeadError& error);
// Responses: no body for HEAD, 1xx, 204, 304; otherwise as requests, or until close.
std::optional<BodyFraming> responseFraming(const ResponseHead& head, bool requestWasHead, HeadError& error);

// The request target's form (RFC 9112 §3.2) and what the gateway does with it.
enum class TargetForm {
    origin,           // "/path?query": routed
    absolute,         // "http://authority/path": routed on the authority
    asteriskOptions,  // "OPTIONS *": answered by the gateway itself, never forwarded
};
// Refuses what the gateway does not route: CONNECT (501: not a forward proxy), "*"
// with another method than OPTIONS (400), authority-form or any other shape (400).
std::optional<TargetForm> checkTargetForm(std::string_view method, std::string_view target, HeadError& error);

bool equalsIgnoreCase(std::string_view a, std::string_view b);
// A hexadecimal digit's value, or -1 (chunk sizes, percent-encoding).
int hexValue(char c);
// application/x-www-form-urlencoded value decoding, as Rack::Utils.unescape; nothing
// when a '%' is not followed by two hex digits.
std::optional<std::string> urlDecode(std::string_view text);
// True when the comma-separated header value lists `token` (case-insensitive).
bool listContains(std::string_view value, std::string_view token);
bool isTokenChar(char c);

} // namespace gatehouse::http
