// The on-call questions, each answered by driving the real window from launch with
// keyboard and mouse, against a real gateway in front of the demo fleet (real backends
// misbehaving as in scripts/demo) under the demo's load, a real collector and a real
// audit log. Each test counts its user actions (at most 3) and prints the count.
#include "language.h"
#include "main_window.h"
#include "models/alerts_model.h"
#include "models/destinations_model.h"
#include "models/fleet_model.h"
#include "models/presentation.h"
#include "models/routes_model.h"
#include "models/thresholds_model.h"
#include "models/trail_model.h"
#include "pages/alerts_page.h"
#include "pages/fleet_page.h"
#include "pages/incidents_page.h"
#include "pages/routes_page.h"
#include "pages/service_page.h"

#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/server_process.h"
#include "support/test_upstream.h"

#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <filesystem>
#include <fstream>

using namespace gatehouse::console;
using namespace gatehouse::testing;

namespace {

constexpr const char* kAdmin = "oncall-admin-token-000000001";

// A service config: one route with `paths` (JSON strings), these destinations, an
// active health check if `checked`. Built without raw strings (moc reads this file).
std::string service(const std::string& name, const std::string& paths, const std::vector<int>& ports, bool checked,
                    const std::string& extra = "") {
    std::string destinations;
    for (int port : ports) {
        if (!destinations.empty()) destinations += ", ";
        destinations += "{\"scheme\": \"http\", \"host\": \"127.0.0.1:" + std::to_string(port) + "\"}";
    }
    const std::string check = checked ? ", \"health_check\": {\"path\": \"/health\", \"interval_seconds\": 2, \"timeout_seconds\": 1, "
                                        "\"max_failed_attempts\": 1, \"min_successful_attempts\": 1}"
                                      : "";
    return "{\"name\": \"" + name + "\", \"routes\": [{\"paths\": [" + paths + "]" + extra + "}], \"destinations\": [" +
           destinations + "]" + check + "}";
}

// User actions, counted: what an operator does with the mouse and the keyboard.
struct Actions {
    const char* question;
    int count = 0;
    void doubleClickRow(QTableView* view, int row, int column) {
        ++count;
        const QPoint at = view->visualRect(view->model()->index(row, column)).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QMouseEvent doubleClick(QEvent::MouseButtonDblClick, QPointF(at), view->viewport()->mapToGlobal(QPointF(at)), Qt::LeftButton,
                                Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &doubleClick);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, at);
    }
    void clickRow(QTableView* view, int row, int column) {
        ++count;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(row, column)).center());
    }
    void click(QWidget* widget) {
        ++count;
        QTest::mouseClick(widget, Qt::LeftButton);
    }
    void key(QWidget* widget, QKeySequence sequence) {
        ++count;
        QTest::keySequence(widget, sequence);
    }
    void type(QWidget* widget, const QString& text) { // a field's text and Enter: one action
        ++count;
        QTest::keyClicks(widget, text);
        QTest::keyClick(widget, Qt::Key_Return);
    }
    ~Actions() { qInfo("on-call question \"%s\": answered in %d user action(s)", question, count); }
};

} // namespace

class OnCallTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        installTranslations(*QCoreApplication::instance(), QLocale::c());
        // The demo fleet: droplets healthy, volumes failing 30 % itself, networking with one
        // instance down (nothing listens on its port), kubernetes' health flapping.
        droplets_ = unusedPort();
        volumes_ = unusedPort();
        networking_ = unusedPort();
        kubernetes_ = unusedPort();
        deadPort_ = unusedPort();
        fleet_ = std::make_unique<ServerProcess>(std::vector<std::string>{GATEHOUSE_DEMO_FLEET_BIN,
                                                                          "--serve", std::to_string(droplets_) + ":droplets:healthy",
                                                                          "--serve", std::to_string(volumes_) + ":volumes:errors=0.3",
                                                                          "--serve", std::to_string(networking_) + ":networking:healthy",
                                                                          "--serve", std::to_string(kubernetes_) + ":kubernetes:flapping"},
                                                 droplets_);
        QVERIFY2(fleet_->ready(), fleet_->log().c_str());
        tokens_ = std::filesystem::temp_directory_path() / ("gatehouse-oncall-tokens-" + std::to_string(::getpid()) + ".json");
        std::ofstream(tokens_) << "{\"tokens\": [{\"name\": \"ada\", \"role\": \"admin\", \"token\": \"" << kAdmin << "\"}]}";
        gateway_ = std::make_unique<GatewayProcess>(
            std::map<std::string, std::string>{
                {"droplets.json", service("droplets", "\"/v2/droplets\", \"/v2/droplets/:id\", \"/v2/droplets/:id/actions\"", {droplets_}, false)},
                {"volumes.json", service("volumes", "\"/v2/volumes\", \"/v2/volumes/:id\"", {volumes_}, false)},
                {"networking.json", service("networking", "\"/v2/vpcs/:id\", \"/v2/firewalls\"", {networking_, deadPort_}, true)},
                {"kubernetes.json", service("kubernetes", "\"/v2/kubernetes/clusters\", \"/v2/kubernetes/clusters/*\"", {kubernetes_}, true)},
                {"api-monolith.json", service("api-monolith", "\"/v2/*\"", {droplets_}, false, ", \"allow_carve_outs\": true")}},
            "\"admin_tokens_file\": \"" + tokens_.string() +
                "\", \"thresholds\": {\"min_requests\": 5, \"evaluate_seconds\": 1, \"alert_for_seconds\": 1, \"window_seconds\": 60}");
        QVERIFY2(gateway_->started(), gateway_->log().c_str());
        // The demo's load, for a few seconds: many users, the demo's mix of routes.
        {
            ServerProcess load({GATEHOUSE_DEMO_LOAD_BIN, "--target", "127.0.0.1:" + std::to_string(gateway_->port()), "--rate", "150",
                                "--connections", "8"},
                               gateway_->port());
            QVERIFY(load.ready());
            QTest::qWait(4000);
            QCOMPARE(load.terminate(), 0);
        }
        // Someone switched a default security filter off during the night.
        const std::string body = R"({"enabled": false, "reason": "INC-42: false positives on uploads"})";
        const std::string answer = httpExchange(
            gateway_->adminPort(), "PUT /api/v1/security/filters/sanitize HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                                       std::string(kAdmin) + "\r\nContent-Type: application/json\r\nContent-Length: " +
                                       std::to_string(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(statusOf(answer), 200);
    }

    void whichServiceIsFailing() {
        Actions actions{"which service is failing"};
        auto window = launch();
        QVERIFY(window);
        QTableView* fleet = window->fleet()->view();
        QTRY_COMPARE_WITH_TIMEOUT(fleet->model()->rowCount(), 5, 10'000);
        // Worst first: the top rows are the services in trouble, with why, no action needed.
        QTRY_COMPARE_WITH_TIMEOUT(fleet->model()->index(0, FleetModel::statusColumn).data().toString(), QStringLiteral("Critical"), 10'000);
        QStringList critical;
        for (int row = 0; row < fleet->model()->rowCount(); ++row) {
            if (fleet->model()->index(row, FleetModel::statusColumn).data().toString() == QLatin1String("Critical")) {
                critical << fleet->model()->index(row, 0).data(FleetModel::nameRole).toString();
            }
        }
        QVERIFY2(critical.contains(QStringLiteral("volumes")), qPrintable(critical.join(QLatin1Char(','))));
        QVERIFY(actions.count <= 3);
    }

    void isItTheServiceOrTheGateway() {
        Actions actions{"is it the service or the gateway"};
        auto window = launch();
        QVERIFY(window);
        QTableView* fleet = window->fleet()->view();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(fleet, QStringLiteral("volumes")) >= 0, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(!fleet->model()->index(rowOf(fleet, QStringLiteral("volumes")), FleetModel::errorColumn).data().toString().startsWith(QStringLiteral("—")), 10'000);
        // The fleet row already separates them: the service's own 5xx, the gateway's 502/503/504.
        const int row = rowOf(fleet, QStringLiteral("volumes"));
        const double own = fleet->model()->index(row, FleetModel::errorColumn).data(FleetModel::sortRole).toDouble();
        const double gateway = fleet->model()->index(row, FleetModel::failuresColumn).data(FleetModel::sortRole).toDouble();
        QVERIFY2(own > 0.1 && gateway == 0.0, qPrintable(QStringLiteral("own %1 gateway %2").arg(own).arg(gateway)));
        actions.doubleClickRow(fleet, row, FleetModel::nameColumn); // and its page says it in words
        QCOMPARE(window->service()->service(), QStringLiteral("volumes"));
        auto* status = window->service()->findChild<QLabel*>(QStringLiteral("serviceStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("service 5xx")), 10'000);
        QVERIFY(status->text().contains(QStringLiteral("gateway 502/503/504 0.00 %")));
        QVERIFY(actions.count <= 3);
    }

    void whichDestinationAndSinceWhen() {
        Actions actions{"which destination, and since when"};
        auto window = launch();
        QVERIFY(window);
        QTableView* fleet = window->fleet()->view();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(fleet, QStringLiteral("networking")) >= 0, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(fleet->model()->index(rowOf(fleet, QStringLiteral("networking")), FleetModel::destinationsColumn).data().toString(),
                                  QStringLiteral("1 / 2"), 10'000);
        actions.doubleClickRow(fleet, rowOf(fleet, QStringLiteral("networking")), FleetModel::nameColumn);
        DestinationsModel* destinations = window->service()->destinationsModel();
        QTRY_COMPARE_WITH_TIMEOUT(destinations->rowCount(), 2, 10'000);
        int down = -1;
        for (int r = 0; r < 2; ++r) {
            if (destinations->index(r, DestinationsModel::healthColumn).data().toString() == QLatin1String("Unhealthy")) down = r;
        }
        QVERIFY(down >= 0);
        QCOMPARE(destinations->index(down, DestinationsModel::addressColumn).data().toString(), QStringLiteral("127.0.0.1:%1").arg(deadPort_));
        QVERIFY2(destinations->index(down, DestinationsModel::sinceColumn).data().toString().contains(QStringLiteral("ago")),
                 qPrintable(destinations->index(down, DestinationsModel::sinceColumn).data().toString()));
        QVERIFY(destinations->index(down, DestinationsModel::historyColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("unhealthy")));
        QVERIFY(actions.count <= 3);
    }

    void whatDoesAThresholdMean() {
        Actions actions{"what does a threshold mean"};
        auto window = launch();
        QVERIFY(window);
        QTableView* fleet = window->fleet()->view();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(fleet, QStringLiteral("volumes")) >= 0, 10'000);
        actions.doubleClickRow(fleet, rowOf(fleet, QStringLiteral("volumes")), FleetModel::nameColumn);
        ThresholdsModel* thresholds = window->service()->thresholdsModel();
        QTRY_VERIFY_WITH_TIMEOUT(thresholds->rowCount() >= 5, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(thresholds->index(0, ThresholdsModel::judgedColumn).data().toString().contains(QStringLiteral("1 min")), 10'000);
        QCOMPARE(thresholds->index(0, ThresholdsModel::metricColumn).data().toString(), QStringLiteral("5xx ratio"));
        QVERIFY(thresholds->index(0, ThresholdsModel::meaningColumn).data().toString().contains(QStringLiteral("service itself")));
        QVERIFY(!thresholds->index(0, ThresholdsModel::hintColumn).data().toString().isEmpty());
        QVERIFY(thresholds->index(0, ThresholdsModel::judgedColumn).data().toString().contains(QStringLiteral("from 5 requests")));
        QVERIFY(actions.count <= 3);
    }

    void whyDidARequestHitARoute() {
        Actions actions{"why did a request hit this route"};
        auto window = launch();
        QVERIFY(window);
        actions.key(window.get(), QKeySequence(Qt::CTRL | Qt::Key_5)); // View > Routes
        QCOMPARE(window->currentPage(), MainWindow::routesPage);
        auto* path = window->routes()->findChild<QLineEdit*>(QStringLiteral("explainPath"));
        QVERIFY(path);
        actions.click(path);
        actions.type(path, QStringLiteral("/v2/droplets/42"));
        QTRY_VERIFY_WITH_TIMEOUT(window->routes()->verdictText().contains(QStringLiteral("droplets")), 10'000);
        CandidatesModel* candidates = window->routes()->candidates();
        bool outranked = false;
        for (int row = 0; row < candidates->rowCount(); ++row) {
            if (candidates->index(row, CandidatesModel::serviceColumn).data().toString() == QLatin1String("api-monolith")) {
                outranked = candidates->index(row, CandidatesModel::stepColumn).data().toString().contains(QStringLiteral("full paths before wildcards"));
            }
        }
        QVERIFY(outranked); // why the monolith's /v2/* did not take it, in words
        QVERIFY(actions.count <= 3);
    }

    void isMyConfigValidAndWouldItTakeOver() {
        CollectorProcess collector;
        QVERIFY(collector.started());
        const std::string apps = R"({"name": "apps", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/apps/:id"]}],
                                      "destinations": [{"scheme": "http", "host": "127.0.0.1:9007"}]})";
        QCOMPARE(statusOf(collector.request("PUT", "/v1/services/apps", collector.kPlatformToken, apps)), 201);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("billing.json"));
        std::ofstream(file.toStdString()) << R"({"name": "billing", "routes": [{"hosts": ["api.example.com"], "paths": ["/v2/apps/:app"]}],
                                                 "destinations": [{"scheme": "http", "host": "127.0.0.1:9008"}]})";
        QSettings().setValue(QStringLiteral("routes/collector_url"), QString::fromStdString(collector.url()));

        Actions actions{"is my config valid, would it take over"};
        auto window = launch();
        QVERIFY(window);
        actions.key(window.get(), QKeySequence(Qt::CTRL | Qt::Key_5));
        window->routes()->findChild<QLineEdit*>(QStringLiteral("collectorToken"))->setText(QString::fromLatin1(collector.kBillingToken)); // typed earlier today
        // The file dialog: its path typed and Enter (one action), then the dry run.
        QTimer::singleShot(200, this, [file] {
            auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            // As a user does: the path typed into the file name box, then Enter.
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (!name) return;
            name->setText(file);
            QTest::keyClick(name, Qt::Key_Return);
        });
        actions.click(window->routes()->findChild<QPushButton*>(QStringLiteral("validateButton")));
        QTRY_VERIFY_WITH_TIMEOUT(window->routes()->validationText().contains(QStringLiteral("valid")), 10'000);
        actions.click(window->routes()->findChild<QPushButton*>(QStringLiteral("dryRunButton")));
        QTRY_VERIFY_WITH_TIMEOUT(window->routes()->validationText().contains(QStringLiteral("takeover")), 10'000);
        QVERIFY(window->routes()->validationText().contains(QStringLiteral("already served by service 'apps'")));
        QVERIFY(actions.count <= 3);
    }

    void whichRequestsFailedInThisAlertsWindow() {
        Actions actions{"which requests failed in this alert's window, with their filter decisions"};
        auto window = launch();
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->alertsModel()->rowCount() > 0, 20'000);
        actions.key(window.get(), QKeySequence(Qt::CTRL | Qt::Key_3)); // View > Alerts: the worst firing one is selected
        QTableView* alerts = window->alerts()->view();
        QTRY_VERIFY_WITH_TIMEOUT(window->alertsModel()->alert(alerts->currentIndex().row()) != nullptr, 10'000);
        const Alert alert = *window->alertsModel()->alert(alerts->currentIndex().row());
        QCOMPARE(alert.state, QStringLiteral("firing"));
        actions.click(window->alerts()->findChild<QPushButton*>(QStringLiteral("investigateAlert")));
        QCOMPARE(window->currentPage(), MainWindow::incidentsPage);
        QTRY_VERIFY_WITH_TIMEOUT(window->trailModel()->rowCount() > 0, 10'000);
        QVERIFY(window->incidents()->headingText().contains(QStringLiteral("behind an alert")));
        QCOMPARE(window->trailModel()->query().fromMs, alert.sinceMs - 10 * 60'000); // from 10 minutes before it began
        const TrailRecord* first = window->trailModel()->record(0);
        QCOMPARE(first->service, alert.service);
        if (alert.rule == QLatin1String("error_ratio") || alert.rule == QLatin1String("gateway_failure_ratio")) QVERIFY(first->status >= 500);
        // Its detail: every filter's decision (the default ones here), and how it ended.
        actions.clickRow(window->incidents()->recordsView(), 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->incidents()->detailText().contains(QStringLiteral("request_id")), 5'000);
        qInfo("the alert: %s %s; %d request(s) loaded", qPrintable(alert.service), qPrintable(alert.rule), window->trailModel()->rowCount());
        QVERIFY(actions.count <= 3);
    }

    void imOnItAcknowledgingAnAlertTellsEveryone() {
        Actions actions{"I am on it: acknowledge an alert"};
        auto window = launch();
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->alertsModel()->rowCount() > 0, 20'000);
        actions.key(window.get(), QKeySequence(Qt::CTRL | Qt::Key_3));
        QTableView* alerts = window->alerts()->view();
        QTRY_VERIFY_WITH_TIMEOUT(window->alertsModel()->alert(alerts->currentIndex().row()) != nullptr, 10'000);
        const Alert alert = *window->alertsModel()->alert(alerts->currentIndex().row());
        QTimer::singleShot(200, this, [] { // the note, typed, then Enter
            auto* input = QApplication::activeModalWidget();
            if (auto* edit = input ? input->findChild<QLineEdit*>() : nullptr) {
                QTest::keyClicks(edit, QStringLiteral("restarting the bad instance"));
                QTest::keyClick(edit, Qt::Key_Return);
            }
        });
        actions.click(window->alerts()->findChild<QPushButton*>(QStringLiteral("acknowledgeAlert")));
        const auto ackOf = [&] {
            for (int row = 0; row < window->alertsModel()->rowCount(); ++row) {
                const Alert* a = window->alertsModel()->alert(row);
                if (a->service == alert.service && a->rule == alert.rule) {
                    return window->alertsModel()->index(row, AlertsModel::ackColumn).data().toString();
                }
            }
            return QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(ackOf(), QStringLiteral("ada: restarting the bad instance"), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window->alerts()->detailText().contains(QStringLiteral("Acknowledged")), 5'000);
        QVERIFY(actions.count <= 3);
    }

    void whoSwitchedOffASecurityFilterAndWhy() {
        Actions actions{"who switched off a security filter, and why"};
        auto window = launch();
        QVERIFY(window);
        // Said on the first page, and in the title, without asking.
        QTRY_VERIFY_WITH_TIMEOUT(window->fleet()->securityWarning().contains(QStringLiteral("INC-42: false positives on uploads")), 10'000);
        QVERIFY(window->fleet()->securityWarning().contains(QStringLiteral("sanitize")));
        QVERIFY(window->fleet()->securityWarning().contains(QStringLiteral("ada")));
        QVERIFY(window->windowTitle().contains(QStringLiteral("[security filter off]")));
        QVERIFY(actions.count <= 3);
    }

    void cleanupTestCase() {
        gateway_.reset();
        fleet_.reset();
        std::filesystem::remove(tokens_);
    }

private:
    // Launch: the window, connected (as `gatehouse-console --connect URL --token-file F`).
    std::unique_ptr<MainWindow> launch() {
        auto window = std::make_unique<MainWindow>();
        window->resize(1280, 800);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
        window->setRefreshSeconds(1);
        window->connectTo({QStringLiteral("oncall"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gateway_->adminPort())),
                           QString::fromLatin1(kAdmin)});
        return window;
    }

    int rowOf(QTableView* view, const QString& name) {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, 0).data(FleetModel::nameRole).toString() == name) return row;
        }
        return -1;
    }

    int droplets_ = 0, volumes_ = 0, networking_ = 0, kubernetes_ = 0, deadPort_ = 0;
    std::unique_ptr<ServerProcess> fleet_;
    std::unique_ptr<GatewayProcess> gateway_;
    std::filesystem::path tokens_;
};

QTEST_MAIN(OnCallTest)
#include "oncall_test.moc"
