#include "filters/flipper_flags.h"

#include <boost/crc.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace gatehouse::gateway::filters {
namespace json = boost::json;

namespace {

// Adapters hand gate values over as strings ("true", "25") or typed values; both count.
std::optional<double> number(const json::value& value) {
    if (value.is_int64()) return static_cast<double>(value.as_int64());
    if (value.is_uint64()) return static_cast<double>(value.as_uint64());
    if (value.is_double()) return value.as_double();
    if (value.is_string()) {
        const std::string text(value.as_string());
        char* end = nullptr;
        const double parsed = std::strtod(text.c_str(), &end);
        if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(parsed)) return parsed;
    }
    return std::nullopt;
}

std::set<std::string> strings(const json::value& value) {
    std::set<std::string> out;
    if (const json::array* items = value.if_array()) {
        for (const json::value& item : *items) {
            if (item.is_string()) out.emplace(item.as_string());
            else if (auto n = number(item)) out.emplace(fmt::format("{}", *n));
        }
    }
    return out;
}

} // namespace

std::uint32_t crc32(std::string_view data) {
    boost::crc_32_type crc;
    crc.process_bytes(data.data(), data.size());
    return crc.checksum();
}

std::expected<FlagSet, std::string> parseFlipperFeatures(std::string_view text) {
    boost::system::error_code ec;
    const json::value document = json::parse(text, ec);
    if (ec) return std::unexpected(fmt::format("not JSON: {}", ec.message()));
    const json::object* root = document.if_object();
    const json::value* list = root ? root->if_contains("features") : nullptr;
    if (!list || !list->is_array()) return std::unexpected("no \"features\" array");
    FlagSet flags;
    for (const json::value& item : list->as_array()) {
        const json::object* feature = item.if_object();
        const json::value* key = feature ? feature->if_contains("key") : nullptr;
        if (!key || !key->is_string()) return std::unexpected("a feature without a \"key\" string");
        FeatureGates gates;
        if (const json::value* list = feature->if_contains("gates"); list && list->is_array()) {
            for (const json::value& gateValue : list->as_array()) {
                const json::object* gate = gateValue.if_object();
                if (!gate || !gate->contains("key") || !gate->at("key").is_string()) continue;
                const std::string_view gateKey = gate->at("key").as_string();
                const json::value value = gate->contains("value") ? gate->at("value") : json::value();
                if (gateKey == "boolean") {
                    gates.boolean = (value.is_bool() && value.as_bool()) || (value.is_string() && value.as_string() == "true");
                } else if (gateKey == "actors") {
                    gates.actors = strings(value);
                } else if (gateKey == "groups") {
                    gates.groups = strings(value);
                } else if (gateKey == "percentage_of_actors") {
                    gates.percentageOfActors = number(value).value_or(0);
                } else if (gateKey == "percentage_of_time") {
                    gates.percentageOfTime = number(value).value_or(0);
                }
            }
        }
        flags.features.insert_or_assign(std::string(key->as_string()), std::move(gates));
    }
    return flags;
}

bool flipperEnabled(const FeatureGates& gates, std::string_view feature, std::optional<std::string_view> flipperId,
                    double random01) {
    if (gates.boolean) return true;
    if (flipperId) {
        if (gates.actors.contains(std::string(*flipperId))) return true;
        if (gates.percentageOfActors > 0) {
            // Flipper 0.25: Zlib.crc32("#{feature_name}#{actor.value}") % (100 * 1_000) < percentage * 1_000
            const std::string id = fmt::format("{}{}", feature, *flipperId);
            if (static_cast<double>(crc32(id) % 100'000) < gates.percentageOfActors * 1'000) return true;
        }
    }
    return gates.percentageOfTime > 0 && random01 < gates.percentageOfTime / 100.0;
}

} // namespace gatehouse::gateway::filters
