// The console in fleet mode against a real collector and three real gateways: every
// number on its pages is checked against the gateways' own answers.
#include "language.h"
#include "main_window.h"
#include "models/alerts_model.h"
#include "models/destinations_model.h"
#include "models/fleet_model.h"
#include "models/gateways_model.h"
#include "models/security_models.h"
#include "models/service_gateways_model.h"
#include "models/trail_model.h"
#include "pages/alerts_page.h"
#include "pages/gateways_page.h"
#include "pages/incidents_page.h"
#include "pages/security_page.h"
#include "pages/service_page.h"

#include "support_console.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <csignal>

using namespace gatehouse::console;
using gatehouse::testing::CollectorProcess;
using gatehouse::testing::FleetFixture;

namespace {
QJsonObject json(const std::string& body) { return QJsonDocument::fromJson(QByteArray::fromStdString(body)).object(); }

// A gateway's own figure for a service, from its own admin API.
qint64 ownCount(const FleetFixture& fleet, std::size_t g, const QString& service, const char* key) {
    for (const QJsonValue& s : json(fleet.adminBody(g, "/api/v1/services")).value(QStringLiteral("services")).toArray()) {
        if (s.toObject().value(QStringLiteral("name")).toString() == service) return s.toObject().value(QLatin1String(key)).toInteger();
    }
    return -1;
}

const ServiceSummary* findService(const FleetModel* model, const QString& name) {
    for (const ServiceSummary& s : model->services()) {
        if (s.name == name) return &s;
    }
    return nullptr;
}
} // namespace

class FleetModeTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        installTranslations(*QCoreApplication::instance(), QLocale::c());
        QSettings().clear();
        fleet_ = std::make_unique<FleetFixture>();
        QVERIFY2(fleet_->ready(), fleet_->collector->log().c_str());
        fleet_->sendTraffic();
        window_ = std::make_unique<MainWindow>();
        window_->resize(1400, 900);
        window_->show();
        window_->connectTo({QStringLiteral("fleet"), QUrl(fleet_->collectorUrl()), QString::fromLatin1(FleetFixture::kConsoleToken), {}, true});
    }

    // The Gateways page lists the three with what each serves; each gateway's traffic is
    // the sum of its own services' answers, and the fleet's services are the sums of all.
    void theGatewaysPageAndTheFleetsServicesAddUpToTheGatewaysOwnAnswers() {
        GatewaysModel* gateways = window_->gateways()->model();
        QAbstractItemModelTester tester(gateways, QAbstractItemModelTester::FailureReportingMode::QtTest);
        window_->showPage(MainWindow::gatewaysPage);
        QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 3, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(window_->coverageText(), QStringLiteral("3 of 3 gateways answered"), 10'000);
        QVERIFY2(window_->gateways()->summary().contains(QStringLiteral("3 live")), qPrintable(window_->gateways()->summary()));
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(gateways->index(row, GatewaysModel::gatewayColumn).data().toString(), QStringLiteral("edge-%1").arg(row + 1));
            QCOMPARE(gateways->index(row, GatewaysModel::stateColumn).data().toString(), QStringLiteral("live"));
            QCOMPARE(gateways->index(row, GatewaysModel::sourceColumn).data().toString(), QStringLiteral("collector"));
        }
        // Traffic has stopped: the counts hold still, and equal the gateways' own.
        const QStringList names{QStringLiteral("apps"), QStringLiteral("volumes")};
        QTRY_VERIFY_WITH_TIMEOUT(findService(window_->fleetModel(), QStringLiteral("volumes")) &&
                                     findService(window_->fleetModel(), QStringLiteral("volumes"))->requests == 36,
                                 10'000);
        qint64 all = 0;
        for (std::size_t g = 0; g < 3; ++g) {
            qint64 own = 0;
            for (const QString& name : names) own += ownCount(*fleet_, g, name, "requests");
            QCOMPARE(own, qint64(12 * (g + 1)));
            QTRY_COMPARE_WITH_TIMEOUT(gateways->traffic(QStringLiteral("edge-%1").arg(g + 1)).requests, own, 10'000);
            all += own;
        }
        for (const QString& name : names) {
            const ServiceSummary* s = findService(window_->fleetModel(), name);
            QVERIFY(s);
            qint64 requests = 0, service5xx = 0;
            for (std::size_t g = 0; g < 3; ++g) {
                requests += ownCount(*fleet_, g, name, "requests");
                service5xx += ownCount(*fleet_, g, name, "service_5xx");
            }
            QCOMPARE(s->requests, requests);
            QCOMPARE(s->service5xx, service5xx);
            QCOMPARE(s->gateways.size(), 3);
        }
        QCOMPARE(all, qint64(72));
        const ServiceSummary* volumes = findService(window_->fleetModel(), QStringLiteral("volumes"));
        QCOMPARE(volumes->service5xx, qint64(12)); // a third of 36
        QVERIFY(volumes->errorRatio && qAbs(*volumes->errorRatio - 12.0 / 36.0) < 1e-9);
    }

    // A service's page breaks it down per gateway, and each gateway's destinations are its own.
    void theServicePageBreaksAServiceDownPerGateway() {
        window_->openService(QStringLiteral("volumes"));
        ServiceGatewaysModel* shares = window_->service()->gatewaysModel();
        QAbstractItemModelTester tester(shares, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(shares->rowCount(), 3, 10'000);
        QVERIFY(window_->service()->gatewaysView()->isVisible());
        for (int row = 0; row < 3; ++row) {
            const GatewayShare* share = shares->share(row);
            const std::size_t g = share->gatewayId.back().digitValue() - 1;
            QCOMPARE(share->requests, ownCount(*fleet_, g, QStringLiteral("volumes"), "requests"));
            QCOMPARE(share->service5xx, ownCount(*fleet_, g, QStringLiteral("volumes"), "service_5xx"));
        }
        DestinationsModel* destinations = window_->service()->destinationsModel();
        QTRY_COMPARE_WITH_TIMEOUT(destinations->rowCount(), 3, 10'000);
        QStringList checkers;
        for (int row = 0; row < 3; ++row) checkers << destinations->index(row, DestinationsModel::gatewayColumn).data().toString();
        checkers.sort();
        QCOMPARE(checkers, (QStringList{QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
    }

    // Alerts and the drill-down's rows name their gateway; the trail is every gateway's.
    void alertsAndTheDrillDownNameTheirGateway() {
        window_->showPage(MainWindow::alertsPage);
        AlertsModel* alerts = window_->alertsModel();
        QTRY_VERIFY_WITH_TIMEOUT(alerts->rowCount() >= 3, 20'000); // volumes' error ratio, on each gateway
        QVERIFY(!window_->alerts()->view()->isColumnHidden(AlertsModel::gatewayColumn));
        QSet<QString> raisedBy;
        for (int row = 0; row < alerts->rowCount(); ++row) {
            if (alerts->alert(row)->service == QLatin1String("volumes")) raisedBy << alerts->alert(row)->gatewayId;
        }
        QCOMPARE(raisedBy, (QSet<QString>{QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
        // The selected alert's history is that gateway's.
        window_->alerts()->view()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->alerts()->detailText().contains(QStringLiteral("none recorded")), 10'000);

        window_->investigate(QStringLiteral("volumes"), 0, 0);
        TrailModel* trail = window_->trailModel();
        QTRY_COMPARE_WITH_TIMEOUT(trail->rowCount(), 36, 10'000);
        QVERIFY(!window_->incidents()->recordsView()->isColumnHidden(TrailModel::gatewayColumn));
        QMap<QString, int> perGateway;
        for (int row = 0; row < trail->rowCount(); ++row) {
            ++perGateway[trail->record(row)->gatewayId];
            if (row > 0) QVERIFY(trail->record(row)->timeMs <= trail->record(row - 1)->timeMs); // newest first
        }
        QCOMPARE(perGateway.value(QStringLiteral("edge-1")), 6);
        QCOMPARE(perGateway.value(QStringLiteral("edge-2")), 12);
        QCOMPARE(perGateway.value(QStringLiteral("edge-3")), 18);
        // A row's request id is that gateway's record.
        const TrailRecord* first = trail->record(0);
        const std::size_t g = first->gatewayId.back().digitValue() - 1;
        const QJsonObject own = json(fleet_->adminBody(g, "/api/v1/trail/" + first->requestId.toStdString()));
        QCOMPARE(own.value(QStringLiteral("path")).toString(), first->path);
        QCOMPARE(own.value(QStringLiteral("status")).toInt(), first->status);
    }

    // An admin switches sanitize off for the fleet: the page shows it applied on 3 of 3
    // (updating until it is), every gateway reports it off, and the audit has who and why.
    void aFleetSwitchIsShownAppliedOnEveryGateway() {
        window_->showPage(MainWindow::securityPage);
        FilterSwitchesModel* switches = window_->switchesModel();
        QTRY_VERIFY_WITH_TIMEOUT(switches->rowCount() > 0 && switches->at(0)->fleet, 10'000);
        QVERIFY(!window_->security()->switchesView()->isColumnHidden(FilterSwitchesModel::appliedColumn));
        int row = -1;
        for (int r = 0; r < switches->rowCount(); ++r) {
            if (switches->at(r)->name == QLatin1String("sanitize")) row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(switches->index(row, FilterSwitchesModel::appliedColumn).data().toString(), QStringLiteral("on 3 of 3 gateways"));
        QCOMPARE(switches->index(row, FilterSwitchesModel::phaseColumn).data().toString(), QStringLiteral("on every gateway"));
        for (int r = 0; r < switches->rowCount(); ++r) { // a filter no gateway's config runs says so
            if (switches->at(r)->name == QLatin1String("authorize")) {
                QCOMPARE(switches->index(r, FilterSwitchesModel::phaseColumn).data().toString(), QStringLiteral("on no gateway"));
            }
        }
        emit window_->security()->changeRequested(QStringLiteral("sanitize"), false, QStringLiteral("fleet console test: INC-7"));
        QTRY_VERIFY_WITH_TIMEOUT(!switches->at(row)->enabled, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(switches->index(row, FilterSwitchesModel::appliedColumn).data().toString(),
                                  QStringLiteral("on 3 of 3 gateways"), 10'000);
        QCOMPARE(switches->at(row)->appliedBy.size(), 3);
        for (std::size_t g = 0; g < 3; ++g) {
            const QJsonArray own = json(fleet_->adminBody(g, "/api/v1/security/filters")).value(QStringLiteral("default_filters")).toArray();
            bool off = false;
            for (const QJsonValue& f : own) {
                if (f.toObject().value(QStringLiteral("name")).toString() == QLatin1String("sanitize")) off = !f.toObject().value(QStringLiteral("enabled")).toBool(true);
            }
            QVERIFY2(off, fleet_->adminBody(g, "/api/v1/security/filters").c_str());
        }
        QTRY_VERIFY_WITH_TIMEOUT(window_->auditModel()->rowCount() > 0 &&
                                     window_->auditModel()->index(0, AuditModel::detailColumn).data().toString().contains(QStringLiteral("INC-7")),
                                 10'000);
        QCOMPARE(window_->auditModel()->index(0, AuditModel::actorColumn).data().toString(), QStringLiteral("security"));
        QVERIFY(window_->windowTitle().contains(QStringLiteral("security filter off")));
    }

    // A gateway dies: the fleet's reads say so at once (partial), and the Gateways page
    // shows it lost once it has been silent long enough (3 s here).
    void aLostGatewayIsShownLostAndTheFleetsReadsPartial() {
        window_->showPage(MainWindow::gatewaysPage);
        window_->setRefreshSeconds(1); // it is lost 3 s after its last poll: the partial reads come before
        ::kill(fleet_->gateways[2]->pid(), SIGKILL);
        window_->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(window_->coverageText().startsWith(QStringLiteral("Partial: 2 of 3")), 15'000);
        GatewaysModel* gateways = window_->gateways()->model();
        QTRY_VERIFY_WITH_TIMEOUT(gateways->rowCount() == 3 && gateways->gateway(0)->id == QLatin1String("edge-3") && !gateways->gateway(0)->live,
                                 15'000);
        QCOMPARE(gateways->index(0, GatewaysModel::stateColumn).data().toString(), QStringLiteral("lost")); // lost first
        QTRY_VERIFY_WITH_TIMEOUT(window_->gateways()->summary().contains(QStringLiteral("1 lost")), 10'000);
        // Once lost it is not asked: the reads are whole again over the two live ones.
        QTRY_COMPARE_WITH_TIMEOUT(window_->coverageText(), QStringLiteral("2 of 2 gateways answered"), 15'000);
    }

    void cleanupTestCase() {
        window_.reset();
        fleet_.reset();
    }

private:
    std::unique_ptr<FleetFixture> fleet_;
    std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(FleetModeTest)
#include "fleet_mode_test.moc"
