#include "models/alerts_model.h"

#include "models/presentation.h"

namespace gatehouse::console {

int AlertsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(alerts_.size()); }
int AlertsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const Alert* AlertsModel::alert(int row) const { return row >= 0 && row < alerts_.size() ? &alerts_[row] : nullptr; }

QVariant AlertsModel::data(const QModelIndex& index, int role) const {
    const Alert* a = index.isValid() ? alert(index.row()) : nullptr;
    if (!a) return {};
    if (role == serviceRole) return a->service;
    if (role == sinceRole) return a->state == QLatin1String("resolved") ? a->resolvedMs : a->sinceMs;
    if (role == Qt::ToolTipRole) return tr("What to check first: %1").arg(thresholdHint(a->rule, a->hint));
    if (role == Qt::DecorationRole && index.column() == severityColumn) return severityColor(a->severity, a->state);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case severityColumn: return severityText(a->severity);
    case stateColumn: return alertStateText(a->state);
    case serviceColumn: return a->service;
    case ruleColumn: return thresholdTitle(a->rule);
    case sinceColumn: return formatTime(a->state == QLatin1String("resolved") ? a->resolvedMs : a->sinceMs);
    case meaningColumn: return thresholdMeaning(a->rule, a->meaning);
    default: return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case severityColumn: return tr("Severity");
    case stateColumn: return tr("State");
    case serviceColumn: return tr("Service");
    case ruleColumn: return tr("Threshold");
    case sinceColumn: return tr("Since");
    case meaningColumn: return tr("What it means");
    default: return {};
    }
}

void AlertsModel::setAlerts(QVector<Alert> alerts) {
    beginResetModel();
    alerts_ = std::move(alerts);
    endResetModel();
}

QHash<QString, int> AlertsModel::firingByService() const {
    QHash<QString, int> out;
    for (const Alert& a : alerts_) {
        if (a.state == QLatin1String("firing")) ++out[a.service];
    }
    return out;
}

} // namespace gatehouse::console
