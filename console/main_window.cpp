#include "main_window.h"

#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace gatehouse::console {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse Console"));
    resize(1100, 720);

    pages_ = new QStackedWidget(this);
    auto* welcome = new QWidget(pages_);
    welcome->setObjectName(QStringLiteral("welcomePage"));
    auto* layout = new QVBoxLayout(welcome);
    auto* heading = new QLabel(tr("Gatehouse operations console"), welcome);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.6);
    heading->setFont(headingFont);
    auto* body = new QLabel(tr("Connect to a gateway's admin API to see service health, routes and alerts."), welcome);
    body->setWordWrap(true);
    layout->addStretch();
    layout->addWidget(heading, 0, Qt::AlignHCenter);
    layout->addWidget(body, 0, Qt::AlignHCenter);
    layout->addStretch();
    pages_->addWidget(welcome);
    setCentralWidget(pages_);

    connectionLabel_ = new QLabel(tr("Not connected"), this);
    connectionLabel_->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addPermanentWidget(connectionLabel_);

    buildMenus();
}

QString MainWindow::connectionText() const {
    return connectionLabel_->text();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);
}

} // namespace gatehouse::console
