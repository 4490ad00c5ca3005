#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "common/text_util.h"
#include "http/http_head.h"
#include "state/gateway_state.h"
#include "state/metrics_page.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

AdminResponse methodNotAllowed(std::string_view allowed) { return apiMethodNotAllowed(allowed); }

} // namespace

const char* adminRoleName(AdminRole role) { return role == AdminRole::admin ? "admin" : "viewer"; }

AdminResponse adminError(int status, std::string_view id, std::string_view message) {
    return apiError(status, id, message, "gatehouse-admin");
}

std::expected<std::vector<AdminToken>, std::string> loadAdminTokens(const std::string& file) {
    auto records = loadTokenFile(file);
    if (!records) return std::unexpected(records.error());
    std::vector<AdminToken> tokens;
    for (TokenRecord& record : *records) {
        const json::value fields = json::parse(record.fieldsJson);
        const json::value* role = fields.as_object().if_contains("role");
        const std::string name = role && role->is_string() ? std::string(role->as_string()) : std::string();
        if (name != "viewer" && name != "admin") {
            return std::unexpected(fmt::format("{}: {}.role: '{}' is not viewer or admin", file, record.path, name));
        }
        tokens.push_back({record.name, name == "admin" ? AdminRole::admin : AdminRole::viewer, std::move(record.tokenSha256)});
    }
    return tokens;
}

const AdminToken* AdminApi::authenticate(const AdminRequest& request) const {
    std::vector<std::string> digests;
    for (const AdminToken& token : tokens_) digests.push_back(token.tokenSha256);
    const std::optional<std::size_t> found = findBearer(request.authorization, digests);
    return found ? &tokens_[*found] : nullptr;
}

// Who may call a route: anyone (probes and scrapers: the listener binds loopback by
// default), any known token, or an admin token.
enum class AdminAccess { open, viewer, admin };

// One request as a handler sees it: who asks and what the pattern captured.
struct AdminApi::Call {
    const AdminRequest& request;
    const AdminToken* who; // null on open routes
    std::vector<std::string> captures;
};

struct AdminApi::Route {
    std::string_view method;
    EndpointPattern pattern;
    AdminAccess access;
    AdminResponse (*handler)(AdminApi&, const Call&) = nullptr;
    // Trail routes run on the trail's query threads and read only their reader.
    AdminResponse (*onQueries)(const AdminApi&, TrailReader&, const Call&) = nullptr;
    std::string_view adminFor = {}; // what needs the admin role, for the 403
};

// Every endpoint of the admin listener, in the order they are matched (docs/admin-api.md).
const std::vector<AdminApi::Route>& AdminApi::routes() {
    using A = AdminAccess;
    static const std::vector<Route> table = {
        {"GET", "/healthz", A::open, [](AdminApi&, const Call&) { return apiOk(json::object{{"status", "ok"}}); }},
        {"GET", "/readyz", A::open, [](AdminApi& api, const Call&) { return api.readiness(); }},
        {"GET", "/metrics", A::open, [](AdminApi& api, const Call&) {
             return AdminResponse{200, renderMetrics(api.state_), {}, "text/plain; version=0.0.4; charset=utf-8"};
         }},
        {"GET", "/api/v1/whoami", A::viewer, [](AdminApi&, const Call& c) { // the console shows admin controls only to admins
             return apiOk(json::object{{"name", c.who->name}, {"role", adminRoleName(c.who->role)}});
         }},
        {"GET", "/api/v1/security/filters", A::viewer, [](AdminApi& api, const Call&) { return api.defaultFilters(); }},
        {"PUT", "/api/v1/security/filters/{name}", A::admin,
         [](AdminApi& api, const Call& c) { return api.setDefaultFilter(c.captures[0], *c.who, c.request.body); }, nullptr,
         "switching filters"},
        {"GET", "/api/v1/filters/stats", A::viewer, [](AdminApi& api, const Call&) { return api.filterStats(); }},
        {"GET", "/api/v1/alerts", A::viewer, [](AdminApi& api, const Call& c) { return api.alerts(c.request.query); }},
        {"POST", "/api/v1/alerts/ack", A::viewer, [](AdminApi& api, const Call& c) { return api.acknowledge(*c.who, c.request.body); }},
        {"GET", "/api/v1/services", A::viewer, [](AdminApi& api, const Call&) { return api.services(""); }},
        {"GET", "/api/v1/services/{name}", A::viewer, [](AdminApi& api, const Call& c) { return api.services(c.captures[0]); }},
        {"GET", "/api/v1/services/{name}/series", A::viewer,
         [](AdminApi& api, const Call& c) { return api.series(c.captures[0], c.request.query); }},
        {"GET", "/api/v1/thresholds", A::viewer, [](AdminApi& api, const Call&) { return api.thresholds(); }},
        {"GET", "/api/v1/table", A::viewer, [](AdminApi& api, const Call&) { return apiOk(api.tableSourceJson()); }},
        {"GET", "/api/v1/routes", A::viewer, [](AdminApi& api, const Call& c) { return api.routes(c.request.path, c.request.query); }},
        {"GET", "/api/v1/routes/explain", A::viewer,
         [](AdminApi& api, const Call& c) { return api.routes(c.request.path, c.request.query); }},
        {"GET", "/api/v1/trail", A::viewer, nullptr,
         [](const AdminApi& api, TrailReader& reader, const Call& c) { return api.trailList(reader, c.request.query); }},
        {"GET", "/api/v1/trail/summary", A::viewer, nullptr,
         [](const AdminApi& api, TrailReader& reader, const Call& c) { return api.trailSummary(reader, c.request.query); }},
        {"GET", "/api/v1/trail/{request_id}", A::viewer, nullptr,
         [](const AdminApi&, TrailReader& reader, const Call& c) { return trailRecord(reader, c.captures[0]); }},
        {"GET", "/api/v1/audit", A::viewer, [](AdminApi& api, const Call& c) { return api.audit(c.request.query); }},
        {"GET", "/api/v1/annotations", A::viewer, [](AdminApi& api, const Call& c) { return api.annotations(c.request.query); }},
    };
    return table;
}

// The route that answers `request` and who asks, or the refusal: 401 without a known
// token (but on open routes and unknown paths outside /api/), 404, 405 with Allow, and
// 403 below the route's role. Refused attempts are logged (not audited: the audit log
// is of changes made).
std::expected<std::pair<const AdminApi::Route*, AdminApi::Call>, AdminResponse> AdminApi::dispatch(const AdminRequest& request) const {
    RouteMatch<Route> match = findRoute(routes(), request.method, request.path);
    const bool open = match.route ? match.route->access == AdminAccess::open : !request.path.starts_with("/api/");
    const AdminToken* who = open ? nullptr : authenticate(request);
    if (!open && !who) {
        spdlog::warn("admin: refused {} {}: {}", request.method, printable(request.path),
                     request.authorization.empty() ? "no token" : "unknown token");
        return std::unexpected(adminError(401, "unauthorized", "the admin API needs 'Authorization: Bearer <token>' with a known token"));
    }
    if (!match.route && !match.allowed.empty()) return std::unexpected(methodNotAllowed(match.allowed));
    if (!match.route) return std::unexpected(adminError(404, "not_found", fmt::format("no admin endpoint {}", printable(request.path))));
    if (match.route->access == AdminAccess::admin && who->role != AdminRole::admin) {
        spdlog::warn("admin: refused {} {} to {} (viewer role)", request.method, printable(request.path), who->name);
        return std::unexpected(
            adminError(403, "forbidden", fmt::format("'{}' has the viewer role; {} needs admin", who->name, match.route->adminFor)));
    }
    return std::pair{match.route, Call{request, who, std::move(match.captures)}};
}

AdminResponse AdminApi::handle(const AdminRequest& request) {
    auto dispatched = dispatch(request);
    if (!dispatched) return dispatched.error();
    const auto& [route, call] = *dispatched;
    if (!route->handler) return adminError(503, "trail_unavailable", "trail queries are answered by the admin listener only");
    return route->handler(*this, call);
}

boost::asio::awaitable<AdminResponse> AdminApi::handleAsync(AdminRequest request) {
    auto dispatched = dispatch(request);
    if (!dispatched) co_return dispatched.error();
    const Route* route = dispatched->first;
    if (route->handler) co_return route->handler(*this, dispatched->second);
    if (!trail_) co_return adminError(503, "trail_unavailable", "the trail is off or its database could not be opened");
    // Named, not a temporary inside the co_await: GCC 12 mishandles temporaries there.
    TrailQueries::Job job = [this, route, request = std::move(request), who = dispatched->second.who,
                             captures = dispatched->second.captures](TrailReader& reader) {
        return route->onQueries(*this, reader, Call{request, who, captures});
    };
    ApiResponse answer = co_await trail_->run(std::move(job));
    co_return answer;
}

// Ready: it has a table and is not draining. Two versions, named apart: operators
// compare the collector's with the registry.
AdminResponse AdminApi::readiness() const {
    const auto snapshot = state_.snapshot.load();
    const auto table = snapshot ? snapshot->table : nullptr;
    const bool draining = state_.draining.load();
    const bool ready = table && !draining;
    const TableSourceStatus& source = state_.tableSource;
    const bool followsCollector = !source.collectorUrl.empty() && source.collectorVersion.load() > 0;
    return apiOk(json::object{{"status", ready ? "ready" : draining ? "draining" : "no_table"},
                              {"table_version", state_.tableVersion.load()},
                              {"collector_version", followsCollector ? json::value(source.collectorVersion.load()) : json::value(nullptr)},
                              {"table_source", tableSourceName(source.source.load())},
                              {"routes", table ? table->entries().size() : 0}},
                 ready ? 200 : 503);
}

} // namespace gatehouse::gateway
