#include "core/routing/route_json.h"

#include <boost/json.hpp>

namespace gatehouse::routing {
namespace json = boost::json;

namespace {

json::array stringArray(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

json::array filtersToJson(const std::vector<config::FilterRef>& filters) {
    json::array out;
    for (const auto& filter : filters) {
        json::object params;
        for (const auto& param : filter.params) {
            const std::string& name = param.first; // not a structured binding: clang 14 (the fuzz build) cannot capture one
            std::visit([&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::vector<std::string>>) params[name] = stringArray(v);
                else params[name] = v;
            }, param.second);
        }
        out.push_back(json::object{{"name", filter.name}, {"mode", config::filterModeName(filter.mode)},
                                   {"params", std::move(params)}});
    }
    return out;
}

json::object entryHeader(const RouteEntry& entry) {
    return json::object{{"position", static_cast<std::int64_t>(entry.position)},
                        {"service", entry.serviceName()},
                        {"route_index", static_cast<std::int64_t>(entry.routeIndex)},
                        {"path", entry.pattern.source}};
}

} // namespace

std::string describeFilter(const config::FilterRef& filter) {
    return filter.mode == config::FilterMode::shadow ? filter.name + " (shadow)" : filter.name;
}

json::value problemsToJson(const config::Problems& problems) {
    json::array out;
    for (const auto& p : problems) {
        json::object item{{"file", p.file},         {"path", p.path},
                          {"code", p.code},         {"message", p.message},
                          {"severity", config::severityName(p.severity)}};
        if (!p.hint.empty()) item["hint"] = p.hint;
        out.push_back(std::move(item));
    }
    return out;
}

json::value validationToJson(const config::Problems& problems) {
    return json::object{{"valid", !config::hasErrors(problems)}, {"problems", problemsToJson(problems)}};
}

json::value tableToJson(const RouteTable& table) {
    json::array routes;
    for (const RouteEntry& entry : table.entries()) {
        json::object row = entryHeader(entry);
        row["path_index"] = static_cast<std::int64_t>(entry.pathIndex);
        row["hosts"] = stringArray(entry.route().hosts);
        row["methods"] = stringArray(entry.route().methods);
        row["kind"] = pathKindName(entry.pattern.kind);
        row["before_filters"] = filtersToJson(entry.route().beforeFilters);
        row["after_filters"] = filtersToJson(entry.route().afterFilters);
        routes.push_back(std::move(row));
    }
    return json::object{{"services", static_cast<std::int64_t>(table.services().size())}, {"routes", std::move(routes)}};
}

json::value explanationToJson(const Explanation& explanation) {
    json::object out{{"request", json::object{{"method", explanation.method},
                                              {"host", explanation.host},
                                              {"path", explanation.path}}}};
    if (explanation.winner) {
        json::object winner = entryHeader(*explanation.winner->entry);
        json::object params;
        for (const auto& [name, value] : explanation.winner->params) params[name] = value;
        winner["params"] = std::move(params);
        out["winner"] = std::move(winner);
    } else {
        out["winner"] = nullptr;
    }
    json::array candidates;
    for (const Candidate& candidate : explanation.candidates) {
        json::object item = entryHeader(*candidate.entry);
        item["verdict"] = verdictName(candidate.verdict);
        item["reason"] = candidate.reason;
        if (candidate.decidedBy) {
            item["precedence_step"] = static_cast<int>(*candidate.decidedBy);
            item["precedence_rule"] = precedenceStepName(*candidate.decidedBy);
        }
        candidates.push_back(std::move(item));
    }
    out["candidates"] = std::move(candidates);
    return out;
}

} // namespace gatehouse::routing
