#include "core/validation/table_document.h"

#include "core/catalogue/filter_catalogue.h"
#include "core/config/json_document.h"
#include "core/config/json_reader.h"
#include "core/validation/service_parser.h"
#include "core/routing/route_json.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

namespace gatehouse::routing {
namespace json = boost::json;

namespace {
constexpr std::size_t kMaxActor = 200;
constexpr std::size_t kMaxReason = 500;
constexpr std::size_t kMaxTime = 40;
constexpr std::int64_t kMaxVersion = std::numeric_limits<std::int64_t>::max();

// A text field of a switch: present, a string, at most `max` bytes.
std::string switchText(config::JsonReader& reader, const json::object& item, const std::string& path, std::string_view key,
                       std::size_t max) {
    const json::value* v = reader.member(item, path, key, true);
    std::optional<std::string> text = v ? reader.string(*v, config::childPath(path, std::string(key))) : std::nullopt;
    if (text && text->size() > max) {
        reader.error(config::childPath(path, std::string(key)), "too_long", fmt::format("{} bytes; at most {}", text->size(), max));
    } else if (text && std::any_of(text->begin(), text->end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        // It reaches log lines and the console as text: one line, nothing to interpret.
        reader.error(config::childPath(path, std::string(key)), "control_character", "control characters are not allowed");
    }
    return text.value_or("");
}

std::optional<FilterSwitchState> readSwitch(config::JsonReader& reader, const json::value& value, const std::string& path) {
    const json::object* item = reader.object(value, path);
    if (!item) return std::nullopt;
    static constexpr std::string_view kKeys[] = {"name", "enabled", "changed_by", "changed_at", "reason", "version"};
    reader.rejectUnknownKeys(*item, path, kKeys);
    FilterSwitchState state;
    state.name = switchText(reader, *item, path, "name", 64);
    if (const json::value* v = reader.member(*item, path, "enabled", true)) {
        state.enabled = reader.boolean(*v, config::childPath(path, "enabled")).value_or(true);
    }
    state.changedBy = switchText(reader, *item, path, "changed_by", kMaxActor);
    state.changedAt = switchText(reader, *item, path, "changed_at", kMaxTime);
    state.reason = switchText(reader, *item, path, "reason", kMaxReason);
    if (const json::value* v = reader.member(*item, path, "version", true)) {
        state.version = static_cast<std::uint64_t>(reader.integer(*v, config::childPath(path, "version"), 1, kMaxVersion).value_or(0));
    }
    return state;
}

// "switches": optional (a collector of an earlier release sends none). A switch for a
// filter this release does not know is left out with a warning, not a refusal: a newer
// collector may know more filters than an older gateway.
void readSwitches(config::JsonReader& reader, const json::object& root, TableDocument& document) {
    const json::value* v = reader.member(root, "", "switches", false);
    const json::object* switches = v ? reader.object(*v, "switches") : nullptr;
    if (!switches) return;
    static constexpr std::string_view kKeys[] = {"version", "filters"};
    reader.rejectUnknownKeys(*switches, "switches", kKeys);
    if (const json::value* version = reader.member(*switches, "switches", "version", true)) {
        document.switchVersion = static_cast<std::uint64_t>(reader.integer(*version, "switches.version", 0, kMaxVersion).value_or(0));
    }
    const json::value* filters = reader.member(*switches, "switches", "filters", true);
    const json::array* list = filters ? reader.array(*filters, "switches.filters") : nullptr;
    if (!list) return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = config::indexPath("switches.filters", i);
        std::optional<FilterSwitchState> state = readSwitch(reader, (*list)[i], path);
        if (!state || state->name.empty()) continue;
        const catalogue::FilterSpec* spec = catalogue::findFilter(state->name);
        if (!spec || !catalogue::canRunByDefault(*spec)) {
            reader.warning(path + ".name", "unknown_filter_switch",
                           fmt::format("'{}' is not a default filter this gateway knows; its switch is ignored", state->name));
            continue;
        }
        if (state->version > document.switchVersion) {
            reader.error(path + ".version", "out_of_range",
                         fmt::format("switch version {} is newer than the switches' version {}", state->version, document.switchVersion));
        }
        if (!seen.insert(state->name).second) {
            reader.error(path + ".name", "duplicate_switch", fmt::format("filter '{}' is switched twice", state->name));
            continue;
        }
        document.switches.push_back(std::move(*state));
    }
}

} // namespace

ParsedTableDocument parseTableDocument(std::string_view text, const std::string& source, const config::ServiceLimits& limits) {
    ParsedTableDocument result;
    config::Problems& problems = result.problems;
    if (text.size() > limits.tableBytes) {
        problems.push_back({source, "", "limit_exceeded",
                            fmt::format("the table document is {} bytes; max_table_bytes is {}", text.size(), limits.tableBytes),
                            config::Severity::error, "raise max_table_bytes on the collector and every gateway alike"});
        return result;
    }
    const std::optional<json::value> document = config::parseJsonDocument(text, source, problems);
    if (!document) return result;
    config::JsonReader reader(source, problems);
    const json::object* root = reader.object(*document, "");
    if (!root) return result;
    if (const json::value* format = reader.member(*root, "", "format", true)) {
        const auto value = reader.integer(*format, "format", 1, std::numeric_limits<std::int64_t>::max());
        if (value && *value != kTableDocumentFormat) {
            reader.error("format", "unknown_format",
                         fmt::format("table format {} is not {}, the one this gateway reads", *value, kTableDocumentFormat),
                         "upgrade the gateway, or run a collector of the same release");
        }
    }
    if (const json::value* version = reader.member(*root, "", "version", true)) {
        // 0: a collector nothing was registered with yet (an empty table, still a table).
        if (auto value = reader.integer(*version, "version", 0, std::numeric_limits<std::int64_t>::max())) {
            result.document.version = static_cast<std::uint64_t>(*value);
        }
    }
    if (const json::value* id = reader.member(*root, "", "collector", false)) {
        result.document.collectorId = reader.string(*id, "collector").value_or("");
    }
    if (const json::value* at = reader.member(*root, "", "generated_at", false)) {
        result.document.generatedAt = reader.string(*at, "generated_at").value_or("");
    }
    const json::value* services = reader.member(*root, "", "services", true);
    const json::array* list = services ? reader.array(*services, "services") : nullptr;
    if (!list) return result;
    std::set<std::string> names;
    for (std::size_t i = 0; i < list->size(); ++i) {
        // Problems name the service's place in the document: "services[3].routes[0]...".
        config::ParsedService parsed = config::parseServiceJson((*list)[i], source, limits);
        const std::string prefix = config::indexPath("services", i);
        for (config::Problem& p : parsed.problems) p.path = p.path.empty() ? prefix : prefix + "." + p.path;
        problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
        if (!parsed.ok()) continue;
        if (!names.insert(parsed.service.name).second) {
            reader.error(prefix + ".name", "duplicate_service", fmt::format("service '{}' appears twice", parsed.service.name));
            continue;
        }
        parsed.service.source = fmt::format("collector:{}", parsed.service.name);
        result.document.services.push_back(std::move(parsed.service));
    }
    for (config::Problem& p : config::checkTableLimits(result.document.services, limits, source)) problems.push_back(std::move(p));
    if (const json::value* revisions = root->if_contains("revisions"); revisions && revisions->is_array()) {
        for (const json::value& entry : revisions->as_array()) {
            const json::object* r = entry.if_object();
            const json::value* service = r ? r->if_contains("service") : nullptr;
            const json::value* revision = r ? r->if_contains("revision") : nullptr;
            const json::value* by = r ? r->if_contains("by") : nullptr;
            const json::value* at = r ? r->if_contains("at") : nullptr;
            if (!service || !service->is_string() || !names.contains(std::string(service->as_string())) || !revision ||
                !revision->is_int64() || !by || !by->is_string() || by->as_string().size() > 200 || !at || !at->is_string() ||
                at->as_string().size() > 40) {
                continue;
            }
            result.document.revisions.push_back({std::string(service->as_string()), revision->as_int64(),
                                                 std::string(by->as_string()), std::string(at->as_string())});
        }
    }
    readSwitches(reader, *root, result.document);
    return result;
}

json::object switchesToJson(std::uint64_t switchVersion, const std::vector<FilterSwitchState>& switches) {
    json::array list;
    for (const FilterSwitchState& s : switches) {
        list.push_back(json::object{{"name", s.name},
                                    {"enabled", s.enabled},
                                    {"changed_by", s.changedBy},
                                    {"changed_at", s.changedAt},
                                    {"reason", s.reason},
                                    {"version", s.version}});
    }
    return json::object{{"version", switchVersion}, {"filters", std::move(list)}};
}

json::object makeTableDocument(std::uint64_t version, const std::string& collectorId, const std::string& generatedAt,
                               const json::array& services, const RouteTable& table, const std::vector<ServiceRevision>& revisions,
                               std::uint64_t switchVersion, const std::vector<FilterSwitchState>& switches) {
    json::object document{{"format", kTableDocumentFormat},
                          {"version", version},
                          {"collector", collectorId},
                          {"generated_at", generatedAt},
                          {"services", services},
                          {"routes", tableToJson(table).as_object()["routes"]}};
    if (!revisions.empty()) {
        json::array list;
        for (const ServiceRevision& r : revisions) {
            list.push_back(json::object{{"service", r.service}, {"revision", r.revision}, {"by", r.by}, {"at", r.at}});
        }
        document["revisions"] = std::move(list);
    }
    if (switchVersion > 0) document["switches"] = switchesToJson(switchVersion, switches);
    return document;
}

} // namespace gatehouse::routing
