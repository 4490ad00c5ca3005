// Ruby Marshal 4.8 as the gateway reads it from a Rails session cookie:
// readRubyMarshal (gateway/filters/rails_session.h), then RailsCookieDecoder::userId on
// what it returns. These are the bytes after AES-GCM decryption: an attacker reaches
// them only with the app's secret_key_base, which is exactly the case the reader has to
// survive (it instantiates nothing, and must not fall over either).
//
// Invariants (abort on violation):
// - no crash, leak or undefined behaviour;
// - the reader's bound on values (100,000, "too many values") bounds what it returns:
//   an accepted document is at most that many JSON values, nested at most 33 deep
//   (read() refuses depth > 32);
// - an accepted document written back as canonical Marshal (fixnums, floats, plain
//   strings, arrays, hashes; no links) reads back to the same JSON.
#include "fuzz_support.h"

#include "filters/rails_session.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>
#include <vector>

using namespace gatehouse;
using namespace gatehouse::fuzz;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxValues = 100'000;
constexpr std::size_t kMaxDepth = 33;

struct Shape {
    std::size_t values = 0;
    std::size_t depth = 0;
    bool nan = false;
};

// Counted without recursion and without walking more than `cap` values.
Shape measure(const json::value& root, std::size_t cap) {
    Shape shape;
    std::vector<std::pair<const json::value*, std::size_t>> stack{{&root, 1}};
    while (!stack.empty() && shape.values <= cap) {
        auto [v, depth] = stack.back();
        stack.pop_back();
        ++shape.values;
        shape.depth = std::max(shape.depth, depth);
        if (const double* d = v->if_double(); d && std::isnan(*d)) shape.nan = true;
        if (const json::array* a = v->if_array()) {
            for (const json::value& item : *a) stack.push_back({&item, depth + 1});
        } else if (const json::object* o = v->if_object()) {
            for (const auto& item : *o) stack.push_back({&item.value(), depth + 1});
        }
    }
    return shape;
}

// Ruby's w_long.
void writeLong(std::string& out, std::int64_t n) {
    if (n == 0) {
        out += '\0';
    } else if (n > 0 && n < 123) {
        out += static_cast<char>(n + 5);
    } else if (n < 0 && n > -124) {
        out += static_cast<char>(static_cast<signed char>(n - 5));
    } else {
        std::string bytes;
        std::int64_t x = n;
        for (int i = 0; i < 8; ++i) {
            bytes += static_cast<char>(x & 0xff);
            x >>= 8; // arithmetic: negative numbers end at -1
            if ((n >= 0 && x == 0) || (n < 0 && x == -1)) break;
        }
        out += static_cast<char>(n >= 0 ? static_cast<int>(bytes.size()) : -static_cast<int>(bytes.size()));
        out += bytes;
    }
}

void writeBytes(std::string& out, std::string_view bytes) {
    writeLong(out, static_cast<std::int64_t>(bytes.size()));
    out.append(bytes);
}

// Depth is bounded by the caller (measure), so recursion is.
bool writeMarshal(std::string& out, const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: out += '0'; return true;
    case json::kind::bool_: out += v.get_bool() ? 'T' : 'F'; return true;
    case json::kind::int64: {
        const std::int64_t n = v.get_int64();
        if (n < -(std::int64_t{1} << 32) || n >= (std::int64_t{1} << 32)) return false; // not a fixnum the reader makes
        out += 'i';
        writeLong(out, n);
        return true;
    }
    case json::kind::uint64: return false;
    case json::kind::double_: {
        const double d = v.get_double();
        out += 'f';
        if (std::isinf(d)) writeBytes(out, d > 0 ? "inf" : "-inf");
        else writeBytes(out, fmt::format("{:.17g}", d));
        return true;
    }
    case json::kind::string: {
        out += '"';
        writeBytes(out, std::string_view(v.get_string().data(), v.get_string().size()));
        return true;
    }
    case json::kind::array:
        out += '[';
        writeLong(out, static_cast<std::int64_t>(v.get_array().size()));
        for (const json::value& item : v.get_array()) {
            if (!writeMarshal(out, item)) return false;
        }
        return true;
    case json::kind::object:
        out += '{';
        writeLong(out, static_cast<std::int64_t>(v.get_object().size()));
        for (const auto& item : v.get_object()) {
            out += '"';
            writeBytes(out, std::string_view(item.key().data(), item.key().size()));
            if (!writeMarshal(out, item.value())) return false;
        }
        return true;
    }
    return false;
}

const gateway::filters::RailsCookieDecoder& decoder(bool devise) {
    auto make = [](const char* userKey) {
        gateway::filters::RailsSessionSettings settings;
        settings.secretKeyBase = "fuzz";
        settings.iterations = 1;
        settings.serializer = gateway::filters::RailsSessionSettings::Serializer::marshal;
        settings.userKey = userKey;
        return gateway::filters::RailsCookieDecoder(settings);
    };
    static const auto plain = make("user_id");
    static const auto warden = make("warden.user.user.key");
    return devise ? warden : plain;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);
    const auto value = gateway::filters::readRubyMarshal(input);
    if (!value) {
        FUZZ_CHECK(!value.error().empty(), "refused without a reason");
        return 0;
    }
    const Shape shape = measure(*value, kMaxValues);
    FUZZ_CHECK(shape.values <= kMaxValues,
               fmt::format("{} bytes of Marshal read to more than {} JSON values (object links copy what they point to)",
                           size, kMaxValues));
    FUZZ_CHECK(shape.depth <= kMaxDepth, fmt::format("a document nested {} deep", shape.depth));

    for (bool devise : {false, true}) {
        if (const auto id = decoder(devise).userId(*value)) FUZZ_CHECK(!id->empty(), "an empty user id");
    }

    std::string canonical = "\x04\x08";
    if (shape.nan || !writeMarshal(canonical, *value)) return 0;
    const auto again = gateway::filters::readRubyMarshal(canonical);
    FUZZ_CHECK(again.has_value(), fmt::format("the canonical form of {} is refused: {}\n  canonical: \"{}\"",
                                              json::serialize(*value).substr(0, 300), again.error(), escaped(canonical)));
    FUZZ_CHECK(*again == *value, fmt::format("the canonical form reads differently:\n  first: {}\n  again: {}",
                                             json::serialize(*value).substr(0, 300), json::serialize(*again).substr(0, 300)));
    return 0;
}
