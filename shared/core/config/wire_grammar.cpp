#include "core/config/wire_grammar.h"

namespace gatehouse::config {
namespace {

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 unreserved / sub-delims / ":" / "@" (pchar without pct-encoded).
bool isPlainPchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

} // namespace

bool isOriginFormTarget(std::string_view target) {
    if (target.empty() || target.front() != '/') return false;
    for (std::size_t i = 0; i < target.size(); ++i) {
        const char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])) return false;
            i += 2;
        } else if (c != '/' && c != '?' && !isPlainPchar(c)) { // '?' starts the query and may repeat in it
            return false;
        }
    }
    return true;
}

} // namespace gatehouse::config
