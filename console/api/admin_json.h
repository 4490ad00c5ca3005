#pragma once

#include "api/admin_types.h"

#include <QByteArray>

#include <optional>

namespace gatehouse::console {

// The admin API's JSON, read into types (docs/admin-api.md). Each returns nothing when
// the document is not what the endpoint answers, with the reason in `error`.
std::optional<QVector<ServiceSummary>> parseServices(const QByteArray& body, QString& error);
std::optional<ServiceSummary> parseServiceDetail(const QByteArray& body, QString& error);
std::optional<ServiceSeries> parseSeries(const QByteArray& body, QString& error);
std::optional<QVector<ThresholdInfo>> parseThresholds(const QByteArray& body, QString& error);
std::optional<QVector<Alert>> parseAlerts(const QByteArray& body, QString& error);
QVector<AlertTransition> parseAlertHistory(const QByteArray& body); // the "history" of the same answer
QByteArray acknowledgeBody(const QString& service, const QString& rule, const QString& note);
std::optional<QVector<Annotation>> parseAnnotations(const QByteArray& body, QString& error);
std::optional<QVector<FilterSwitch>> parseFilterSwitches(const QByteArray& body, QString& error);
std::optional<FilterSwitch> parseFilterSwitch(const QByteArray& body, QString& error);
std::optional<QVector<AuditEntry>> parseAudit(const QByteArray& body, QString& error);
std::optional<Identity> parseIdentity(const QByteArray& body, QString& error);
QByteArray filterSwitchBody(bool enabled, const QString& reason);
std::optional<RouteTableInfo> parseRoutes(const QByteArray& body, QString& error);
std::optional<Explanation> parseExplanation(const QByteArray& body, QString& error);
std::optional<TrailPage> parseTrailPage(const QByteArray& body, QString& error);
std::optional<TrailSummary> parseTrailSummary(const QByteArray& body, QString& error);
// The query string for /trail and /trail/summary.
QString trailQueryString(const TrailQuery& query);
// {"id", "message", "request_id"}: the message, or empty.
QString parseErrorMessage(const QByteArray& body);
// A fleet answer's "fleet" member (who answered); nothing in a gateway's own answers.
std::optional<FleetCoverage> parseCoverage(const QByteArray& body);
std::optional<GatewayRoster> parseGateways(const QByteArray& body, QString& error);

} // namespace gatehouse::console
