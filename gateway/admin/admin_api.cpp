#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "admin/trail_json.h"
#include "state/metrics_page.h"
#include "http/http_head.h"
#include "core/routing/explain.h"
#include "core/routing/route_json.h"
#include "filters/filter_services.h"
#include "filters/rails_session.h"
#include "common/text_util.h"
#include "state/gateway_state.h"
#include "http/local_reply.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <limits>
#include <sstream>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

// Sets `value` at a dotted path ("rate_limit.counters"), creating the objects on the way.
void setAtPath(json::object& root, std::string_view path, std::uint64_t value) {
    json::object* at = &root;
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
        json::value& next = (*at)[path.substr(0, dot)];
        if (!next.is_object()) next = json::object{};
        at = &next.as_object();
        path.remove_prefix(dot + 1);
    }
    (*at)[path] = value;
}

const char* roleName(AdminRole role) { return role == AdminRole::admin ? "admin" : "viewer"; }

AdminResponse ok(const json::value& body) { return apiOk(body); }

AdminResponse methodNotAllowed(std::string_view allowed) { return apiMethodNotAllowed(allowed); }

} // namespace

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
        {"GET", "/healthz", A::open, [](AdminApi&, const Call&) { return ok(json::object{{"status", "ok"}}); }},
        {"GET", "/readyz", A::open, [](AdminApi& api, const Call&) { return api.readiness(); }},
        {"GET", "/metrics", A::open, [](AdminApi& api, const Call&) {
             return AdminResponse{200, renderMetrics(api.state_), {}, "text/plain; version=0.0.4; charset=utf-8"};
         }},
        {"GET", "/api/v1/whoami", A::viewer, [](AdminApi&, const Call& c) { // the console shows admin controls only to admins
             return ok(json::object{{"name", c.who->name}, {"role", roleName(c.who->role)}});
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
        {"GET", "/api/v1/table", A::viewer, [](AdminApi& api, const Call&) { return ok(api.tableSourceJson()); }},
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

AdminResponse AdminApi::defaultFilters() const {
    const auto persisted = store_ ? store_->switches() : std::map<std::string, AdminStore::Switch>{};
    json::array list;
    for (const auto& toggle : state_.filters->switches) {
        json::object item{{"name", toggle->name}, {"phase", toggle->phase}, {"enabled", toggle->enabled.load()}};
        if (auto it = persisted.find(toggle->name); it != persisted.end()) {
            item["changed_by"] = it->second.changedBy;
            item["changed_at"] = it->second.changedAt;
            item["reason"] = it->second.reason;
        } else {
            item["changed_by"] = nullptr;
            item["changed_at"] = nullptr;
            item["reason"] = nullptr;
        }
        list.push_back(std::move(item));
    }
    return ok(json::object{{"default_filters", std::move(list)}});
}

AdminResponse AdminApi::setDefaultFilter(const std::string& name, const AdminToken& who, const std::string& body) {
    filters::FilterSwitch* toggle = state_.filters->findSwitch(name);
    if (!toggle) return adminError(404, "not_found", fmt::format("'{}' is not one of the gateway's default filters", name));
    boost::system::error_code ec;
    const json::value document = json::parse(body, ec);
    const json::object* obj = ec ? nullptr : document.if_object();
    const json::value* enabled = obj ? obj->if_contains("enabled") : nullptr;
    const json::value* reason = obj ? obj->if_contains("reason") : nullptr;
    if (!enabled || !enabled->is_bool()) return adminError(400, "bad_request", "body: 'enabled' must be true or false");
    if (!reason || !reason->is_string() || reason->as_string().empty() || reason->as_string().size() > 500) {
        return adminError(400, "bad_request", "body: 'reason' must say why, in 1 to 500 characters");
    }
    if (!store_) return adminError(503, "store_unavailable", "the state database could not be opened; see the gateway log");
    auto saved = store_->setSwitch(name, enabled->as_bool(), who.name, roleName(who.role), std::string(reason->as_string()));
    if (!saved) return adminError(500, "store_failed", fmt::format("the change was not saved: {}", saved.error()));
    toggle->enabled.store(saved->enabled); // only once durable: a restart shows what the API said
    spdlog::warn("admin: {} ({}) {} default filter {}: {}", who.name, roleName(who.role),
                 saved->enabled ? "enabled" : "disabled", name, printable(saved->reason));
    return ok(json::object{{"name", name}, {"phase", toggle->phase}, {"enabled", saved->enabled},
                           {"changed_by", saved->changedBy}, {"changed_at", saved->changedAt}, {"reason", saved->reason}});
}

AdminResponse AdminApi::filterStats() const {
    json::array list;
    for (const auto& stats : state_.filters->stats.all()) {
        json::object decisions;
        for (std::size_t d = 0; d < stats->decisions.size(); ++d) {
            decisions[filters::decisionName(static_cast<filters::Decision>(d))] = stats->decisions[d].load();
        }
        list.push_back(json::object{{"service", stats->service},
                                    {"route", stats->routeIndex},
                                    {"filter", stats->filter},
                                    {"phase", stats->phase},
                                    {"mode", config::filterModeName(stats->mode)},
                                    {"default", stats->isDefault},
                                    {"decisions", std::move(decisions)},
                                    {"shadow_mismatches", stats->shadowMismatches.load()}});
    }
    json::object glue;
    for (const auto& health : state_.filters->glue.all()) glue[health->name()] = health->failures();
    json::object body{{"filters", std::move(list)}, {"glue_failures", std::move(glue)}};
    for (const filters::FilterStat& stat : state_.filters->report()) setAtPath(body, stat.apiPath, stat.value);
    body["trail"] = state_.trail ? json::value(json::object{{"written", state_.trail->written()},
                                                             {"dropped", state_.trail->dropped()},
                                                             {"queued", state_.trail->queued()}})
                                 : json::value(nullptr);
    return ok(std::move(body));
}

// Query parameters are read by QueryParams: an unknown or bad one is a 400 that names it.
namespace {

struct TrailWindow {
    std::optional<std::int64_t> from, to;
    std::string service;
};

std::expected<TrailWindow, AdminResponse> trailWindow(const QueryParams& params) {
    TrailWindow window;
    auto from = params.integer("from", 0, std::numeric_limits<std::int64_t>::max());
    if (!from) return std::unexpected(from.error());
    auto to = params.integer("to", 0, std::numeric_limits<std::int64_t>::max());
    if (!to) return std::unexpected(to.error());
    window.from = *from;
    window.to = *to;
    window.service = params.decoded("service").value_or("");
    return window;
}

std::optional<int> asInt(std::optional<std::int64_t> value) {
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

} // namespace

AdminResponse AdminApi::trailSummary(TrailReader& reader, const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "from", "to", "status_class"});
    if (!params) return params.error();
    auto window = trailWindow(*params);
    if (!window) return window.error();
    auto statusClass = params->integer("status_class", 1, 5);
    if (!statusClass) return statusClass.error();
    return {200, trailSummaryJson(reader.summary(window->service, window->from, window->to, asInt(*statusClass))), {}};
}

AdminResponse AdminApi::trailRecord(TrailReader& reader, const std::string& requestId) {
    auto record = reader.byRequestId(requestId);
    if (!record) return adminError(404, "not_found", fmt::format("no request '{}' in the trail", printable(requestId)));
    return {200, json::serialize(trailRowJson(*record)), {}};
}

AdminResponse AdminApi::trailList(TrailReader& reader, const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "route", "status", "status_class", "termination", "user", "from", "to", "limit", "cursor"});
    if (!params) return params.error();
    auto window = trailWindow(*params);
    if (!window) return window.error();
    std::optional<std::int64_t> status, statusClass, limit, cursor;
    struct Range {
        std::string_view key;
        std::int64_t min, max;
        std::optional<std::int64_t>* out;
    };
    for (const Range& r : {Range{"status", 100, 599, &status}, Range{"status_class", 1, 5, &statusClass}, Range{"limit", 1, 1000, &limit},
                           Range{"cursor", 1, std::numeric_limits<std::int64_t>::max(), &cursor}}) {
        auto value = params->integer(r.key, r.min, r.max);
        if (!value) return value.error();
        *r.out = *value;
    }
    TrailReader::Query q;
    q.service = window->service;
    q.route = params->decoded("route").value_or("");
    q.termination = params->raw("termination");
    q.user = params->decoded("user").value_or("");
    q.fromMs = window->from;
    q.toMs = window->to;
    q.status = asInt(status);
    q.statusClass = asInt(statusClass);
    q.limit = static_cast<std::size_t>(limit.value_or(100));
    q.cursor = cursor;
    return {200, trailPageJson(reader.list(q)), {}};
}

// The ordered table in use, and "why did this request go there?" against it.
AdminResponse AdminApi::routes(std::string_view path, const std::string& query) const {
    const auto snapshot = state_.snapshot.load();
    if (!snapshot) return adminError(503, "no_table", "the gateway has no routing table yet");
    if (path == "/api/v1/routes") {
        json::value table = routing::tableToJson(*snapshot->table);
        table.as_object()["version"] = snapshot->version;
        table.as_object()["source"] = tableSourceJson();
        return ok(table);
    }
    auto params = QueryParams::parse(query, {"method", "host", "path"});
    if (!params) return params.error();
    const auto method = params->decoded("method");
    const auto host = params->decoded("host");
    const auto target = params->decoded("path");
    if (!method || method->empty()) return adminError(400, "bad_request", "'method' is required (GET, POST, ...)");
    if (!host) return adminError(400, "bad_request", "'host' is not URL-encoded properly");
    if (!target || target->empty() || target->front() != '/') {
        return adminError(400, "bad_request", "'path' is required and must start with '/'");
    }
    json::value explanation = routing::explanationToJson(routing::explainRequest(*snapshot->table, *method, *host, *target));
    explanation.as_object()["version"] = snapshot->version;
    return ok(explanation);
}

// Where the table in use came from and how current it is.
json::object AdminApi::tableSourceJson() const {
    const TableSourceStatus& status = state_.tableSource;
    const std::int64_t now = epochMs();
    json::object out{{"source", tableSourceName(status.source.load())},
                      {"version", state_.tableVersion.load()},
                      {"staleness_seconds", status.stalenessSeconds(now)}};
    if (!status.collectorUrl.empty()) {
        const std::int64_t currentAt = status.currentAtMs.load();
        out["collector"] = json::object{
            {"url", status.collectorUrl},
            {"version", status.collectorVersion.load()},
            {"reachable", status.collectorReachable.load()},
            {"current_at_ms", currentAt > 0 ? json::value(currentAt) : json::value(nullptr)},
            {"last_error", status.lastError.empty() ? json::value(nullptr) : json::value(status.lastError)},
            {"polls", json::object{{"changed", status.pollsChanged.load()},
                                   {"unchanged", status.pollsUnchanged.load()},
                                   {"failed", status.pollsFailed.load()},
                                   {"rejected", status.tablesRejected.load()}}},
            {"last_known_good", json::object{{"file", status.lastKnownGoodFile},
                                             {"writes", status.lastKnownGoodWrites.load()},
                                             {"write_failures", status.lastKnownGoodWriteFailures.load()}}}};
    }
    return out;
}

AdminResponse AdminApi::alerts(const std::string& query) const {
    auto params = QueryParams::parse(query, {"state"});
    if (!params) return params.error();
    const std::string state = params->raw("state");
    if (!state.empty() && state != "pending" && state != "firing" && state != "resolved") {
        return adminError(400, "bad_request", "'state' must be pending, firing or resolved");
    }
    json::array alerts = alerts_ ? alerts_->list(state) : json::array{};
    const auto infos = describeThresholds(state_.config.thresholds);
    for (json::value& alert : alerts) { // what it means and what to check first, with every alert
        // A copy: adding members below may move the object's storage, and the rule with it.
        const std::string rule(alert.at("rule").as_string());
        for (const ThresholdInfo& info : infos) {
            if (info.key == rule) {
                alert.as_object()["meaning"] = info.meaning;
                alert.as_object()["hint"] = info.hint;
            }
        }
    }
    json::array history;
    if (store_) {
        for (const AdminStore::AlertChange& change : store_->alertHistory(100)) {
            history.push_back(json::object{{"id", change.id}, {"at", change.at}, {"service", change.service}, {"rule", change.rule},
                                           {"severity", change.severity}, {"state", change.state}});
        }
    }
    return ok(json::object{{"alerts", std::move(alerts)}, {"history", std::move(history)}});
}

AdminResponse AdminApi::acknowledge(const AdminToken& who, const std::string& body) {
    boost::system::error_code ec;
    const json::value document = json::parse(body, ec);
    const json::object* obj = ec ? nullptr : document.if_object();
    auto text = [&](std::string_view key) -> std::optional<std::string> {
        const json::value* v = obj ? obj->if_contains(key) : nullptr;
        if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 500) return std::nullopt;
        return std::string(v->as_string());
    };
    const auto service = text("service"), rule = text("rule"), note = text("note");
    if (!service || !rule) return adminError(400, "bad_request", "body: 'service' and 'rule' name the alert");
    if (!note) return adminError(400, "bad_request", "body: 'note' must say what is being done, in 1 to 500 characters");
    if (!alerts_) return adminError(503, "alerts_unavailable", "alerts are not evaluated by this gateway");
    if (!store_) return adminError(503, "store_unavailable", "the state database could not be opened; see the gateway log");
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (!alerts_->isOpen(*service, *rule)) {
        return adminError(404, "not_found", fmt::format("no pending or firing alert {} for '{}'", printable(*rule), printable(*service)));
    }
    // Audited first: an acknowledgement that is not in the audit log did not happen.
    const std::string target = *service + "/" + *rule;
    if (auto saved = store_->recordAudit(who.name, roleName(who.role), "alert.acknowledge", target,
                                         json::serialize(json::object{{"note", *note}}));
        !saved) {
        return adminError(500, "store_failed", fmt::format("the acknowledgement was not saved: {}", saved.error()));
    }
    alerts_->acknowledge(*service, *rule, who.name, *note, now);
    return ok(json::object{{"service", *service}, {"rule", *rule}, {"acknowledged", json::object{{"by", who.name}, {"note", *note}, {"at_ms", now}}}});
}

AdminResponse AdminApi::thresholds() const {
    json::array list;
    for (const ThresholdInfo& t : describeThresholds(state_.config.thresholds)) {
        list.push_back(json::object{{"key", t.key}, {"warning", t.warning}, {"critical", t.critical}, {"unit", t.unit},
                                    {"meaning", t.meaning}, {"hint", t.hint}});
    }
    const Thresholds& t = state_.config.thresholds;
    return ok(json::object{{"thresholds", std::move(list)}, {"window_seconds", t.windowSeconds}, {"min_requests", t.minRequests},
                           {"flapping_window_seconds", t.flappingWindowSeconds}});
}

namespace {
// Each destination's health now, since when, and its recent changes (newest first).
json::array destinationDetail(const std::vector<std::shared_ptr<DestinationHealth>>& destinations, const Thresholds& t,
                              std::int64_t nowMs) {
    json::array detail;
    for (const auto& d : destinations) {
        const DestinationHealth::Report report = d->report();
        const auto lastCheck = std::chrono::duration_cast<std::chrono::seconds>(report.lastCheck.time_since_epoch()).count();
        json::array history;
        for (const DestinationHealth::HealthChange& change : d->history()) {
            history.push_back(json::object{{"at_ms", change.atMs}, {"healthy", change.healthy}, {"reason", change.why}});
        }
        const std::size_t changes = d->changesSince(nowMs - t.flappingWindowSeconds * 1000);
        const std::int64_t since = d->changedAtMs();
        detail.push_back(json::object{{"address", d->address},
                                      {"healthy", d->healthy.load()},
                                      {"since_ms", since ? json::value(since) : json::value(nullptr)},
                                      {"flapping", static_cast<std::int64_t>(changes) >= t.flappingChanges},
                                      {"changes_in_window", changes},
                                      {"history", std::move(history)},
                                      {"last_result", report.lastResult},
                                      {"last_check", lastCheck > 0 ? json::value(lastCheck) : json::value(nullptr)},
                                      {"consecutive_failures", report.consecutiveFailures},
                                      {"consecutive_successes", report.consecutiveSuccesses}});
    }
    return detail;
}
} // namespace

// Every service of the table at a glance (worst first), or one with its destinations.
AdminResponse AdminApi::services(const std::string& only) const {
    const auto snapshot = state_.snapshot.load();
    if (!snapshot) return adminError(503, "no_table", "the gateway has no routing table yet");
    const Thresholds& t = state_.config.thresholds;
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto optional = [](const auto& value) -> json::value { return value ? json::value(*value) : json::value(nullptr); };
    json::array list;
    for (const config::ServiceConfig& service : snapshot->table->services()) {
        if (!only.empty() && service.name != only) continue;
        const auto& destinations = *snapshot->destinations(&service);
        const DestinationCounts counts = countDestinations(destinations, t, now * 1000);
        const ServiceSeries* series = state_.series.find(service.name);
        const SeriesRing::Totals totals = series ? series->hour.totals(now, t.windowSeconds) : SeriesRing::Totals{};
        const ServiceAssessment a = assessService(totals, t, service.timeoutSeconds, counts);
        json::array reasons;
        for (const std::string& reason : a.reasons) reasons.push_back(json::string(reason));
        json::object item{{"name", service.name},
                          {"status", serviceStatusName(a.status)},
                          {"reasons", std::move(reasons)},
                          {"request_rate", a.requestRate},
                          {"enough_traffic", a.enoughTraffic},
                          {"error_ratio", optional(a.errorRatio)},
                          {"gateway_failure_ratio", optional(a.gatewayFailureRatio)},
                          {"p99_ms", optional(a.p99Ms)},
                          {"requests", totals.requests},
                          {"status_5xx", totals.status5xx},
                          {"service_5xx", totals.service5xx},
                          {"gateway_failures", totals.gatewayFailures},
                          {"timeout_seconds", service.timeoutSeconds},
                          {"destinations", json::object{{"healthy", counts.healthy}, {"total", counts.total}, {"flapping", counts.flapping}}}};
        // The last 5 minutes in 10 s buckets, for the fleet's sparklines.
        const SeriesRing::Recent recent = series ? series->hour.recent(now, 30) : SeriesRing::Recent{};
        item["spark"] = json::object{{"bucket_seconds", 10},
                                     {"requests", json::array(recent.requests.begin(), recent.requests.end())},
                                     {"errors", json::array(recent.errors.begin(), recent.errors.end())}};
        if (!only.empty()) {
            item["destination_detail"] = destinationDetail(destinations, t, now * 1000);
            item["active_health_check"] = service.healthCheck.has_value();
            item["thresholds"] = json::object{{"error_ratio", json::object{{"warning", t.errorRatioWarning}, {"critical", t.errorRatioCritical}}},
                                              {"gateway_failure_ratio", json::object{{"warning", t.gatewayFailureRatioWarning},
                                                                                     {"critical", t.gatewayFailureRatioCritical}}},
                                              {"p99_latency_ms", json::object{{"warning", t.p99TimeoutWarning * service.timeoutSeconds * 1000},
                                                                              {"critical", t.p99TimeoutCritical * service.timeoutSeconds * 1000}}},
                                              {"min_requests", t.minRequests},
                                              {"window_seconds", t.windowSeconds},
                                              {"flapping_changes", t.flappingChanges},
                                              {"flapping_window_seconds", t.flappingWindowSeconds}};
            return ok(item);
        }
        list.push_back(std::move(item));
    }
    if (!only.empty()) return adminError(404, "not_found", fmt::format("no service '{}' in the table", printable(only)));
    std::stable_sort(list.begin(), list.end(), [](const json::value& a, const json::value& b) {
        auto rank = [](const json::value& v) {
            const std::string_view s = v.at("status").as_string();
            return s == "red" ? 0 : s == "amber" ? 1 : s == "idle" ? 2 : 3;
        };
        return rank(a) < rank(b);
    });
    return ok(json::object{{"services", std::move(list)}, {"window_seconds", t.windowSeconds}, {"table_version", snapshot->version}});
}

// A service's dashboard series: ?window=1h (10 s buckets) or 24h (1 min buckets).
AdminResponse AdminApi::series(const std::string& service, const std::string& query) const {
    auto params = QueryParams::parse(query, {"window"});
    if (!params) return params.error();
    const std::string window = params->raw("window").empty() ? "1h" : params->raw("window");
    if (window != "1h" && window != "24h") return adminError(400, "bad_request", "'window' must be 1h or 24h");
    const auto snapshot = state_.snapshot.load();
    const config::ServiceConfig* config = snapshot ? snapshot->table->findService(service) : nullptr;
    const ServiceSeries* series = state_.series.find(service);
    if (!config && !series) return adminError(404, "not_found", fmt::format("no service '{}'", printable(service)));
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    static const ServiceSeries kEmpty; // a service without traffic yet: zeros
    const SeriesRing& ring = window == "1h" ? (series ? series : &kEmpty)->hour : (series ? series : &kEmpty)->day;
    json::object health{{"healthy", 0}, {"total", 0}};
    if (config) {
        const DestinationCounts counts = countDestinations(*snapshot->destinations(config), state_.config.thresholds, now * 1000);
        health = {{"healthy", counts.healthy}, {"total", counts.total}, {"flapping", counts.flapping}};
    }
    return ok(json::object{{"service", service}, {"window", window}, {"bucket_seconds", ring.slotSeconds()},
                           {"points", ring.points(now)}, {"destinations", std::move(health)}});
}

namespace {
// The admin store's timestamps ("2026-12-01T10:43:18.058Z") as epoch ms; 0 if not one.
std::int64_t isoToEpochMs(const std::string& text) {
    const auto at = parseIso8601(text);
    return at ? std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count() : 0;
}
} // namespace

AdminResponse AdminApi::annotations(const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "from_ms"});
    if (!params) return params.error();
    auto fromMs = params->integer("from_ms", 0, std::numeric_limits<std::int64_t>::max());
    if (!fromMs) return fromMs.error();
    const std::string service = params->raw("service");
    const std::int64_t from = fromMs->value_or(0);
    json::array out = state_.tableChanges.annotations(from, service);
    if (store_) {
        for (const AdminStore::AuditEntry& entry : store_->audit(200)) {
            const std::int64_t at = isoToEpochMs(entry.at);
            if (at < from || !entry.action.starts_with("default_filter.")) continue;
            boost::system::error_code ec;
            const json::value detail = json::parse(entry.detail, ec);
            const json::value* reason = !ec && detail.is_object() ? detail.as_object().if_contains("reason") : nullptr;
            const bool off = entry.action == "default_filter.disable";
            out.push_back(json::object{
                {"at_ms", at},
                {"kind", "filter_switch"},
                {"filter", entry.target},
                {"enabled", !off},
                {"actor", entry.actor},
                {"title", fmt::format("{} switched {} by {}{}", entry.target, off ? "off" : "on", entry.actor,
                                      reason && reason->is_string() ? fmt::format(": {}", std::string_view(reason->as_string())) : "")}});
        }
        for (const AdminStore::AlertChange& change : store_->alertHistory(500)) {
            const std::int64_t at = isoToEpochMs(change.at);
            if (at < from || (!service.empty() && change.service != service)) continue;
            out.push_back(json::object{{"at_ms", at},
                                       {"kind", "alert"},
                                       {"service", change.service},
                                       {"rule", change.rule},
                                       {"severity", change.severity},
                                       {"state", change.state},
                                       {"title", fmt::format("{} {} ({}) {}", change.service, change.rule, change.severity, change.state)}});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const json::value& a, const json::value& b) {
        return a.at("at_ms").to_number<std::int64_t>() < b.at("at_ms").to_number<std::int64_t>();
    });
    return ok(json::object{{"annotations", std::move(out)}});
}

AdminResponse AdminApi::audit(const std::string& query) const {
    auto params = QueryParams::parse(query, {"limit"});
    if (!params) return params.error();
    auto requested = params->integer("limit", 1, 10000);
    if (!requested) return requested.error();
    const auto limit = static_cast<std::size_t>(requested->value_or(100));
    json::array list;
    if (store_) {
        for (const AdminStore::AuditEntry& entry : store_->audit(limit)) {
            boost::system::error_code ec;
            json::value detail = json::parse(entry.detail, ec);
            list.push_back(json::object{{"id", entry.id}, {"at", entry.at}, {"actor", entry.actor}, {"role", entry.role},
                                        {"action", entry.action}, {"target", entry.target},
                                        {"detail", ec ? json::value(entry.detail) : std::move(detail)}});
        }
    }
    return ok(json::object{{"audit", std::move(list)}});
}

} // namespace gatehouse::gateway
