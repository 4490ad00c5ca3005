#pragma once

#include "api/admin_types.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace gatehouse::console {

// The one door to a gateway's admin API: one QNetworkAccessManager, typed results,
// errors in words. Every request is bounded (transfer timeout); answers that arrive
// after the endpoint changed are dropped.
class AdminClient : public QObject {
    Q_OBJECT

public:
    enum class State { disconnected, connecting, connected, unreachable, unauthorized };
    Q_ENUM(State)

    explicit AdminClient(QObject* parent = nullptr);

    void setEndpoint(const QUrl& base, const QString& token);
    QUrl endpoint() const { return base_; }
    State state() const { return state_; }
    QString stateMessage() const { return message_; }
    void setTimeoutMs(int ms) { timeoutMs_ = ms; }

    void fetchServices();
    void fetchService(const QString& name);
    void fetchSeries(const QString& name, const QString& window); // "1h" or "24h"
    void fetchThresholds();
    void fetchAlerts();

signals:
    void servicesReceived(const QVector<gatehouse::console::ServiceSummary>& services);
    void serviceReceived(const gatehouse::console::ServiceSummary& service);
    void seriesReceived(const gatehouse::console::ServiceSeries& series);
    void thresholdsReceived(const QVector<gatehouse::console::ThresholdInfo>& thresholds);
    void alertsReceived(const QVector<gatehouse::console::Alert>& alerts);
    void stateChanged(gatehouse::console::AdminClient::State state, const QString& message);
    // A request that failed on its own (the connection is fine): what and why.
    void requestFailed(const QString& what, const QString& message);

private:
    void get(const QString& path, const QString& what, std::function<bool(const QByteArray&, QString&)> onBody);
    void setState(State state, const QString& message);

    QNetworkAccessManager* network_;
    QUrl base_;
    QString token_;
    int timeoutMs_ = 5000;
    quint64 generation_ = 0; // bumped by setEndpoint: late answers of an old endpoint are ignored
    State state_ = State::disconnected;
    QString message_;
};

} // namespace gatehouse::console
