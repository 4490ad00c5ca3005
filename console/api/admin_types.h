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

QString healthStatusName(HealthStatus status);

} // namespace gatehouse::console

Q_DECLARE_METATYPE(gatehouse::console::ServiceSummary)
Q_DECLARE_METATYPE(gatehouse::console::ServiceSeries)
