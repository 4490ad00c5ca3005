#include "models/destinations_model.h"

#include "models/presentation.h"

#include <QDateTime>

namespace gatehouse::console {

int DestinationsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int DestinationsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

QVariant DestinationsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const DestinationHealth& d = rows_[index.row()];
    if (role == Qt::DecorationRole && index.column() == healthColumn) {
        return statusColor(d.flapping ? HealthStatus::amber : d.healthy ? HealthStatus::green : HealthStatus::red);
    }
    if (role == Qt::ToolTipRole && index.column() == sinceColumn) return formatTimeUtc(d.sinceMs);
    if (role == Qt::ToolTipRole && index.column() == historyColumn) return historyText(d);
    if (role == Qt::ToolTipRole && index.column() == checkedColumn) return formatTimeUtc(d.lastCheckMs);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case addressColumn: return d.address;
    case gatewayColumn: return d.gatewayId;
    case healthColumn:
        if (d.flapping) return d.healthy ? tr("Flapping (healthy now)") : tr("Flapping (unhealthy now)");
        return d.healthy ? tr("Healthy") : tr("Unhealthy");
    case sinceColumn:
        if (d.sinceMs <= 0) return tr("since the gateway started");
        return tr("%1 (%2 ago)").arg(formatTime(d.sinceMs), formatDuration(QDateTime::currentMSecsSinceEpoch() - d.sinceMs));
    case historyColumn:
        if (d.history.isEmpty()) return tr("no changes");
        return tr("%n change(s), last: %1", nullptr, int(d.history.size())).arg(d.history.front().reason);
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
    case gatewayColumn: return tr("Checked by");
    case healthColumn: return tr("Health");
    case sinceColumn: return tr("Since");
    case historyColumn: return tr("Health history");
    case resultColumn: return tr("Last check result");
    case checkedColumn: return tr("Checked");
    case failuresColumn: return tr("Failures in a row");
    case successesColumn: return tr("Successes in a row");
    default: return {};
    }
}

QString DestinationsModel::historyText(const DestinationHealth& d) {
    QStringList lines;
    for (const HealthChange& change : d.history) {
        lines << tr("%1  %2  %3").arg(formatTime(change.atMs), change.healthy ? tr("healthy") : tr("unhealthy"), change.reason);
    }
    return lines.join(QLatin1Char('\n'));
}

void DestinationsModel::setDestinations(QVector<DestinationHealth> destinations) {
    beginResetModel();
    rows_ = std::move(destinations);
    endResetModel();
}

} // namespace gatehouse::console
