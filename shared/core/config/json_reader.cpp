#include "core/config/json_reader.h"

#include "core/config/suggest.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace gatehouse::config {
namespace json = boost::json;

std::string describeJsonValue(const json::value& value) {
    auto preview = [&] {
        std::string text = json::serialize(value);
        if (text.size() > 40) {
            std::size_t cut = 37;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut; // keep UTF-8 whole
            text = text.substr(0, cut) + "...";
        }
        return text;
    };
    switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return fmt::format("a boolean ({})", preview());
    case json::kind::int64:
    case json::kind::uint64: return fmt::format("an integer ({})", preview());
    case json::kind::double_: return fmt::format("a decimal number ({})", preview());
    case json::kind::string: return fmt::format("a string ({})", preview());
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
    }
    return "a value";
}

void JsonReader::error(const std::string& path, std::string code, std::string message, std::string hint) {
    problems_.push_back({file_, path, std::move(code), std::move(message), Severity::error, std::move(hint)});
}

void JsonReader::warning(const std::string& path, std::string code, std::string message, std::string hint) {
    problems_.push_back({file_, path, std::move(code), std::move(message), Severity::warning, std::move(hint)});
}

bool JsonReader::notNull(const json::value& value, const std::string& path, std::string_view expected) {
    if (!value.is_null()) return true;
    error(path, "null_value", fmt::format("'{}' is null; it must be {}", path.empty() ? "the document" : path, expected),
          "null is not a value here: give one, or leave an optional key out to take its default");
    return false;
}

void JsonReader::wrongType(const json::value& value, const std::string& path, std::string_view expected) {
    error(path, "wrong_type",
          fmt::format("'{}' must be {}, not {}", path.empty() ? "the document" : path, expected, describeJsonValue(value)));
}

const json::object* JsonReader::object(const json::value& value, const std::string& path) {
    if (!notNull(value, path, "an object")) return nullptr;
    if (const json::object* obj = value.if_object()) return obj;
    wrongType(value, path, "an object");
    return nullptr;
}

const json::array* JsonReader::array(const json::value& value, const std::string& path) {
    if (!notNull(value, path, "an array")) return nullptr;
    if (const json::array* arr = value.if_array()) return arr;
    wrongType(value, path, "an array");
    return nullptr;
}

std::optional<std::string> JsonReader::string(const json::value& value, const std::string& path) {
    if (!notNull(value, path, "a string")) return std::nullopt;
    if (const json::string* str = value.if_string()) return std::string(str->data(), str->size());
    wrongType(value, path, "a string");
    return std::nullopt;
}

std::optional<bool> JsonReader::boolean(const json::value& value, const std::string& path) {
    if (!notNull(value, path, "true or false")) return std::nullopt;
    if (const bool* b = value.if_bool()) return *b;
    wrongType(value, path, "true or false");
    return std::nullopt;
}

std::optional<std::int64_t> JsonReader::integer(const json::value& value, const std::string& path, std::int64_t min,
                                                std::int64_t max) {
    const std::string expected = fmt::format("an integer from {} to {}", min, max);
    if (!notNull(value, path, expected)) return std::nullopt;
    std::optional<std::int64_t> number;
    if (const std::int64_t* i = value.if_int64()) number = *i;
    if (const std::uint64_t* u = value.if_uint64()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            error(path, "out_of_range", fmt::format("'{}' is {}; it must be {}", path, *u, expected));
            return std::nullopt;
        }
        number = static_cast<std::int64_t>(*u);
    }
    if (const double* d = value.if_double(); d && std::trunc(*d) == *d && std::fabs(*d) >= 9.2e18) {
        // An integer too large for 64 bits arrives as a double: say it is too large.
        error(path, "out_of_range", fmt::format("'{}' is {}; it must be {}", path, json::serialize(value), expected));
        return std::nullopt;
    }
    if (!number) {
        wrongType(value, path, expected);
        return std::nullopt;
    }
    if (*number < min || *number > max) {
        error(path, "out_of_range", fmt::format("'{}' is {}; it must be {}", path, *number, expected));
        return std::nullopt;
    }
    return number;
}

const json::value* JsonReader::member(const json::object& object, const std::string& path, std::string_view key,
                                      bool required) {
    if (const json::value* value = object.if_contains(json::string_view(key.data(), key.size()))) return value;
    if (required) {
        error(childPath(path, std::string(key)), "missing_field",
              fmt::format("'{}' is required{}", key, path.empty() ? "" : fmt::format(" in '{}'", path)),
              fmt::format("add \"{}\"", key));
    }
    return nullptr;
}

void JsonReader::rejectUnknownKeys(const json::object& object, const std::string& path,
                                   std::span<const std::string_view> known) {
    for (const auto& item : object) {
        const std::string_view key(item.key().data(), item.key().size());
        bool isKnown = false;
        for (std::string_view k : known) isKnown = isKnown || k == key;
        if (isKnown) continue;
        std::string hint;
        if (auto close = closestMatch(key, known)) {
            hint = fmt::format("did you mean '{}'?", *close);
        } else {
            std::string list;
            for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            hint = fmt::format("known keys here: {}", list);
        }
        error(childPath(path, std::string(key)), "unknown_key",
              fmt::format("unknown key '{}'{}", key, path.empty() ? "" : fmt::format(" in '{}'", path)), hint);
    }
}

} // namespace gatehouse::config
