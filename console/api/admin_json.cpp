#include "api/admin_json.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace gatehouse::console {

// The keys of the admin API, in one place.
namespace key {
constexpr QLatin1String services{"services"}, name{"name"}, status{"status"}, reasons{"reasons"},
    requestRate{"request_rate"}, errorRatio{"error_ratio"}, gatewayFailureRatio{"gateway_failure_ratio"}, p99Ms{"p99_ms"},
    requests{"requests"}, timeoutSeconds{"timeout_seconds"}, destinations{"destinations"}, healthy{"healthy"}, total{"total"},
    destinationDetail{"destination_detail"}, address{"address"}, lastResult{"last_result"}, lastCheck{"last_check"},
    consecutiveFailures{"consecutive_failures"}, consecutiveSuccesses{"consecutive_successes"}, thresholds{"thresholds"},
    warning{"warning"}, critical{"critical"}, p99LatencyMs{"p99_latency_ms"}, minRequests{"min_requests"},
    windowSeconds{"window_seconds"}, service{"service"}, window{"window"}, bucketSeconds{"bucket_seconds"}, points{"points"},
    t{"t"}, status2xx{"status_2xx"}, status3xx{"status_3xx"}, status4xx{"status_4xx"}, status5xx{"status_5xx"},
    gatewayFailures{"gateway_failures"}, failuresTimeout{"failures_timeout"}, failuresUpstreamError{"failures_upstream_error"},
    failuresNoHealthy{"failures_no_healthy"}, p50{"p50_ms"}, p95{"p95_ms"}, p99{"p99_ms"}, key{"key"}, unit{"unit"},
    meaning{"meaning"}, hint{"hint"}, alerts{"alerts"}, rule{"rule"}, severity{"severity"}, state{"state"}, sinceMs{"since_ms"},
    firedMs{"fired_ms"}, resolvedMs{"resolved_ms"}, message{"message"}, defaultFilters{"default_filters"}, phase{"phase"},
    enabled{"enabled"}, changedBy{"changed_by"}, changedAt{"changed_at"}, reason{"reason"}, audit{"audit"}, id{"id"}, at{"at"},
    actor{"actor"}, role{"role"}, action{"action"}, target{"target"}, detail{"detail"}, routes{"routes"}, version{"version"},
    source{"source"}, stalenessSeconds{"staleness_seconds"}, collector{"collector"}, position{"position"}, routeIndex{"route_index"},
    pathIndex{"path_index"}, path{"path"}, hosts{"hosts"}, methods{"methods"}, kind{"kind"}, beforeFilters{"before_filters"},
    afterFilters{"after_filters"}, mode{"mode"}, request{"request"}, method{"method"}, host{"host"}, winner{"winner"},
    params{"params"}, candidates{"candidates"}, verdict{"verdict"}, precedenceStep{"precedence_step"},
    precedenceRule{"precedence_rule"}, records{"records"}, nextCursor{"next_cursor"}, timeMs{"time_ms"}, requestId{"request_id"},
    route{"route"}, destination{"destination"}, termination{"termination"}, durationUs{"duration_us"}, filtersUs{"filters_us"},
    connectUs{"connect_us"}, ttfbUs{"ttfb_us"}, bytesIn{"bytes_in"}, bytesOut{"bytes_out"}, clientIp{"client_ip"},
    userId{"user_id"}, filters{"filters"}, shadowMismatches{"shadow_mismatches"}, decision{"decision"}, us{"us"},
    isDefault{"default"}, mismatch{"mismatch"}, byStatus{"by_status"}, byTermination{"by_termination"},
    byRoute{"by_route"}, topUsers{"top_users"}, topClients{"top_clients"}, latency{"latency"}, count{"count"}, leMs{"le_ms"},
    service5xx{"service_5xx"}, enoughTraffic{"enough_traffic"}, flapping{"flapping"}, changesInWindow{"changes_in_window"},
    history{"history"}, atMs{"at_ms"}, flappingChanges{"flapping_changes"}, flappingWindowSeconds{"flapping_window_seconds"},
    noTrafficSinceMs{"no_traffic_since_ms"}, resolution{"resolution"}, annotations{"annotations"}, title{"title"},
    acknowledged{"acknowledged"}, by{"by"}, note{"note"}, spark{"spark"}, errors{"errors"}, gateways{"gateways"},
    gatewayId{"gateway_id"}, appliedBy{"applied_by"}, pending{"pending"}, fleet{"fleet"}, asked{"asked"}, answered{"answered"},
    failed{"failed"}, error{"error"}, live{"live"}, adminUrl{"admin_url"}, tableVersion{"table_version"},
    tableSource{"table_source"}, stalenessMs{"staleness_ms"}, switchVersion{"switch_version"}, lastSeenMs{"last_seen_ms"},
    silentMs{"silent_ms"}, polls{"polls"}, lostAfterMs{"lost_after_ms"};
} // namespace key

namespace {

std::optional<QJsonObject> object(const QByteArray& body, QString& error) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        error = parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return document.object();
}

std::optional<double> optionalNumber(const QJsonObject& o, QLatin1String name) {
    const QJsonValue v = o.value(name);
    return v.isDouble() ? std::optional(v.toDouble()) : std::nullopt;
}

HealthStatus statusFrom(const QString& text) {
    if (text == QLatin1String("green")) return HealthStatus::green;
    if (text == QLatin1String("amber")) return HealthStatus::amber;
    if (text == QLatin1String("red")) return HealthStatus::red;
    if (text == QLatin1String("idle")) return HealthStatus::idle;
    return HealthStatus::unknown;
}

// The figures a service and a gateway's share of it have alike.
template <typename Figures> void readFigures(Figures& s, const QJsonObject& o) {
    s.status = statusFrom(o.value(key::status).toString());
    s.requestRate = o.value(key::requestRate).toDouble();
    s.requests = o.value(key::requests).toInteger();
    s.status5xx = o.value(key::status5xx).toInteger();
    s.service5xx = o.value(key::service5xx).toInteger();
    s.gatewayFailures = o.value(key::gatewayFailures).toInteger();
    s.errorRatio = optionalNumber(o, key::errorRatio);
    s.gatewayFailureRatio = optionalNumber(o, key::gatewayFailureRatio);
    s.p99Ms = optionalNumber(o, key::p99Ms);
}

ServiceSummary serviceFrom(const QJsonObject& o) {
    ServiceSummary s;
    s.name = o.value(key::name).toString();
    readFigures(s, o);
    for (const QJsonValue& r : o.value(key::reasons).toArray()) s.reasons << r.toString();
    s.enoughTraffic = o.value(key::enoughTraffic).toBool();
    s.timeoutSeconds = o.value(key::timeoutSeconds).toInt();
    const QJsonObject destinations = o.value(key::destinations).toObject();
    s.healthyDestinations = destinations.value(key::healthy).toInt();
    s.totalDestinations = destinations.value(key::total).toInt();
    s.flappingDestinations = destinations.value(key::flapping).toInt();
    const QJsonObject spark = o.value(key::spark).toObject();
    for (const QJsonValue& v : spark.value(key::requests).toArray()) s.sparkRequests << v.toDouble();
    for (const QJsonValue& v : spark.value(key::errors).toArray()) s.sparkErrors << v.toDouble();
    for (const QJsonValue& g : o.value(key::gateways).toArray()) {
        const QJsonObject x = g.toObject();
        GatewayShare share;
        share.gatewayId = x.value(key::gatewayId).toString();
        readFigures(share, x);
        share.healthyDestinations = x.value(key::destinations).toObject().value(key::healthy).toInt();
        share.totalDestinations = x.value(key::destinations).toObject().value(key::total).toInt();
        s.gateways.push_back(std::move(share));
    }
    for (const QJsonValue& d : o.value(key::destinationDetail).toArray()) {
        const QJsonObject x = d.toObject();
        DestinationHealth h{x.value(key::address).toString(), x.value(key::healthy).toBool(),
                            x.value(key::lastResult).toString(), x.value(key::lastCheck).toInteger() * 1000, // seconds
                            x.value(key::consecutiveFailures).toInt(), x.value(key::consecutiveSuccesses).toInt()};
        h.sinceMs = x.value(key::sinceMs).toInteger();
        h.flapping = x.value(key::flapping).toBool();
        h.changesInWindow = x.value(key::changesInWindow).toInt();
        h.gatewayId = x.value(key::gatewayId).toString();
        for (const QJsonValue& c : x.value(key::history).toArray()) {
            const QJsonObject change = c.toObject();
            h.history.push_back({change.value(key::atMs).toInteger(), change.value(key::healthy).toBool(),
                                 change.value(key::reason).toString()});
        }
        s.destinations.push_back(std::move(h));
    }
    if (o.contains(key::thresholds)) {
        const QJsonObject t = o.value(key::thresholds).toObject();
        const QJsonObject e = t.value(key::errorRatio).toObject(), f = t.value(key::gatewayFailureRatio).toObject(),
                          p = t.value(key::p99LatencyMs).toObject();
        s.thresholds = ServiceThresholds{e.value(key::warning).toDouble(), e.value(key::critical).toDouble(),
                                         f.value(key::warning).toDouble(), f.value(key::critical).toDouble(),
                                         p.value(key::warning).toDouble(), p.value(key::critical).toDouble(),
                                         t.value(key::minRequests).toInt(), t.value(key::windowSeconds).toInt(),
                                         t.value(key::flappingChanges).toInt(), t.value(key::flappingWindowSeconds).toInt()};
    }
    return s;
}

} // namespace

QString healthStatusName(HealthStatus status) {
    switch (status) {
    case HealthStatus::green: return QStringLiteral("green");
    case HealthStatus::amber: return QStringLiteral("amber");
    case HealthStatus::red: return QStringLiteral("red");
    case HealthStatus::idle: return QStringLiteral("idle");
    case HealthStatus::unknown: break;
    }
    return QStringLiteral("unknown");
}

std::optional<QVector<ServiceSummary>> parseServices(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::services).isArray()) {
        error = QStringLiteral("no 'services' list");
        return std::nullopt;
    }
    QVector<ServiceSummary> out;
    const int window = root->value(key::windowSeconds).toInt();
    for (const QJsonValue& v : root->value(key::services).toArray()) {
        out.push_back(serviceFrom(v.toObject()));
        out.back().windowSeconds = window;
    }
    return out;
}

std::optional<ServiceSummary> parseServiceDetail(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::name).isString()) {
        error = QStringLiteral("no service 'name'");
        return std::nullopt;
    }
    ServiceSummary s = serviceFrom(*root);
    s.windowSeconds = root->value(key::thresholds).toObject().value(key::windowSeconds).toInt();
    return s;
}

std::optional<ServiceSeries> parseSeries(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::points).isArray()) {
        error = QStringLiteral("no 'points' list");
        return std::nullopt;
    }
    ServiceSeries series;
    series.service = root->value(key::service).toString();
    series.window = root->value(key::window).toString();
    series.bucketSeconds = root->value(key::bucketSeconds).toInt(10);
    for (const QJsonValue& v : root->value(key::points).toArray()) {
        const QJsonObject p = v.toObject();
        series.points.push_back({p.value(key::t).toInteger(), p.value(key::requests).toInteger(),
                                 p.value(key::status2xx).toInteger(), p.value(key::status3xx).toInteger(),
                                 p.value(key::status4xx).toInteger(), p.value(key::status5xx).toInteger(),
                                 p.value(key::gatewayFailures).toInteger(), p.value(key::failuresTimeout).toInteger(),
                                 p.value(key::failuresUpstreamError).toInteger(), p.value(key::failuresNoHealthy).toInteger(),
                                 p.value(key::p50).toDouble(), p.value(key::p95).toDouble(), p.value(key::p99).toDouble()});
        series.points.back().service5xx = p.value(key::service5xx).toInteger();
    }
    return series;
}

std::optional<QVector<ThresholdInfo>> parseThresholds(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::thresholds).isArray()) {
        error = QStringLiteral("no 'thresholds' list");
        return std::nullopt;
    }
    QVector<ThresholdInfo> out;
    for (const QJsonValue& v : root->value(key::thresholds).toArray()) {
        const QJsonObject t = v.toObject();
        out.push_back({t.value(key::key).toString(), t.value(key::warning).toDouble(), t.value(key::critical).toDouble(),
                       t.value(key::unit).toString(), t.value(key::meaning).toString(), t.value(key::hint).toString()});
    }
    return out;
}

std::optional<QVector<Alert>> parseAlerts(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::alerts).isArray()) {
        error = QStringLiteral("no 'alerts' list");
        return std::nullopt;
    }
    QVector<Alert> out;
    for (const QJsonValue& v : root->value(key::alerts).toArray()) {
        const QJsonObject a = v.toObject();
        out.push_back({a.value(key::service).toString(), a.value(key::rule).toString(), a.value(key::severity).toString(),
                       a.value(key::state).toString(), a.value(key::sinceMs).toInteger(), a.value(key::firedMs).toInteger(),
                       a.value(key::resolvedMs).toInteger(), a.value(key::meaning).toString(), a.value(key::hint).toString(),
                       a.value(key::noTrafficSinceMs).toInteger(), a.value(key::resolution).toString()});
        const QJsonObject ack = a.value(key::acknowledged).toObject();
        out.back().ackBy = ack.value(key::by).toString();
        out.back().ackNote = ack.value(key::note).toString();
        out.back().ackAtMs = ack.value(key::atMs).toInteger();
        out.back().gatewayId = a.value(key::gatewayId).toString();
    }
    return out;
}

QByteArray acknowledgeBody(const QString& service, const QString& rule, const QString& note) {
    return QJsonDocument(QJsonObject{{key::service, service}, {key::rule, rule}, {key::note, note}}).toJson(QJsonDocument::Compact);
}

QVector<AlertTransition> parseAlertHistory(const QByteArray& body) {
    QString error;
    const auto root = object(body, error);
    QVector<AlertTransition> out;
    if (!root) return out;
    for (const QJsonValue& v : root->value(key::history).toArray()) {
        const QJsonObject h = v.toObject();
        const QDateTime at = QDateTime::fromString(h.value(key::at).toString(), Qt::ISODateWithMs);
        out.push_back({at.isValid() ? at.toMSecsSinceEpoch() : 0, h.value(key::service).toString(), h.value(key::rule).toString(),
                       h.value(key::severity).toString(), h.value(key::state).toString(), h.value(key::gatewayId).toString()});
    }
    return out;
}

std::optional<QVector<Annotation>> parseAnnotations(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::annotations).isArray()) {
        error = QStringLiteral("no 'annotations' list");
        return std::nullopt;
    }
    QVector<Annotation> out;
    for (const QJsonValue& v : root->value(key::annotations).toArray()) {
        const QJsonObject a = v.toObject();
        out.push_back({a.value(key::atMs).toInteger(), a.value(key::kind).toString(), a.value(key::title).toString(),
                       a.value(key::service).toString(), a.value(key::state).toString(), a.value(key::severity).toString(),
                       a.value(key::enabled).toBool(true)});
    }
    return out;
}

namespace {
QStringList stringList(const QJsonValue& value) {
    QStringList out;
    for (const QJsonValue& v : value.toArray()) out << v.toString();
    return out;
}

FilterSwitch switchFrom(const QJsonObject& o) {
    FilterSwitch s{o.value(key::name).toString(),      o.value(key::phase).toString(),     o.value(key::enabled).toBool(true),
                   o.value(key::changedBy).toString(), o.value(key::changedAt).toString(), o.value(key::reason).toString()};
    s.fleet = o.value(key::appliedBy).isArray();
    s.appliedBy = stringList(o.value(key::appliedBy));
    s.pending = stringList(o.value(key::pending));
    s.configuredOn = stringList(o.value(QLatin1String("configured_on")));
    return s;
}
} // namespace

std::optional<QVector<FilterSwitch>> parseFilterSwitches(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::defaultFilters).isArray()) {
        error = QStringLiteral("no 'default_filters' list");
        return std::nullopt;
    }
    QVector<FilterSwitch> out;
    for (const QJsonValue& v : root->value(key::defaultFilters).toArray()) out.push_back(switchFrom(v.toObject()));
    return out;
}

std::optional<FilterSwitch> parseFilterSwitch(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::enabled).isBool()) {
        error = QStringLiteral("no 'enabled'");
        return std::nullopt;
    }
    return switchFrom(*root);
}

std::optional<QVector<AuditEntry>> parseAudit(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::audit).isArray()) {
        error = QStringLiteral("no 'audit' list");
        return std::nullopt;
    }
    QVector<AuditEntry> out;
    for (const QJsonValue& v : root->value(key::audit).toArray()) {
        const QJsonObject a = v.toObject();
        const QJsonValue detail = a.value(key::detail);
        out.push_back({a.value(key::id).toInteger(), a.value(key::at).toString(), a.value(key::actor).toString(),
                       a.value(key::role).toString(), a.value(key::action).toString(), a.value(key::target).toString(),
                       detail.isObject() ? QString::fromUtf8(QJsonDocument(detail.toObject()).toJson(QJsonDocument::Compact))
                                         : detail.toString()});
    }
    return out;
}

std::optional<Identity> parseIdentity(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    return Identity{root->value(key::name).toString(), root->value(key::role).toString()};
}

QByteArray filterSwitchBody(bool enabled, const QString& reason) {
    return QJsonDocument(QJsonObject{{key::enabled, enabled}, {key::reason, reason}}).toJson(QJsonDocument::Compact);
}

namespace {
QVector<RouteFilter> filtersFrom(const QJsonValue& value) {
    QVector<RouteFilter> out;
    for (const QJsonValue& v : value.toArray()) {
        const QJsonObject f = v.toObject();
        out.push_back({f.value(key::name).toString(), f.value(key::mode).toString() == QLatin1String("shadow")});
    }
    return out;
}
} // namespace

std::optional<RouteTableInfo> parseRoutes(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::routes).isArray()) {
        error = QStringLiteral("no 'routes' list");
        return std::nullopt;
    }
    RouteTableInfo table;
    table.version = root->value(key::version).toInteger();
    const QJsonObject source = root->value(key::source).toObject();
    table.source = source.value(key::source).toString();
    table.stalenessSeconds = source.value(key::stalenessSeconds).toDouble();
    table.collectorVersion = source.value(key::collector).toObject().value(key::version).toInteger();
    table.collectorUrl = source.value(key::collector).toObject().value(QLatin1String("url")).toString();
    for (const QJsonValue& v : root->value(key::routes).toArray()) {
        const QJsonObject r = v.toObject();
        table.routes.push_back({r.value(key::position).toInt(), r.value(key::service).toString(), r.value(key::routeIndex).toInt(),
                                r.value(key::pathIndex).toInt(), r.value(key::path).toString(), stringList(r.value(key::hosts)),
                                stringList(r.value(key::methods)), r.value(key::kind).toString(),
                                filtersFrom(r.value(key::beforeFilters)), filtersFrom(r.value(key::afterFilters))});
    }
    return table;
}

std::optional<Explanation> parseExplanation(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::candidates).isArray()) {
        error = QStringLiteral("no 'candidates' list");
        return std::nullopt;
    }
    Explanation out;
    const QJsonObject request = root->value(key::request).toObject();
    out.method = request.value(key::method).toString();
    out.host = request.value(key::host).toString();
    out.path = request.value(key::path).toString();
    if (root->value(key::winner).isObject()) {
        const QJsonObject winner = root->value(key::winner).toObject();
        out.winnerPosition = winner.value(key::position).toInt();
        const QJsonObject params = winner.value(key::params).toObject();
        for (auto it = params.begin(); it != params.end(); ++it) out.params.push_back({it.key(), it.value().toString()});
    }
    for (const QJsonValue& v : root->value(key::candidates).toArray()) {
        const QJsonObject c = v.toObject();
        out.candidates.push_back({c.value(key::position).toInt(), c.value(key::service).toString(), c.value(key::routeIndex).toInt(),
                                  c.value(key::path).toString(), c.value(key::verdict).toString(), c.value(key::reason).toString(),
                                  c.value(key::precedenceStep).toInt(), c.value(key::precedenceRule).toString()});
    }
    return out;
}

namespace {
qint64 integerOr(const QJsonValue& value, qint64 fallback) { return value.isDouble() ? value.toInteger() : fallback; }

TrailRecord recordFrom(const QJsonObject& r) {
    TrailRecord t;
    t.id = r.value(key::id).toInteger();
    t.timeMs = r.value(key::timeMs).toInteger();
    t.requestId = r.value(key::requestId).toString();
    t.method = r.value(key::method).toString();
    t.host = r.value(key::host).toString();
    t.path = r.value(key::path).toString();
    t.service = r.value(key::service).toString();
    t.route = r.value(key::route).toString();
    t.destination = r.value(key::destination).toString();
    t.status = r.value(key::status).toInt();
    t.termination = r.value(key::termination).toString();
    t.durationUs = r.value(key::durationUs).toInteger();
    t.filtersUs = r.value(key::filtersUs).toInteger();
    t.connectUs = integerOr(r.value(key::connectUs), -1);
    t.ttfbUs = integerOr(r.value(key::ttfbUs), -1);
    t.bytesIn = r.value(key::bytesIn).toInteger();
    t.bytesOut = r.value(key::bytesOut).toInteger();
    t.clientIp = r.value(key::clientIp).toString();
    t.userId = r.value(key::userId).toString();
    t.shadowMismatches = r.value(key::shadowMismatches).toInt();
    t.gatewayId = r.value(key::gatewayId).toString();
    for (const QJsonValue& v : r.value(key::filters).toArray()) {
        const QJsonObject f = v.toObject();
        t.filters.push_back({f.value(key::name).toString(), f.value(key::mode).toString(), f.value(key::decision).toString(),
                             f.value(key::reason).toString(), f.value(key::us).toInteger(), f.value(key::isDefault).toBool(),
                             f.value(key::mismatch).toBool()});
    }
    return t;
}

QVector<QPair<QString, qint64>> counts(const QJsonValue& value) {
    QVector<QPair<QString, qint64>> out;
    for (const QJsonValue& v : value.toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonValue k = o.value(key::key);
        out.push_back({k.isString() ? k.toString() : k.isDouble() ? QString::number(k.toInteger()) : QString(),
                       o.value(key::count).toInteger()});
    }
    return out;
}
} // namespace

std::optional<TrailPage> parseTrailPage(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::records).isArray()) {
        error = QStringLiteral("no 'records' list");
        return std::nullopt;
    }
    TrailPage page;
    for (const QJsonValue& v : root->value(key::records).toArray()) page.records.push_back(recordFrom(v.toObject()));
    const QJsonValue next = root->value(key::nextCursor);
    if (next.isDouble()) page.nextCursor = QString::number(next.toInteger());
    else if (next.isString() && !next.toString().isEmpty()) page.nextCursor = next.toString();
    return page;
}

std::optional<TrailSummary> parseTrailSummary(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::total).isDouble()) {
        error = QStringLiteral("no 'total'");
        return std::nullopt;
    }
    TrailSummary s;
    s.total = root->value(key::total).toInteger();
    s.byStatus = counts(root->value(key::byStatus));
    s.byTermination = counts(root->value(key::byTermination));
    s.byRoute = counts(root->value(key::byRoute));
    s.topUsers = counts(root->value(key::topUsers));
    s.topClients = counts(root->value(key::topClients));
    for (const QJsonValue& v : root->value(key::latency).toArray()) {
        const QJsonObject o = v.toObject();
        s.latency.push_back({integerOr(o.value(key::leMs), -1), o.value(key::count).toInteger()});
    }
    return s;
}

QString trailQueryString(const TrailQuery& q) {
    QStringList parts;
    const auto add = [&](const char* name, const QString& value) {
        if (!value.isEmpty()) parts << QStringLiteral("%1=%2").arg(QLatin1String(name), QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add("service", q.service);
    if (q.statusClass > 0) add("status_class", QString::number(q.statusClass));
    add("termination", q.termination);
    add("route", q.route);
    add("user", q.user);
    if (q.fromMs > 0) add("from", QString::number(q.fromMs));
    if (q.toMs > 0) add("to", QString::number(q.toMs));
    return parts.join(QLatin1Char('&'));
}

std::optional<FleetCoverage> parseCoverage(const QByteArray& body) {
    QString ignored;
    const auto root = object(body, ignored);
    if (!root || !root->value(key::fleet).isObject()) return std::nullopt;
    const QJsonObject f = root->value(key::fleet).toObject();
    FleetCoverage coverage{f.value(key::asked).toInt(), f.value(key::answered).toInt(), {}};
    for (const QJsonValue& v : f.value(key::failed).toArray()) {
        coverage.failed.push_back({v.toObject().value(key::gatewayId).toString(), v.toObject().value(key::error).toString()});
    }
    return coverage;
}

std::optional<GatewayRoster> parseGateways(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::gateways).isArray()) {
        error = QStringLiteral("no 'gateways' list");
        return std::nullopt;
    }
    GatewayRoster roster;
    roster.tableVersion = root->value(key::tableVersion).toInteger();
    roster.lostAfterMs = root->value(key::lostAfterMs).toInteger();
    for (const QJsonValue& v : root->value(key::gateways).toArray()) {
        const QJsonObject g = v.toObject();
        GatewayInfo info;
        info.id = g.value(key::gatewayId).toString();
        info.live = g.value(key::state).toString() == QLatin1String("live");
        info.adminUrl = g.value(key::adminUrl).toString();
        info.version = g.value(key::version).toString();
        info.tableVersion = g.value(key::tableVersion).toInteger();
        info.tableSource = g.value(key::tableSource).toString();
        info.stalenessMs = g.value(key::stalenessMs).toInteger();
        info.switchVersion = g.value(key::switchVersion).toInteger();
        info.lastSeenMs = g.value(key::lastSeenMs).toInteger();
        info.silentMs = g.value(key::silentMs).toInteger();
        info.polls = g.value(key::polls).toInteger();
        roster.gateways.push_back(std::move(info));
    }
    return roster;
}

QString parseErrorMessage(const QByteArray& body) {
    QString ignored;
    const auto root = object(body, ignored);
    return root ? root->value(key::message).toString() : QString();
}

} // namespace gatehouse::console
