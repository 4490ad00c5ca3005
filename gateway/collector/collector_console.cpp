// What the console reads of the collector itself, beside the fleet's fan-out: who a
// token is, the ordered table the gateways follow and "why this route?" against it.
#include "collector/collector_api.h"

#include "core/routing/explain.h"
#include "core/routing/route_json.h"

#include <boost/json.hpp>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {
constexpr std::string_view kRealm = "gatehouse-collector";
}

// Without tokens (a read-only collector) the caller is nobody in particular, a viewer.
ApiResponse CollectorApi::whoami(const CollectorToken* who) const {
    json::array services;
    if (who) {
        for (const std::string& s : who->services) services.push_back(json::string(s));
    }
    return apiOk(json::object{{"name", who ? who->name : std::string("anonymous")},
                              {"role", who ? who->roleName() : "viewer"},
                              {"services", std::move(services)}});
}

// As a gateway's /api/v1/routes, for the table this collector publishes.
ApiResponse CollectorApi::orderedTable() const {
    json::value table = routing::tableToJson(registry_.table());
    table.as_object()["version"] = registry_.version();
    table.as_object()["source"] = json::object{{"source", "collector"}, {"version", registry_.version()}, {"staleness_seconds", 0}};
    return apiOk(table);
}

ApiResponse CollectorApi::explain(const ApiRequest& request) const {
    auto asked = parseExplainQuery(request.query, kRealm);
    if (!asked) return asked.error();
    json::value explanation = routing::explanationToJson(routing::explainRequest(registry_.table(), asked->method, asked->host, asked->path));
    explanation.as_object()["version"] = registry_.version();
    return apiOk(explanation);
}

} // namespace gatehouse::gateway
