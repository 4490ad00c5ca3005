#include "models/destinations_model.h"

#include "models/presentation.h"

namespace gatehouse::console {

int DestinationsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int DestinationsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

QVariant DestinationsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const DestinationHealth& d = rows_[index.row()];
    if (role == Qt::DecorationRole && index.column() == healthColumn) {
        return statusColor(d.healthy ? HealthStatus::green : HealthStatus::red);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case addressColumn: return d.address;
    case healthColumn: return d.healthy ? tr("Healthy") : tr("Unhealthy");
    case resultColumn: return d.lastResult.isEmpty() ? tr("not checked yet") : d.lastResult;
    case checkedColumn: return formatTime(d.lastCheckMs);
    case failuresColumn: return d.consecutiveFailures;
    case successesColumn: return d.consecutiveSuccesses;
    default: return {};
    }
}

QVariant DestinationsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case addressColumn: return tr("Destination");
    case healthColumn: return tr("Health");
    case resultColumn: return tr("Last check result");
    case checkedColumn: return tr("Checked");
    case failuresColumn: return tr("Failures in a row");
    case successesColumn: return tr("Successes in a row");
    default: return {};
    }
}

void DestinationsModel::setDestinations(QVector<DestinationHealth> destinations) {
    beginResetModel();
    rows_ = std::move(destinations);
    endResetModel();
}

} // namespace gatehouse::console
