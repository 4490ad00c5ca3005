#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace gatehouse::console {

// Every service at a glance, one row each. Refreshes update rows in place when the set
// of services is the same (views keep selection and scroll), reset otherwise.
class FleetModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { statusColumn, nameColumn, whyColumn, trendColumn, rateColumn, errorColumn, failuresColumn, p99Column, destinationsColumn, alertsColumn, columnTotal };
    enum Role { sortRole = Qt::UserRole + 1, statusRole, nameRole, sparkRequestsRole, sparkErrorsRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setServices(QVector<ServiceSummary> services);
    // Firing alerts per service (from /alerts), shown in their column.
    void setFiringAlerts(const QHash<QString, int>& firing);
    const ServiceSummary* service(int row) const;
    const QVector<ServiceSummary>& services() const { return services_; }
    int firingTotal() const;

private:
    QString withWindow(const QString& name) const; // "Requests/s\n5 min"
    QVector<ServiceSummary> services_;
    int windowSeconds_ = 0;
    QHash<QString, int> firing_;
};

// Worst first (status, then 5xx ratio, then name) and the filter box (name contains).
class FleetFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit FleetFilterModel(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace gatehouse::console
