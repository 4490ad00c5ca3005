#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// One service on each gateway of a fleet, worst first: one bad gateway stands out
// against the others serving the same service.
class ServiceGatewaysModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { gatewayColumn, statusColumn, rateColumn, requestsColumn, errorColumn, failureColumn, p99Column,
                  destinationsColumn, columnTotal };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setShares(QVector<GatewayShare> shares);
    const GatewayShare* share(int row) const;

private:
    QVector<GatewayShare> rows_;
};

} // namespace gatehouse::console
