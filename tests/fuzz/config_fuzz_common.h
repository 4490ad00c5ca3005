#pragma once

// Shared by the harnesses of the JSON config readers (service configs, gatehouse.json,
// table documents): what every Problem they report must look like.

#include "fuzz_support.h"

#include "core/config/problem.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::fuzz {

namespace json = boost::json;

inline std::string describe(const config::Problem& p) {
    return fmt::format("{{file '{}', path '{}', code '{}', severity {}, message '{}'}}", p.file, escaped(p.path), p.code,
                       config::severityName(p.severity), escaped(p.message, 200));
}

inline std::string describe(const config::Problems& problems) {
    std::string out;
    for (const config::Problem& p : problems) out += "  " + describe(p) + "\n";
    return out;
}

inline bool isPathKey(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// True when every object key in `root` can be written in a problem path unambiguously
// (no '.', '[', empty keys...). Iterative: documents can nest deeply.
inline bool hasOnlyPathKeys(const json::value& root) {
    std::vector<const json::value*> stack{&root};
    while (!stack.empty()) {
        const json::value* v = stack.back();
        stack.pop_back();
        if (const json::object* o = v->if_object()) {
            for (const auto& item : *o) {
                if (!isPathKey(std::string_view(item.key().data(), item.key().size()))) return false;
                stack.push_back(&item.value());
            }
        } else if (const json::array* a = v->if_array()) {
            for (const json::value& item : *a) stack.push_back(&item);
        }
    }
    return true;
}

// Follows a problem path ("routes[0].paths[1]") through `root`. With `missingLast`,
// the path may end in keys that are absent (where a member would be). Returns why not,
// or nothing.
inline std::optional<std::string> followPath(const json::value& root, std::string_view path, bool missingLast) {
    const json::value* current = &root;
    std::size_t pos = 0;
    bool first = true;
    while (pos < path.size()) {
        if (path[pos] == '[') {
            const std::size_t close = path.find(']', pos);
            if (close == std::string_view::npos || close == pos + 1) return "an unclosed or empty index";
            std::size_t index = 0;
            for (std::size_t i = pos + 1; i < close; ++i) {
                if (path[i] < '0' || path[i] > '9') return "an index that is not a number";
                index = index * 10 + static_cast<std::size_t>(path[i] - '0');
                if (index > (1u << 30)) return "an index too large";
            }
            const json::array* array = current->if_array();
            if (!array) return fmt::format("'{}' indexes something that is not an array", path.substr(0, close + 1));
            if (index >= array->size()) return fmt::format("'{}' is past the end of the array", path.substr(0, close + 1));
            current = &(*array)[index];
            pos = close + 1;
        } else {
            if (!first) {
                if (path[pos] != '.') return fmt::format("no '.' before the key at {}", pos);
                ++pos;
            }
            std::size_t end = pos;
            while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
            const std::string_view key = path.substr(pos, end - pos);
            if (!isPathKey(key)) return fmt::format("'{}' is not a key", key);
            const json::object* object = current->if_object();
            if (!object) return fmt::format("'{}' is a member of something that is not an object", path.substr(0, end));
            const json::value* next = object->if_contains(json::string_view(key.data(), key.size()));
            if (!next && missingLast) {
                // Where the field would be: under members that may be missing too
                // ("params.limit" without "params"), but not under array items.
                if (path.find('[', end) != std::string_view::npos) return "a missing field under a missing array item";
                return std::nullopt;
            }
            if (!next) return fmt::format("'{}' is not in the document", path.substr(0, end));
            current = next;
            pos = end;
        }
        first = false;
    }
    return std::nullopt; // for missing_field: about the object there ("needs one of ...")
}

// The problems of one config reader on one document:
// - each has a code, a message and the file it was asked to read;
// - each has a path, but a problem with the whole document: syntax or a root that is
//   not an object (then the only problem), or a size limit (limit_exceeded on the
//   text, table_too_large);
// - when every key of the document can be written in a path, each path leads to the
//   place in the document the problem is about, or to where a missing or defaulted
//   member would be (missing_field; a default that conflicts with another value); a
//   path into an array names an item that is there.
inline void checkProblems(const config::Problems& problems, const std::string& file, std::string_view text) {
    if (verbose()) std::fprintf(stderr, "%zu problem(s):\n%s", problems.size(), describe(problems).c_str());
    for (const config::Problem& p : problems) {
        FUZZ_CHECK(!p.code.empty(), "a problem without a code:\n" + describe(problems));
        FUZZ_CHECK(!p.message.empty(), "a problem without a message:\n" + describe(problems));
        FUZZ_CHECK(p.file == file, fmt::format("a problem names file '{}', not '{}':\n{}", p.file, file, describe(problems)));
        if (!p.path.empty()) continue;
        const bool alone = p.code == "json_syntax" || p.code == "wrong_type" || p.code == "null_value";
        const bool limit = p.code == "limit_exceeded" || p.code == "table_too_large";
        FUZZ_CHECK((alone && problems.size() == 1) || limit,
                   fmt::format("a problem without a path (only a whole-document problem may have none):\n{}  input: \"{}\"",
                               describe(problems), escaped(text)));
    }
    boost::system::error_code ec;
    const json::value document = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec || !hasOnlyPathKeys(document)) return;
    for (const config::Problem& p : problems) {
        if (p.path.empty()) continue;
        if (auto why = followPath(document, p.path, true)) {
            FUZZ_CHECK(false, fmt::format("a problem path does not lead into the document ({}):\n  {}\n  input: \"{}\"", *why,
                                          describe(p), escaped(text)));
        }
    }
}

} // namespace gatehouse::fuzz
