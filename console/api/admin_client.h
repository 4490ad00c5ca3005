#pragma once

#include <QSslCertificate>

#include "api/admin_types.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace gatehouse::console {

// The one door to what the console reads: a gateway's admin API, or a route collector's
// fleet API (the same views over every gateway, docs/collector-api.md). One
// QNetworkAccessManager, typed results, errors in words. Every request is bounded
// (transfer timeout); answers that arrive after the endpoint changed are dropped.
class AdminClient : public QObject {
    Q_OBJECT

public:
    enum class State { disconnected, connecting, connected, unreachable, unauthorized };
    Q_ENUM(State)
    // What the endpoint is: one gateway's admin API, or a collector speaking for the fleet.
    enum class Mode { gateway, fleet };
    Q_ENUM(Mode)

    explicit AdminClient(QObject* parent = nullptr);

    // `caFile`: for https://, the PEM CA that signed the gateway's certificate (empty:
    // the system's CAs). A certificate it cannot verify fails the connection, named.
    void setEndpoint(const QUrl& base, const QString& token, const QString& caFile = {}, Mode mode = Mode::gateway);
    QUrl endpoint() const { return base_; }
    Mode mode() const { return mode_; }
    bool isFleet() const { return mode_ == Mode::fleet; }
    // Fleet mode only: the gateways the collector knows (GET /v1/gateways).
    void fetchGateways();
    State state() const { return state_; }
    QString stateMessage() const { return message_; }
    void setTimeoutMs(int ms) { timeoutMs_ = ms; }
    QNetworkAccessManager* network() const { return network_; } // shared with the collector client

    void fetchServices();
    void fetchService(const QString& name);
    void fetchSeries(const QString& name, const QString& window); // "1h" or "24h"
    void fetchThresholds();
    void fetchAlerts();
    // On call takes an alert: who (this token) and a note, shown to everyone, audited.
    void acknowledge(const QString& service, const QString& rule, const QString& note);
    // What changed since `fromMs` for `service`: table changes, filter switches, its alerts.
    void fetchAnnotations(const QString& service, qint64 fromMs);
    void fetchIdentity();
    void fetchRoutes();
    // A page of the trail (newest first): `tag` comes back with it, so that a model can
    // drop pages of a query it no longer shows.
    void fetchTrailPage(const TrailQuery& query, std::optional<QString> cursor, int limit, quint64 tag);
    void fetchTrailSummary(const TrailQuery& query, quint64 tag);
    void explain(const QString& method, const QString& host, const QString& path);
    void fetchFilterSwitches();
    void fetchAudit(int limit = 200);
    // An admin change: the answer is filterSwitchChanged, or changeRefused with the
    // gateway's reason (403 for a viewer, 400 without a reason).
    void setFilterSwitch(const QString& name, bool enabled, const QString& reason);

signals:
    void servicesReceived(const QVector<gatehouse::console::ServiceSummary>& services);
    void serviceReceived(const gatehouse::console::ServiceSummary& service);
    void seriesReceived(const gatehouse::console::ServiceSeries& series);
    void thresholdsReceived(const QVector<gatehouse::console::ThresholdInfo>& thresholds);
    void alertsReceived(const QVector<gatehouse::console::Alert>& alerts);
    void annotationsReceived(const QVector<gatehouse::console::Annotation>& annotations);
    void alertHistoryReceived(const QVector<gatehouse::console::AlertTransition>& history);
    void acknowledged(const QString& service, const QString& rule);
    void acknowledgeRefused(const QString& service, const QString& rule, const QString& message);
    void trailPageReceived(quint64 tag, const gatehouse::console::TrailPage& page);
    void trailSummaryReceived(quint64 tag, const gatehouse::console::TrailSummary& summary);
    // A trail page or summary that did not come: the model/page can let the user retry.
    void trailPageFailed(quint64 tag, const QString& message);
    void trailSummaryFailed(quint64 tag, const QString& message);
    void routesReceived(const gatehouse::console::RouteTableInfo& table);
    void explanationReceived(const gatehouse::console::Explanation& explanation);
    void identityReceived(const gatehouse::console::Identity& identity);
    void filterSwitchesReceived(const QVector<gatehouse::console::FilterSwitch>& switches);
    void filterSwitchChanged(const gatehouse::console::FilterSwitch& change);
    void changeRefused(const QString& name, int httpStatus, const QString& message);
    void auditReceived(const QVector<gatehouse::console::AuditEntry>& entries);
    void gatewaysReceived(const gatehouse::console::GatewayRoster& roster);
    // Fleet mode: who answered the services read (the refresh's own, which speaks for the fleet's state).
    void coverageReceived(const gatehouse::console::FleetCoverage& coverage);
    void stateChanged(gatehouse::console::AdminClient::State state, const QString& message);
    // The first answer after connecting or after an outage: a time to ask again for what
    // is fetched once (thresholds, identity).
    void reconnected();
    // A request that failed on its own (the connection is fine): what and why.
    void requestFailed(const QString& what, const QString& message);

private:
    // `onFailure` (optional) hears why a request brought nothing: no answer, an HTTP error,
    // an unexpected body.
    void get(const QString& path, const QString& what, std::function<bool(const QByteArray&, QString&)> onBody,
             std::function<void(const QString&)> onFailure = {});
    QNetworkRequest request(const QString& path) const;
    // The path of an endpoint in this mode: "/api/v1/<gateway>" or "/v1/<fleet>".
    QString path(const QString& gatewayPath, const QString& fleetPath) const { return mode_ == Mode::fleet ? fleetPath : gatewayPath; }
    QString peerName() const;
    // Classifies the reply: true when it carries a 2xx body for the caller.
    bool settle(QNetworkReply* reply, quint64 generation, const QString& what, QByteArray& body, int& status, QString& failure);
    // A PUT or POST's answer: `accepted` with the body and status, or `refused` with the
    // gateway's message (or the network's) — nothing once the endpoint changed.
    void answerChange(QNetworkReply* reply, const QString& what, std::function<void(const QByteArray&, int)> accepted,
                      std::function<void(int, const QString&)> refused);
    // GET `path`, parse its body into a T, emit `received` with it: every plain fetch.
    template <typename T>
    void fetch(const QString& path, const QString& what, std::optional<T> (*parse)(const QByteArray&, QString&),
               void (AdminClient::*received)(const T&));
    void setState(State state, const QString& message);

    QNetworkAccessManager* network_;
    QUrl base_;
    QString token_;
    int timeoutMs_ = 5000;
    QList<QSslCertificate> caCertificates_; // from caFile; empty: the system's
    QString tlsProblem_;                    // caFile could not be read
    quint64 generation_ = 0; // bumped by setEndpoint: late answers of an old endpoint are ignored
    State state_ = State::disconnected;
    Mode mode_ = Mode::gateway;
    QString message_;
};

} // namespace gatehouse::console
