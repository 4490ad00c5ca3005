#pragma once

#include "http/http_head.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// HTTP/2 requests and responses in the terms of the HTTP/1.1 code, without I/O: a
// request's fields become the HTTP/1.1 head the gateway's own parser and checks read
// (the same limits, the same strictness, the same request sent upstream), and a
// response head the gateway wrote becomes HTTP/2 fields.
namespace gatehouse::http {

// What a client that speaks HTTP/2 with prior knowledge opens with (RFC 9113 §3.4).
inline constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// Writes to `out` the HTTP/1.1 head for an HTTP/2 request's fields, pseudo-header fields
// included (RFC 9113 §8.3), as received. `endStream`: the HEADERS frame ended the stream
// (no body). nghttp2 has checked the field grammar and the pseudo-header rules; this
// adds what a translation to HTTP/1.1 needs:
// - Host from :authority; a Host field that names another authority is refused;
// - the crumbs of a split Cookie joined with "; " (RFC 9113 §8.2.3);
// - connection-specific fields refused (RFC 9113 §8.2.2); `te: trailers` dropped;
// - a body without content-length framed as chunked, for the HTTP/1.1 parser and upstream.
// The error says why a request is malformed (400).
std::optional<HeadError> http2RequestHead(std::span<const HeaderField> fields, bool endStream, std::string& out);

// The HTTP/2 fields of a response head the gateway made (appendClientHead, localReply):
// `:status` first, names lowercased, connection-specific fields dropped. Views into
// `storage`, which it fills.
void http2ResponseFields(const ResponseHead& head, std::string& storage, std::vector<HeaderField>& out);

} // namespace gatehouse::http
