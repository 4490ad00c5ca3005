// The api layer against a real gatehouse process (started here) and against bytes.
#include "api/admin_client.h"
#include "api/admin_json.h"
#include "api/collector_client.h"

#include "connect_dialog.h"
#include "support/test_upstream.h"
#include "support/tls_fixtures.h"
#include "support_console.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

#include <filesystem>

using namespace gatehouse::console;
using gatehouse::testing::ConsoleFixture;

class AdminClientTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        fixture_ = std::make_unique<ConsoleFixture>();
        QVERIFY2(fixture_->gateway->started(), fixture_->gateway->log().c_str());
        fixture_->sendTraffic(60);
    }

    void readsEveryEndpointIntoTypes() {
        AdminClient client;
        client.setEndpoint(QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kAdminToken));
        QVector<ServiceSummary> services;
        connect(&client, &AdminClient::servicesReceived, this, [&](const auto& received) { services = received; });
        client.fetchServices();
        QTRY_COMPARE_WITH_TIMEOUT(services.size(), 2, 10'000);
        QCOMPARE(client.state(), AdminClient::State::connected);
        const auto volumes = std::find_if(services.begin(), services.end(), [](const auto& s) { return s.name == QLatin1String("volumes"); });
        QVERIFY(volumes != services.end());
        QCOMPARE(volumes->totalDestinations, 2);
        QVERIFY(volumes->requests >= 30);
        QVERIFY(volumes->errorRatio.has_value());
        QVERIFY(*volumes->errorRatio > 0.2); // a third of its answers are 500s
        QCOMPARE(volumes->status, HealthStatus::red);
        QVERIFY(volumes->reasons.contains(QStringLiteral("error_ratio:critical")));

        std::optional<ServiceSummary> detail;
        connect(&client, &AdminClient::serviceReceived, this, [&](const auto& received) { detail = received; });
        client.fetchService(QStringLiteral("volumes"));
        QTRY_VERIFY_WITH_TIMEOUT(detail.has_value(), 10'000);
        QCOMPARE(detail->destinations.size(), 2);
        QVERIFY(detail->thresholds.has_value());
        QVERIFY(detail->thresholds->errorCritical > detail->thresholds->errorWarning);

        std::optional<ServiceSeries> series;
        connect(&client, &AdminClient::seriesReceived, this, [&](const auto& received) { series = received; });
        client.fetchSeries(QStringLiteral("volumes"), QStringLiteral("24h"));
        QTRY_VERIFY_WITH_TIMEOUT(series.has_value(), 10'000);
        QCOMPARE(series->window, QStringLiteral("24h"));
        QCOMPARE(series->bucketSeconds, 60);
        qint64 total = 0, errors = 0;
        for (const SeriesPoint& p : series->points) {
            total += p.requests;
            errors += p.status5xx;
        }
        QVERIFY(total >= 30);
        QVERIFY(errors >= 10);

        QVector<ThresholdInfo> thresholds;
        connect(&client, &AdminClient::thresholdsReceived, this, [&](const auto& received) { thresholds = received; });
        client.fetchThresholds();
        QTRY_VERIFY_WITH_TIMEOUT(!thresholds.isEmpty(), 10'000);
        QVERIFY(std::any_of(thresholds.begin(), thresholds.end(), [](const auto& t) { return t.key == QLatin1String("error_ratio"); }));

        // The alert for volumes' 5xx ratio fires (evaluate and "for" are 1 s here).
        QVector<Alert> alerts;
        connect(&client, &AdminClient::alertsReceived, this, [&](const auto& received) { alerts = received; });
        const auto firing = [&] {
            return std::any_of(alerts.begin(), alerts.end(), [](const Alert& a) {
                return a.service == QLatin1String("volumes") && a.state == QLatin1String("firing");
            });
        };
        QElapsedTimer clock;
        clock.start();
        while (!firing() && clock.elapsed() < 15'000) { // bounded: 15 s
            client.fetchAlerts();
            QTest::qWait(250);
        }
        QVERIFY(firing());
    }

    void aRefusedTokenAndAnUnreachableGatewayAreStatesWithReasons() {
        AdminClient client;
        QList<AdminClient::State> states;
        connect(&client, &AdminClient::stateChanged, this, [&](AdminClient::State state, const QString&) { states << state; });
        client.setEndpoint(QUrl(fixture_->adminUrl()), QStringLiteral("not-a-token-of-this-gateway"));
        client.fetchServices();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), AdminClient::State::unauthorized, 10'000);
        QVERIFY(client.stateMessage().contains(QStringLiteral("401")));

        client.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gatehouse::testing::unusedPort())), QStringLiteral("x"));
        client.fetchServices();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), AdminClient::State::unreachable, 10'000);
        QVERIFY(client.stateMessage().contains(QStringLiteral("unreachable")));
        QCOMPARE(states.first(), AdminClient::State::connecting);
    }

    // Tokens never cross a network in clear: the console speaks https:// to a TLS admin
    // listener, verifying it against the operator's CA, and refuses one it cannot verify.
    void speaksHttpsWithTheOperatorsCa() {
        namespace fs = std::filesystem;
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-console-pki-XXXXXX").string();
        const fs::path dir = mkdtemp(tmpl.data());
        const gatehouse::testing::TestPki pki = gatehouse::testing::makeTestPki(dir);
        gatehouse::testing::GatewayProcess gateway(
            {}, R"("admin_listen": {"address": "127.0.0.1:0", "tls": {"cert_file": ")" + pki.serverCert + R"(", "key_file": ")" +
                    pki.serverKey + R"("}})");
        QVERIFY2(gateway.started(), gateway.log().c_str());
        const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(gateway.adminPort()));
        AdminClient client;
        client.setEndpoint(url, QStringLiteral("x"), QString::fromStdString(pki.caCert));
        client.fetchServices();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), AdminClient::State::unauthorized, 10'000); // TLS worked; the token did not
        AdminClient untrusting;
        untrusting.setEndpoint(url, QStringLiteral("x"), QString::fromStdString(pki.otherCaCert));
        untrusting.fetchServices();
        QTRY_COMPARE_WITH_TIMEOUT(untrusting.state(), AdminClient::State::unreachable, 10'000);
        QVERIFY2(untrusting.stateMessage().contains(QStringLiteral("SSL"), Qt::CaseInsensitive), qPrintable(untrusting.stateMessage()));
        fs::remove_all(dir);
    }

    void theSettingsFileThatHoldsTokensIsOwnerOnly() {
        QTemporaryDir home;
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, home.path());
        saveProfile({QStringLiteral("test"), QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("secret-token")});
        const QString file = QSettings().fileName();
        QVERIFY2(file.startsWith(home.path()), qPrintable(file));
        namespace fs = std::filesystem;
        const auto mode = [&] { return fs::status(file.toStdString()).permissions() & fs::perms::mask; };
        QCOMPARE(mode(), fs::perms::owner_read | fs::perms::owner_write);
        fs::permissions(file.toStdString(), fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
        QVERIFY(protectSettingsFile()); // as the console does at start-up
        QCOMPARE(mode(), fs::perms::owner_read | fs::perms::owner_write);
    }

    void unexpectedAnswersAreErrorsNotCrashes() {
        QString error;
        QVERIFY(!parseServices("[]", error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!parseSeries("{\"points\": 3}", error));
        QVERIFY(!parseAlerts("{not json", error));
        const auto services = parseServices(R"({"services": [{"name": "x", "status": "amber", "error_ratio": null, "destinations": {"healthy": 1, "total": 3}}]})", error);
        QVERIFY(services);
        QCOMPARE(services->front().status, HealthStatus::amber);
        QVERIFY(!services->front().errorRatio.has_value());
        QCOMPARE(services->front().totalDestinations, 3);
        QCOMPARE(parseErrorMessage(R"({"id": "unauthorized", "message": "no token"})"), QStringLiteral("no token"));
    }

    void aDryRunListsProblemsThenWarningsAndNothingElse() {
        const DryRunResult result = parseDryRun(422, R"({"message": "invalid",
            "problems": [{"file": "billing", "path": "routes[0].paths[0]", "severity": "error", "code": "bad_path", "message": "no"}],
            "warnings": [{"file": "billing", "path": "routes[1]", "severity": "warning", "code": "shadowed", "message": "never hit",
                          "hint": "reorder"}]})");
        QCOMPARE(result.problems.size(), 2); // not a third line for the warnings list itself
        QVERIFY(result.problems[0].startsWith(QStringLiteral("billing: routes[0].paths[0]: error [bad_path]")));
        QVERIFY(result.problems[1].startsWith(QStringLiteral("billing: routes[1]: warning [shadowed]")));
        QVERIFY(result.problems[1].contains(QStringLiteral("hint: reorder")));
        for (const QString& line : result.problems) QVERIFY2(!line.startsWith(QLatin1Char(':')), qPrintable(line));
        QCOMPARE(parseDryRun(200, R"({"problems": [], "warnings": []})").problems.size(), 0);
    }

    void anIdleServiceAndTheDestinationsHistoryAreRead() {
        QString error;
        const auto services = parseServices(R"({"window_seconds": 300, "services": [{"name": "x", "status": "idle", "enough_traffic": false,
            "requests": 3, "service_5xx": 1, "status_5xx": 3, "gateway_failures": 2, "destinations": {"healthy": 1, "total": 1, "flapping": 1},
            "spark": {"bucket_seconds": 10, "requests": [1, 0, 2], "errors": [0, 0, 1]}}]})",
                                            error);
        QVERIFY(services);
        QCOMPARE(services->front().status, HealthStatus::idle);
        QCOMPARE(services->front().windowSeconds, 300);
        QCOMPARE(services->front().service5xx, 1);
        QCOMPARE(services->front().flappingDestinations, 1);
        QCOMPARE(services->front().sparkRequests, (QVector<double>{1, 0, 2}));
        QCOMPARE(services->front().sparkErrors, (QVector<double>{0, 0, 1}));
        const auto detail = parseServiceDetail(R"({"name": "x", "status": "amber", "destination_detail": [{"address": "a:1", "healthy": false,
            "since_ms": 1700000000000, "flapping": true, "changes_in_window": 5,
            "history": [{"at_ms": 1700000000000, "healthy": false, "reason": "HTTP 500"}]}], "thresholds": {"window_seconds": 300,
            "flapping_window_seconds": 600, "flapping_changes": 4}})", error);
        QVERIFY(detail);
        QCOMPARE(detail->destinations.front().sinceMs, 1700000000000);
        QVERIFY(detail->destinations.front().flapping);
        QCOMPARE(detail->destinations.front().history.front().reason, QStringLiteral("HTTP 500"));
        QCOMPARE(detail->thresholds->flappingWindowSeconds, 600);
        const auto alerts = parseAlerts(R"({"alerts": [{"service": "x", "rule": "error_ratio", "state": "resolved", "since_ms": 1,
            "resolved_ms": 3, "resolution": "no_traffic", "no_traffic_since_ms": 2}]})", error);
        QVERIFY(alerts);
        QCOMPARE(alerts->front().resolution, QStringLiteral("no_traffic"));
        QCOMPARE(alerts->front().noTrafficSinceMs, 2);
    }

    void cleanupTestCase() { fixture_.reset(); }

private:
    std::unique_ptr<ConsoleFixture> fixture_;
};

QTEST_MAIN(AdminClientTest)
#include "admin_client_test.moc"
