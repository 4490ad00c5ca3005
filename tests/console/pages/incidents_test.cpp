// Incident drill-down against a real gateway whose trail holds more than 100,000 rows.
#include "main_window.h"
#include "models/trail_model.h"
#include "pages/incidents_page.h"

#include "support_console.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "support/process.h"

using namespace gatehouse::console;
using gatehouse::testing::ConsoleFixture;

namespace {
constexpr int kRows = 100'000;

// Through the gateway's own seeding tool: one service, the last ~17 minutes, one request
// in ten a 502 from the gateway and one in forty a 500 from the service.
bool fillTrail(const std::string& file) {
    const auto result = gatehouse::testing::runProcess({GATEHOUSE_TRAIL_SEED_BIN, "--file", file, "--rows", std::to_string(kRows),
                                                        "--span-seconds", "1000", "--services", "volumes", "--error-every", "10"});
    if (result.exitCode != 0) qWarning("gatehouse-trail-seed: %s", result.err.c_str());
    return result.exitCode == 0;
}

qint64 totalIn(const QString& summary) {
    const auto match = QRegularExpression(QStringLiteral("(\\d+) request")).match(summary);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}
} // namespace

class IncidentsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        fixture_ = std::make_unique<ConsoleFixture>();
        QVERIFY2(fixture_->gateway->started(), fixture_->gateway->log().c_str());
        fixture_->sendTraffic(20);
        bool filled = false;
        QVERIFY(fixture_->gateway->restart([&] { filled = fillTrail((fixture_->gateway->dir() / "state" / "trail.db").string()); }));
        QVERIFY(filled);
    }

    void hundredThousandRowsArePagedLazilyAndOpenInDetail() {
        MainWindow window;
        window.show();
        window.connectTo({QStringLiteral("oncall"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        const qint64 from = QDateTime::currentMSecsSinceEpoch() - 2 * 3'600'000;
        window.investigate(QStringLiteral("volumes"), from, 0);
        TrailModel* model = window.trailModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), TrailModel::kPageSize, 10'000); // one page, not everything
        QTRY_VERIFY_WITH_TIMEOUT(totalIn(window.incidents()->summaryText()) >= kRows, 10'000);
        QVERIFY(window.incidents()->summaryText().contains(QStringLiteral("500")));

        // Scrolling down asks for the next pages, one at a time.
        QTableView* view = window.incidents()->recordsView();
        for (int round = 0; round < 200 && model->rowCount() < kRows; ++round) {
            view->scrollToBottom();
            model->fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(!model->loading(), 10'000);
        }
        QVERIFY(model->rowCount() >= kRows);
        QVERIFY(!model->canFetchMore({}) || model->rowCount() < kRows + 100);
        QVERIFY(model->record(0)->timeMs >= model->record(model->rowCount() - 1)->timeMs); // newest first

        view->selectRow(3);
        QVERIFY(window.incidents()->detailText().contains(QStringLiteral("request_id")));
        QVERIFY(window.incidents()->detailText().contains(QStringLiteral("answered by the service")));

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("trail.csv"));
        QVERIFY(window.incidents()->exportCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), model->rowCount() + 1);
    }

    void aStatusFilterNarrowsRecordsAndSummary() {
        MainWindow window;
        window.connectTo({QStringLiteral("oncall"), QUrl(fixture_->adminUrl()), QString::fromLatin1(ConsoleFixture::kViewerToken)});
        window.investigate(QStringLiteral("volumes"), QDateTime::currentMSecsSinceEpoch() - 2 * 3'600'000, 0, 5);
        TrailModel* model = window.trailModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, 10'000);
        for (int row = 0; row < model->rowCount(); ++row) QVERIFY(model->record(row)->status >= 500);
        QTRY_VERIFY_WITH_TIMEOUT(totalIn(window.incidents()->summaryText()) >= kRows / 10, 10'000);
        QVERIFY(totalIn(window.incidents()->summaryText()) < kRows / 5);
    }

    void cleanupTestCase() { fixture_.reset(); }

private:
    std::unique_ptr<ConsoleFixture> fixture_;
};

QTEST_MAIN(IncidentsTest)
#include "incidents_test.moc"
