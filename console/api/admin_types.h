#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace gatehouse::console {

// What the admin API answers, typed. Widgets and models see only these; JSON stays in
// api/ (admin_json.cpp).

// Worst first: the order sorts by it. `idle`: too little traffic in the window to judge
// (no data is not healthy).
enum class HealthStatus { red, amber, idle, green, unknown };

struct HealthChange {
    qint64 atMs = 0;
    bool healthy = false;
    QString reason;
};

struct DestinationHealth {
    QString address;
    bool healthy = false;
    QString lastResult;
    qint64 lastCheckMs = 0; // 0: never checked
    int consecutiveFailures = 0;
    int consecutiveSuccesses = 0;
    qint64 sinceMs = 0; // the last change of health; 0: never changed
    bool flapping = false;
    int changesInWindow = 0;
    QVector<HealthChange> history; // newest first
    QString gatewayId; // a fleet's: the gateway that checks it (each checks its own)
};

// The bands in force for one service (ratios in 0..1, latency in ms).
struct ServiceThresholds {
    double errorWarning = 0, errorCritical = 0;
    double failureWarning = 0, failureCritical = 0;
    double p99WarningMs = 0, p99CriticalMs = 0;
    int minRequests = 0;
    int windowSeconds = 0;
    int flappingChanges = 0;
    int flappingWindowSeconds = 0;
};

// One gateway's figures for a service (a fleet's services list them per gateway).
struct GatewayShare {
    QString gatewayId;
    HealthStatus status = HealthStatus::unknown;
    double requestRate = 0;
    qint64 requests = 0, status5xx = 0, service5xx = 0, gatewayFailures = 0;
    std::optional<double> errorRatio, gatewayFailureRatio, p99Ms;
    int healthyDestinations = 0, totalDestinations = 0;
};

struct ServiceSummary {
    QString name;
    HealthStatus status = HealthStatus::unknown;
    QStringList reasons; // "error_ratio:critical", ...
    double requestRate = 0; // per second over the thresholds' window
    int windowSeconds = 0;  // that window (/services lists it once; copied to each)
    bool enoughTraffic = false; // min_requests in the window: ratios and p99 were judged
    std::optional<double> errorRatio; // the service's own 5xx (the gateway's 502/503/504 are failures)
    std::optional<double> gatewayFailureRatio;
    std::optional<double> p99Ms;
    qint64 requests = 0;
    qint64 status5xx = 0;  // every 5xx clients received in the window
    qint64 service5xx = 0; // of those, the service's own
    qint64 gatewayFailures = 0;
    int timeoutSeconds = 0;
    int healthyDestinations = 0;
    int totalDestinations = 0;
    int flappingDestinations = 0;
    // The last 5 minutes in 10 s buckets, oldest first: requests, and errors (the
    // service's own 5xx plus the gateway's failures). For the fleet's sparklines.
    QVector<double> sparkRequests, sparkErrors;
    int firingAlerts = 0; // from /alerts, joined by the console
    QVector<GatewayShare> gateways;              // a fleet's: each gateway's own figures
    QVector<DestinationHealth> destinations;     // /services/{name} only
    std::optional<ServiceThresholds> thresholds; // /services/{name} only
};

struct SeriesPoint {
    qint64 t = 0; // epoch seconds, start of the bucket
    qint64 requests = 0, status2xx = 0, status3xx = 0, status4xx = 0, status5xx = 0, gatewayFailures = 0;
    qint64 failuresTimeout = 0, failuresUpstreamError = 0, failuresNoHealthy = 0; // gatewayFailures by cause
    double p50Ms = 0, p95Ms = 0, p99Ms = 0;
    qint64 service5xx = 0; // the 5xx the service answered itself (status5xx also has the gateway's)
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
    qint64 noTrafficSinceMs = 0; // firing, but too little traffic to judge it since
    QString resolution;          // resolved: healthy | no_traffic
    QString ackBy, ackNote;      // acknowledged: by whom, with what note
    qint64 ackAtMs = 0;
    QString gatewayId;           // a fleet's: the gateway that raised it
};

// One state change of an alert (the history the gateway keeps).
struct AlertTransition {
    qint64 atMs = 0;
    QString service, rule, severity, state;
    QString gatewayId; // a fleet's: the gateway whose alert changed
};

// Something that changed, for the charts' markers (GET /api/v1/annotations).
struct Annotation {
    qint64 atMs = 0;
    QString kind;  // table | filter_switch | alert
    QString title; // the gateway's words: "routing table v7 (collector v12): +1 -0 routes"
    QString service; // alert: its service
    QString state;   // alert: pending | firing | resolved | no_traffic | resolved_no_traffic
    QString severity;
    bool enabled = true; // filter_switch: on or off after the change
};

// A default security filter's switch (GET/PUT /api/v1/security/filters).
struct FilterSwitch {
    QString name;
    QString phase; // before | after
    bool enabled = true;
    QString changedBy; // empty until first changed
    QString changedAt;
    QString reason;
    // A fleet's (the collector's): the live gateways that run the current state, and
    // those that do not yet. Both empty for one gateway's own switches.
    bool fleet = false;
    QStringList appliedBy, pending;
    QStringList configuredOn; // a fleet's: the live gateways whose default chains run it
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
    QString gatewayId; // a fleet's: the gateway that served it
};
struct TrailPage {
    QVector<TrailRecord> records; // newest first
    std::optional<QString> nextCursor; // opaque: a row id on one gateway, one per gateway on a fleet
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

// Who answered a fleet read (the collector asks every live gateway, each with a time
// limit): a partial answer is shown as one.
struct FleetCoverage {
    int asked = 0;
    int answered = 0;
    QVector<QPair<QString, QString>> failed; // gateway id, why
    bool partial() const { return answered < asked; }
};

// A gateway the collector knows from its polls (GET /v1/gateways).
struct GatewayInfo {
    QString id;
    bool live = false;
    QString adminUrl; // empty: it advertises none (the fleet cannot read it)
    QString version;
    qint64 tableVersion = 0;
    QString tableSource; // collector | last_known_good | static
    qint64 stalenessMs = 0;
    qint64 switchVersion = 0;
    qint64 lastSeenMs = 0;
    qint64 silentMs = 0;
    qint64 polls = 0;
};
struct GatewayRoster {
    qint64 tableVersion = 0; // the collector's
    qint64 lostAfterMs = 0;
    QVector<GatewayInfo> gateways;
};

QString healthStatusName(HealthStatus status);

} // namespace gatehouse::console

Q_DECLARE_METATYPE(gatehouse::console::ServiceSummary)
Q_DECLARE_METATYPE(gatehouse::console::ServiceSeries)
