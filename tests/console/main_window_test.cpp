#include "main_window.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void opensWithConnectionStateVisible() {
        gatehouse::console::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Gatehouse Console"));
        auto* label = window.findChild<QLabel*>(QStringLiteral("connectionLabel"));
        QVERIFY(label);
        QVERIFY(label->isVisible());
        QCOMPARE(window.connectionText(), QStringLiteral("Not connected"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
