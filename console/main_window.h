#pragma once

#include "api/admin_client.h"
#include "api/collector_client.h"
#include "connect_dialog.h"
#include "pages/incidents_page.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;
class QTimer;

namespace gatehouse::console {

class AlertsModel;
class AlertsPage;
class AuditModel;
class FilterSwitchesModel;
class SecurityPage;
class RoutesModel;
class RoutesPage;
class TrailModel;
class ConnectionBanner;
class FleetModel;
class FleetPage;
class GatewaysPage;
class ServicePage;

// The console's shell: navigation, pages in a stack, the connection state always visible
// (status bar, and a banner when something is wrong), a refresh timer. Data flows
// AdminClient -> models/pages; the window only wires them.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum Page { fleetPage, servicePage, alertsPage, incidentsPage, routesPage, securityPage, gatewaysPage, pageCount };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    QString connectionText() const;
    Page currentPage() const;
    void connectTo(const ConnectionProfile& profile);
    void showPage(Page page);
    void openService(const QString& name);
    void refresh();
    void setRefreshSeconds(int seconds);

    AdminClient* client() const { return client_; }
    FleetModel* fleetModel() const { return fleetModel_; }
    AlertsModel* alertsModel() const { return alertsModel_; }
    FleetPage* fleet() const { return fleet_; }
    ServicePage* service() const { return service_; }
    AlertsPage* alerts() const { return alerts_; }
    SecurityPage* security() const { return security_; }
    RoutesPage* routes() const { return routes_; }
    IncidentsPage* incidents() const { return incidents_; }
    GatewaysPage* gateways() const { return gateways_; }
    // A fleet's: who answered the last services read ("3 of 3 gateways answered").
    QString coverageText() const;
    TrailModel* trailModel() const { return trailModel_; }
    // The requests behind an alert or a time range: opens the drill-down.
    void investigate(const QString& service, qint64 fromMs, qint64 toMs, int statusClass = 0,
                     IncidentsPage::Origin origin = IncidentsPage::Origin::menu);
    FilterSwitchesModel* switchesModel() const { return switchesModel_; }
    AuditModel* auditModel() const { return auditModel_; }
    ConnectionBanner* banner() const { return banner_; }

    RoutesModel* routesModel() const { return routesModel_; }
    // The connect dialog; a chosen profile is saved and connected to.
    void askForConnection();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void wireMonitoring();
    void wireInvestigation();
    void wireTableAndSecurity();
    void wireFleet();
    void onState(AdminClient::State state, const QString& message);
    void updateTitle();
    void updateFleetSummary();
    QString shortcutsHelp() const;
    QString legendHelp() const;
    void updateSecurityWarning();
    QStringList switchedOff() const;

    AdminClient* client_;
    CollectorClient* collectorClient_;
    FleetModel* fleetModel_ = nullptr; // owned by its page
    AlertsModel* alertsModel_ = nullptr; // owned by its page
    FilterSwitchesModel* switchesModel_ = nullptr; // owned by its page
    AuditModel* auditModel_ = nullptr; // owned by its page
    QListWidget* navigation_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QList<ConsolePage*> pageList_; // in Page order
    FleetPage* fleet_ = nullptr;
    ServicePage* service_ = nullptr;
    AlertsPage* alerts_ = nullptr;
    SecurityPage* security_ = nullptr;
    RoutesModel* routesModel_ = nullptr;
    RoutesPage* routes_ = nullptr;
    TrailModel* trailModel_ = nullptr;
    IncidentsPage* incidents_ = nullptr;
    GatewaysPage* gateways_ = nullptr;
    QLabel* coverageLabel_ = nullptr;
    QTimer* switchWatch_ = nullptr; // a fleet switch changed: asks until every gateway runs it
    int switchWatchLeft_ = 0;
    ConnectionBanner* banner_ = nullptr;
    QLabel* connectionLabel_ = nullptr;
    QLabel* updatedLabel_ = nullptr;
    QLabel* securityLabel_ = nullptr;
    QTimer* refresh_ = nullptr;
    QSystemTrayIcon* tray_ = nullptr;
    QString profileName_;
    int lastFiring_ = 0;
    QString seriesKey_; // the series last asked for ("name/window") and when
    qint64 seriesAtMs_ = 0;
};

} // namespace gatehouse::console
