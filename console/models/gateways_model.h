#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>
#include <QHash>

namespace gatehouse::console {

// The fleet's gateways as the collector knows them (their polls), each with its traffic
// summed over its services and whether it runs the fleet's switches: "is it one
// gateway?" answered at a glance. Lost gateways first, then the rest by id.
class GatewaysModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { gatewayColumn, stateColumn, versionColumn, tableColumn, sourceColumn, stalenessColumn, lastSeenColumn,
                  rateColumn, errorColumn, failureColumn, switchesColumn, columnTotal };
    enum Role { gatewayIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRoster(GatewayRoster roster);
    // Each gateway's share of every service (a fleet's services list them).
    void setServices(const QVector<ServiceSummary>& services);
    // Which switch states each gateway runs yet (a fleet's switches list them).
    void setSwitches(const QVector<FilterSwitch>& switches);

    // A gateway's traffic over the services' window, summed from its shares.
    struct Traffic {
        double requestRate = 0;
        qint64 requests = 0, service5xx = 0, gatewayFailures = 0;
    };
    const GatewayInfo* gateway(int row) const;
    Traffic traffic(const QString& gatewayId) const { return traffic_.value(gatewayId); }
    QStringList pendingSwitches(const QString& gatewayId) const { return pending_.value(gatewayId); }
    const GatewayRoster& roster() const { return roster_; }
    int liveCount() const;

private:
    void refreshColumns(int first, int last);

    GatewayRoster roster_;
    QHash<QString, Traffic> traffic_;
    QHash<QString, QStringList> pending_; // gateway -> switches it does not run yet
    bool haveSwitches_ = false;
};

} // namespace gatehouse::console
