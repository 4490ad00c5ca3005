// The console's models under QAbstractItemModelTester: every change they make is checked
// against the model/view contract as it happens.
#include "language.h"
#include "models/alerts_model.h"
#include "models/destinations_model.h"
#include "models/fleet_model.h"
#include "models/gateways_model.h"
#include "models/service_gateways_model.h"
#include "models/thresholds_model.h"
#include "models/presentation.h"
#include "models/routes_model.h"
#include "models/security_models.h"
#include "models/trail_model.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace gatehouse::console;

namespace {
ServiceSummary service(const QString& name, HealthStatus status, std::optional<double> errors, int firing = 0) {
    ServiceSummary s;
    s.name = name;
    s.status = status;
    s.errorRatio = errors;
    s.requestRate = 10;
    s.healthyDestinations = 1;
    s.totalDestinations = 2;
    s.firingAlerts = firing;
    return s;
}
} // namespace

class ModelsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(*QCoreApplication::instance(), QLocale::c()); } // English plurals, as the console

    void fleetModelUpdatesInPlaceAndSortsWorstFirst() {
        FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FleetFilterModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(FleetModel::statusColumn, Qt::AscendingOrder);

        model.setServices({service("apps", HealthStatus::green, 0.0), service("volumes", HealthStatus::red, 0.08),
                           service("images", HealthStatus::amber, 0.01), service("domains", HealthStatus::red, 0.3)});
        QCOMPARE(proxy.rowCount(), 4);
        const auto nameAt = [&](int row) { return proxy.index(row, 0).data(FleetModel::nameRole).toString(); };
        QCOMPARE(nameAt(0), QStringLiteral("domains")); // red, highest 5xx first
        QCOMPARE(nameAt(1), QStringLiteral("volumes"));
        QCOMPARE(nameAt(2), QStringLiteral("images"));
        QCOMPARE(nameAt(3), QStringLiteral("apps"));

        // Same services, new values: rows change in place (no reset), order follows.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setServices({service("apps", HealthStatus::red, 0.5), service("volumes", HealthStatus::green, 0.0),
                           service("images", HealthStatus::amber, 0.01), service("domains", HealthStatus::red, 0.3)});
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(nameAt(0), QStringLiteral("apps"));
        QCOMPARE(nameAt(3), QStringLiteral("volumes"));

        // The gateway sends worst first: the same services in another order are still an
        // update in place, each service keeping its row.
        model.setServices({service("volumes", HealthStatus::red, 0.2), service("apps", HealthStatus::green, 0.0),
                           service("domains", HealthStatus::red, 0.3), service("images", HealthStatus::amber, 0.01)});
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.index(0, FleetModel::nameColumn).data().toString(), QStringLiteral("apps"));
        QCOMPARE(nameAt(0), QStringLiteral("domains"));
        QCOMPARE(nameAt(3), QStringLiteral("apps"));

        // Another set of services: a reset.
        model.setServices({service("billing", HealthStatus::unknown, std::nullopt)});
        QCOMPARE(resets.size(), 1);
        QCOMPARE(proxy.index(0, FleetModel::errorColumn).data().toString(), QStringLiteral("—"));

        model.setServices({service("billing", HealthStatus::green, 0.0), service("billing-internal", HealthStatus::green, 0.0),
                           service("apps", HealthStatus::green, 0.0)});
        proxy.setFilterFixedString(QStringLiteral("BILL"));
        QCOMPARE(proxy.rowCount(), 2);
        model.setFiringAlerts({{QStringLiteral("billing"), 2}});
        QCOMPARE(model.firingTotal(), 2);
        QCOMPARE(model.index(0, FleetModel::alertsColumn).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(0, FleetModel::destinationsColumn).data().toString(), QStringLiteral("1 / 2"));
        QVERIFY(model.index(0, FleetModel::statusColumn).data(Qt::DecorationRole).value<QColor>().isValid());
    }

    void alertsModelCountsFiringPerService() {
        AlertsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAlerts({{"volumes", "error_ratio", "critical", "firing", 1000, 2000, 0, "m", "h"},
                         {"volumes", "p99_latency", "warning", "firing", 1000, 2000, 0, "m", "h"},
                         {"images", "p99_latency", "warning", "pending", 1000, 0, 0, "m", "h"},
                         {"domains", "error_ratio", "critical", "resolved", 1000, 2000, 3000, "m", "h"}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.firingByService().value(QStringLiteral("volumes")), 2);
        QVERIFY(!model.firingByService().contains(QStringLiteral("images")));
        QCOMPARE(model.index(0, AlertsModel::ruleColumn).data().toString(), QStringLiteral("5xx ratio"));
        QVERIFY(model.index(0, AlertsModel::meaningColumn).data().toString().contains(QStringLiteral("5xx")));
        QCOMPARE(model.index(3, 0).data(AlertsModel::sinceRole).toLongLong(), 1000); // resolved: still when it began
        model.setAlerts({});
        QCOMPARE(model.rowCount(), 0);
    }

    void noTrafficIsNoDataNotHealthy() {
        FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FleetFilterModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(FleetModel::statusColumn, Qt::AscendingOrder);
        ServiceSummary quiet = service("images", HealthStatus::idle, std::nullopt);
        quiet.requests = 0;
        quiet.requestRate = 0;
        quiet.windowSeconds = 300;
        ServiceSummary fine = service("apps", HealthStatus::green, 0.0);
        fine.windowSeconds = 300;
        ServiceSummary warned = service("volumes", HealthStatus::amber, 0.02);
        warned.windowSeconds = 300;
        model.setServices({fine, quiet, warned});
        const auto nameAt = [&](int row) { return proxy.index(row, 0).data(FleetModel::nameRole).toString(); };
        QCOMPARE(nameAt(0), QStringLiteral("volumes"));
        QCOMPARE(nameAt(1), QStringLiteral("images")); // unknown comes before known-good
        QCOMPARE(nameAt(2), QStringLiteral("apps"));
        QCOMPARE(proxy.index(1, FleetModel::statusColumn).data().toString(), QStringLiteral("No data"));
        QVERIFY(proxy.index(1, FleetModel::statusColumn).data(Qt::DecorationRole).value<QColor>() != statusColor(HealthStatus::green));
        QCOMPARE(proxy.index(1, FleetModel::whyColumn).data().toString(), QStringLiteral("no traffic"));
        // The columns say their window.
        QCOMPARE(model.headerData(FleetModel::rateColumn, Qt::Horizontal).toString(), QStringLiteral("Requests/s\n5 min"));
        QCOMPARE(model.headerData(FleetModel::errorColumn, Qt::Horizontal).toString(), QStringLiteral("Service 5xx\n5 min"));
        QVERIFY(model.headerData(FleetModel::errorColumn, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("5 min")));
    }

    void theServicesOwn5xxAndTheGatewaysFailuresAreTwoColumns() {
        FleetModel model;
        ServiceSummary k = service("kubernetes", HealthStatus::red, 0.0);
        k.gatewayFailureRatio = 0.281;
        k.reasons = {QStringLiteral("gateway_failure_ratio:critical")};
        model.setServices({k});
        QCOMPARE(model.index(0, FleetModel::errorColumn).data().toString(), QStringLiteral("0.00 %"));
        QCOMPARE(model.index(0, FleetModel::failuresColumn).data().toString(), QStringLiteral("28.1 %"));
        QCOMPARE(model.index(0, FleetModel::whyColumn).data().toString(), QStringLiteral("Gateway failures (502/503/504) (critical)"));
        // The sparklines' data, and what they show in words.
        k.sparkRequests = {10, 12, 8};
        k.sparkErrors = {3, 4, 2};
        model.setServices({k});
        QCOMPARE(model.index(0, FleetModel::trendColumn).data(FleetModel::sparkRequestsRole).toList().size(), 3);
        QCOMPARE(model.index(0, FleetModel::trendColumn).data(FleetModel::sparkErrorsRole).toList().at(1).toDouble(), 4.0);
        QVERIFY(model.index(0, FleetModel::trendColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("30 requests")));
    }

    void destinationsSayHealthySinceWhenAndFlapping() {
        DestinationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        DestinationHealth down{QStringLiteral("10.0.0.1:80"), false, QStringLiteral("HTTP 500"), now, 3, 0};
        down.sinceMs = now - 7 * 60'000;
        down.history = {{down.sinceMs, false, QStringLiteral("3 consecutive failed checks, last: HTTP 500")}};
        DestinationHealth flapping{QStringLiteral("10.0.0.2:80"), true, QStringLiteral("HTTP 200"), now, 0, 1};
        flapping.flapping = true;
        flapping.changesInWindow = 6;
        flapping.sinceMs = now - 20'000;
        for (int i = 0; i < 6; ++i) flapping.history.push_back({now - 20'000 - i * 30'000, i % 2 == 0, QStringLiteral("check")});
        model.setDestinations({down, flapping});
        QCOMPARE(model.index(0, DestinationsModel::healthColumn).data().toString(), QStringLiteral("Unhealthy"));
        QVERIFY(model.index(0, DestinationsModel::sinceColumn).data().toString().contains(QStringLiteral("7 min ago")));
        QVERIFY(model.index(0, DestinationsModel::sinceColumn).data(Qt::ToolTipRole).toString().endsWith(QStringLiteral("UTC")));
        QCOMPARE(model.index(1, DestinationsModel::healthColumn).data().toString(), QStringLiteral("Flapping (healthy now)"));
        QCOMPARE(model.index(1, DestinationsModel::healthColumn).data(Qt::DecorationRole).value<QColor>(), statusColor(HealthStatus::amber));
        QCOMPARE(model.index(1, DestinationsModel::historyColumn).data(Qt::ToolTipRole).toString().count(QLatin1Char('\n')), 5);
        QVERIFY(model.index(0, DestinationsModel::historyColumn).data().toString().contains(QStringLiteral("HTTP 500")));
    }

    void alertsKeepTheirStartAndSayWhenThereWasNoTraffic() {
        AlertsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Alert silent{"kubernetes", "error_ratio", "critical", "firing", now - 600'000, now - 540'000, 0, "m", "h", now - 60'000, {}};
        Alert byNoTraffic{"images", "error_ratio", "critical", "resolved", now - 900'000, now - 840'000, now - 120'000, "m", "h", 0,
                          QStringLiteral("no_traffic")};
        Alert healthy{"apps", "p99_latency", "warning", "resolved", now - 900'000, now - 840'000, now - 300'000, "m", "h", 0,
                      QStringLiteral("healthy")};
        model.setAlerts({silent, byNoTraffic, healthy});
        QCOMPARE(model.index(0, AlertsModel::stateColumn).data().toString(), QStringLiteral("Firing, no traffic to judge"));
        QCOMPARE(model.index(1, AlertsModel::stateColumn).data().toString(), QStringLiteral("Resolved: no traffic"));
        QCOMPARE(model.index(2, AlertsModel::stateColumn).data().toString(), QStringLiteral("Resolved"));
        QCOMPARE(model.index(1, AlertsModel::sinceColumn).data().toString(), formatTime(now - 900'000)); // when it began
        QVERIFY(model.index(1, AlertsModel::durationColumn).data().toString().startsWith(QStringLiteral("13 min, resolved")));
        QCOMPARE(model.index(0, AlertsModel::durationColumn).data().toString(), QStringLiteral("10 min"));
    }

    void codesReachTheScreenAsWords() {
        RoutesModel routes;
        RouteTableInfo table;
        table.routes = {{0, "droplets", 0, 0, "/v2/droplets/:id", {}, {}, "param", {}, {}}};
        routes.setTable(table);
        QCOMPARE(routes.index(0, RoutesModel::kindColumn).data().toString(), QStringLiteral("with parameters"));
        CandidatesModel candidates;
        Explanation explanation;
        explanation.candidates = {{1, "api-monolith", 0, "/v2/*", "outranked", "step 1", 1, "full_before_wildcard"}};
        candidates.setExplanation(explanation, true);
        QCOMPARE(candidates.index(0, CandidatesModel::stepColumn).data().toString(), QStringLiteral("step 1: full paths before wildcards"));
        AuditModel audit;
        audit.setEntries({{1, "2026-12-01T10:00:00.000Z", "alice", "admin", "default_filter.disable", "sanitize",
                           R"({"reason":"INC-7: false positives","enabled":false})"}});
        QCOMPARE(audit.index(0, AuditModel::actionColumn).data().toString(), QStringLiteral("switched a default filter off"));
        QCOMPARE(audit.index(0, AuditModel::detailColumn).data().toString(), QStringLiteral("reason: INC-7: false positives; enabled: no"));
        QCOMPARE(audit.index(0, AuditModel::atColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("2026-12-01 10:00:00 UTC"));
        // One time format: today as the time, another day with its date.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(formatTime(now), QDateTime::fromMSecsSinceEpoch(now).time().toString(QStringLiteral("HH:mm:ss")));
        QVERIFY(formatTime(now - 3LL * 24 * 3'600'000).contains(QLocale().toString(QDateTime::fromMSecsSinceEpoch(now - 3LL * 24 * 3'600'000).date(), QLocale::ShortFormat)));
    }

    void thresholdsModelExplainsEachMetricWithTheServicesValues() {
        ThresholdsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setThresholds({{"error_ratio", 0.01, 0.05, "ratio", "server meaning", "server hint"},
                             {"p99_latency", 0.5, 0.8, "fraction of the service timeout", "m", "h"},
                             {"destinations", 1, 0, "count", "m", "h"},
                             {"something_new", 1, 2, "count", "a meaning from the gateway", "a hint"}});
        QCOMPARE(model.rowCount(), 4);
        ServiceSummary s = service("volumes", HealthStatus::red, 0.08);
        s.reasons = {QStringLiteral("error_ratio:critical")};
        s.p99Ms = 420;
        s.thresholds = ServiceThresholds{0.01, 0.05, 0.01, 0.05, 5000, 8000, 20, 300};
        model.setService(s);
        QCOMPARE(model.index(0, ThresholdsModel::valueColumn).data().toString(), QStringLiteral("8.00 %"));
        QCOMPARE(model.index(0, ThresholdsModel::criticalColumn).data().toString(), QStringLiteral("5.00 %"));
        QCOMPARE(model.index(1, ThresholdsModel::warningColumn).data().toString(), QStringLiteral("5.00 s"));
        QCOMPARE(model.index(2, ThresholdsModel::valueColumn).data().toString(), QStringLiteral("1 of 2"));
        // Known keys are explained by the console (translatable), unknown ones by the gateway.
        QVERIFY(model.index(0, ThresholdsModel::meaningColumn).data().toString() != QStringLiteral("server meaning"));
        QCOMPARE(model.index(3, ThresholdsModel::meaningColumn).data().toString(), QStringLiteral("a meaning from the gateway"));
        QCOMPARE(model.index(0, ThresholdsModel::valueColumn).data(Qt::DecorationRole).value<QColor>(), statusColor(HealthStatus::red));
        QCOMPARE(model.index(1, ThresholdsModel::valueColumn).data(Qt::DecorationRole).value<QColor>(), statusColor(HealthStatus::idle));
        // Judged over the window, once it has min_requests: said, with how many there are now.
        s.requests = 12;
        model.setService(s);
        QCOMPARE(model.index(0, ThresholdsModel::judgedColumn).data().toString(),
                 QStringLiteral("last 5 min, from 20 requests (now 12)"));
        QCOMPARE(model.index(1, ThresholdsModel::valueColumn).data(Qt::DecorationRole).value<QColor>(), statusColor(HealthStatus::idle));
        s.enoughTraffic = true;
        s.requests = 400;
        model.setService(s);
        QCOMPARE(model.index(1, ThresholdsModel::valueColumn).data(Qt::DecorationRole).value<QColor>(), statusColor(HealthStatus::green));
    }

    void routesModelFiltersByServiceHostAndPathAndMarksShadowFilters() {
        RoutesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RoutesFilterModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        RouteTableInfo table;
        table.version = 3;
        table.routes = {{0, "droplets", 0, 0, "/v2/droplets/:id", {"api.example.com"}, {"GET"}, "param",
                         {{"oauth_token", false}, {"rate_limit", true}}, {}},
                        {1, "api-monolith", 0, 0, "/v2/*", {}, {}, "wildcard", {}, {}}};
        model.setTable(table);
        QCOMPARE(model.index(0, RoutesModel::beforeColumn).data().toString(), QStringLiteral("oauth_token, rate_limit (shadow)"));
        QCOMPARE(model.index(1, RoutesModel::hostsColumn).data().toString(), QStringLiteral("any"));
        proxy.setFilters(QString(), QStringLiteral("other.example.com"), QString());
        QCOMPARE(proxy.rowCount(), 1); // an any-host route serves every host
        proxy.setFilters(QString(), QStringLiteral("API.example.com"), QStringLiteral("/v2/dro"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilters(QStringLiteral("monolith"), QString(), QString());
        QCOMPARE(proxy.index(0, RoutesModel::pathColumn).data().toString(), QStringLiteral("/v2/*"));
        model.setWinner(1);
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
        model.setServiceErrors({{QStringLiteral("droplets"), 0.5}});
        QCOMPARE(model.index(0, RoutesModel::errorsColumn).data().toString(), QStringLiteral("50.0 %"));

        CandidatesModel candidates;
        QAbstractItemModelTester candidatesTester(&candidates, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Explanation explanation;
        explanation.winnerPosition = 0;
        explanation.candidates = {{0, "droplets", 0, "/v2/droplets/:id", "matched", "matches", 0, {}},
                                  {1, "api-monolith", 0, "/v2/*", "outranked", "step 1", 1, "full_before_wildcard"},
                                  {2, "volumes", 0, "/v2/volumes", "path_mismatch", "segment 2", 0, {}}};
        candidates.setExplanation(explanation, false);
        QCOMPARE(candidates.rowCount(), 2);
        QCOMPARE(candidates.index(1, CandidatesModel::verdictColumn).data().toString(), QStringLiteral("matches, outranked"));
        candidates.setExplanation(explanation, true);
        QCOMPARE(candidates.rowCount(), 3);
    }

    void trailModelPagesLazilyAndDropsAnswersToAnEarlierQuery() {
        TrailModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<std::optional<QString>> asked;
        quint64 tag = 0;
        connect(&model, &TrailModel::pageWanted, this, [&](const TrailQuery&, std::optional<QString> cursor, int, quint64 t) {
            asked << cursor;
            tag = t;
        });
        QVERIFY(!model.canFetchMore({})); // nothing asked yet
        model.setQuery({QStringLiteral("volumes"), 5, {}, {}, {}, 0, 0});
        QCOMPARE(asked.size(), 1);
        const auto page = [](int first, int count, std::optional<QString> next) {
            TrailPage p;
            for (int i = 0; i < count; ++i) {
                TrailRecord r;
                r.id = first - i;
                r.requestId = QStringLiteral("r%1").arg(first - i);
                r.host = QStringLiteral("=cmd(),\"x\"");
                p.records << r;
            }
            p.nextCursor = next;
            return p;
        };
        QVERIFY(!model.canFetchMore({})); // the first page is on its way
        model.appendPage(tag, page(100, 3, QStringLiteral("97")));
        QCOMPARE(model.rowCount(), 3);
        // The tester, like a view, fetches more as rows arrive: the next page from id 97.
        if (model.canFetchMore({})) model.fetchMore({});
        QCOMPARE(asked.last(), std::optional<QString>(QStringLiteral("97")));
        QVERIFY(model.loading());
        const int before = asked.size();
        model.pageFailed(tag); // a failed page: scrolling asks again from the same place
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(asked.size(), before + 1);
        QCOMPARE(asked.last(), std::optional<QString>(QStringLiteral("97")));
        const quint64 old = tag;
        model.setQuery({QStringLiteral("apps"), 0, {}, {}, {}, 0, 0});
        model.appendPage(old, page(97, 2, std::nullopt)); // the old query's page: dropped
        QCOMPARE(model.rowCount(), 0);
        model.appendPage(tag, page(50, 2, std::nullopt));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.canFetchMore({})); // the last page
        const QString csv = model.toCsv();
        QVERIFY(csv.startsWith(QChar(0xFEFF)));
        QVERIFY(csv.contains(QStringLiteral("\r\n")));
        QVERIFY(csv.contains(QStringLiteral("\"'=cmd(),\"\"x\"\"\""))); // quoted, and not a formula
    }

    // The fleet's gateways: lost ones first, each one's traffic summed over its shares of
    // every service, ratios from those sums, and the switches it has not applied yet.
    void gatewaysModelSumsEachGatewaysSharesAndPutsLostOnesFirst() {
        GatewaysModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        GatewayRoster roster;
        roster.tableVersion = 9;
        roster.lostAfterMs = 15'000;
        GatewayInfo a;
        a.id = QStringLiteral("edge-a");
        a.live = true;
        a.tableVersion = 9;
        a.tableSource = QStringLiteral("collector");
        GatewayInfo b = a;
        b.id = QStringLiteral("edge-b");
        b.tableVersion = 8;
        GatewayInfo z = a;
        z.id = QStringLiteral("edge-z");
        z.live = false;
        z.silentMs = 40'000;
        roster.gateways = {a, b, z};
        model.setRoster(roster);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.gateway(0)->id, QStringLiteral("edge-z")); // lost first
        QCOMPARE(model.index(0, GatewaysModel::stateColumn).data().toString(), QStringLiteral("lost"));
        QCOMPARE(model.index(2, GatewaysModel::tableColumn).data().toString(), QStringLiteral("v8 (behind)"));
        QCOMPARE(model.index(1, GatewaysModel::tableColumn).data().toString(), QStringLiteral("v9"));

        ServiceSummary apps, volumes;
        apps.name = QStringLiteral("apps");
        volumes.name = QStringLiteral("volumes");
        GatewayShare share;
        share.gatewayId = QStringLiteral("edge-a");
        share.requestRate = 2;
        share.requests = 600;
        share.service5xx = 6;
        apps.gateways = {share};
        share.requestRate = 1;
        share.requests = 400;
        share.service5xx = 44;
        share.gatewayFailures = 10;
        volumes.gateways = {share};
        model.setServices({apps, volumes});
        const GatewaysModel::Traffic t = model.traffic(QStringLiteral("edge-a"));
        QCOMPARE(t.requests, qint64(1000));
        QCOMPARE(t.service5xx, qint64(50));
        QCOMPARE(model.index(1, GatewaysModel::rateColumn).data().toString(), formatRate(3));
        QCOMPARE(model.index(1, GatewaysModel::errorColumn).data().toString(), formatRatio(0.05));    // 50 of 1000
        QCOMPARE(model.index(1, GatewaysModel::failureColumn).data().toString(), formatRatio(0.01));  // 10 of 1000
        QCOMPARE(model.index(0, GatewaysModel::rateColumn).data().toString(), QStringLiteral("—"));  // lost: no figures

        FilterSwitch sanitize;
        sanitize.name = QStringLiteral("sanitize");
        sanitize.fleet = true;
        sanitize.appliedBy = {QStringLiteral("edge-a")};
        sanitize.pending = {QStringLiteral("edge-b")};
        model.setSwitches({sanitize});
        QCOMPARE(model.index(1, GatewaysModel::switchesColumn).data().toString(), QStringLiteral("all applied"));
        QCOMPARE(model.index(2, GatewaysModel::switchesColumn).data().toString(), QStringLiteral("1 pending"));
        QVERIFY(model.index(2, GatewaysModel::switchesColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("sanitize")));

        ServiceGatewaysModel shares;
        QAbstractItemModelTester sharesTester(&shares, QAbstractItemModelTester::FailureReportingMode::QtTest);
        GatewayShare good, bad;
        good.gatewayId = QStringLiteral("edge-a");
        good.status = HealthStatus::green;
        bad.gatewayId = QStringLiteral("edge-b");
        bad.status = HealthStatus::red;
        shares.setShares({good, bad});
        QCOMPARE(shares.share(0)->gatewayId, QStringLiteral("edge-b")); // the bad one stands out: first
    }

    void securityModelsUpdateInPlace() {
        FilterSwitchesModel switches;
        QAbstractItemModelTester tester(&switches, QAbstractItemModelTester::FailureReportingMode::QtTest);
        switches.setSwitches({{"request_id", "before", true, {}, {}, {}}, {"sanitize", "before", true, {}, {}, {}}});
        QSignalSpy changed(&switches, &QAbstractItemModel::dataChanged);
        switches.applyChange({"sanitize", "before", false, "ada", "2026-11-26T10:00:00Z", "INC-7"});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(switches.index(1, FilterSwitchesModel::stateColumn).data().toString(), QStringLiteral("Off"));
        QCOMPARE(switches.index(0, FilterSwitchesModel::changedByColumn).data().toString(), QStringLiteral("never changed"));
        AuditModel audit;
        QAbstractItemModelTester auditTester(&audit, QAbstractItemModelTester::FailureReportingMode::QtTest);
        audit.setEntries({{1, "2026-11-26T10:00:00Z", "ada", "admin", "default_filter.disable", "sanitize", "{}"}});
        QCOMPARE(audit.index(0, AuditModel::actorColumn).data().toString(), QStringLiteral("ada"));
    }

    void destinationsModelShowsHealthChecks() {
        DestinationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDestinations({{"127.0.0.1:9004", true, "200 in 3 ms", 1764140000000, 0, 12},
                               {"127.0.0.1:9104", false, "connection refused", 1764140000000, 4, 0}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, DestinationsModel::healthColumn).data().toString(), QStringLiteral("Unhealthy"));
        QCOMPARE(model.index(1, DestinationsModel::failuresColumn).data().toInt(), 4);
    }
};

QTEST_MAIN(ModelsTest)
#include "models_test.moc"
