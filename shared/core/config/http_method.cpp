#include "core/config/http_method.h"

#include <array>

namespace gatehouse::config {
namespace {
constexpr std::array<MethodSet, 7> kBits = {method::get, method::head, method::post, method::put,
                                            method::patch, method::del, method::options};
} // namespace

std::optional<MethodSet> routeMethodBit(std::string_view name) {
    for (std::size_t i = 0; i < kBits.size(); ++i) {
        if (kRouteMethods[i] == name) return kBits[i];
    }
    return std::nullopt;
}

MethodSet requestMethodBit(std::string_view name) {
    return routeMethodBit(name).value_or(method::other);
}

MethodSet effectiveMethods(MethodSet declared) {
    return (declared & method::get) ? static_cast<MethodSet>(declared | method::head) : declared;
}

std::string describeMethods(MethodSet set) {
    if (set == method::any) return "any";
    std::string out;
    for (std::size_t i = 0; i < kBits.size(); ++i) {
        if (set & kBits[i]) {
            if (!out.empty()) out += ", ";
            out += kRouteMethods[i];
        }
    }
    if (set & method::other) out += out.empty() ? "other" : ", other";
    return out;
}

} // namespace gatehouse::config
