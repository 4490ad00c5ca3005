#include "api/admin_client.h"

#include "api/admin_json.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUrlQuery>

namespace gatehouse::console {

AdminClient::AdminClient(QObject* parent) : QObject(parent), network_(new QNetworkAccessManager(this)) {}

void AdminClient::setEndpoint(const QUrl& base, const QString& token, const QString& caFile, Mode mode) {
    mode_ = mode;
    caCertificates_.clear();
    tlsProblem_.clear();
    if (!caFile.isEmpty()) {
        caCertificates_ = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (caCertificates_.isEmpty()) tlsProblem_ = tr("no PEM certificate could be read from %1").arg(caFile);
    }
    base_ = base;
    QString path = base_.path();
    while (path.endsWith(QLatin1Char('/'))) path.chop(1); // "http://host:9901/" is the same gateway
    base_.setPath(path);
    token_ = token;
    ++generation_;
    setState(base.isValid() ? State::connecting : State::disconnected, base.toString());
}

QString AdminClient::peerName() const { return mode_ == Mode::fleet ? tr("The collector") : tr("The gateway"); }

void AdminClient::setState(State state, const QString& message) {
    if (state == state_ && message == message_) return;
    state_ = state;
    message_ = message;
    emit stateChanged(state, message);
}

QNetworkRequest AdminClient::request(const QString& path) const {
    QUrl url = base_;
    const int question = path.indexOf(QLatin1Char('?'));
    url.setPath(base_.path() + path.left(question));
    if (question >= 0) url.setQuery(path.mid(question + 1));
    QNetworkRequest out(url);
    out.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    out.setRawHeader("Accept", "application/json");
    out.setTransferTimeout(timeoutMs_);
    if (url.scheme() == QLatin1String("https") && !caCertificates_.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(caCertificates_);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        out.setSslConfiguration(tls);
    }
    return out;
}

bool AdminClient::settle(QNetworkReply* reply, quint64 generation, const QString& what, QByteArray& body, int& status,
                         QString& failure) {
    reply->deleteLater();
    if (generation != generation_) return false; // the endpoint changed meanwhile
    status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    body = reply->readAll();
    if (status == 0) { // no HTTP answer at all: refused, timed out, unresolvable
        failure = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError
                      ? tr("%1 did not answer within %2 s").arg(base_.toString()).arg(timeoutMs_ / 1000)
                      : tr("%1 is unreachable: %2").arg(base_.toString(), reply->errorString());
        if (!tlsProblem_.isEmpty()) failure += QStringLiteral(" (") + tlsProblem_ + QLatin1Char(')');
        setState(State::unreachable, failure);
        return false;
    }
    if (status == 401) {
        failure = tr("%1 refused the token (HTTP %2): %3").arg(peerName()).arg(status).arg(parseErrorMessage(body));
        setState(State::unauthorized, failure);
        return false;
    }
    if (status == 404 && parseErrorMessage(body).isEmpty()) { // not even our error body: not a Gatehouse admin API
        failure = mode_ == Mode::fleet
                      ? tr("%1 does not look like a Gatehouse route collector (HTTP 404 for %2)").arg(base_.toString(), reply->url().path())
                      : tr("%1 does not look like a Gatehouse admin API (HTTP 404 for %2)").arg(base_.toString(), reply->url().path());
        setState(State::unreachable, failure);
        return false;
    }
    const bool wasConnected = state_ == State::connected;
    setState(State::connected, base_.toString());
    if (!wasConnected) emit reconnected();
    if (status / 100 != 2) {
        // 403 is a role too weak for this request, not a connection problem.
        failure = tr("HTTP %1: %2").arg(status).arg(parseErrorMessage(body));
        emit requestFailed(what, failure);
        return false;
    }
    return true;
}

void AdminClient::get(const QString& path, const QString& what, std::function<bool(const QByteArray&, QString&)> onBody,
                      std::function<void(const QString&)> onFailure) {
    if (!base_.isValid()) return;
    QNetworkReply* reply = network_->get(request(path));
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation = generation_, what, onBody = std::move(onBody), onFailure = std::move(onFailure)] {
                QByteArray body;
                int status = 0;
                QString failure;
                const bool current = generation == generation_;
                if (!settle(reply, generation, what, body, status, failure)) {
                    if (current && onFailure) onFailure(failure);
                    return;
                }
                QString error;
                if (!onBody(body, error)) {
                    failure = tr("unexpected answer: %1").arg(error);
                    emit requestFailed(what, failure);
                    if (onFailure) onFailure(failure);
                }
            });
}

template <typename T>
void AdminClient::fetch(const QString& path, const QString& what, std::optional<T> (*parse)(const QByteArray&, QString&),
                        void (AdminClient::*received)(const T&)) {
    get(path, what, [this, parse, received](const QByteArray& body, QString& error) {
        std::optional<T> value = parse(body, error);
        if (value) emit(this->*received)(*value);
        return value.has_value();
    });
}

void AdminClient::fetchServices() {
    get(path(QStringLiteral("/api/v1/services"), QStringLiteral("/v1/fleet/services")), tr("services"), [this](const QByteArray& body, QString& error) {
        auto services = parseServices(body, error);
        if (!services) return false;
        emit servicesReceived(*services);
        if (mode_ == Mode::fleet) {
            if (const auto coverage = parseCoverage(body)) emit coverageReceived(*coverage);
        }
        return true;
    });
}

void AdminClient::fetchService(const QString& name) {
    fetch(path(QStringLiteral("/api/v1/services/"), QStringLiteral("/v1/fleet/services/")) + QString::fromUtf8(QUrl::toPercentEncoding(name)), tr("service %1").arg(name),
          &parseServiceDetail, &AdminClient::serviceReceived);
}

void AdminClient::fetchSeries(const QString& name, const QString& window) {
    fetch(path(QStringLiteral("/api/v1/services/%1/series?window=%2"), QStringLiteral("/v1/fleet/services/%1/series?window=%2")).arg(QString::fromUtf8(QUrl::toPercentEncoding(name)), window),
          tr("series of %1").arg(name), &parseSeries, &AdminClient::seriesReceived);
}

void AdminClient::fetchThresholds() {
    fetch(path(QStringLiteral("/api/v1/thresholds"), QStringLiteral("/v1/thresholds")), tr("thresholds"), &parseThresholds, &AdminClient::thresholdsReceived);
}

void AdminClient::fetchAlerts() {
    get(path(QStringLiteral("/api/v1/alerts"), QStringLiteral("/v1/fleet/alerts")), tr("alerts"), [this](const QByteArray& body, QString& error) {
        auto alerts = parseAlerts(body, error);
        if (!alerts) return false;
        emit alertsReceived(*alerts);
        emit alertHistoryReceived(parseAlertHistory(body));
        return true;
    });
}

void AdminClient::acknowledge(const QString& service, const QString& rule, const QString& note) {
    if (!base_.isValid()) return;
    if (mode_ == Mode::fleet) { // the collector reads gateways with a viewer token: an ack would not say who took it
        emit acknowledgeRefused(service, rule, tr("alerts are acknowledged on the gateway that raised them: connect to it"));
        return;
    }
    QNetworkRequest post = request(QStringLiteral("/api/v1/alerts/ack"));
    post.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    answerChange(network_->post(post, acknowledgeBody(service, rule, note)), tr("acknowledgement of %1").arg(service),
                 [this, service, rule](const QByteArray&, int) { emit acknowledged(service, rule); },
                 [this, service, rule](int, const QString& message) { emit acknowledgeRefused(service, rule, message); });
}

void AdminClient::answerChange(QNetworkReply* reply, const QString& what, std::function<void(const QByteArray&, int)> accepted,
                               std::function<void(int, const QString&)> refused) {
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation = generation_, what, accepted = std::move(accepted), refused = std::move(refused)] {
                QByteArray body;
                int status = 0;
                QString failure;
                if (!settle(reply, generation, what, body, status, failure)) {
                    // The gateway's own words when it answered (403 for a viewer, 400 without a reason).
                    if (generation == generation_) refused(status, status ? parseErrorMessage(body) : failure);
                    return;
                }
                accepted(body, status);
            });
}

void AdminClient::fetchAnnotations(const QString& service, qint64 fromMs) {
    fetch(path(QStringLiteral("/api/v1/annotations?service=%1&from_ms=%2"), QStringLiteral("/v1/fleet/annotations?service=%1&from_ms=%2")).arg(QString::fromUtf8(QUrl::toPercentEncoding(service))).arg(fromMs),
          tr("changes"), &parseAnnotations, &AdminClient::annotationsReceived);
}

void AdminClient::fetchTrailPage(const TrailQuery& query, std::optional<QString> cursor, int limit, quint64 tag) {
    QString q = trailQueryString(query);
    q += QStringLiteral("%1limit=%2").arg(q.isEmpty() ? QString() : QStringLiteral("&")).arg(limit);
    if (cursor) q += QStringLiteral("&cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(*cursor));
    get(path(QStringLiteral("/api/v1/trail?"), QStringLiteral("/v1/fleet/trail?")) + q, tr("trail"),
        [this, tag](const QByteArray& body, QString& error) {
            auto page = parseTrailPage(body, error);
            if (page) emit trailPageReceived(tag, *page);
            return page.has_value();
        },
        [this, tag](const QString& failure) { emit trailPageFailed(tag, failure); });
}

void AdminClient::fetchTrailSummary(const TrailQuery& query, quint64 tag) {
    // The summary narrows by service, window and status class (not by route, cause or user).
    TrailQuery narrowed;
    narrowed.service = query.service;
    narrowed.statusClass = query.statusClass;
    narrowed.fromMs = query.fromMs;
    narrowed.toMs = query.toMs;
    const QString q = trailQueryString(narrowed);
    get(path(QStringLiteral("/api/v1/trail/summary"), QStringLiteral("/v1/fleet/trail/summary")) + (q.isEmpty() ? QString() : QStringLiteral("?") + q), tr("trail summary"),
        [this, tag](const QByteArray& body, QString& error) {
            auto summary = parseTrailSummary(body, error);
            if (summary) emit trailSummaryReceived(tag, *summary);
            return summary.has_value();
        },
        [this, tag](const QString& failure) { emit trailSummaryFailed(tag, failure); });
}

void AdminClient::fetchRoutes() {
    fetch(path(QStringLiteral("/api/v1/routes"), QStringLiteral("/v1/routes")), tr("routing table"), &parseRoutes, &AdminClient::routesReceived);
}

void AdminClient::explain(const QString& method, const QString& host, const QString& target) {
    const auto encoded = [](const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
    fetch(path(QStringLiteral("/api/v1/routes/explain"), QStringLiteral("/v1/routes/explain")) + QStringLiteral("?method=%1&host=%2&path=%3").arg(encoded(method), encoded(host), encoded(target)),
          tr("explanation"), &parseExplanation, &AdminClient::explanationReceived);
}

void AdminClient::fetchGateways() {
    if (mode_ != Mode::fleet) return;
    fetch(QStringLiteral("/v1/gateways"), tr("gateways"), &parseGateways, &AdminClient::gatewaysReceived);
}

void AdminClient::fetchIdentity() {
    fetch(path(QStringLiteral("/api/v1/whoami"), QStringLiteral("/v1/whoami")), tr("identity"), &parseIdentity, &AdminClient::identityReceived);
}

void AdminClient::fetchFilterSwitches() {
    fetch(path(QStringLiteral("/api/v1/security/filters"), QStringLiteral("/v1/security/filters")), tr("security filters"), &parseFilterSwitches, &AdminClient::filterSwitchesReceived);
}

void AdminClient::fetchAudit(int limit) {
    fetch((path(QStringLiteral("/api/v1/audit"), QStringLiteral("/v1/audit")) + QStringLiteral("?limit=%1")).arg(limit), tr("audit log"), &parseAudit, &AdminClient::auditReceived);
}

void AdminClient::setFilterSwitch(const QString& name, bool enabled, const QString& reason) {
    if (!base_.isValid()) return;
    QNetworkRequest put = request(path(QStringLiteral("/api/v1/security/filters/"), QStringLiteral("/v1/security/filters/")) + QString::fromUtf8(QUrl::toPercentEncoding(name)));
    put.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    answerChange(
        network_->put(put, filterSwitchBody(enabled, reason)), tr("change of %1").arg(name),
        [this, name](const QByteArray& body, int status) {
            QString error;
            const auto change = parseFilterSwitch(body, error);
            if (change) emit filterSwitchChanged(*change);
            else emit changeRefused(name, status, error);
        },
        [this, name](int status, const QString& message) { emit changeRefused(name, status, message); });
}

} // namespace gatehouse::console
