#include "main_window.h"

#include "models/alerts_model.h"
#include "models/fleet_model.h"
#include "models/presentation.h"
#include "pages/alerts_page.h"
#include "pages/fleet_page.h"
#include "pages/gateways_page.h"
#include "models/gateways_model.h"
#include "pages/incidents_page.h"
#include "pages/routes_page.h"
#include "models/trail_model.h"
#include "pages/security_page.h"
#include "models/routes_model.h"
#include "pages/service_page.h"
#include "models/security_models.h"
#include "widgets/connection_banner.h"
#include "widgets/theme.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QRegularExpression>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::console {

namespace {
QIcon dotIcon(const QColor& color) {
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(color);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(2, 2, 12, 12);
    return QIcon(pixmap);
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), client_(new AdminClient(this)), collectorClient_(new CollectorClient(client_->network(), this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse Console"));
    resize(1280, 800);

    pages_ = new QStackedWidget(this);
    // Each page owns its models; the window keeps pointers for what crosses pages (the
    // fleet's firing counts, the summary).
    fleet_ = new FleetPage(pages_);
    service_ = new ServicePage(pages_);
    alerts_ = new AlertsPage(pages_);
    security_ = new SecurityPage(pages_);
    routes_ = new RoutesPage(pages_);
    incidents_ = new IncidentsPage(pages_);
    gateways_ = new GatewaysPage(pages_);
    fleetModel_ = fleet_->model();
    alertsModel_ = alerts_->model();
    switchesModel_ = security_->switches();
    auditModel_ = security_->audit();
    routesModel_ = routes_->routesModel();
    trailModel_ = incidents_->trail();
    // The pages in Page order: the navigation, the stack, View's menu (Ctrl+1 …), clearing
    // on a new connection and "shown" are all done by iterating this list.
    pageList_ = {fleet_, service_, alerts_, incidents_, routes_, security_, gateways_};
    navigation_ = new QListWidget(this);
    navigation_->setObjectName(QStringLiteral("navigation"));
    for (ConsolePage* page : pageList_) {
        pages_->addWidget(page);
        navigation_->addItem(page->pageTitle().remove(QLatin1Char('&')));
    }
    navigation_->setFixedWidth(navigation_->sizeHintForColumn(0) + 40);
    connect(navigation_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);

    banner_ = new ConnectionBanner(this);
    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(banner_);
    auto* row = new QHBoxLayout();
    row->addWidget(navigation_);
    row->addWidget(pages_, 1);
    outer->addLayout(row, 1);
    setCentralWidget(central);

    connectionLabel_ = new QLabel(tr("Not connected"), this);
    connectionLabel_->setObjectName(QStringLiteral("connectionLabel"));
    updatedLabel_ = new QLabel(this);
    statusBar()->addWidget(updatedLabel_);
    securityLabel_ = new QLabel(this);
    securityLabel_->setObjectName(QStringLiteral("securityOffLabel"));
    securityLabel_->setStyleSheet(QStringLiteral("QLabel { color: white; background: #d32f2f; padding: 0 6px; font-weight: bold; }"));
    securityLabel_->hide();
    statusBar()->addPermanentWidget(securityLabel_);
    coverageLabel_ = new QLabel(this);
    coverageLabel_->setObjectName(QStringLiteral("coverageLabel"));
    coverageLabel_->hide();
    statusBar()->addPermanentWidget(coverageLabel_);
    statusBar()->addPermanentWidget(connectionLabel_);

    // Data in, pages out.
    wireMonitoring();
    wireInvestigation();
    wireTableAndSecurity();
    wireFleet();

    refresh_ = new QTimer(this);
    connect(refresh_, &QTimer::timeout, this, &MainWindow::refresh);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(dotIcon(statusColor(HealthStatus::green)), this);
        tray_->show();
    }

    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    setRefreshSeconds(settings.value(QStringLiteral("window/refresh_seconds"), 5).toInt());
    showPage(static_cast<Page>(std::clamp(settings.value(QStringLiteral("window/page"), 0).toInt(), 0, pageCount - 1)));
}

// The fleet, a service's dashboard and the alerts: what refreshes every few seconds.
void MainWindow::wireMonitoring() {
    connect(client_, &AdminClient::stateChanged, this, &MainWindow::onState);
    connect(client_, &AdminClient::servicesReceived, this, [this](const QVector<ServiceSummary>& services) {
        fleetModel_->setServices(services);
        updateFleetSummary();
        updatedLabel_->setText(tr("Updated %1").arg(formatTime(QDateTime::currentMSecsSinceEpoch())));
    });
    connect(client_, &AdminClient::alertsReceived, this, [this](const QVector<Alert>& alerts) {
        alertsModel_->setAlerts(alerts);
        fleetModel_->setFiringAlerts(alertsModel_->firingByService());
        updateTitle();
        updateFleetSummary();
    });
    connect(client_, &AdminClient::serviceReceived, service_, &ServicePage::setDetail);
    connect(client_, &AdminClient::seriesReceived, service_, &ServicePage::setSeries);
    connect(client_, &AdminClient::thresholdsReceived, service_, &ServicePage::setThresholds);
    connect(client_, &AdminClient::requestFailed, this, [this](const QString& what, const QString& message) {
        statusBar()->showMessage(tr("Could not load %1: %2").arg(what, message), 10'000);
    });
    connect(service_, &ServicePage::dataWanted, this, [this](const QString& name, const QString& window) {
        client_->fetchService(name);
        // The 24 h window's buckets are a minute wide: asked again once a minute, not at
        // every refresh (on a fleet it is the heaviest read the collector answers).
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString key = name + QLatin1Char('/') + window;
        if (window != QLatin1String("24h") || key != seriesKey_ || now - seriesAtMs_ >= 60'000) {
            seriesKey_ = key;
            seriesAtMs_ = now;
            client_->fetchSeries(name, window);
        }
        client_->fetchAnnotations(name, QDateTime::currentMSecsSinceEpoch() - 24 * 3'600'000);
    });
    connect(client_, &AdminClient::annotationsReceived, service_, &ServicePage::setAnnotations);
    connect(client_, &AdminClient::alertHistoryReceived, alerts_, &AlertsPage::setHistory);
    connect(alerts_, &AlertsPage::acknowledgeRequested, client_, &AdminClient::acknowledge);
    connect(client_, &AdminClient::acknowledged, this, [this](const QString& service, const QString& rule) {
        alerts_->showOutcome(tr("Acknowledged %1 — %2; everyone sees who is on it.").arg(service, thresholdTitle(rule)));
        client_->fetchAlerts();
    });
    connect(client_, &AdminClient::acknowledgeRefused, this, [this](const QString& service, const QString&, const QString& message) {
        alerts_->showOutcome(tr("%1 was not acknowledged: %2").arg(service, message));
    });
    connect(fleet_, &FleetPage::serviceActivated, this, &MainWindow::openService);
    connect(service_, &ServicePage::rangeSelected, this,
            [this](const QString& name, qint64 fromMs, qint64 toMs) { investigate(name, fromMs, toMs, 0, IncidentsPage::Origin::chart); });
    connect(alerts_, &AlertsPage::alertActivated, this, [this](const QString& name, qint64 sinceMs) {
        // An alert older than an hour is seen best in the 24 h window.
        const bool old = sinceMs > 0 && QDateTime::currentMSecsSinceEpoch() - sinceMs > 3'600'000;
        service_->setWindow(old ? QStringLiteral("24h") : QStringLiteral("1h"));
        openService(name);
    });
}

// From an alert or a chart to its requests.
void MainWindow::wireInvestigation() {
    connect(trailModel_, &TrailModel::pageWanted, client_, &AdminClient::fetchTrailPage);
    connect(client_, &AdminClient::trailPageReceived, trailModel_, &TrailModel::appendPage);
    connect(incidents_, &IncidentsPage::summaryWanted, client_, &AdminClient::fetchTrailSummary);
    connect(client_, &AdminClient::trailSummaryReceived, incidents_, &IncidentsPage::setSummary);
    connect(client_, &AdminClient::trailPageFailed, this, [this](quint64 tag, const QString& message) {
        trailModel_->pageFailed(tag);
        incidents_->showFailure(message);
    });
    connect(client_, &AdminClient::trailSummaryFailed, incidents_, [this](quint64, const QString& message) { incidents_->showFailure(message); });
    connect(alerts_, &AlertsPage::alertInvestigated, this, [this](const QString& service, qint64 fromMs, qint64 toMs, int statusClass) {
        investigate(service, fromMs, toMs, statusClass, IncidentsPage::Origin::alert);
    });
}

// The routing table, the explorer, the security switches and the audit log; the banner.
void MainWindow::wireTableAndSecurity() {
    connect(client_, &AdminClient::reconnected, this, [this] { // what is asked once, asked again after an outage
        client_->fetchThresholds();
        client_->fetchIdentity();
        client_->fetchRoutes();
        client_->fetchFilterSwitches();
        client_->fetchAudit();
    });
    connect(client_, &AdminClient::routesReceived, routes_, &RoutesPage::setTable);
    connect(client_, &AdminClient::explanationReceived, routes_, &RoutesPage::setExplanation);
    connect(routes_, &RoutesPage::explainRequested, client_, &AdminClient::explain);
    connect(routes_, &RoutesPage::dryRunRequested, collectorClient_, &CollectorClient::dryRun);
    connect(collectorClient_, &CollectorClient::dryRunFinished, routes_, &RoutesPage::setDryRun);
    connect(client_, &AdminClient::servicesReceived, this, [this](const QVector<ServiceSummary>& services) {
        QHash<QString, std::optional<double>> errors;
        for (const ServiceSummary& s : services) errors.insert(s.name, s.errorRatio);
        routesModel_->setServiceErrors(errors); // owners see their 5xx beside their routes
    });
    connect(client_, &AdminClient::identityReceived, security_, &SecurityPage::setIdentity);
    connect(client_, &AdminClient::filterSwitchesReceived, this, [this](const QVector<FilterSwitch>& switches) {
        switchesModel_->setSwitches(switches);
        updateSecurityWarning();
    });
    connect(client_, &AdminClient::auditReceived, auditModel_, &AuditModel::setEntries);
    connect(security_, &SecurityPage::changeRequested, client_, &AdminClient::setFilterSwitch);
    connect(client_, &AdminClient::filterSwitchChanged, this, [this](const FilterSwitch& change) {
        switchesModel_->applyChange(change);
        updateSecurityWarning();
        security_->showOutcome(change.enabled ? tr("%1 is on again; recorded in the audit log.").arg(change.name)
                                              : tr("%1 is off; recorded in the audit log.").arg(change.name),
                               false);
        client_->fetchAudit();
    });
    connect(client_, &AdminClient::changeRefused, this, [this](const QString& name, int status, const QString& message) {
        security_->showOutcome(status == 403 ? (client_->isFleet() ? tr("The collector refused to change %1: %2")
                                                                   : tr("The gateway refused to change %1: %2")).arg(name, message)
                                             : tr("%1 was not changed: %2").arg(name, message),
                               true);
    });
    connect(pages_, &QStackedWidget::currentChanged, this, [this](int page) { pageList_.value(page)->becameCurrent(); });
    connect(routes_, &ConsolePage::shown, client_, &AdminClient::fetchRoutes);
    connect(security_, &ConsolePage::shown, client_, &AdminClient::fetchFilterSwitches);
    connect(security_, &ConsolePage::shown, client_, [this] { client_->fetchAudit(); });
    connect(banner_, &ConnectionBanner::retryNow, this, &MainWindow::refresh);
    connect(banner_, &ConnectionBanner::changeConnection, this, &MainWindow::askForConnection);

}

// A collector speaks for the fleet: its gateways, who answered each read, and a switch
// followed until every gateway runs it.
void MainWindow::wireFleet() {
    GatewaysModel* gateways = gateways_->model();
    connect(client_, &AdminClient::gatewaysReceived, gateways, &GatewaysModel::setRoster);
    connect(client_, &AdminClient::servicesReceived, gateways, &GatewaysModel::setServices);
    connect(client_, &AdminClient::filterSwitchesReceived, gateways, &GatewaysModel::setSwitches);
    connect(client_, &AdminClient::coverageReceived, this, [this](const FleetCoverage& coverage) {
        QStringList failed;
        for (const auto& [id, why] : coverage.failed) failed << tr("%1: %2").arg(id, why);
        coverageLabel_->setText(coverage.partial() ? tr("Partial: %1 of %2 gateways answered").arg(coverage.answered).arg(coverage.asked)
                                                   : tr("%1 of %2 gateways answered").arg(coverage.answered).arg(coverage.asked));
        coverageLabel_->setStyleSheet(coverage.partial() ? QStringLiteral("QLabel { color: white; background: #ef6c00; padding: 0 6px; }")
                                                         : QString());
        coverageLabel_->setToolTip(failed.isEmpty() ? tr("Every live gateway answered the fleet's read")
                                                    : tr("Not counted: %1").arg(failed.join(QStringLiteral("; "))));
        coverageLabel_->show();
    });
    switchWatch_ = new QTimer(this);
    switchWatch_->setInterval(500);
    connect(switchWatch_, &QTimer::timeout, this, [this] {
        if (--switchWatchLeft_ <= 0) switchWatch_->stop();
        client_->fetchFilterSwitches();
    });
    connect(client_, &AdminClient::filterSwitchChanged, this, [this] {
        if (!client_->isFleet()) return;
        switchWatchLeft_ = 60; // 30 s: a gateway that has not applied it by then is shown as pending
        switchWatch_->start();
        client_->fetchFilterSwitches();
    });
    connect(client_, &AdminClient::filterSwitchesReceived, this, [this](const QVector<FilterSwitch>& switches) {
        const bool pending = std::any_of(switches.begin(), switches.end(), [](const FilterSwitch& s) { return !s.pending.isEmpty(); });
        if (!pending) switchWatch_->stop();
    });
    connect(gateways_, &ConsolePage::shown, client_, &AdminClient::fetchGateways);
}

QString MainWindow::coverageText() const { return coverageLabel_->text(); }

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/page"), pages_->currentIndex());
    settings.setValue(QStringLiteral("window/refresh_seconds"), refresh_->interval() / 1000);
    if (!profileName_.isEmpty()) settings.setValue(QStringLiteral("window/profile"), profileName_);
    event->accept();
}

QString MainWindow::connectionText() const { return connectionLabel_->text(); }
MainWindow::Page MainWindow::currentPage() const { return static_cast<Page>(pages_->currentIndex()); }

void MainWindow::setRefreshSeconds(int seconds) { refresh_->setInterval(std::clamp(seconds, 1, 300) * 1000); }

void MainWindow::connectTo(const ConnectionProfile& profile) {
    profileName_ = profile.name;
    // Nothing of the previous gateway stays on screen, least of all its token's role.
    fleetModel_->setServices({});
    fleetModel_->setFiringAlerts({});
    alertsModel_->setAlerts({});
    switchesModel_->setSwitches({});
    updateSecurityWarning();
    auditModel_->setEntries({});
    routesModel_->setTable({});
    trailModel_->clear();
    for (ConsolePage* page : pageList_) page->clearPage();
    banner_->hide();
    lastFiring_ = 0;
    coverageLabel_->hide();
    coverageLabel_->clear();
    seriesKey_.clear();
    switchWatch_->stop();
    for (ConsolePage* page : pageList_) page->setFleetMode(profile.fleet);
    // The first answer brings thresholds, identity, routes (reconnected).
    client_->setEndpoint(profile.url, profile.token, profile.caFile, profile.fleet ? AdminClient::Mode::fleet : AdminClient::Mode::gateway);
    refresh();
    refresh_->start();
    updateTitle();
}

void MainWindow::refresh() {
    if (client_->state() == AdminClient::State::disconnected) return;
    client_->fetchServices();
    client_->fetchAlerts();
    client_->fetchFilterSwitches(); // a switched-off security filter is shown on every page
    client_->fetchGateways();       // a fleet's only
    if (pages_->currentWidget() == service_ && !service_->service().isEmpty()) service_->showService(service_->service());
}

void MainWindow::showPage(Page page) {
    navigation_->setCurrentRow(page);
    pages_->setCurrentIndex(page);
}

void MainWindow::openService(const QString& name) {
    if (name.isEmpty()) return;
    showPage(servicePage);
    service_->showService(name);
}

void MainWindow::investigate(const QString& service, qint64 fromMs, qint64 toMs, int statusClass, IncidentsPage::Origin origin) {
    showPage(incidentsPage);
    incidents_->investigate(service, fromMs, toMs, statusClass, origin);
}

void MainWindow::onState(AdminClient::State state, const QString& message) {
    switch (state) {
    case AdminClient::State::disconnected: connectionLabel_->setText(tr("Not connected")); break;
    case AdminClient::State::connecting: connectionLabel_->setText(tr("Connecting to %1…").arg(message)); break;
    case AdminClient::State::connected:
        connectionLabel_->setText(tr("Connected to %1").arg(message));
        banner_->hide();
        break;
    case AdminClient::State::unreachable:
    case AdminClient::State::unauthorized:
        connectionLabel_->setText(state == AdminClient::State::unreachable ? tr("Unreachable") : tr("Token refused"));
        banner_->showProblem(message, refresh_->interval() / 1000);
        break;
    }
}

void MainWindow::updateTitle() {
    const int firing = fleetModel_->firingTotal();
    QString title = tr("Gatehouse Console");
    if (!profileName_.isEmpty()) title += QStringLiteral(" — ") + profileName_;
    if (client_->isFleet()) title += tr(" (fleet)");
    if (firing > 0) title = tr("(%1 firing) %2").arg(firing).arg(title);
    if (!switchedOff().isEmpty()) title = tr("[security filter off] %1").arg(title);
    setWindowTitle(title);
    if (tray_) {
        tray_->setIcon(dotIcon(statusColor(firing > 0 ? HealthStatus::red : HealthStatus::green)));
        tray_->setToolTip(title);
        if (firing > lastFiring_) {
            tray_->showMessage(tr("Gatehouse"), tr("%n alert(s) firing", nullptr, firing), QSystemTrayIcon::Warning);
        }
    }
    lastFiring_ = firing;
}

QStringList MainWindow::switchedOff() const {
    QStringList off;
    for (const FilterSwitch& s : switchesModel_->switches()) {
        if (!s.enabled) off << s.name;
    }
    return off;
}

void MainWindow::updateSecurityWarning() {
    const QStringList off = switchedOff();
    QString text;
    if (!off.isEmpty()) {
        const FilterSwitch* last = nullptr;
        for (const FilterSwitch& s : switchesModel_->switches()) {
            if (!s.enabled) last = &s;
        }
        text = tr("Default security filter off: %1 — switched off by %2 at %3: \"%4\". Every route runs without it until it is back on.")
                   .arg(off.join(QStringLiteral(", ")), last->changedBy.isEmpty() ? tr("the configuration") : last->changedBy,
                        formatTime(parseIsoTime(last->changedAt)), last->reason);
    }
    fleet_->setSecurityWarning(text);
    securityLabel_->setText(off.isEmpty() ? QString() : tr("Security filter off: %1").arg(off.join(QStringLiteral(", "))));
    securityLabel_->setVisible(!off.isEmpty());
    updateTitle();
    updateFleetSummary();
}

void MainWindow::updateFleetSummary() {
    int red = 0, amber = 0, idle = 0, green = 0;
    double rate = 0;
    qint64 requests = 0, service5xx = 0, gatewayFailures = 0;
    for (const ServiceSummary& s : fleetModel_->services()) {
        red += s.status == HealthStatus::red;
        amber += s.status == HealthStatus::amber;
        idle += s.status == HealthStatus::idle;
        green += s.status == HealthStatus::green;
        rate += s.requestRate;
        requests += s.requests;
        service5xx += s.service5xx;
        gatewayFailures += s.gatewayFailures;
    }
    auto stat = [](const QString& value, const QString& label, const QColor& color) {
        return QStringLiteral("<span style='font-size:13pt; font-weight:600; color:%1'>%2</span> %3")
            .arg(color.name(), value.toHtmlEscaped(), label.toHtmlEscaped());
    };
    const QString spacer = QStringLiteral(" &nbsp;&nbsp;&nbsp; ");
    QStringList parts;
    parts << stat(QLocale().toString(red), tr("critical"), statusColor(HealthStatus::red))
          << stat(QLocale().toString(amber), tr("warning"), statusColor(HealthStatus::amber))
          << stat(QLocale().toString(idle), tr("no data"), statusColor(HealthStatus::idle))
          << stat(QLocale().toString(green), tr("healthy"), statusColor(HealthStatus::green))
          << stat(formatRate(rate), tr("requests"), palette().color(QPalette::Text))
          << stat(formatRatio(requests ? std::optional(double(service5xx) / requests) : std::nullopt), tr("service 5xx"),
                  palette().color(QPalette::Text))
          << stat(formatRatio(requests ? std::optional(double(gatewayFailures) / requests) : std::nullopt), tr("gateway 502/503/504"),
                  palette().color(QPalette::Text))
          << stat(QLocale().toString(fleetModel_->firingTotal()), tr("firing alerts"),
                  fleetModel_->firingTotal() ? statusColor(HealthStatus::red) : palette().color(QPalette::Text))
          << stat(QLocale().toString(switchedOff().size()), tr("security filters off"),
                  switchedOff().isEmpty() ? palette().color(QPalette::Text) : statusColor(HealthStatus::red));
    const QVector<ServiceSummary>& services = fleetModel_->services();
    const int window = services.isEmpty() ? 0 : services.front().windowSeconds;
    fleet_->setSummary(tr("%n service(s)", nullptr, int(services.size())) + spacer + parts.join(spacer) +
                       (window ? spacer + tr("(last %1)").arg(formatDuration(qint64(window) * 1000)) : QString()));
}

void MainWindow::askForConnection() {
    ConnectDialog dialog(profileName_, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const ConnectionProfile profile = dialog.profile();
    saveProfile(profile);
    connectTo(profile);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* connectAction = file->addAction(tr("&Connect to a gateway or a fleet…"));
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(connectAction, &QAction::triggered, this, &MainWindow::askForConnection);
    QAction* refreshAction = file->addAction(tr("&Refresh now"));
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    QAction* interval = file->addAction(tr("Refresh &interval…"));
    connect(interval, &QAction::triggered, this, [this] {
        bool ok = false;
        const int seconds = QInputDialog::getInt(this, tr("Refresh interval"), tr("Seconds between refreshes:"),
                                                 refresh_->interval() / 1000, 1, 300, 1, &ok);
        if (ok) setRefreshSeconds(seconds);
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int page = 0; page < pageList_.size(); ++page) {
        QAction* action = view->addAction(pageList_[page]->pageTitle());
        action->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + page)));
        connect(action, &QAction::triggered, this, [this, page] { showPage(static_cast<Page>(page)); });
    }
    QMenu* language = view->addMenu(tr("&Language"));
    const QList<QPair<QString, QString>> languages{{QString(), tr("System language")},
                                                   {QStringLiteral("en"), QStringLiteral("English")},
                                                   {QStringLiteral("pt_BR"), QStringLiteral("Português (Brasil)")}};
    const QString current = QSettings().value(QStringLiteral("ui/language")).toString();
    auto* group = new QActionGroup(language);
    for (const auto& [code, name] : languages) {
        QAction* action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("ui/language"), code);
            statusBar()->showMessage(tr("The language changes at the next start of the console."), 10'000);
        });
    }
    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(theme);
    const QList<QPair<QString, QString>> looks{{QStringLiteral("system"), tr("Follow the system")},
                                               {QStringLiteral("light"), tr("Light")},
                                               {QStringLiteral("dark"), tr("Dark")}};
    for (const auto& [code, name] : looks) {
        QAction* action = theme->addAction(name);
        action->setObjectName(QStringLiteral("theme_") + code);
        action->setCheckable(true);
        action->setChecked(code == currentTheme());
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QStringLiteral("ui/theme"), code);
            applyTheme(code);
            refresh(); // charts take their colours from the palette when they draw
        });
    }
    QAction* find = view->addAction(tr("Find a service"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        showPage(fleetPage);
        fleet_->filterBox()->setFocus();
        fleet_->filterBox()->selectAll();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"));
    keys->setShortcut(QKeySequence::HelpContents);
    connect(keys, &QAction::triggered, this, [this] { QMessageBox::information(this, tr("Keyboard shortcuts"), shortcutsHelp()); });
    QAction* legend = help->addAction(tr("&Colours and states"));
    connect(legend, &QAction::triggered, this, [this] { QMessageBox::information(this, tr("Colours and states"), legendHelp()); });
}

QString MainWindow::shortcutsHelp() const {
    QString rows;
    for (QAction* menu : menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (action->shortcut().isEmpty()) continue;
            rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), action->text().remove(QLatin1Char('&')).toHtmlEscaped());
        }
    }
    rows += QStringLiteral("<tr><td><b>↑ ↓ Enter</b></td><td>%1</td></tr>").arg(tr("in the fleet's filter box: move through the list and open a service"));
    rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("drag on a chart"), tr("the requests of that time range"));
    return QStringLiteral("<table cellspacing=6>%1</table>").arg(rows);
}

QString MainWindow::legendHelp() const {
    const auto dot = [](const QColor& c) { return QStringLiteral("<span style='color:%1; font-size:16pt'>●</span>").arg(c.name()); };
    QString rows;
    for (HealthStatus s : {HealthStatus::red, HealthStatus::amber, HealthStatus::idle, HealthStatus::green}) {
        const QString meaning = s == HealthStatus::red     ? tr("a critical threshold is crossed, or no destination is healthy")
                                : s == HealthStatus::amber ? tr("a warning threshold is crossed, a destination is down or flapping")
                                : s == HealthStatus::idle  ? tr("too little traffic in the window to judge: not known to be healthy")
                                                           : tr("enough traffic, every metric within its thresholds");
        rows += QStringLiteral("<tr><td>%1 <b>%2</b></td><td>%3</td></tr>").arg(dot(statusColor(s)), statusText(s).toHtmlEscaped(), meaning);
    }
    rows += QStringLiteral("<tr><td colspan=2><br><b>%1</b></td></tr>").arg(tr("Alerts"));
    rows += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(alertStateText(QStringLiteral("pending")), tr("the condition holds, not yet for its 'for' time"));
    rows += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(alertStateText(QStringLiteral("firing")), tr("held long enough: someone should look"));
    rows += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(alertStateText(QStringLiteral("no_traffic")), tr("firing, but traffic stopped: silence is not health"));
    rows += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(alertStateText(QStringLiteral("resolved_no_traffic")), tr("a whole window without traffic ended it, not evidence"));
    rows += QStringLiteral("<tr><td colspan=2><br><b>%1</b></td></tr>").arg(tr("Chart markers"));
    rows += QStringLiteral("<tr><td>%1 ┊</td><td>%2</td></tr>").arg(dot(QColor(0x45, 0x5a, 0x64)), tr("a routing table change (who registered what: hover)"));
    rows += QStringLiteral("<tr><td>%1 ┊</td><td>%2</td></tr>").arg(dot(QColor(0xe6, 0x51, 0x00)), tr("a default security filter switched"));
    rows += QStringLiteral("<tr><td>%1 ┊</td><td>%2</td></tr>").arg(dot(statusColor(HealthStatus::red)), tr("an alert changed state (its colour: its severity)"));
    rows += QStringLiteral("<tr><td colspan=2><br>%1</td></tr>").arg(tr("Chart lines use their own colours; red and amber are kept for thresholds and alerts."));
    return QStringLiteral("<table cellspacing=4>%1</table>").arg(rows);
}


} // namespace gatehouse::console
