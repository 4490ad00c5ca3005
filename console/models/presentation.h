#pragma once

#include "api/admin_types.h"

#include <QColor>
#include <QString>

#include <optional>

namespace gatehouse::console {

// How the console shows values, in one place: the status colours (the same in light and
// dark palettes: they mean something), numbers and translated names.
QColor statusColor(HealthStatus status);
// The same meaning as text on a light row: darker, so that it stays readable.
QColor statusTextColor(HealthStatus status);
QString statusText(HealthStatus status);
QColor severityColor(const QString& severity, const QString& state);
QString severityText(const QString& severity);
QString alertStateText(const QString& state);

QString formatRate(double perSecond);            // "12.4/s"
QString formatRatio(std::optional<double> ratio); // "3.2 %", "—" when there is too little traffic
QString formatMs(std::optional<double> ms);       // "840 ms", "2.1 s"
// One time format everywhere: local time ("14:03:22") today, with the date otherwise;
// formatTimeUtc for tooltips ("2026-12-01 14:03:22 UTC").
QString formatTime(qint64 epochMs);
QString formatTimeUtc(qint64 epochMs);
// The gateway's ISO 8601 timestamps ("2026-12-01T14:03:22Z") as epoch ms; 0 if unreadable.
qint64 parseIsoTime(const QString& text);
// "4 min", "2 h 05 min", "3 d 2 h": how long something has lasted.
QString formatDuration(qint64 ms);

// The gateway's codes, as words (every code that reaches the screen has a label).
QString routeKindText(const QString& kind);           // exact | param | wildcard
QString decisionText(const QString& decision);        // allow | deny | skip | error
QString precedenceRuleText(const QString& rule);      // full_before_wildcard, ...
QString auditActionText(const QString& action);       // default_filter.disable, ...
QString auditDetailText(const QString& detailJson);   // {"reason": "..."} as "reason: ..."

// What a threshold means and what to check first, translated when the console knows the
// key; otherwise the gateway's own (English) text.
QString thresholdTitle(const QString& key);
// "5xx ratio (critical), p99 latency (warning)" from the gateway's "error_ratio:critical", ...
QString describeReasons(const QStringList& reasons);
QString thresholdMeaning(const QString& key, const QString& fallback);
QString thresholdHint(const QString& key, const QString& fallback);

} // namespace gatehouse::console
