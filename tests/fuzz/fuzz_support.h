#pragma once

// What every harness shares: invariant checks that abort with a readable message (so
// libFuzzer saves the input and prints the stack), and inputs seen as text.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace gatehouse::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition, const std::string& detail) {
    std::fprintf(stderr, "\n==== invariant violated at %s:%d: %s\n%s\n", file, line, condition, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Bytes as a C string literal body, for messages.
inline std::string escaped(std::string_view bytes, std::size_t max = 400) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (bytes.size() > max) out += "...";
    return out;
}

// A number derived from the input, to choose split points.
inline std::uint32_t inputHash(std::string_view bytes) {
    std::uint32_t h = 2166136261u; // FNV-1a
    for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

// GATEHOUSE_FUZZ_VERBOSE=1: harnesses print what they read (to look at one input).
inline bool verbose() {
    static const bool value = [] {
        const char* v = std::getenv("GATEHOUSE_FUZZ_VERBOSE");
        return v && *v && std::string_view(v) != "0";
    }();
    return value;
}

} // namespace gatehouse::fuzz

// CHECK(condition, detail): abort with `detail` (a std::string expression) when false.
#define FUZZ_CHECK(condition, detail)                                                     \
    do {                                                                                  \
        if (!(condition)) ::gatehouse::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
    } while (0)
