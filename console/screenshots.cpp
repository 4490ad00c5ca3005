#include "screenshots.h"

#include "main_window.h"
#include "models/alerts_model.h"
#include "models/fleet_model.h"
#include "models/routes_model.h"
#include "models/security_models.h"
#include "models/trail_model.h"
#include "pages/alerts_page.h"
#include "pages/fleet_page.h"
#include "pages/gateways_page.h"
#include "models/gateways_model.h"
#include "pages/incidents_page.h"
#include "pages/routes_page.h"
#include "pages/service_page.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTableView>

namespace gatehouse::console {

bool saveScreenshots(MainWindow& window, const QString& dir, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    const auto waitFor = [&](auto condition) {
        while (!condition() && clock.elapsed() < timeoutMs) QApplication::processEvents(QEventLoop::AllEvents, 50);
        return condition();
    };
    QDir().mkpath(dir);
    bool alertsSeen = false;
    const auto seen = QObject::connect(window.client(), &AdminClient::alertsReceived, &window, [&] { alertsSeen = true; });
    window.refresh();
    const bool fleetReady = waitFor([&] { return window.fleetModel()->rowCount() > 0 && alertsSeen; });
    QObject::disconnect(seen);
    if (!fleetReady) return false;
    window.showPage(MainWindow::fleetPage);
    QApplication::processEvents();
    bool ok = window.grab().save(QDir(dir).filePath(QStringLiteral("fleet.png")));
    // The worst service, as the fleet view sorts it.
    const QString worst = window.fleet()->view()->model()->index(0, 0).data(FleetModel::nameRole).toString();
    bool seriesSeen = false, detailSeen = false;
    const auto a = QObject::connect(window.client(), &AdminClient::seriesReceived, &window, [&] { seriesSeen = true; });
    const auto b = QObject::connect(window.client(), &AdminClient::serviceReceived, &window, [&] { detailSeen = true; });
    window.service()->setRange(15); // the incident fills the width: the newest 15 minutes
    window.openService(worst);
    waitFor([&] { return seriesSeen && detailSeen; });
    QObject::disconnect(a);
    QObject::disconnect(b);
    QApplication::processEvents();
    ok = window.grab().save(QDir(dir).filePath(QStringLiteral("service.png"))) && ok;
    window.showPage(MainWindow::alertsPage);
    if (window.alertsModel()->rowCount() > 0) window.alerts()->view()->selectRow(0);
    QApplication::processEvents();
    ok = window.grab().save(QDir(dir).filePath(QStringLiteral("alerts.png"))) && ok;
    // The requests behind the worst service's trouble, in the last hour.
    bool summarised = false;
    const auto d = QObject::connect(window.client(), &AdminClient::trailSummaryReceived, &window, [&] { summarised = true; });
    window.investigate(worst, QDateTime::currentMSecsSinceEpoch() - 3'600'000, 0, 0);
    waitFor([&] { return summarised && window.trailModel()->rowCount() > 0; });
    QObject::disconnect(d);
    if (window.trailModel()->rowCount() > 0) window.incidents()->recordsView()->selectRow(0);
    QApplication::processEvents();
    ok = window.grab().save(QDir(dir).filePath(QStringLiteral("incidents.png"))) && ok;
    window.showPage(MainWindow::routesPage);
    bool explained = false;
    const auto c = QObject::connect(window.client(), &AdminClient::explanationReceived, &window, [&] { explained = true; });
    waitFor([&] { return window.routesModel()->rowCount() > 0; });
    // A request that several routes match: the explorer's reason to exist.
    const RouteTableInfo& table = window.routesModel()->table();
    if (!table.routes.isEmpty()) {
        const RouteRow& sample = table.routes[table.routes.size() / 3];
        QString path = sample.path;
        path.replace(QRegularExpression(QStringLiteral(":[A-Za-z_]+")), QStringLiteral("42")).replace(QLatin1Char('*'), QStringLiteral("any"));
        window.routes()->setRequest(sample.methods.isEmpty() ? QStringLiteral("GET") : sample.methods.front(),
                            sample.hosts.isEmpty() ? QStringLiteral("api.example.com") : sample.hosts.front(), path);
        window.client()->explain(sample.methods.isEmpty() ? QStringLiteral("GET") : sample.methods.front(),
                         sample.hosts.isEmpty() ? QStringLiteral("api.example.com") : sample.hosts.front(), path);
        waitFor([&] { return explained; });
    }
    QObject::disconnect(c);
    QApplication::processEvents();
    ok = window.grab().save(QDir(dir).filePath(QStringLiteral("routes.png"))) && ok;
    window.showPage(MainWindow::securityPage);
    waitFor([&] { return window.switchesModel()->rowCount() > 0; });
    QApplication::processEvents();
    ok = window.grab().save(QDir(dir).filePath(QStringLiteral("security.png"))) && ok;
    if (window.client()->isFleet()) { // the fleet's gateways, with their traffic
        window.showPage(MainWindow::gatewaysPage);
        waitFor([&] { return window.gateways()->model()->rowCount() > 0; });
        QApplication::processEvents();
        ok = window.grab().save(QDir(dir).filePath(QStringLiteral("gateways.png"))) && ok;
    }
    return ok && seriesSeen;
}

} // namespace gatehouse::console
