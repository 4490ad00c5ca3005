#include "core/validation/table_document.h"

#include "core/config/json_document.h"
#include "core/config/json_reader.h"
#include "core/validation/service_parser.h"
#include "core/routing/route_json.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <limits>
#include <set>

namespace gatehouse::routing {
namespace json = boost::json;

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
    return result;
}

json::object makeTableDocument(std::uint64_t version, const std::string& collectorId, const std::string& generatedAt,
                               const json::array& services, const RouteTable& table, const std::vector<ServiceRevision>& revisions) {
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
    return document;
}

} // namespace gatehouse::routing
