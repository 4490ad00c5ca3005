// The console's pages filling from a real gatehouse process, through the main window.
#include "language.h"
#include "main_window.h"
#include "screenshots.h"
#include "models/trail_model.h"
#include "models/alerts_model.h"
#include "models/destinations_model.h"
#include "models/fleet_model.h"
#include "models/presentation.h"
#include "models/thresholds_model.h"
#include "pages/alerts_page.h"
#include "pages/fleet_page.h"
#include "pages/routes_page.h"
#include "pages/security_page.h"
#include "models/routes_model.h"
#include "pages/service_page.h"
#include "models/security_models.h"
#include "widgets/connection_banner.h"
#include "widgets/series_chart.h"

#include "support_console.h"
#include "support/collector_process.h"

#include <QDateTime>
#include <QInputDialog>
#include <QMouseEvent>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace gatehouse::console;
using gatehouse::testing::ConsoleFixture;

class PagesTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's own
        installTranslations(*QCoreApplication::instance(), QLocale::c());
        QSettings().clear();
        fixture_ = std::make_unique<ConsoleFixture>();
        QVERIFY2(fixture_->gateway->started(), fixture_->gateway->log().c_str());
        fixture_->sendTraffic(60);
    }

    void fleetServiceAndAlertPagesFill() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.connectTo({QStringLiteral("test"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken)});
        QTRY_COMPARE_WITH_TIMEOUT(window.fleetModel()->rowCount(), 2, 10'000);
        QVERIFY(window.connectionText().startsWith(QStringLiteral("Connected to")));
        QTableView* fleetView = window.fleet()->view();
        QCOMPARE(fleetView->model()->index(0, 0).data(FleetModel::nameRole).toString(), QStringLiteral("volumes")); // worst first

        window.fleet()->filterBox()->setText(QStringLiteral("app"));
        QCOMPARE(fleetView->model()->rowCount(), 1);
        window.fleet()->filterBox()->clear();

        // Activating a row opens the service page, which fills: detail, thresholds, series.
        emit fleetView->activated(fleetView->model()->index(0, FleetModel::nameColumn));
        QCOMPARE(window.service()->service(), QStringLiteral("volumes"));
        QTRY_COMPARE_WITH_TIMEOUT(window.service()->destinationsModel()->rowCount(), 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.service()->thresholdsModel()->rowCount() >= 4, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.service()->charts().front()->lineSizes().value(QStringLiteral("5xx (service and gateway)")) > 0, 10'000);
        const QMap<QString, int> ratio = window.service()->charts()[1]->lineSizes();
        QVERIFY(ratio.contains(QStringLiteral("critical"))); // the threshold band is drawn
        // The service timeout: drawn when near the data, else named on the axis.
        QVERIFY(window.service()->charts()[2]->lineSizes().contains(QStringLiteral("timeout")) ||
                window.service()->charts()[2]->title().contains(QStringLiteral("far above")));

        // Dragging across a chart opens the requests of that time range.
        SeriesChart* chart = window.service()->charts().front();
        const QRectF plot = chart->chart()->plotArea();
        const QPoint from = chart->mapFromScene(chart->chart()->mapToScene(QPointF(plot.left() + plot.width() * 0.5, plot.center().y())));
        const QPoint to = chart->mapFromScene(chart->chart()->mapToScene(QPointF(plot.right() - 2, plot.center().y())));
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(chart->viewport(), to);
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, to);
        // The drag zooms every chart to that range (still live: it reached the right edge)...
        QVERIFY(window.service()->zoomed());
        auto* zoomLabel = window.service()->findChild<QLabel*>(QStringLiteral("zoomLabel"));
        QVERIFY(zoomLabel->isVisible() && zoomLabel->text().contains(QStringLiteral("now (live)")));
        // ... and its requests are one click away.
        QTest::mouseClick(window.service()->findChild<QPushButton*>(QStringLiteral("zoomRequests")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.trailModel()->query().service, QStringLiteral("volumes"), 5'000);
        QVERIFY(window.trailModel()->query().fromMs > QDateTime::currentMSecsSinceEpoch() - 3'600'000);
        QCOMPARE(window.trailModel()->query().toMs, 0); // dragged to the newest bucket: until now
        QTRY_VERIFY2_WITH_TIMEOUT(window.trailModel()->rowCount() > 0,
                                  qPrintable(QStringLiteral("range %1..%2, now %3: %4").arg(window.trailModel()->query().fromMs).arg(window.trailModel()->query().toMs).arg(QDateTime::currentMSecsSinceEpoch()).arg(window.incidents()->summaryText())),
                                  10'000); // the traffic of the last minutes
        window.openService(QStringLiteral("volumes"));
        QVERIFY(window.service()->zoomed()); // the same service: still zoomed
        QTest::mouseClick(window.service()->findChild<QPushButton*>(QStringLiteral("backToLive")), Qt::LeftButton);
        QVERIFY(!window.service()->zoomed());
        QVERIFY(window.service()->findChild<QPushButton*>(QStringLiteral("range60"))->isChecked());

        // 24 h: minute buckets.
        window.service()->setWindow(QStringLiteral("24h"));
        QTRY_COMPARE_WITH_TIMEOUT(window.service()->charts().front()->lineSizes().value(QStringLiteral("2xx")), 1440, 10'000);

        // A firing alert shows in the fleet and the title; activating it opens its service.
        QElapsedTimer clock;
        clock.start();
        while (window.fleetModel()->firingTotal() == 0 && clock.elapsed() < 20'000) { // bounded: 20 s
            window.refresh();
            QTest::qWait(300);
        }
        QVERIFY(window.fleetModel()->firingTotal() > 0);
        QVERIFY(window.windowTitle().contains(QStringLiteral("firing")));
        window.showPage(MainWindow::alertsPage);
        QVERIFY(window.alertsModel()->rowCount() > 0);
        window.showPage(MainWindow::fleetPage);
        emit window.alerts()->view()->activated(window.alerts()->view()->model()->index(0, 0));
        QCOMPARE(window.service()->service(), window.alertsModel()->alert(0)->service);
    }

    void anUnreachableGatewayIsABannerAndTheWindowStaysResponsive() {
        MainWindow window;
        window.show();
        window.setRefreshSeconds(1);
        window.connectTo({QStringLiteral("gone"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gatehouse::testing::unusedPort())),
                          QStringLiteral("whatever")});
        QTRY_VERIFY_WITH_TIMEOUT(window.banner()->isVisible(), 10'000);
        QVERIFY(window.banner()->text().contains(QStringLiteral("unreachable")));
        QCOMPARE(window.connectionText(), QStringLiteral("Unreachable"));
        // Pointed at the live gateway again, it recovers and the banner goes.
        window.connectTo({QStringLiteral("test"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken)});
        QTRY_VERIFY_WITH_TIMEOUT(!window.banner()->isVisible(), 10'000);
    }

    void anAdminSwitchesADefaultFilterWithAReasonAndTheAuditLogShowsIt() {
        MainWindow window;
        window.show();
        window.connectTo({QStringLiteral("admin"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken)});
        window.showPage(MainWindow::securityPage);
        QTRY_VERIFY_WITH_TIMEOUT(window.switchesModel()->rowCount() >= 3, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.security()->canChange(), 10'000);
        QVERIFY(window.security()->notice().contains(QStringLiteral("ada")));
        const auto sanitize = [&]() -> const FilterSwitch* {
            for (int row = 0; row < window.switchesModel()->rowCount(); ++row) {
                if (window.switchesModel()->at(row)->name == QLatin1String("sanitize")) return window.switchesModel()->at(row);
            }
            return nullptr;
        };
        QVERIFY(sanitize() && sanitize()->enabled);

        emit window.security()->changeRequested(QStringLiteral("sanitize"), false, QStringLiteral("INC-7: console test"));
        QTRY_VERIFY_WITH_TIMEOUT(!sanitize()->enabled, 10'000);
        QCOMPARE(sanitize()->changedBy, QStringLiteral("ada"));
        QCOMPARE(sanitize()->reason, QStringLiteral("INC-7: console test"));
        const auto audited = [&] {
            for (int row = 0; row < window.auditModel()->rowCount(); ++row) {
                const auto at = [&](int column) { return window.auditModel()->index(row, column).data().toString(); };
                if (at(AuditModel::targetColumn) == QLatin1String("sanitize") && at(AuditModel::actorColumn) == QLatin1String("ada") &&
                    at(AuditModel::actionColumn) == auditActionText(QStringLiteral("default_filter.disable"))) {
                    return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(audited(), 10'000);

        emit window.security()->changeRequested(QStringLiteral("sanitize"), true, QStringLiteral("INC-7 over"));
        QTRY_VERIFY_WITH_TIMEOUT(sanitize()->enabled, 10'000);
    }

    void aViewerSeesTheSecurityPageReadOnlyAndARefusalSaysWhy() {
        MainWindow window;
        window.show();
        window.connectTo({QStringLiteral("viewer"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        window.showPage(MainWindow::securityPage);
        QTRY_VERIFY_WITH_TIMEOUT(window.security()->notice().contains(QStringLiteral("viewer role")), 10'000);
        QVERIFY(!window.security()->canChange());
        auto* toggle = window.security()->findChild<QPushButton*>(QStringLiteral("toggleSwitch"));
        QVERIFY(toggle && !toggle->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(window.switchesModel()->rowCount() >= 3, 10'000); // it can still read them
        // Were the request made anyway, the gateway's refusal is shown, not swallowed.
        window.client()->setFilterSwitch(QStringLiteral("sanitize"), false, QStringLiteral("trying"));
        auto* outcome = window.security()->findChild<QLabel*>(QStringLiteral("securityOutcome"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().contains(QStringLiteral("viewer role")), 10'000);
        QVERIFY(outcome->text().contains(QStringLiteral("refused")));
        QCOMPARE(window.client()->state(), AdminClient::State::connected); // a weak role is not a broken connection
    }

    void theRouteExplorerExplainsWhyARequestHitsARoute() {
        MainWindow window;
        window.show();
        window.connectTo({QStringLiteral("owner"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        window.showPage(MainWindow::routesPage);
        RoutesPage* page = window.routes();
        QTRY_COMPARE_WITH_TIMEOUT(page->routesView()->model()->rowCount(), 2, 10'000);
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("tableInfo"))->text().contains(QStringLiteral("services directory")));
        page->setFilters(QStringLiteral("vol"), QString(), QString());
        QCOMPARE(page->routesView()->model()->rowCount(), 1);
        page->setFilters(QString(), QString(), QStringLiteral("/v2/apps"));
        QCOMPARE(page->routesView()->model()->index(0, RoutesModel::serviceColumn).data().toString(), QStringLiteral("apps"));
        page->setFilters(QString(), QString(), QString());
        // The owners' 5xx beside their routes, from the fleet.
        QTRY_VERIFY_WITH_TIMEOUT(page->routesView()->model()->index(0, RoutesModel::errorsColumn).data().toString() != QStringLiteral("—"),
                                 10'000);

        page->setRequest(QStringLiteral("GET"), QStringLiteral("api.example.com"), QStringLiteral("/v2/apps/7/logs"));
        page->findChild<QPushButton*>(QStringLiteral("explainButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(page->verdictText().contains(QStringLiteral("apps")), 10'000);
        QVERIFY(page->verdictText().contains(QStringLiteral("wins")));
        QVERIFY(page->verdictText().contains(QStringLiteral("7/logs"))); // the wildcard's capture
        QCOMPARE(page->candidates()->rowCount(), 1); // volumes' route does not match the path: hidden
        QCOMPARE(page->candidates()->at(0)->verdict, QStringLiteral("matched"));
        // The winner is highlighted in the table.
        QAbstractItemModel* shown = page->routesView()->model();
        for (int row = 0; row < shown->rowCount(); ++row) {
            const bool winner = shown->index(row, 0).data(RoutesModel::positionRole).toInt() == page->candidates()->at(0)->position;
            QCOMPARE(shown->index(row, 0).data(Qt::BackgroundRole).isValid(), winner);
        }

        page->setRequest(QStringLiteral("GET"), QStringLiteral("api.example.com"), QStringLiteral("/v3/nothing"));
        page->findChild<QPushButton*>(QStringLiteral("explainButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(page->verdictText().contains(QStringLiteral("404")), 10'000);

        // A config file checked locally, with the validator's own messages.
        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("reports.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"name": "reports", "routes": [{"paths": ["/v2/reports/../admin"]}], "destinations": [{"scheme": "http", "host": null}]})");
        file.close();
        page->validateFile(broken);
        QVERIFY(page->validationText().contains(QStringLiteral("routes[0].paths[0]")));
        QVERIFY(page->validationText().contains(QStringLiteral("destinations[0].host")));
        QVERIFY(page->validationText().contains(QStringLiteral("the collector would refuse")));
    }

    void aConfigIsDryRunAgainstTheCollectorWithTakeoversAndTheDiff() {
        gatehouse::testing::CollectorProcess collector;
        QVERIFY(collector.started());
        const std::string apps = R"({"name": "apps", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/apps/:id"], "allow_carve_outs": true}],
                                      "destinations": [{"scheme": "http", "host": "127.0.0.1:9007"}]})";
        QCOMPARE(gatehouse::testing::statusOf(collector.request("PUT", "/v1/services/apps", collector.kPlatformToken, apps)), 201);

        MainWindow window;
        window.connectTo({QStringLiteral("owner"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        RoutesPage* page = window.routes();
        QTemporaryDir dir;
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            file.open(QIODevice::WriteOnly);
            file.write(text);
            return file.fileName();
        };
        const QUrl url(QString::fromStdString(collector.url()));
        // A takeover: refused, naming the owner.
        page->validateFile(write(QStringLiteral("billing.json"),
                                 R"({"name": "billing", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/apps/:app"]}],
                                     "destinations": [{"scheme": "http", "host": "127.0.0.1:9008"}]})"));
        QVERIFY(page->validationText().contains(QStringLiteral("valid")));
        page->dryRun(url, QString::fromLatin1(collector.kBillingToken));
        QTRY_VERIFY_WITH_TIMEOUT(page->validationText().contains(QStringLiteral("takeover")), 10'000);
        QVERIFY(page->validationText().contains(QStringLiteral("already served by service 'apps' (routes[0].paths[0])")));
        // A new service: the diff, and requests that would move.
        page->validateFile(write(QStringLiteral("billing2.json"),
                                 R"({"name": "billing", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/apps/billing"]}],
                                     "destinations": [{"scheme": "http", "host": "127.0.0.1:9008"}]})"));
        page->dryRun(url, QString::fromLatin1(collector.kBillingToken));
        QTRY_VERIFY_WITH_TIMEOUT(page->validationText().contains(QStringLiteral("would accept")), 10'000);
        QVERIFY(page->validationText().contains(QStringLiteral("+ #0 billing routes[0].paths[0] /v2/apps/billing")));
        QVERIFY(page->validationText().contains(QStringLiteral("GET api.example.com /v2/apps/billing: #0 apps")));
        // Someone else's token: the collector's refusal, in its words.
        page->dryRun(url, QString::fromLatin1(collector.kDropletsToken));
        QTRY_VERIFY_WITH_TIMEOUT(page->validationText().contains(QStringLiteral("HTTP 403")), 10'000);
        QCOMPARE(gatehouse::testing::statusOf(collector.request("GET", "/v1/services/billing", collector.kPlatformToken)), 404); // nothing stored
    }

    void screenshotsRenderEveryPage() {
        QTemporaryDir dir;
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        window.connectTo({QStringLiteral("test"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken)});
        QVERIFY(saveScreenshots(window, dir.path(), 20'000));
        for (const char* name : {"fleet.png", "service.png", "alerts.png", "routes.png", "security.png"}) {
            const QImage image(QDir(dir.path()).filePath(QString::fromLatin1(name)));
            QVERIFY2(!image.isNull(), name);
            QVERIFY(image.width() >= 1000);
        }
    }

    void theRatioChartIsTheServicesOwn5xxWithGapsAndTheLatencyChartFitsTheData() {
        // Four 10 s buckets: 10 requests all answered 503 by the gateway, an empty bucket,
        // 10 requests with 2 of the service's own 500s, 10 fine ones.
        ServiceSeries series;
        series.bucketSeconds = 10;
        const qint64 t0 = QDateTime::currentSecsSinceEpoch() / 10 * 10 - 30;
        SeriesPoint gatewayOnly{t0, 10, 0, 0, 0, 10, 10, 0, 0, 10, 2, 2, 2, 0};
        SeriesPoint empty{t0 + 10};
        SeriesPoint own{t0 + 20, 10, 8, 0, 0, 2, 0, 0, 0, 0, 30, 40, 45, 2};
        SeriesPoint fine{t0 + 30, 10, 10, 0, 0, 0, 0, 0, 0, 0, 30, 40, 50, 0};
        series.points = {gatewayOnly, empty, own, fine};
        ServiceSummary service;
        service.timeoutSeconds = 10;
        service.thresholds = ServiceThresholds{0.01, 0.05, 0.01, 0.05, 5000, 8000, 20, 300};
        SeriesChart ratio(SeriesChart::Kind::errorRatio);
        ratio.setData(series, &service);
        const QList<QPointF> points = ratio.linePoints(QStringLiteral("service's own 5xx ratio"));
        QCOMPARE(points.size(), 3); // the empty bucket is a gap, not a zero
        QCOMPARE(points[0].y(), 0.0); // the gateway's 503s are not the service's 5xx
        QCOMPARE(points[1].y(), 20.0);
        QCOMPARE(points[2].y(), 0.0);
        SeriesChart latency(SeriesChart::Kind::latency);
        latency.setData(series, &service);
        QVERIFY(!latency.lineSizes().contains(QStringLiteral("timeout"))); // 10 s is far above a 50 ms p99
        QVERIFY(latency.title().contains(QStringLiteral("timeout 10.00 s, far above")));
        QCOMPARE(latency.linePoints(QStringLiteral("p99")).size(), 3);

        // What changed: a marker per change in range, its words in the hover text with the
        // values of that bucket.
        latency.setAnnotations({{(t0 + 20) * 1000 + 2'000, QStringLiteral("table"), QStringLiteral("routing table v7 (collector v12): +1 -0 routes")},
                                {(t0 - 7200) * 1000, QStringLiteral("alert"), QStringLiteral("long before the chart")}});
        QCOMPARE(latency.markerCount(), 1);
        const QString hover = latency.hoverText((t0 + 25) * 1000);
        QVERIFY2(hover.contains(QStringLiteral("routing table v7")), qPrintable(hover));
        QVERIFY2(hover.contains(QStringLiteral("p99: 45")), qPrintable(hover));
        QVERIFY(!latency.lineSizes().contains(QStringLiteral("long before the chart")));
    }

    void timeAxesTickOnRoundBoundaries() {
        const QDateTime base = QDateTime::currentDateTime();
        const qint64 from = QDateTime(base.date(), QTime(11, 40, 10)).toMSecsSinceEpoch();
        const NiceTimeAxis quarter = niceTimeAxis(from, from + 15 * 60'000 - 10'000); // 15 min of 10 s buckets
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(quarter.fromMs).time(), QTime(11, 40));
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(quarter.toMs).time(), QTime(11, 55));
        QCOMPARE(quarter.ticks, 4); // 11:40, 11:45, 11:50, 11:55
        const NiceTimeAxis hour = niceTimeAxis(from, from + 3'600'000 - 10'000);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(hour.fromMs).time(), QTime(11, 40));
        QCOMPARE(hour.ticks, 7); // every 10 min
        const NiceTimeAxis day = niceTimeAxis(from, from + 24 * 3'600'000 - 60'000);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(day.fromMs).time().minute(), 0);
        QVERIFY(day.ticks <= 8);
    }

    void aRowMovingUnderThePointerDoesNotStealTheClick() {
        FleetPage page;
        FleetModel& model = *page.model();
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const auto summary = [](const QString& name, HealthStatus status, double errors) {
            ServiceSummary s;
            s.name = name;
            s.status = status;
            s.errorRatio = errors;
            return s;
        };
        model.setServices({summary(QStringLiteral("kubernetes"), HealthStatus::red, 0.3), summary(QStringLiteral("images"), HealthStatus::green, 0),
                           summary(QStringLiteral("apps"), HealthStatus::green, 0)});
        QTableView* view = page.view();
        const QPoint onFirstRow = view->visualRect(view->model()->index(0, FleetModel::nameColumn)).center();
        QCOMPARE(view->indexAt(onFirstRow).data(FleetModel::nameRole).toString(), QStringLiteral("kubernetes"));
        // The operator points at kubernetes; a refresh turns it healthy and images red.
        QTest::mouseMove(view->viewport(), onFirstRow);
        QTRY_VERIFY(page.orderHeld());
        model.setServices({summary(QStringLiteral("kubernetes"), HealthStatus::green, 0), summary(QStringLiteral("images"), HealthStatus::red, 0.5),
                           summary(QStringLiteral("apps"), HealthStatus::green, 0)});
        QCOMPARE(view->indexAt(onFirstRow).data(FleetModel::nameRole).toString(), QStringLiteral("kubernetes")); // still under the pointer
        QString opened;
        connect(&page, &FleetPage::serviceActivated, this, [&](const QString& name) { opened = name; });
        // A double-click as the window system delivers it: press, release, double-click, release.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onFirstRow);
        QMouseEvent doubleClick(QEvent::MouseButtonDblClick, QPointF(onFirstRow), view->viewport()->mapToGlobal(QPointF(onFirstRow)),
                                Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &doubleClick);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, onFirstRow);
        QCOMPARE(opened, QStringLiteral("kubernetes"));
        // The pointer rests: after a few seconds the order catches up (a pointer left on the
        // list does not freeze it), and at once when the pointer leaves.
        QTRY_VERIFY_WITH_TIMEOUT(!page.orderHeld(), FleetPage::kHoldMs + 2000);
        QCOMPARE(view->model()->index(0, 0).data(FleetModel::nameRole).toString(), QStringLiteral("images"));
        QTest::mouseMove(view->viewport(), onFirstRow + QPoint(0, 1));
        QTRY_VERIFY(page.orderHeld());
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(view->viewport(), &leave);
        QVERIFY(!page.orderHeld());
        // A stable order on request, and the filter box drives the list from the keyboard.
        page.setOrder(FleetPage::Order::byName);
        QCOMPARE(view->model()->index(0, 0).data(FleetModel::nameRole).toString(), QStringLiteral("apps"));
        page.filterBox()->setFocus();
        QTest::keyClicks(page.filterBox(), QStringLiteral("e"));       // images, kubernetes
        QTest::keyClick(page.filterBox(), Qt::Key_Down);
        QTest::keyClick(page.filterBox(), Qt::Key_Down);
        QTest::keyClick(page.filterBox(), Qt::Key_Return);
        QCOMPARE(opened, QStringLiteral("kubernetes"));
    }

    void switchingASecurityFilterOffIsConfirmedDeliberatelyAndShownEverywhere() {
        MainWindow window;
        window.show();
        window.setRefreshSeconds(1);
        window.connectTo({QStringLiteral("admin"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken)});
        window.showPage(MainWindow::securityPage);
        QTRY_VERIFY_WITH_TIMEOUT(window.switchesModel()->rowCount() >= 3 && window.security()->canChange(), 10'000);
        QTableView* switches = window.security()->findChild<QTableView*>(QStringLiteral("switchesView"));
        QVERIFY(switches);
        int row = 0;
        while (window.switchesModel()->at(row)->name != QLatin1String("sanitize")) ++row;
        switches->selectRow(row);
        auto* toggle = window.security()->findChild<QPushButton*>(QStringLiteral("toggleSwitch"));
        QSignalSpy requested(window.security(), &SecurityPage::changeRequested);
        // Answers the two dialogs as a user would: types the reason, then presses `key` (or
        // clicks the named button) in the confirmation.
        const auto answer = [&](const QString& reason, std::optional<int> key) {
            QTimer::singleShot(0, this, [=, this] {
                auto* input = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
                QVERIFY(input);
                input->setTextValue(reason);
                QTimer::singleShot(0, this, [=, this] {
                    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                    QVERIFY(box);
                    if (key) QTest::keyClick(box, Qt::Key(*key));
                    else box->button(QMessageBox::Yes)->click();
                });
                input->accept();
            });
            QTest::mouseClick(toggle, Qt::LeftButton);
        };
        answer(QStringLiteral("INC-9: false positives"), Qt::Key_Return); // Enter in the confirmation: Cancel
        QCOMPARE(requested.size(), 0);
        // A refusal stays on screen only until the next attempt.
        window.security()->showOutcome(QStringLiteral("an earlier refusal"), true);
        answer(QStringLiteral("INC-9: false positives"), std::nullopt);
        QCOMPARE(requested.size(), 1);
        QVERIFY(!window.security()->findChild<QLabel*>(QStringLiteral("securityOutcome"))->text().contains(QStringLiteral("earlier")));
        // Off: said in the title, the status bar and the fleet page, with who and why.
        window.showPage(MainWindow::fleetPage);
        QTRY_VERIFY_WITH_TIMEOUT(window.windowTitle().contains(QStringLiteral("[security filter off]")), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.fleet()->securityWarning().contains(QStringLiteral("INC-9: false positives")), 10'000);
        QVERIFY(window.fleet()->securityWarning().contains(QStringLiteral("ada")));
        auto* status = window.findChild<QLabel*>(QStringLiteral("securityOffLabel"));
        QVERIFY(status && status->isVisible() && status->text().contains(QStringLiteral("sanitize")));
        emit window.security()->changeRequested(QStringLiteral("sanitize"), true, QStringLiteral("INC-9 over"));
        QTRY_VERIFY_WITH_TIMEOUT(window.fleet()->securityWarning().isEmpty(), 10'000);
        QVERIFY(!window.windowTitle().contains(QStringLiteral("[security filter off]")));
        QVERIFY(!status->isVisible());
    }

    void theDrillDownSaysTheWindowItReallyQueries() {
        MainWindow window;
        window.connectTo({QStringLiteral("viewer"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        const qint64 began = QDateTime::currentMSecsSinceEpoch() - 10 * 60'000;
        window.investigate(QStringLiteral("volumes"), began, 0, 5, IncidentsPage::Origin::alert);
        QCOMPARE(window.trailModel()->query().fromMs, began);
        QCOMPARE(window.incidents()->windowText(), formatTime(began) + QStringLiteral(" – now"));
        QVERIFY(window.incidents()->headingText().contains(QStringLiteral("behind an alert")));
        window.investigate(QStringLiteral("volumes"), began, began + 60'000, 0, IncidentsPage::Origin::chart);
        QCOMPARE(window.incidents()->windowText(), formatTime(began) + QStringLiteral(" – ") + formatTime(began + 60'000));
        QVERIFY(window.incidents()->headingText().contains(QStringLiteral("dragged on the chart")));
        QVERIFY(!window.incidents()->headingText().contains(QStringLiteral("alert")));
    }

    void cleanupTestCase() { fixture_.reset(); }

private:
    std::unique_ptr<ConsoleFixture> fixture_;
};

QTEST_MAIN(PagesTest)
#include "pages_test.moc"
