#include "api/admin_client.h"

#include "api/admin_json.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace gatehouse::console {

AdminClient::AdminClient(QObject* parent) : QObject(parent), network_(new QNetworkAccessManager(this)) {}

void AdminClient::setEndpoint(const QUrl& base, const QString& token) {
    base_ = base;
    token_ = token;
    ++generation_;
    setState(base.isValid() ? State::connecting : State::disconnected, base.toString());
}

void AdminClient::setState(State state, const QString& message) {
    if (state == state_ && message == message_) return;
    state_ = state;
    message_ = message;
    emit stateChanged(state, message);
}

void AdminClient::get(const QString& path, const QString& what, std::function<bool(const QByteArray&, QString&)> onBody) {
    if (!base_.isValid()) return;
    QUrl url = base_;
    const int question = path.indexOf(QLatin1Char('?'));
    url.setPath(base_.path() + path.left(question));
    if (question >= 0) url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(timeoutMs_);
    QNetworkReply* reply = network_->get(request);
    const quint64 generation = generation_;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, what, onBody = std::move(onBody)] {
        reply->deleteLater();
        if (generation != generation_) return; // the endpoint changed meanwhile
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) { // no HTTP answer at all: refused, timed out, unresolvable
            setState(State::unreachable, tr("%1 is unreachable: %2").arg(base_.toString(), reply->errorString()));
            return;
        }
        if (status == 401 || status == 403) {
            const QString message = parseErrorMessage(body);
            setState(State::unauthorized, tr("The gateway refused the token (HTTP %1): %2").arg(status).arg(message));
            return;
        }
        setState(State::connected, base_.toString());
        if (status != 200) {
            emit requestFailed(what, tr("HTTP %1: %2").arg(status).arg(parseErrorMessage(body)));
            return;
        }
        QString error;
        if (!onBody(body, error)) emit requestFailed(what, tr("unexpected answer: %1").arg(error));
    });
}

void AdminClient::fetchServices() {
    get(QStringLiteral("/api/v1/services"), tr("services"), [this](const QByteArray& body, QString& error) {
        auto services = parseServices(body, error);
        if (services) emit servicesReceived(*services);
        return services.has_value();
    });
}

void AdminClient::fetchService(const QString& name) {
    get(QStringLiteral("/api/v1/services/") + QString::fromUtf8(QUrl::toPercentEncoding(name)), tr("service %1").arg(name),
        [this](const QByteArray& body, QString& error) {
            auto service = parseServiceDetail(body, error);
            if (service) emit serviceReceived(*service);
            return service.has_value();
        });
}

void AdminClient::fetchSeries(const QString& name, const QString& window) {
    get(QStringLiteral("/api/v1/services/%1/series?window=%2").arg(QString::fromUtf8(QUrl::toPercentEncoding(name)), window),
        tr("series of %1").arg(name), [this](const QByteArray& body, QString& error) {
            auto series = parseSeries(body, error);
            if (series) emit seriesReceived(*series);
            return series.has_value();
        });
}

void AdminClient::fetchThresholds() {
    get(QStringLiteral("/api/v1/thresholds"), tr("thresholds"), [this](const QByteArray& body, QString& error) {
        auto thresholds = parseThresholds(body, error);
        if (thresholds) emit thresholdsReceived(*thresholds);
        return thresholds.has_value();
    });
}

void AdminClient::fetchAlerts() {
    get(QStringLiteral("/api/v1/alerts"), tr("alerts"), [this](const QByteArray& body, QString& error) {
        auto alerts = parseAlerts(body, error);
        if (alerts) emit alertsReceived(*alerts);
        return alerts.has_value();
    });
}

} // namespace gatehouse::console
