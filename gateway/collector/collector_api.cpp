#include "collector/collector_api.h"

#include "core/validation/service_parser.h"
#include "common/clock.h"
#include "observe/metric_family.h"
#include "core/routing/route_json.h"
#include "http/local_reply.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/rand.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>

namespace gatehouse::gateway {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::string_view kRealm = "gatehouse-collector";
constexpr std::string_view kServices = "/v1/services/";
constexpr std::string_view kFleetServices = "/v1/fleet/services/";
constexpr std::int64_t kMaxWaitSeconds = 300;

json::value revisionJson(const CollectorStore::Revision& r, bool withConfig) {
    json::object out{{"revision", r.revision},       {"action", r.action},         {"version", r.version},
                     {"created_by", r.createdBy},    {"created_at", r.createdAt}};
    if (r.rolledBackTo) out["rolled_back_to"] = *r.rolledBackTo;
    if (withConfig) out["config"] = r.config ? json::parse(*r.config) : json::value(nullptr);
    return out;
}

json::array conflictsJson(const std::vector<RouteRegistry::Conflict>& conflicts) {
    json::array out;
    for (const auto& c : conflicts) {
        out.push_back(json::object{
            {"route", c.route}, {"path", c.path}, {"owner", c.owner}, {"owner_route", c.ownerRoute}, {"kind", c.kind}});
    }
    return out;
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

bool truthy(std::string_view value) { return value == "1" || value == "true"; }

// The result label of gatehouse_collector_changes_total.
std::string_view verdictName(RouteRegistry::Verdict verdict, bool dryRun) {
    using Verdict = RouteRegistry::Verdict;
    switch (verdict) {
    case Verdict::accepted: return dryRun ? "dry_run" : "accepted";
    case Verdict::unchanged: return "unchanged";
    case Verdict::invalid: return "invalid";
    case Verdict::conflict: return "conflict";
    case Verdict::notFound: return "not_found";
    case Verdict::storeUnavailable: return "store_unavailable";
    case Verdict::stale:
    case Verdict::storeFailed: break;
    }
    return "store_failed";
}

} // namespace

bool CollectorToken::owns(const std::string& service) const {
    return std::find(services.begin(), services.end(), service) != services.end() ||
           std::find(services.begin(), services.end(), "*") != services.end();
}

std::expected<std::vector<CollectorToken>, std::string> loadCollectorTokens(const std::string& file) {
    auto records = loadTokenFile(file);
    if (!records) return std::unexpected(records.error());
    std::vector<CollectorToken> tokens;
    for (TokenRecord& record : *records) {
        const json::value fields = json::parse(record.fieldsJson);
        CollectorToken token{record.name, std::move(record.tokenSha256), {}, false};
        if (const json::value* role = fields.as_object().if_contains("role")) {
            if (!role->is_string() || (role->as_string() != "viewer" && role->as_string() != "admin")) {
                return std::unexpected(fmt::format("{}: {}.role: {} is not \"viewer\" or \"admin\"", file, record.path, json::serialize(*role)));
            }
            token.admin = role->as_string() == "admin";
        }
        if (const json::value* list = fields.as_object().if_contains("services")) {
            if (!list->is_array()) return std::unexpected(fmt::format("{}: {}.services: a list of service names, or [\"*\"]", file, record.path));
            for (const json::value& item : list->as_array()) {
                if (!item.is_string() || (item.as_string() != "*" && !config::isValidServiceName(item.as_string()))) {
                    return std::unexpected(fmt::format("{}: {}.services: {} is not a service name (or \"*\")", file, record.path,
                                                       json::serialize(item)));
                }
                token.services.emplace_back(item.as_string());
            }
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

const CollectorToken* CollectorApi::caller(const ApiRequest& request) const {
    if (!tokens_) return nullptr;
    std::vector<std::string> digests;
    for (const CollectorToken& token : *tokens_) digests.push_back(token.tokenSha256);
    const auto found = findBearer(request.authorization, digests);
    return found ? &(*tokens_)[*found] : nullptr;
}

void CollectorApi::wakeAll() {
    for (asio::steady_timer* timer : waiting_) timer->cancel();
}

void CollectorApi::storeEvent(const CollectorStore::Event& event) {
    using Kind = CollectorStore::Event::Kind;
    if (event.kind == Kind::lost) {
        ++counters_.storeLost;
        return; // the table stays as it is; changes get 503 until the store is back
    }
    const RouteRegistry::Refresh refreshed = registry_.refresh();
    if (refreshed.failed) {
        spdlog::warn("collector: cannot read {} after it changed: {}", registry_.store().location(), refreshed.error);
        return;
    }
    if (!refreshed.changed) return;
    ++counters_.storeChangesSeen;
    if (refreshed.lagMs) counters_.lastWatchLagMs = refreshed.lagMs;
    spdlog::info("collector: table v{} (switch version {}) from {}{}", registry_.version(), registry_.switchVersion(),
                 registry_.store().location(), refreshed.lagMs ? fmt::format(", {} ms after its commit", *refreshed.lagMs) : std::string());
    wakeAll();
}

std::string CollectorApi::newInstanceId() {
    unsigned char bytes[8];
    RAND_bytes(bytes, sizeof bytes);
    std::string id;
    for (unsigned char b : bytes) fmt::format_to(std::back_inserter(id), "{:02x}", b);
    return id;
}

void CollectorApi::shareRoster() {
    CollectorStore& store = registry_.store();
    if (!store.shared()) return;
    const std::int64_t now = epochMs();
    const auto shared = store.shareRoster(instance_, rosterToJson(roster_.list(now)), kRosterTtlSeconds);
    const auto peers = shared ? store.peerRosters(instance_) : CollectorStore::Result<std::vector<std::string>>(std::unexpected(shared.error()));
    if (!peers) {
        ++counters_.rosterShareFailures;
        return; // each collector keeps what it heard itself
    }
    for (const std::string& text : *peers) {
        for (const GatewayRoster::Entry& entry : rosterFromJson(text)) roster_.absorb(entry, now);
    }
}

ApiResponse CollectorApi::storeFailure(const CollectorStore::Failure& failure, std::string_view what) const {
    if (failure.kind == CollectorStore::Failure::Kind::unavailable) {
        ApiResponse answer = apiError(503, "store_unavailable",
                                      fmt::format("{}: the collector's store cannot be reached, so it serves table v{} read-only until "
                                                  "it is back ({})",
                                                  what, registry_.version(), failure.message),
                                      kRealm);
        answer.fields += "Retry-After: 5\r\n";
        return answer;
    }
    return apiError(500, "store_failed", fmt::format("{}: {}", what, failure.message), kRealm);
}

struct CollectorApi::Call {
    const ApiRequest& request;
    const CollectorToken* who;
    std::vector<std::string> captures; // with a {name}: a valid service name
};

// Who may call an endpoint: anyone (/healthz, /metrics), any known token, an admin token.
enum class CollectorAccess { open, token, admin };

struct CollectorApi::Route {
    std::string_view method;
    EndpointPattern pattern;
    CollectorAccess access;
    asio::awaitable<ApiResponse> (*handler)(CollectorApi&, const Call&);
};

// Every endpoint of the collector, in the order they are matched (docs/collector-api.md).
const std::vector<CollectorApi::Route>& CollectorApi::routes() {
    using Answer = asio::awaitable<ApiResponse>;
    static const std::vector<Route> table = {
        {"GET", "/healthz", CollectorAccess::open,
         [](CollectorApi& api, const Call&) -> Answer { co_return apiOk(json::object{{"status", "ok"}, {"version", api.registry_.version()}}); }},
        {"GET", "/metrics", CollectorAccess::open, [](CollectorApi& api, const Call&) -> Answer { co_return api.metrics(); }},
        {"GET", "/v1/table", CollectorAccess::token, [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.table(c.request, c.who); }},
        {"GET", "/v1/whoami", CollectorAccess::token, [](CollectorApi& api, const Call& c) -> Answer { co_return api.whoami(c.who); }},
        {"GET", "/v1/thresholds", CollectorAccess::token,
         [](CollectorApi& api, const Call&) -> Answer { co_return apiOk(thresholdsJson(api.thresholds_)); }},
        {"GET", "/v1/routes", CollectorAccess::token, [](CollectorApi& api, const Call&) -> Answer { co_return api.orderedTable(); }},
        {"GET", "/v1/routes/explain", CollectorAccess::token, [](CollectorApi& api, const Call& c) -> Answer { co_return api.explain(c.request); }},
        {"GET", "/v1/gateways", CollectorAccess::token, [](CollectorApi& api, const Call&) -> Answer { co_return api.gateways(); }},
        {"GET", "/v1/security/filters", CollectorAccess::token, [](CollectorApi& api, const Call&) -> Answer { co_return api.securityFilters(); }},
        {"PUT", "/v1/security/filters/{name}", CollectorAccess::admin,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.setSecurityFilter(c.request, c.captures.front(), *c.who); }},
        {"GET", "/v1/audit", CollectorAccess::token, [](CollectorApi& api, const Call& c) -> Answer { co_return api.audit(c.request); }},
        {"GET", "/v1/fleet/services", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetServices(c.request); }},
        {"GET", "/v1/fleet/services/{name}", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetService(c.request, c.captures.front()); }},
        {"GET", "/v1/fleet/services/{name}/series", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetSeries(c.request, c.captures.front()); }},
        {"GET", "/v1/fleet/annotations", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetAnnotations(c.request); }},
        {"GET", "/v1/fleet/alerts", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetAlerts(c.request); }},
        {"GET", "/v1/fleet/trail", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetTrail(c.request); }},
        {"GET", "/v1/fleet/trail/summary", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetTrailSummary(c.request); }},
        {"GET", "/v1/fleet/trail/{request_id}", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return co_await api.fleetTrailRecord(c.captures.front()); }},
        {"GET", "/v1/services", CollectorAccess::token, [](CollectorApi& api, const Call&) -> Answer { co_return api.services(); }},
        {"GET", "/v1/services/{name}", CollectorAccess::token, [](CollectorApi& api, const Call& c) -> Answer { co_return api.service(c.captures[0]); }},
        {"PUT", "/v1/services/{name}", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.change(c.request, c.captures[0], "register", c.who); }},
        {"DELETE", "/v1/services/{name}", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.change(c.request, c.captures[0], "delete", c.who); }},
        {"POST", "/v1/services/{name}/dry-run", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.change(c.request, c.captures[0], "dry-run", c.who); }},
        {"POST", "/v1/services/{name}/rollback", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.change(c.request, c.captures[0], "rollback", c.who); }},
        {"GET", "/v1/services/{name}/revisions/{revision}", CollectorAccess::token,
         [](CollectorApi& api, const Call& c) -> Answer { co_return api.revision(c.captures[0], c.captures[1]); }},
    };
    return table;
}

std::optional<ApiResponse> CollectorApi::admit(const ApiRequest& head) const {
    const RouteMatch<Route> match = findRoute(routes(), head.method, head.path);
    if ((match.route && match.route->access == CollectorAccess::open) || !tokens_ || caller(head)) return std::nullopt;
    spdlog::warn("collector: refused {} {}: {}", head.method, printable(head.path),
                 head.authorization.empty() ? "no token" : "unknown token");
    return apiError(401, "unauthorized", "the collector needs 'Authorization: Bearer <token>' with a known token", kRealm);
}

// One table answers: paths outside /v1/ are 404 at once; the rest need a known token
// (when the collector has tokens) before they say whether they exist; then 405 with
// Allow, a service name's grammar, the handler.
asio::awaitable<ApiResponse> CollectorApi::handle(ApiRequest request) {
    const std::string_view path = request.path;
    RouteMatch<Route> match = findRoute(routes(), request.method, path);
    const bool open = match.route && match.route->access == CollectorAccess::open;
    if (!open && !path.starts_with("/v1/")) co_return apiError(404, "not_found", fmt::format("no endpoint {}", printable(path)));
    if (!open) {
        if (auto refusal = admit(request)) co_return *refusal;
    }
    if (!match.route && !match.allowed.empty()) co_return apiMethodNotAllowed(match.allowed);
    if (!match.route) co_return apiError(404, "not_found", fmt::format("no endpoint {}", printable(path)));
    if ((path.starts_with(kServices) || path.starts_with(kFleetServices)) && !config::isValidServiceName(match.captures.front())) {
        co_return apiError(400, "bad_service_name", fmt::format("'{}' is not a service name: 1 to 63 lower-case letters, digits and '-'",
                                                                printable(match.captures.front())));
    }
    const CollectorToken* who = caller(request);
    if (match.route->access == CollectorAccess::admin && (!who || !who->admin)) {
        // Without tokens nobody is an admin: a read-only collector changes nothing.
        spdlog::warn("collector: refused {} {} to {} (not an admin token)", request.method, printable(path), who ? who->name : "no token");
        co_return apiError(!tokens_ ? 401 : 403, !tokens_ ? "read_only" : "forbidden",
                           !tokens_ ? std::string("this collector was started without --tokens: it changes nothing")
                                    : fmt::format("token '{}' has the viewer role; switching default filters needs \"role\": \"admin\"",
                                                  who->name),
                           kRealm);
    }
    const Call call{request, who, std::move(match.captures)};
    ApiResponse answer = co_await match.route->handler(*this, call);
    co_return answer;
}

// The table, or 304 when the caller has it. With ?wait=N and the caller's ETag current,
// the answer waits (at most N seconds) for the next version: a long poll.
asio::awaitable<ApiResponse> CollectorApi::table(const ApiRequest& request, const CollectorToken* who) {
    auto params = QueryParams::parse(request.query,
                                     {"wait", "gateway", "admin_url", "version", "table_version", "source", "staleness_ms", "switches", "defaults"});
    if (!params) co_return params.error();
    const auto waitSeconds = params->integer("wait", 0, kMaxWaitSeconds);
    if (!waitSeconds) co_return waitSeconds.error();
    std::int64_t wait = waitSeconds->value_or(0);
    if (!params->raw("gateway").empty()) {
        if (auto refused = noteGateway(*params)) co_return std::move(*refused);
        // A gateway is known live by its polls: one is held for less than the silence that
        // marks it lost, so a gateway that died mid-poll is lost in time.
        wait = std::min(wait, std::max<std::int64_t>(1, roster_.lostAfterMs() * 2 / 3 / 1000));
    }
    const auto current = [&] { return request.ifNoneMatch == registry_.etag(); };
    if (current() && wait > 0) {
        const std::string token = who ? who->name : std::string();
        std::size_t& held = pollsByToken_[token];
        if (held >= maxLongPollsPerToken_) {
            spdlog::warn("collector: token '{}' holds {} long polls already; refusing another", token, held);
            ++counters_.polls["refused"];
            co_return apiError(429, "too_many_long_polls",
                               fmt::format("this token holds {} long polls already (max_long_polls_per_token); poll again "
                                           "when one returns, or give each gateway its own token",
                                           held),
                               kRealm);
        }
        ++held;
        ++counters_.polls["held"];
        asio::steady_timer timer(io_);
        timer.expires_after(std::chrono::seconds(wait));
        waiting_.insert(&timer);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable)); // cancelled by a change
        waiting_.erase(&timer);
        if (--pollsByToken_[token] == 0) pollsByToken_.erase(token);
    }
    const std::string etagField = fmt::format("ETag: {}\r\nCache-Control: no-cache\r\n", registry_.etag());
    if (current()) {
        ++counters_.polls["not_modified"];
        co_return ApiResponse{304, {}, etagField};
    }
    ++counters_.polls["changed"];
    // Every gateway woken by a change gets the same bytes: serialised once, not copied.
    ApiResponse answer{200, {}, etagField};
    answer.sharedBody = registry_.sharedDocument();
    co_return answer;
}

std::optional<ApiResponse> CollectorApi::noteGateway(const QueryParams& params) {
    std::string values[7];
    const char* keys[7] = {"gateway", "admin_url", "version", "table_version", "source", "staleness_ms", "switches"};
    for (std::size_t i = 0; i < 7; ++i) {
        auto value = params.decoded(keys[i]);
        if (!value) return apiError(400, "bad_gateway_report", fmt::format("{}: a broken %-escape", keys[i]), kRealm);
        values[i] = std::move(*value);
    }
    const std::string& gateway = values[0];
    std::optional<std::string> defaults; // absent from an older gateway's polls: not known
    if (params.has("defaults")) {
        defaults = params.decoded("defaults");
        if (!defaults) return apiError(400, "bad_gateway_report", "defaults: a broken %-escape", kRealm);
    }
    ReportParams said{values[0], values[1], values[2], values[3], values[4], values[5], values[6]};
    if (defaults) said.defaults = *defaults;
    auto report = parseGatewayReport(said);
    if (!report) return apiError(400, "bad_gateway_report", report.error(), kRealm);
    if (!roster_.seen(std::move(*report), epochMs())) {
        spdlog::warn("collector: gateway '{}' refused: the roster is full of live gateways (max_gateways)", printable(gateway));
        return apiError(503, "too_many_gateways", "this collector follows max_gateways live gateways already", kRealm);
    }
    return std::nullopt;
}

// For Prometheus, without a token (as /healthz): the table version and the fleet, so that
// "a gateway is lost" can be an alert.
ApiResponse CollectorApi::metrics() {
    using Type = prometheus::MetricType;
    const std::vector<GatewayRoster::Entry> gateways = roster_.list(epochMs());
    auto version = metricFamily("gatehouse_collector_table_version", "The version of the table the collector publishes.", Type::Gauge);
    addSample(version, {}, static_cast<double>(registry_.version()));
    auto states = metricFamily("gatehouse_collector_gateways", "Gateways known from their polls, by state.", Type::Gauge);
    auto up = metricFamily("gatehouse_collector_gateway_up", "1 while the gateway polls, 0 once it is lost.", Type::Gauge);
    auto served = metricFamily("gatehouse_collector_gateway_table_version", "The table version each gateway said it serves.", Type::Gauge);
    std::size_t live = 0;
    for (const GatewayRoster::Entry& e : gateways) {
        live += e.live;
        addSample(up, {{"gateway_id", e.report.id}}, e.live ? 1 : 0);
        addSample(served, {{"gateway_id", e.report.id}}, static_cast<double>(e.report.tableVersion));
    }
    addSample(states, {{"state", "live"}}, static_cast<double>(live));
    addSample(states, {{"state", "lost"}}, static_cast<double>(gateways.size() - live));
    auto refused = metricFamily("gatehouse_collector_gateways_refused_total", "Polls of new gateways refused: max_gateways live already.",
                                Type::Counter);
    addSample(refused, {}, static_cast<double>(roster_.refused()));
    auto polls = metricFamily("gatehouse_collector_long_polls", "Long polls held now.", Type::Gauge);
    addSample(polls, {}, static_cast<double>(waiting_.size()));
    std::vector<prometheus::MetricFamily> families{version, states, up, served, refused, polls};
    storeMetrics(families);
    ApiResponse answer{200, prometheus::TextSerializer().Serialize(families), {}};
    answer.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return answer;
}

// What the collector did with changes and polls, and how its store is.
void CollectorApi::storeMetrics(std::vector<prometheus::MetricFamily>& families) const {
    using Type = prometheus::MetricType;
    auto changes = metricFamily("gatehouse_collector_changes_total",
                                "Registrations, removals, rollbacks, dry runs and switches asked of this collector, by result.", Type::Counter);
    for (const auto& [key, count] : counters_.changes) addSample(changes, {{"action", key.first}, {"result", key.second}}, static_cast<double>(count));
    auto polls = metricFamily("gatehouse_collector_polls_total",
                              "Table polls answered: changed (200), not_modified (304); held (long polls that waited), refused (429).",
                              Type::Counter);
    for (const auto& [result, count] : counters_.polls) addSample(polls, {{"result", result}}, static_cast<double>(count));
    CollectorStore& store = registry_.store();
    const bool etcd = store.location().starts_with("etcd://");
    auto info = metricFamily("gatehouse_collector_store_info", "The store this collector keeps its state in.", Type::Gauge);
    addSample(info, {{"kind", etcd ? "etcd" : "sqlite"}, {"collector_id", registry_.collectorId()}}, 1);
    auto up = metricFamily("gatehouse_collector_store_up", "1 while the store answers; 0: changes get 503, the table is served read-only.",
                           Type::Gauge);
    addSample(up, {}, store.available() ? 1 : 0);
    const CollectorStore::Errors errors = store.errors();
    auto failed = metricFamily("gatehouse_collector_store_errors_total", "Calls of the store that failed, by kind.", Type::Counter);
    addSample(failed, {{"op", "read"}}, static_cast<double>(errors.reads));
    addSample(failed, {{"op", "write"}}, static_cast<double>(errors.writes));
    addSample(failed, {{"op", "watch"}}, static_cast<double>(errors.watch));
    auto stale = metricFamily("gatehouse_collector_store_conflicts_total",
                              "Changes decided again because another collector committed first.", Type::Counter);
    addSample(stale, {}, static_cast<double>(errors.stale));
    auto seen = metricFamily("gatehouse_collector_store_changes_seen_total",
                             "Changes of the store made elsewhere (another collector) and served here.", Type::Counter);
    addSample(seen, {}, static_cast<double>(counters_.storeChangesSeen));
    auto lost = metricFamily("gatehouse_collector_store_lost_total", "Times the store was lost.", Type::Counter);
    addSample(lost, {}, static_cast<double>(counters_.storeLost));
    auto rosters = metricFamily("gatehouse_collector_roster_share_failures_total",
                                "Rounds of sharing gateway rosters with the other collectors that failed (a shared store only).",
                                Type::Counter);
    addSample(rosters, {}, static_cast<double>(counters_.rosterShareFailures));
    auto lag = metricFamily("gatehouse_collector_watch_lag_seconds",
                            "From another collector's commit to this collector serving it, for the latest such change.", Type::Gauge);
    if (counters_.lastWatchLagMs) addSample(lag, {}, static_cast<double>(*counters_.lastWatchLagMs) / 1000.0);
    for (auto* family : {&changes, &polls, &info, &up, &failed, &stale, &seen, &lost, &rosters, &lag}) families.push_back(std::move(*family));
}

// Every gateway known, live or lost, as its last poll said.
ApiResponse CollectorApi::gateways() {
    const std::int64_t now = epochMs();
    json::array list;
    std::size_t live = 0;
    for (const GatewayRoster::Entry& e : roster_.list(now)) {
        live += e.live;
        const GatewayReport& r = e.report;
        list.push_back(json::object{{"gateway_id", r.id},
                                    {"state", e.live ? "live" : "lost"},
                                    {"admin_url", r.adminUrl.empty() ? json::value(nullptr) : json::value(r.adminUrl)},
                                    {"version", r.version},
                                    {"table_version", r.tableVersion},
                                    {"table_source", r.source},
                                    {"staleness_ms", r.stalenessMs},
                                    {"switch_version", r.switchVersion},
                                    {"default_filters", r.defaultFilters ? json::value(json::array(r.defaultFilters->begin(), r.defaultFilters->end()))
                                                                         : json::value(nullptr)},
                                    {"first_seen_ms", e.firstSeenMs},
                                    {"last_seen_ms", e.lastSeenMs},
                                    {"silent_ms", now - e.lastSeenMs},
                                    {"polls", e.polls}});
    }
    return apiOk(json::object{{"table_version", registry_.version()},
                              {"live", live},
                              {"lost", list.size() - live},
                              {"lost_after_ms", roster_.lostAfterMs()},
                              {"gateways", std::move(list)}});
}

ApiResponse CollectorApi::services() const {
    json::array list;
    for (const CollectorStore::Revision& r : registry_.currentRevisions()) {
        const auto* service = registry_.table().findService(r.service);
        list.push_back(json::object{{"name", r.service},
                                    {"revision", r.revision},
                                    {"updated_at", r.createdAt},
                                    {"updated_by", r.createdBy},
                                    {"routes", service ? service->routes.size() : 0}});
    }
    return apiOk(json::object{{"version", registry_.version()}, {"services", std::move(list)}});
}

ApiResponse CollectorApi::service(const std::string& name) {
    const auto read = registry_.store().history(name);
    if (!read) return storeFailure(read.error(), fmt::format("the history of '{}' could not be read", name));
    const std::vector<CollectorStore::Revision>& history = *read;
    if (history.empty()) return apiError(404, "not_found", fmt::format("service '{}' was never registered", name));
    json::array revisions;
    for (const auto& r : history) revisions.push_back(revisionJson(r, false));
    const CollectorStore::Revision& latest = history.front();
    const bool registered = latest.action != "delete";
    return apiOk(json::object{{"name", name},
                              {"registered", registered},
                              {"revision", latest.revision},
                              {"config", registered ? json::parse(*latest.config) : json::value(nullptr)},
                              {"history", std::move(revisions)}});
}

ApiResponse CollectorApi::revision(const std::string& name, const std::string& number) {
    const auto n = parseInteger(number);
    std::optional<CollectorStore::Revision> found;
    if (n) {
        auto read = registry_.store().revision(name, *n);
        if (!read) return storeFailure(read.error(), fmt::format("revision {} of '{}' could not be read", *n, name));
        found = std::move(*read);
    }
    if (!found) return apiError(404, "not_found", fmt::format("service '{}' has no revision '{}'", name, printable(number)));
    json::value body = revisionJson(*found, true);
    body.as_object()["service"] = name;
    return apiOk(body);
}

ApiResponse CollectorApi::change(const ApiRequest& request, const std::string& name, const std::string& action,
                                 const CollectorToken* who) {
    const bool dryRunEndpoint = action == "dry-run";
    if (auto bad = apiUnknownParameter(request.query, action == "rollback" ? std::initializer_list<std::string_view>{"revision", "dry_run"}
                                                      : dryRunEndpoint   ? std::initializer_list<std::string_view>{}
                                                                         : std::initializer_list<std::string_view>{"dry_run"})) {
        return *bad;
    }
    const bool dryRun = dryRunEndpoint || truthy(queryValue(request.query, "dry_run"));
    if (!tokens_) {
        return apiError(401, "read_only", "this collector was started without --tokens: it serves the table and refuses changes",
                        kRealm);
    }
    if (!who->owns(name)) {
        spdlog::warn("collector: refused {} of {} to token '{}' (owns {})", action, name, who->name, fmt::join(who->services, ", "));
        return apiError(403, "not_owner",
                        fmt::format("token '{}' may change {}; not '{}'", who->name,
                                    who->services.empty() ? std::string("no service") : fmt::format("{}", fmt::join(who->services, ", ")),
                                    name));
    }
    RouteRegistry::Outcome outcome;
    const std::uint64_t before = registry_.version();
    if (action == "delete") {
        outcome = registry_.remove(name, who->name, dryRun);
    } else if (action == "rollback") {
        const auto revision = parseInteger(queryValue(request.query, "revision"));
        if (!revision || *revision < 1) return apiError(400, "bad_request", "'revision' is required: a revision number from the service's history");
        outcome = registry_.rollback(name, *revision, who->name, dryRun);
    } else {
        outcome = registry_.put(name, request.body, who->name, dryRun);
    }
    if (registry_.version() != before) wakeAll();

    json::object extra{{"service", name}, {"dry_run", dryRun}};
    using Verdict = RouteRegistry::Verdict;
    countChange(action, verdictName(outcome.verdict, dryRun));
    switch (outcome.verdict) {
    case Verdict::notFound: return apiError(404, "not_found", outcome.message);
    case Verdict::stale:
    case Verdict::storeFailed: return apiError(500, "store_failed", outcome.message);
    case Verdict::storeUnavailable:
        return storeFailure({CollectorStore::Failure::Kind::unavailable, outcome.message}, fmt::format("'{}' was not changed", name));
    case Verdict::invalid:
        extra["problems"] = routing::problemsToJson(outcome.problems);
        return apiError(422, "invalid_config",
                        fmt::format("service '{}' has {} error(s); nothing was changed", name, config::countErrors(outcome.problems)),
                        kRealm, &extra);
    case Verdict::conflict: {
        const auto& first = outcome.conflicts.front();
        extra["conflicts"] = conflictsJson(outcome.conflicts);
        extra["problems"] = routing::problemsToJson(outcome.problems);
        const std::string more =
            outcome.conflicts.size() > 1 ? fmt::format(" and {} more", outcome.conflicts.size() - 1) : "";
        if (first.kind == "carve_out") {
            return apiError(409, "route_takeover",
                            fmt::format("{} '{}' would take requests that service '{}' serves ({}), which does not allow "
                                        "carve-outs{}; nothing was changed (its owners can set \"allow_carve_outs\": true "
                                        "on that route)",
                                        first.route, first.path, first.owner, first.ownerRoute, more),
                            kRealm, &extra);
        }
        return apiError(409, "route_takeover",
                        fmt::format("{} '{}' is already served by service '{}' ({}){}; nothing was changed", first.route,
                                    first.path, first.owner, first.ownerRoute, more),
                        kRealm, &extra);
    }
    case Verdict::accepted:
    case Verdict::unchanged: break;
    }
    const bool changed = outcome.verdict == Verdict::accepted && !dryRun;
    extra["changed"] = changed;
    extra["action"] = action == "dry-run" ? "register" : action;
    extra["version"] = registry_.version();
    if (outcome.revision) {
        extra["revision"] = outcome.revision->revision;
        if (changed && outcome.revision->rolledBackTo) extra["rolled_back_to"] = *outcome.revision->rolledBackTo;
    }
    extra["warnings"] = routing::problemsToJson(outcome.problems);
    extra["diff"] = routing::tableDiffToJson(outcome.diff);
    return apiOk(extra, changed && outcome.created ? 201 : 200);
}

} // namespace gatehouse::gateway
