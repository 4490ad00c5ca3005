#include "api/admin_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    actor{"actor"}, role{"role"}, action{"action"}, target{"target"}, detail{"detail"};
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
    return HealthStatus::unknown;
}

ServiceSummary serviceFrom(const QJsonObject& o) {
    ServiceSummary s;
    s.name = o.value(key::name).toString();
    s.status = statusFrom(o.value(key::status).toString());
    for (const QJsonValue& r : o.value(key::reasons).toArray()) s.reasons << r.toString();
    s.requestRate = o.value(key::requestRate).toDouble();
    s.errorRatio = optionalNumber(o, key::errorRatio);
    s.gatewayFailureRatio = optionalNumber(o, key::gatewayFailureRatio);
    s.p99Ms = optionalNumber(o, key::p99Ms);
    s.requests = o.value(key::requests).toInteger();
    s.timeoutSeconds = o.value(key::timeoutSeconds).toInt();
    const QJsonObject destinations = o.value(key::destinations).toObject();
    s.healthyDestinations = destinations.value(key::healthy).toInt();
    s.totalDestinations = destinations.value(key::total).toInt();
    for (const QJsonValue& d : o.value(key::destinationDetail).toArray()) {
        const QJsonObject x = d.toObject();
        s.destinations.push_back({x.value(key::address).toString(), x.value(key::healthy).toBool(),
                                  x.value(key::lastResult).toString(), x.value(key::lastCheck).toInteger() * 1000, // seconds
                                  x.value(key::consecutiveFailures).toInt(), x.value(key::consecutiveSuccesses).toInt()});
    }
    if (o.contains(key::thresholds)) {
        const QJsonObject t = o.value(key::thresholds).toObject();
        const QJsonObject e = t.value(key::errorRatio).toObject(), f = t.value(key::gatewayFailureRatio).toObject(),
                          p = t.value(key::p99LatencyMs).toObject();
        s.thresholds = ServiceThresholds{e.value(key::warning).toDouble(), e.value(key::critical).toDouble(),
                                         f.value(key::warning).toDouble(), f.value(key::critical).toDouble(),
                                         p.value(key::warning).toDouble(), p.value(key::critical).toDouble(),
                                         t.value(key::minRequests).toInt(), t.value(key::windowSeconds).toInt()};
    }
    return s;
}

} // namespace

QString healthStatusName(HealthStatus status) {
    switch (status) {
    case HealthStatus::green: return QStringLiteral("green");
    case HealthStatus::amber: return QStringLiteral("amber");
    case HealthStatus::red: return QStringLiteral("red");
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
    for (const QJsonValue& v : root->value(key::services).toArray()) out.push_back(serviceFrom(v.toObject()));
    return out;
}

std::optional<ServiceSummary> parseServiceDetail(const QByteArray& body, QString& error) {
    const auto root = object(body, error);
    if (!root) return std::nullopt;
    if (!root->value(key::name).isString()) {
        error = QStringLiteral("no service 'name'");
        return std::nullopt;
    }
    return serviceFrom(*root);
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
                       a.value(key::resolvedMs).toInteger(), a.value(key::meaning).toString(), a.value(key::hint).toString()});
    }
    return out;
}

namespace {
FilterSwitch switchFrom(const QJsonObject& o) {
    return {o.value(key::name).toString(),      o.value(key::phase).toString(),     o.value(key::enabled).toBool(true),
            o.value(key::changedBy).toString(), o.value(key::changedAt).toString(), o.value(key::reason).toString()};
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

QString parseErrorMessage(const QByteArray& body) {
    QString ignored;
    const auto root = object(body, ignored);
    return root ? root->value(key::message).toString() : QString();
}

} // namespace gatehouse::console
