#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// The default security filters and their switches, with who changed each last, when
// and why; on a fleet, on how many of its live gateways each one's state runs yet.
class FilterSwitchesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { nameColumn, phaseColumn, stateColumn, appliedColumn, changedByColumn, changedAtColumn, reasonColumn, columnTotal };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSwitches(QVector<FilterSwitch> switches);
    void applyChange(const FilterSwitch& change); // one row updated in place
    const FilterSwitch* at(int row) const;
    const QVector<FilterSwitch>& switches() const { return rows_; }

private:
    QVector<FilterSwitch> rows_;
};

// Every admin change, newest first.
class AuditModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { atColumn, actorColumn, roleColumn, actionColumn, targetColumn, detailColumn, columnTotal };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(QVector<AuditEntry> entries);

private:
    QVector<AuditEntry> rows_;
};

} // namespace gatehouse::console
