#include "api/collector_client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace gatehouse::console {

namespace key {
constexpr QLatin1String message{"message"}, problems{"problems"}, file{"file"}, path{"path"}, code{"code"}, severity{"severity"},
    hint{"hint"}, conflicts{"conflicts"}, route{"route"}, owner{"owner"}, ownerRoute{"owner_route"}, diff{"diff"}, added{"added"},
    removed{"removed"}, moved{"moved"}, from{"from"}, to{"to"}, changedRequests{"changed_requests"}, service{"service"},
    position{"position"}, method{"method"}, host{"host"}, before{"before"}, after{"after"};
} // namespace key

namespace {
QString routeText(const QJsonValue& value) {
    if (!value.isObject()) return CollectorClient::tr("404 (no route)");
    const QJsonObject r = value.toObject();
    return QStringLiteral("#%1 %2 %3 %4")
        .arg(r.value(key::position).toInt())
        .arg(r.value(key::service).toString(), r.value(key::route).toString(), r.value(key::path).toString());
}
} // namespace

DryRunResult parseDryRun(int httpStatus, const QByteArray& body) {
    DryRunResult result;
    result.httpStatus = httpStatus;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    result.message = root.value(key::message).toString();
    // Problems, then warnings: two lists joined element by element (QJsonArray's + would
    // append the second list as one element).
    QJsonArray problems = root.value(key::problems).toArray();
    for (const QJsonValue& w : root.value(QLatin1String("warnings")).toArray()) problems.append(w);
    for (const QJsonValue& v : problems) {
        const QJsonObject p = v.toObject();
        QString line = QStringLiteral("%1: %2%3 [%4] %5")
                           .arg(p.value(key::file).toString(),
                                p.value(key::path).toString().isEmpty() ? QString() : p.value(key::path).toString() + QStringLiteral(": "),
                                p.value(key::severity).toString(), p.value(key::code).toString(), p.value(key::message).toString());
        if (p.contains(key::hint)) line += QStringLiteral("\n    ") + CollectorClient::tr("hint: %1").arg(p.value(key::hint).toString());
        result.problems << line;
    }
    for (const QJsonValue& v : root.value(key::conflicts).toArray()) {
        const QJsonObject c = v.toObject();
        result.conflicts.push_back({c.value(key::route).toString(), c.value(key::path).toString(), c.value(key::owner).toString(),
                                    c.value(key::ownerRoute).toString()});
    }
    const QJsonObject diff = root.value(key::diff).toObject();
    for (const QJsonValue& v : diff.value(key::added).toArray()) result.added << routeText(v);
    for (const QJsonValue& v : diff.value(key::removed).toArray()) result.removed << routeText(v);
    for (const QJsonValue& v : diff.value(key::moved).toArray()) {
        result.moved << CollectorClient::tr("%1 moves from #%2 to #%3")
                            .arg(routeText(v))
                            .arg(v.toObject().value(key::from).toInt())
                            .arg(v.toObject().value(key::to).toInt());
    }
    for (const QJsonValue& v : diff.value(key::changedRequests).toArray()) {
        const QJsonObject c = v.toObject();
        const QString host = c.value(key::host).toString();
        result.changedRequests << QStringLiteral("%1 %2 %3: %4 → %5")
                                      .arg(c.value(key::method).toString(), host.isEmpty() ? CollectorClient::tr("(any host)") : host,
                                           c.value(key::path).toString(), routeText(c.value(key::before)), routeText(c.value(key::after)));
    }
    return result;
}

CollectorClient::CollectorClient(QNetworkAccessManager* network, QObject* parent) : QObject(parent), network_(network) {}

void CollectorClient::dryRun(const QUrl& collector, const QString& token, const QString& service, const QByteArray& config,
                             quint64 tag) {
    QUrl url = collector;
    QString base = collector.path();
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    url.setPath(base + QStringLiteral("/v1/services/%1/dry-run").arg(QString::fromUtf8(QUrl::toPercentEncoding(service))));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(10'000);
    QNetworkReply* reply = network_->post(request, config);
    connect(reply, &QNetworkReply::finished, this, [this, reply, service, tag] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        DryRunResult result = parseDryRun(status, reply->readAll());
        result.service = service;
        result.tag = tag;
        if (status == 0) result.message = tr("the collector is unreachable: %1").arg(reply->errorString());
        emit dryRunFinished(result);
    });
}

} // namespace gatehouse::console
