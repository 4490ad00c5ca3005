#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// Firing, then pending, then resolved alerts (the gateway's order), with what each means
// and what to check first; a fleet's name the gateway that raised each.
class AlertsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { severityColumn, stateColumn, serviceColumn, gatewayColumn, ruleColumn, sinceColumn, durationColumn, ackColumn, meaningColumn, columnTotal };
    enum Role { serviceRole = Qt::UserRole + 1, sinceRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setAlerts(QVector<Alert> alerts);
    const Alert* alert(int row) const;
    // Firing alerts per service.
    QHash<QString, int> firingByService() const;

    // The state shown: firing and resolved say when there was no traffic to judge.
    static QString displayState(const Alert& alert);

private:
    QVector<Alert> alerts_;
};

} // namespace gatehouse::console
