#include "core/config/json_document.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

namespace gatehouse::config {
namespace {

namespace json = boost::json;

// A SAX handler that builds nothing: it only tracks where it is so that a repeated
// key can be named by its path.
class DuplicateKeyFinder {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    struct Duplicate {
        std::string path;
        std::string key;
    };

    std::vector<Duplicate> duplicates;

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code&) { return beginContainer(true); }
    bool on_array_end(std::size_t, json::error_code&) { return endContainer(); }
    bool on_object_begin(json::error_code&) { return beginContainer(false); }
    bool on_object_end(std::size_t, json::error_code&) { return endContainer(); }
    bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
    bool on_string(json::string_view, std::size_t, json::error_code&) { return scalar(); }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        key_.append(s.data(), s.size());
        Frame& frame = frames_.back();
        if (!frame.keys.insert(key_).second) duplicates.push_back({frame.path, key_});
        frame.pendingKey = std::move(key_);
        key_.clear();
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, json::error_code&) { return scalar(); }
    bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return scalar(); }
    bool on_double(double, json::string_view, json::error_code&) { return scalar(); }
    bool on_bool(bool, json::error_code&) { return scalar(); }
    bool on_null(json::error_code&) { return scalar(); }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

private:
    struct Frame {
        bool array = false;
        std::size_t nextIndex = 0;
        std::string path;
        std::set<std::string> keys;
        std::string pendingKey;
    };

    std::string valuePath() const {
        if (frames_.empty()) return {};
        const Frame& parent = frames_.back();
        return parent.array ? indexPath(parent.path, parent.nextIndex) : childPath(parent.path, parent.pendingKey);
    }
    bool beginContainer(bool array) {
        Frame frame;
        frame.array = array;
        frame.path = valuePath();
        frames_.push_back(std::move(frame));
        return true;
    }
    bool endContainer() {
        frames_.pop_back();
        return scalar();
    }
    bool scalar() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().nextIndex;
        return true;
    }

    std::vector<Frame> frames_;
    std::string key_;
};

std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

} // namespace

std::optional<json::value> parseJsonDocument(std::string_view text, const std::string& file, Problems& problems) {
    json::basic_parser<DuplicateKeyFinder> checker{json::parse_options{}};
    json::error_code ec;
    const std::size_t consumed = checker.write_some(false, text.data(), text.size(), ec);
    if (ec) {
        auto [line, column] = lineAndColumn(text, consumed);
        problems.push_back({file, "", "json_syntax",
                            fmt::format("not valid JSON at line {}, column {}: {}", line, column, ec.message()),
                            Severity::error, "check for a missing comma, quote or bracket near that place"});
        return std::nullopt;
    }
    if (consumed != text.size()) {
        // The checker stops after one complete value; anything but whitespace after it
        // would make the document ambiguous.
        auto [line, column] = lineAndColumn(text, consumed);
        problems.push_back({file, "", "json_syntax",
                            fmt::format("not valid JSON at line {}, column {}: text after the end of the document",
                                        line, column),
                            Severity::error, "a service file holds exactly one JSON object"});
        return std::nullopt;
    }
    if (!checker.handler().duplicates.empty()) {
        for (const auto& dup : checker.handler().duplicates) {
            problems.push_back({file, childPath(dup.path, dup.key), "duplicate_key",
                                fmt::format("key '{}' appears more than once in the same object", dup.key),
                                Severity::error, "keep one of them: a JSON reader would silently use only the last"});
        }
        return std::nullopt;
    }
    json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) { // cannot happen after the checker accepted it; never throw on input all the same
        problems.push_back({file, "", "json_syntax", fmt::format("not valid JSON: {}", ec.message()), Severity::error, ""});
        return std::nullopt;
    }
    return value;
}

} // namespace gatehouse::config
