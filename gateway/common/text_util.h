#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::gateway {

// A value that may go into a header field as is: visible ASCII and spaces, 1-1024
// characters. Identity from a glue service is checked with it (no header injection).
bool isSafeFieldValue(std::string_view value);
// A gateway_id: 1 to 128 letters, digits and . _ : - (safe in a URL, a log line, a label).
bool isGatewayId(std::string_view id);
// X-Gatehouse-*: the identity fields only the gateway sets (clients' are dropped).
bool isIdentityField(std::string_view name);
// SHA-256 of `text` (raw bytes) and its first 16 bytes in hex (a loggable credential id).
std::string sha256(std::string_view text);
// SHA-1, raw 20 bytes: only where a protocol fixes it (the WebSocket handshake).
std::string sha1(std::string_view text);
std::string credentialId(std::string_view text);
// application/x-www-form-urlencoded (RFC 6749 §2.3.1 client credentials, token bodies).
std::string formEncode(std::string_view value);
std::string base64(std::string_view bytes);
// Standard base64 with padding; nothing when `text` is not that.
std::optional<std::string> decodeBase64(std::string_view text);
// The value of cookie `name` in a Cookie field ("a=1; b=2"), or empty.
std::string_view cookieValue(std::string_view cookieField, std::string_view name);
// "2026-11-26T08:41:24.975Z" or "...:24Z" (UTC, what Rails and the admin store write) to
// a time point; years past 2261 read as the latest one.
std::optional<std::chrono::system_clock::time_point> parseIso8601(std::string_view text);

} // namespace gatehouse::gateway
