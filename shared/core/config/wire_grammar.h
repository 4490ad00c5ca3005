#pragma once

#include <string_view>

namespace gatehouse::config {

// Grammar checks for config strings that end up on the wire. A registration is data:
// whatever a service owner writes must not be able to become a second request line or
// header field, so every such string is checked here, by the validator shared by the
// gateway, the collector and the console, and again by the code that writes it.

// An origin-form request target (RFC 9112 §3.2.1): absolute-path [ "?" query ], with
// RFC 3986 pchar and valid %HH escapes only. No spaces, CR, LF or other controls.
bool isOriginFormTarget(std::string_view target);

} // namespace gatehouse::config
