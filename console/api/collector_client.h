#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QVector>

class QNetworkAccessManager;

namespace gatehouse::console {

// What the route collector says a registration would do (POST /v1/services/{name}/dry-run,
// docs/collector-api.md): the same checks as registering, nothing changed.
struct DryRunResult {
    QString service;     // the service asked about
    quint64 tag = 0;     // as given to dryRun
    int httpStatus = 0;  // 200 valid, 409 takeover, 422 invalid, 401/403 token, 0 unreachable
    QString message;     // the collector's message, or the network error
    QStringList problems; // "service: path: error [code] message" (+ hint lines)
    struct Conflict {
        QString route, path, owner, ownerRoute;
    };
    QVector<Conflict> conflicts;
    QStringList added, removed, moved; // "#12 droplets routes[0].paths[1] /v2/droplets/:id"
    QStringList changedRequests;       // "GET api.example.com /v2/droplets/42: api-monolith … -> droplets …"
};

// The console's door to a route collector; it shares the console's network manager.
class CollectorClient : public QObject {
    Q_OBJECT

public:
    CollectorClient(QNetworkAccessManager* network, QObject* parent = nullptr);
    void dryRun(const QUrl& collector, const QString& token, const QString& service, const QByteArray& config, quint64 tag);

signals:
    void dryRunFinished(const gatehouse::console::DryRunResult& result);

private:
    QNetworkAccessManager* network_;
};

DryRunResult parseDryRun(int httpStatus, const QByteArray& body);

} // namespace gatehouse::console
