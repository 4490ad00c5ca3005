#include "models/fleet_model.h"

#include "models/presentation.h"

#include <QLocale>

namespace gatehouse::console {

int FleetModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(services_.size()); }

int FleetModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

const ServiceSummary* FleetModel::service(int row) const {
    return row >= 0 && row < services_.size() ? &services_[row] : nullptr;
}

int FleetModel::firingTotal() const {
    int total = 0;
    for (int n : firing_) total += n;
    return total;
}

QVariant FleetModel::data(const QModelIndex& index, int role) const {
    const ServiceSummary* s = index.isValid() ? service(index.row()) : nullptr;
    if (!s) return {};
    const int firing = firing_.value(s->name);
    if (role == nameRole) return s->name;
    if (role == statusRole) return static_cast<int>(s->status);
    switch (index.column()) {
    case statusColumn:
        if (role == Qt::DisplayRole) return statusText(s->status);
        if (role == Qt::DecorationRole) return statusColor(s->status);
        if (role == Qt::ToolTipRole) return s->reasons.isEmpty() ? tr("Every metric within its thresholds") : describeReasons(s->reasons);
        if (role == sortRole) return static_cast<int>(s->status);
        break;
    case nameColumn:
        if (role == Qt::DisplayRole || role == sortRole) return s->name;
        break;
    case whyColumn:
        if (role == Qt::DisplayRole || role == sortRole) return describeReasons(s->reasons);
        break;
    case rateColumn:
        if (role == Qt::DisplayRole) return formatRate(s->requestRate);
        if (role == sortRole) return s->requestRate;
        break;
    case errorColumn:
        if (role == Qt::DisplayRole) return formatRatio(s->errorRatio);
        if (role == sortRole) return s->errorRatio.value_or(-1);
        if (role == Qt::ForegroundRole && s->reasons.join(QString()).contains(QLatin1String("error_ratio"))) return statusTextColor(s->status);
        break;
    case p99Column:
        if (role == Qt::DisplayRole) return formatMs(s->p99Ms);
        if (role == sortRole) return s->p99Ms.value_or(-1);
        break;
    case destinationsColumn:
        if (role == Qt::DisplayRole) return tr("%1 / %2").arg(s->healthyDestinations).arg(s->totalDestinations);
        if (role == sortRole) return s->totalDestinations ? double(s->healthyDestinations) / s->totalDestinations : 1.0;
        if (role == Qt::ForegroundRole && s->healthyDestinations < s->totalDestinations) {
            return statusTextColor(s->healthyDestinations == 0 ? HealthStatus::red : HealthStatus::amber);
        }
        break;
    case alertsColumn:
        if (role == Qt::DisplayRole) return firing ? QLocale().toString(firing) : QString();
        if (role == sortRole) return firing;
        if (role == Qt::ForegroundRole && firing) return statusTextColor(HealthStatus::red);
        break;
    default: break;
    }
    if (role == Qt::TextAlignmentRole && index.column() >= rateColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case statusColumn: return tr("Status");
    case nameColumn: return tr("Service");
    case whyColumn: return tr("Why");
    case rateColumn: return tr("Requests");
    case errorColumn: return tr("5xx");
    case p99Column: return tr("p99");
    case destinationsColumn: return tr("Healthy destinations");
    case alertsColumn: return tr("Firing alerts");
    default: return {};
    }
}

void FleetModel::setServices(QVector<ServiceSummary> services) {
    // The gateway sends worst first, so the order moves whenever a status does: match rows
    // by name, and keep each service on its row (the proxy sorts), so that selection and
    // scroll survive a refresh.
    QHash<QString, int> rowOf;
    for (int row = 0; row < services_.size(); ++row) rowOf.insert(services_[row].name, row);
    bool sameSet = services.size() == services_.size();
    for (int i = 0; sameSet && i < services.size(); ++i) sameSet = rowOf.contains(services[i].name);
    if (!sameSet) {
        beginResetModel();
        services_ = std::move(services);
        endResetModel();
        return;
    }
    for (ServiceSummary& s : services) services_[rowOf.value(s.name)] = std::move(s);
    if (!services_.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void FleetModel::setFiringAlerts(const QHash<QString, int>& firing) {
    firing_ = firing;
    if (!services_.isEmpty()) emit dataChanged(index(0, alertsColumn), index(rowCount() - 1, alertsColumn));
}

FleetFilterModel::FleetFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(FleetModel::sortRole);
    setFilterKeyColumn(FleetModel::nameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

bool FleetFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (left.column() == FleetModel::statusColumn) { // worst first, then the highest 5xx ratio, then by name
        const int a = left.data(FleetModel::statusRole).toInt(), b = right.data(FleetModel::statusRole).toInt();
        if (a != b) return a < b;
        const double ea = left.siblingAtColumn(FleetModel::errorColumn).data(FleetModel::sortRole).toDouble();
        const double eb = right.siblingAtColumn(FleetModel::errorColumn).data(FleetModel::sortRole).toDouble();
        if (ea != eb) return ea > eb;
        return left.data(FleetModel::nameRole).toString() < right.data(FleetModel::nameRole).toString();
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace gatehouse::console
