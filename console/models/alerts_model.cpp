#include "models/alerts_model.h"

#include "models/presentation.h"

#include <QDateTime>

namespace gatehouse::console {

int AlertsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(alerts_.size()); }
int AlertsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const Alert* AlertsModel::alert(int row) const { return row >= 0 && row < alerts_.size() ? &alerts_[row] : nullptr; }

QVariant AlertsModel::data(const QModelIndex& index, int role) const {
    const Alert* a = index.isValid() ? alert(index.row()) : nullptr;
    if (!a) return {};
    if (role == serviceRole) return a->service;
    // A resolved alert still began when its condition did: "since" is always the start.
    if (role == sinceRole) return a->sinceMs;
    if (role == Qt::ToolTipRole && index.column() == sinceColumn) return formatTimeUtc(a->sinceMs);
    if (role == Qt::ToolTipRole) return tr("What to check first: %1").arg(thresholdHint(a->rule, a->hint));
    if (role == Qt::DecorationRole && index.column() == severityColumn) return severityColor(a->severity, a->state);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case severityColumn: return severityText(a->severity);
    case stateColumn: return alertStateText(displayState(*a));
    case serviceColumn: return a->service;
    case gatewayColumn: return a->gatewayId.isEmpty() ? tr("this gateway") : a->gatewayId;
    case ruleColumn: return thresholdTitle(a->rule);
    case sinceColumn: return formatTime(a->sinceMs);
    case durationColumn: {
        const qint64 end = a->resolvedMs > 0 ? a->resolvedMs : QDateTime::currentMSecsSinceEpoch();
        return a->resolvedMs > 0 ? tr("%1, resolved %2").arg(formatDuration(end - a->sinceMs), formatTime(a->resolvedMs))
                                 : formatDuration(end - a->sinceMs);
    }
    case ackColumn: return a->ackBy.isEmpty() ? QString() : tr("%1: %2").arg(a->ackBy, a->ackNote);
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
    case gatewayColumn: return tr("Gateway");
    case ruleColumn: return tr("Threshold");
    case sinceColumn: return tr("Since");
    case durationColumn: return tr("Duration");
    case ackColumn: return tr("Acknowledged");
    case meaningColumn: return tr("What it means");
    default: return {};
    }
}

QString AlertsModel::displayState(const Alert& a) {
    if (a.state == QLatin1String("resolved") && a.resolution == QLatin1String("no_traffic")) return QStringLiteral("resolved_no_traffic");
    if (a.state == QLatin1String("firing") && a.noTrafficSinceMs > 0) return QStringLiteral("no_traffic");
    return a.state;
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
