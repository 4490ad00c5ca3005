// Brazilian Portuguese is complete: every string the console's sources mark for
// translation (extracted afresh by lupdate) has a finished translation with the same
// placeholders, and the file holds no string the sources no longer have.
#include "language.h"

#include <QCoreApplication>
#include <QDomDocument>

#include <algorithm>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

namespace {

struct Entry {
    QStringList forms; // one, or one per plural form (numerus)
    bool finished = false;
};

// (context, source) -> translation
QMap<QPair<QString, QString>, Entry> readTs(const QString& path) {
    QMap<QPair<QString, QString>, Entry> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return out;
    QDomDocument document;
    document.setContent(&file);
    const QDomNodeList contexts = document.elementsByTagName(QStringLiteral("context"));
    for (int c = 0; c < contexts.size(); ++c) {
        const QDomElement context = contexts.at(c).toElement();
        const QString name = context.firstChildElement(QStringLiteral("name")).text();
        for (QDomElement m = context.firstChildElement(QStringLiteral("message")); !m.isNull();
             m = m.nextSiblingElement(QStringLiteral("message"))) {
            const QDomElement translation = m.firstChildElement(QStringLiteral("translation"));
            const QString type = translation.attribute(QStringLiteral("type"));
            Entry entry;
            for (QDomElement form = translation.firstChildElement(QStringLiteral("numerusform")); !form.isNull();
                 form = form.nextSiblingElement(QStringLiteral("numerusform"))) {
                entry.forms << form.text();
            }
            if (entry.forms.isEmpty()) entry.forms << translation.text();
            entry.finished = type.isEmpty() && std::none_of(entry.forms.begin(), entry.forms.end(), [](const QString& f) { return f.isEmpty(); });
            out.insert({name, m.firstChildElement(QStringLiteral("source")).text()}, entry);
        }
    }
    return out;
}

QStringList placeholders(const QString& text) {
    QStringList out;
    static const QRegularExpression pattern(QStringLiteral("%[0-9n]"));
    for (auto it = pattern.globalMatch(text); it.hasNext();) out << it.next().captured();
    out.sort();
    return out;
}

} // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

private slots:
    void brazilianPortugueseIsComplete() {
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh_pt_BR.ts"));
        QProcess lupdate;
        lupdate.start(QStringLiteral(GATEHOUSE_LUPDATE),
                      {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                       QStringLiteral(GATEHOUSE_SOURCE_DIR "/console"), QStringLiteral("-ts"), fresh});
        QVERIFY(lupdate.waitForFinished(60'000));
        QCOMPARE(lupdate.exitCode(), 0);
        const auto extracted = readTs(fresh);
        const auto committed = readTs(QStringLiteral(GATEHOUSE_SOURCE_DIR "/translations/gatehouse_pt_BR.ts"));
        QVERIFY(extracted.size() > 100);

        QStringList untranslated, vanished, badPlaceholders;
        for (auto it = extracted.begin(); it != extracted.end(); ++it) {
            const auto found = committed.find(it.key());
            if (found == committed.end() || !found->finished) {
                untranslated << it.key().second;
            } else if (std::any_of(found->forms.begin(), found->forms.end(),
                                   [&](const QString& form) { return placeholders(form) != placeholders(it.key().second); })) {
                badPlaceholders << it.key().second; // every plural form keeps the placeholders
            }
        }
        for (auto it = committed.begin(); it != committed.end(); ++it) {
            if (!extracted.contains(it.key())) vanished << it.key().second;
        }
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("not translated (run the update_translations target, "
                                                                   "then translate): ") + untranslated.join(QStringLiteral(" | "))));
        QVERIFY2(vanished.isEmpty(), qPrintable(QStringLiteral("no longer in the sources: ") + vanished.join(QStringLiteral(" | "))));
        QVERIFY2(badPlaceholders.isEmpty(), qPrintable(QStringLiteral("placeholders differ: ") + badPlaceholders.join(QStringLiteral(" | "))));
    }

    void theCompiledCatalogueIsTheOneInTheResources() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/gatehouse_pt_BR.qm")));
        QCOMPARE(translator.translate("gatehouse::console::FleetModel", "Service 5xx"), QStringLiteral("5xx do serviço"));
        QCOMPARE(translator.translate("Presentation", "5xx ratio"), QStringLiteral("Taxa de 5xx"));
        // Plurals: Portuguese forms chosen by the count.
        QCOMPARE(translator.translate("gatehouse::console::MainWindow", "%n alert(s) firing", nullptr, 1), QStringLiteral("%n alerta disparado"));
        QCOMPARE(translator.translate("gatehouse::console::MainWindow", "%n alert(s) firing", nullptr, 3), QStringLiteral("%n alertas disparados"));
        // English has its plural forms too (the sources say "(s)").
        QTranslator english;
        QVERIFY(english.load(QStringLiteral(":/i18n/gatehouse_en.qm")));
        QCOMPARE(english.translate("gatehouse::console::MainWindow", "%n alert(s) firing", nullptr, 1), QStringLiteral("%n alert firing"));
        QCOMPARE(english.translate("gatehouse::console::MainWindow", "%n alert(s) firing", nullptr, 2), QStringLiteral("%n alerts firing"));
    }

    void aLocaleWithoutItsOwnCatalogueGetsEnglishPlurals() {
        // LANG=C.UTF-8 (the C locale), or a language the console has no catalogue for.
        // The translator installed last is asked first: each check sees the one just installed.
        QCoreApplication& app = *QCoreApplication::instance();
        for (const QLocale& locale : {QLocale::c(), QLocale(QLocale::German, QLocale::Germany)}) {
            QCOMPARE(gatehouse::console::installTranslations(app, locale), QStringLiteral("en"));
            QCOMPARE(QCoreApplication::translate("gatehouse::console::MainWindow", "%n service(s)", nullptr, 13),
                     QStringLiteral("13 services"));
            QCOMPARE(QCoreApplication::translate("gatehouse::console::MainWindow", "%n service(s)", nullptr, 1), QStringLiteral("1 service"));
        }
        QCOMPARE(gatehouse::console::installTranslations(app, QLocale(QLocale::Portuguese, QLocale::Brazil)), QStringLiteral("pt_BR"));
    }
};

QTEST_MAIN(TranslationsTest)
#include "translations_test.moc"
