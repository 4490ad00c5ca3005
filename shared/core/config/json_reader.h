#pragma once

#include "core/config/problem.h"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gatehouse::config {

// Typed reads from a JSON document that turn every mismatch into a Problem with the
// JSON path, instead of an exception. Shared by every config reader so that they all
// speak the same way: null_value, wrong_type, missing_field, unknown_key, out_of_range.
class JsonReader {
public:
    JsonReader(std::string file, Problems& problems) : file_(std::move(file)), problems_(problems) {}

    void error(const std::string& path, std::string code, std::string message, std::string hint = {});
    void warning(const std::string& path, std::string code, std::string message, std::string hint = {});

    // Each returns nothing (and reports why) when `value` is null or of another type.
    const boost::json::object* object(const boost::json::value& value, const std::string& path);
    const boost::json::array* array(const boost::json::value& value, const std::string& path);
    std::optional<std::string> string(const boost::json::value& value, const std::string& path);
    std::optional<bool> boolean(const boost::json::value& value, const std::string& path);
    std::optional<std::int64_t> integer(const boost::json::value& value, const std::string& path, std::int64_t min,
                                        std::int64_t max);

    // The member `key`, or nullptr; reports missing_field when it is required and absent.
    const boost::json::value* member(const boost::json::object& object, const std::string& path, std::string_view key,
                                     bool required);

    // Reports every key of `object` that is not in `known`, suggesting the closest one.
    void rejectUnknownKeys(const boost::json::object& object, const std::string& path,
                           std::span<const std::string_view> known);

    const std::string& file() const { return file_; }

private:
    bool notNull(const boost::json::value& value, const std::string& path, std::string_view expected);
    void wrongType(const boost::json::value& value, const std::string& path, std::string_view expected);

    std::string file_;
    Problems& problems_;
};

// "a string (\"15\")", "null", "an object": how a value is named in messages.
std::string describeJsonValue(const boost::json::value& value);

} // namespace gatehouse::config
