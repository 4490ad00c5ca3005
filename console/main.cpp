// gatehouse-console: the operations console.
//   gatehouse-console [--connect URL --token-file FILE [--fleet]] [--profile NAME] [--theme dark]
//                     [--screenshot DIR [--size 1280x800]]
// Without --connect it reconnects to the last profile, or asks.
#include "connect_dialog.h"
#include "language.h"
#include "main_window.h"
#include "screenshots.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QLocale>
#include <QSettings>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse-console"));

    // The language: a choice made in the console (View > Language), else the system's. Qt's
    // own strings (dialog buttons) and number formats follow it too.
    const QString chosen = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = chosen.isEmpty() ? QLocale() : QLocale(chosen);
    QLocale::setDefault(locale);
    gatehouse::console::installTranslations(app, locale);
    gatehouse::console::applyTheme(QSettings().value(QStringLiteral("ui/theme"), QStringLiteral("system")).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Gatehouse operations console"));
    parser.addHelpOption();
    const QCommandLineOption connectOption(QStringLiteral("connect"), QStringLiteral("admin API URL, e.g. http://127.0.0.1:9901"),
                                           QStringLiteral("url"));
    const QCommandLineOption tokenOption(QStringLiteral("token-file"), QStringLiteral("file whose first line is the admin token"),
                                         QStringLiteral("file"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QStringLiteral("profile name to use and save"),
                                           QStringLiteral("name"));
    const QCommandLineOption caOption(QStringLiteral("ca-file"),
                                      QStringLiteral("https: the CA certificate (PEM) that signed the gateway's"),
                                      QStringLiteral("file"));
    const QCommandLineOption fleetOption(QStringLiteral("fleet"),
                                         QStringLiteral("--connect is a route collector: show the whole fleet (its token is a collector token)"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("render every page to DIR/*.png once data arrived, then exit"),
                                              QStringLiteral("dir"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("--screenshot: the window size, e.g. 1280x800"),
                                        QStringLiteral("WxH"), QStringLiteral("1400x900"));
    const QCommandLineOption themeOption(QStringLiteral("theme"), QStringLiteral("system, light or dark (this run only)"),
                                         QStringLiteral("theme"));
    parser.addOptions({connectOption, tokenOption, profileOption, caOption, fleetOption, screenshotOption, sizeOption, themeOption});
    parser.process(app);
    if (parser.isSet(themeOption)) gatehouse::console::applyTheme(parser.value(themeOption));

    using namespace gatehouse::console;
    protectSettingsFile(); // tokens saved by an earlier release may sit in a file others can read
    MainWindow window;
    std::optional<ConnectionProfile> profile;
    if (parser.isSet(connectOption)) {
        QString token;
        if (parser.isSet(tokenOption)) {
            QFile file(parser.value(tokenOption));
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "gatehouse-console: cannot read %s\n", qPrintable(parser.value(tokenOption)));
                return 2;
            }
            token = QString::fromUtf8(file.readLine()).trimmed();
        }
        profile = ConnectionProfile{parser.value(profileOption).isEmpty() ? QStringLiteral("local") : parser.value(profileOption),
                                    QUrl::fromUserInput(parser.value(connectOption)), token, parser.value(caOption),
                                    parser.isSet(fleetOption)};
        if (!parser.isSet(screenshotOption)) saveProfile(*profile);
    } else {
        const QString wanted = parser.isSet(profileOption) ? parser.value(profileOption)
                                                           : QSettings().value(QStringLiteral("window/profile")).toString();
        for (const ConnectionProfile& p : loadProfiles()) {
            if (p.name == wanted) profile = p;
        }
    }
    if (parser.isSet(screenshotOption)) {
        if (!profile) {
            std::fprintf(stderr, "gatehouse-console: --screenshot needs --connect (or a saved --profile)\n");
            return 2;
        }
        const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
        if (size.size() != 2 || size[0].toInt() < 640 || size[1].toInt() < 480) {
            std::fprintf(stderr, "gatehouse-console: --size must be WIDTHxHEIGHT, at least 640x480\n");
            return 2;
        }
        window.resize(size[0].toInt(), size[1].toInt());
        window.show();
        window.connectTo(*profile);
        const bool ok = saveScreenshots(window, parser.value(screenshotOption), 20'000);
        std::fprintf(stderr, "gatehouse-console: screenshots %s in %s\n", ok ? "written" : "incomplete",
                     qPrintable(parser.value(screenshotOption)));
        return ok ? 0 : 1;
    }
    window.show();
    if (profile) window.connectTo(*profile);
    else QTimer::singleShot(0, &window, [&window] { window.askForConnection(); });
    return QApplication::exec();
}
