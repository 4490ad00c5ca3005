#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::config {

// A set of request methods as bits. `other` stands for any method Gatehouse does not
// name (a WebDAV PROPFIND, say): only routes without a method constraint serve it.
using MethodSet = std::uint16_t;

namespace method {
inline constexpr MethodSet get = 1u << 0;
inline constexpr MethodSet head = 1u << 1;
inline constexpr MethodSet post = 1u << 2;
inline constexpr MethodSet put = 1u << 3;
inline constexpr MethodSet patch = 1u << 4;
inline constexpr MethodSet del = 1u << 5;
inline constexpr MethodSet options = 1u << 6;
inline constexpr MethodSet other = 1u << 7;
inline constexpr MethodSet any = 0xFFu;
} // namespace method

// The methods a route may declare, in display order.
inline constexpr std::string_view kRouteMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

// Exact, case-sensitive (RFC 9110 §9.1): "get" is not GET. Returns nullopt for names a
// route may not declare.
std::optional<MethodSet> routeMethodBit(std::string_view name);

// For a request line: known names map to their bit, everything else to `other`.
MethodSet requestMethodBit(std::string_view name);

// A GET route also serves HEAD (RFC 9110 §9.3.2).
MethodSet effectiveMethods(MethodSet declared);

// "GET, HEAD" or "any".
std::string describeMethods(MethodSet set);

} // namespace gatehouse::config
