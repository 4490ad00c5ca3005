#include "models/security_models.h"

#include "models/presentation.h"

namespace gatehouse::console {

int FilterSwitchesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int FilterSwitchesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const FilterSwitch* FilterSwitchesModel::at(int row) const { return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr; }

QVariant FilterSwitchesModel::data(const QModelIndex& index, int role) const {
    const FilterSwitch* f = index.isValid() ? at(index.row()) : nullptr;
    if (!f) return {};
    if (role == Qt::DecorationRole && index.column() == stateColumn) {
        return statusColor(f->enabled ? HealthStatus::green : HealthStatus::red);
    }
    const qsizetype live = f->appliedBy.size() + f->pending.size();
    if (role == Qt::ForegroundRole && index.column() == appliedColumn && f->fleet && !f->pending.isEmpty()) {
        return statusTextColor(HealthStatus::amber);
    }
    if (role == Qt::ForegroundRole && index.column() == phaseColumn && f->fleet && f->configuredOn.isEmpty()) {
        return statusTextColor(HealthStatus::idle);
    }
    if (role == Qt::ToolTipRole && index.column() == phaseColumn && f->fleet) {
        return f->configuredOn.isEmpty() ? tr("No live gateway has it in its default_filters: switching it changes nothing yet")
                                         : tr("In the default_filters of: %1").arg(f->configuredOn.join(QStringLiteral(", ")));
    }
    if (role == Qt::ToolTipRole && index.column() == appliedColumn && f->fleet) {
        return f->pending.isEmpty() ? tr("Runs on: %1").arg(f->appliedBy.join(QStringLiteral(", ")))
                                    : tr("Not yet on: %1").arg(f->pending.join(QStringLiteral(", ")));
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case nameColumn: return f->name;
    case phaseColumn:
        if (f->fleet) { // each gateway's config says which default filters it runs
            if (f->configuredOn.isEmpty()) return tr("on no gateway");
            return f->configuredOn.size() == live ? tr("on every gateway") : tr("on %1 of %2 gateways").arg(f->configuredOn.size()).arg(live);
        }
        return f->phase == QLatin1String("after") ? tr("after the service") : tr("before the service");
    case appliedColumn:
        if (!f->fleet) return tr("this gateway");
        return tr("on %1 of %n gateway(s)", nullptr, int(live)).arg(f->appliedBy.size());
    case stateColumn: return f->enabled ? tr("On") : tr("Off");
    case changedByColumn: return f->changedBy.isEmpty() ? tr("never changed") : f->changedBy;
    case changedAtColumn: return f->changedAt.isEmpty() ? QString() : formatTime(parseIsoTime(f->changedAt));
    case reasonColumn: return f->reason;
    default: return {};
    }
}

QVariant FilterSwitchesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case nameColumn: return tr("Filter");
    case phaseColumn: return tr("Runs");
    case stateColumn: return tr("State");
    case appliedColumn: return tr("Applied");
    case changedByColumn: return tr("Last changed by");
    case changedAtColumn: return tr("When");
    case reasonColumn: return tr("Why");
    default: return {};
    }
}

void FilterSwitchesModel::setSwitches(QVector<FilterSwitch> switches) {
    beginResetModel();
    rows_ = std::move(switches);
    endResetModel();
}

void FilterSwitchesModel::applyChange(const FilterSwitch& change) {
    for (int row = 0; row < rows_.size(); ++row) {
        if (rows_[row].name != change.name) continue;
        rows_[row] = change;
        emit dataChanged(index(row, 0), index(row, columnTotal - 1));
        return;
    }
}

int AuditModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int AuditModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

QVariant AuditModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const AuditEntry& e = rows_[index.row()];
    if (role == Qt::ToolTipRole && index.column() == atColumn) return formatTimeUtc(parseIsoTime(e.at));
    if (role == Qt::ToolTipRole && index.column() == detailColumn) return e.detail; // the JSON as recorded
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case atColumn: return formatTime(parseIsoTime(e.at));
    case actorColumn: return e.actor;
    case roleColumn: return e.role;
    case actionColumn: return auditActionText(e.action);
    case targetColumn: return e.target;
    case detailColumn: return auditDetailText(e.detail);
    default: return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case atColumn: return tr("When");
    case actorColumn: return tr("Who");
    case roleColumn: return tr("Role");
    case actionColumn: return tr("Action");
    case targetColumn: return tr("Target");
    case detailColumn: return tr("Detail");
    default: return {};
    }
}

void AuditModel::setEntries(QVector<AuditEntry> entries) {
    beginResetModel();
    rows_ = std::move(entries);
    endResetModel();
}

} // namespace gatehouse::console
