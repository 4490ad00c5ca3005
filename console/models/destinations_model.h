#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// One service's destinations: health and since when (flapping shown as such), last
// check and its result, consecutive counts, the recent changes (tooltip: all of them).
// On a fleet each gateway checks its destinations itself: a row per gateway and address.
class DestinationsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { addressColumn, gatewayColumn, healthColumn, sinceColumn, resultColumn, checkedColumn, failuresColumn, successesColumn, historyColumn, columnTotal };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDestinations(QVector<DestinationHealth> destinations);

private:
    static QString historyText(const DestinationHealth& d);
    QVector<DestinationHealth> rows_;
};

} // namespace gatehouse::console
