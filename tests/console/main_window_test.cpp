#include "main_window.h"

#include <QLabel>
#include <QStatusBar>
#include <QTest>
#include <QTranslator>

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

    void speaksBrazilianPortuguese() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/gatehouse_pt_BR.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        gatehouse::console::MainWindow window;
        QCOMPARE(window.windowTitle(), QStringLiteral("Console do Gatehouse"));
        QCOMPARE(window.connectionText(), QStringLiteral("Desconectado"));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
