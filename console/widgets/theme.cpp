#include "widgets/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace gatehouse::console {
namespace {
QString gTheme = QStringLiteral("system");

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x1f, 0x23, 0x28), base(0x16, 0x19, 0x1d), text(0xe6, 0xe8, 0xea), mid(0x3a, 0x40, 0x47);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x1c, 0x20, 0x25));
    p.setColor(QPalette::ToolTipBase, QColor(0x2b, 0x30, 0x36));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Mid, mid);
    p.setColor(QPalette::Dark, QColor(0x10, 0x12, 0x15));
    p.setColor(QPalette::Light, QColor(0x4a, 0x51, 0x59));
    p.setColor(QPalette::Highlight, QColor(0x33, 0x74, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0x9f, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x93, 0x9c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x86, 0x8c));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x86, 0x8c));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x86, 0x8c));
    return p;
}
} // namespace

void applyTheme(const QString& theme) {
    gTheme = theme == QLatin1String("dark") || theme == QLatin1String("light") ? theme : QStringLiteral("system");
    if (gTheme == QLatin1String("system")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(gTheme == QLatin1String("dark") ? darkPalette() : QApplication::style()->standardPalette());
}

QString currentTheme() { return gTheme; }

} // namespace gatehouse::console
