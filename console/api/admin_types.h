#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace gatehouse::console {

// What the admin API answers, typed. Widgets and models see only these; JSON stays in
// api/ (admin_json.cpp).

enum class HealthStatus { red, amber, green, unknown }; // worst first: the order sorts by it

struct DestinationHealth {
    QString address;
    bool healthy = false;
    QString lastResult;
    qint64 lastCheckMs = 0; // 0: never checked
    int consecutiveFailures = 0;
    int consecutiveSuccesses = 0;
};

// The bands in force for one service (ratios in 0..1, latency in ms).
struct ServiceThresholds {
    double errorWarning = 0, errorCritical = 0;
    double failureWarning = 0, failureCritical = 0;
    double p99WarningMs = 0, p99CriticalMs = 0;
    int minRequests = 0;
    int windowSeconds = 0;
};

struct ServiceSummary {
    QString name;
    HealthStatus status = HealthStatus::unknown;
    QStringList reasons; // "error_ratio:critical", ...
    double requestRate = 0; // per second over the thresholds' window
    std::optional<double> errorRatio;
    std::optional<double> gatewayFailureRatio;
    std::optional<double> p99Ms;
    qint64 requests = 0;
    int timeoutSeconds = 0;
    int healthyDestinations = 0;
    int totalDestinations = 0;
    int firingAlerts = 0; // from /alerts, joined by the console
    QVector<DestinationHealth> destinations;     // /services/{name} only
    std::optional<ServiceThresholds> thresholds; // /services/{name} only
};

struct SeriesPoint {
    qint64 t = 0; // epoch seconds, start of the bucket
    qint64 requests = 0, status2xx = 0, status3xx = 0, status4xx = 0, status5xx = 0, gatewayFailures = 0;
    qint64 failuresTimeout = 0, failuresUpstreamError = 0, failuresNoHealthy = 0; // gatewayFailures by cause
    double p50Ms = 0, p95Ms = 0, p99Ms = 0;
};

struct ServiceSeries {
    QString service;
    QString window; // "1h" or "24h"
    int bucketSeconds = 10;
    QVector<SeriesPoint> points;
};

struct ThresholdInfo {
    QString key; // error_ratio, gateway_failure_ratio, p99_latency, destinations, ...
    double warning = 0;
    double critical = 0;
    QString unit;
    QString meaning; // English from the gateway; the console translates known keys
    QString hint;
};

struct Alert {
    QString service;
    QString rule;     // a threshold key
    QString severity; // warning | critical
    QString state;    // pending | firing | resolved
    qint64 sinceMs = 0;
    qint64 firedMs = 0;
    qint64 resolvedMs = 0;
    QString meaning;
    QString hint;
};

// A default security filter's switch (GET/PUT /api/v1/security/filters).
struct FilterSwitch {
    QString name;
    QString phase; // before | after
    bool enabled = true;
    QString changedBy; // empty until first changed
    QString changedAt;
    QString reason;
};

// One admin change (GET /api/v1/audit).
struct AuditEntry {
    qint64 id = 0;
    QString at;
    QString actor;
    QString role;
    QString action;
    QString target;
    QString detail; // JSON text, shown as is
};

struct Identity {
    QString name;
    QString role; // viewer | admin
    bool isAdmin() const { return role == QLatin1String("admin"); }
};

// One row of the ordered routing table (GET /api/v1/routes).
struct RouteFilter {
    QString name;
    bool shadow = false;
};
struct RouteRow {
    int position = 0;
    QString service;
    int routeIndex = 0;
    int pathIndex = 0;
    QString path;
    QStringList hosts;   // empty: any host
    QStringList methods; // empty: any method
    QString kind;        // exact | param | wildcard
    QVector<RouteFilter> before;
    QVector<RouteFilter> after;
};
struct RouteTableInfo {
    qint64 version = 0;
    QString source; // collector | last_known_good | static
    double stalenessSeconds = 0;
    qint64 collectorVersion = 0;
    QString collectorUrl; // empty: not following a collector
    QVector<RouteRow> routes;
};

// "Which route does this request hit, and why?" (GET /api/v1/routes/explain).
struct ExplainCandidate {
    int position = 0;
    QString service;
    int routeIndex = 0;
    QString path;
    QString verdict; // matched | host_mismatch | method_mismatch | path_mismatch | outranked
    QString reason;
    int precedenceStep = 0; // outranked: the step that decided (1-5), else 0
    QString precedenceRule;
};
struct Explanation {
    QString method, host, path;
    std::optional<int> winnerPosition;
    QVector<QPair<QString, QString>> params;
    QVector<ExplainCandidate> candidates;
};

// The trail of requests (GET /api/v1/trail, /trail/summary, /trail/{request_id}).
struct FilterDecision {
    QString name;
    QString mode;     // enforce | shadow
    QString decision; // allow | deny | skip | error
    QString reason;
    qint64 micros = 0;
    bool isDefault = false;
    bool mismatch = false; // shadow decision disagreed with the backend
};
struct TrailRecord {
    qint64 id = 0;
    qint64 timeMs = 0;
    QString requestId, method, host, path, service, route, destination;
    int status = 0;
    QString termination;
    qint64 durationUs = 0, filtersUs = 0;
    qint64 connectUs = -1, ttfbUs = -1; // -1: none
    qint64 bytesIn = 0, bytesOut = 0;
    QString clientIp, userId;
    QVector<FilterDecision> filters;
    int shadowMismatches = 0;
};
struct TrailPage {
    QVector<TrailRecord> records; // newest first
    std::optional<qint64> nextCursor;
};
struct TrailQuery {
    QString service;
    int statusClass = 0; // 0: any; 1-5
    QString termination;
    QString route;
    QString user;
    qint64 fromMs = 0; // 0: open
    qint64 toMs = 0;
};
struct TrailSummary {
    qint64 total = 0;
    QVector<QPair<QString, qint64>> byStatus, byTermination, byRoute, topUsers, topClients;
    QVector<QPair<qint64, qint64>> latency; // upper bound in ms (-1: beyond), count
};

QString healthStatusName(HealthStatus status);

} // namespace gatehouse::console

Q_DECLARE_METATYPE(gatehouse::console::ServiceSummary)
Q_DECLARE_METATYPE(gatehouse::console::ServiceSeries)
