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
    if (role == sparkRequestsRole || role == sparkErrorsRole) {
        QVariantList values;
        for (double v : role == sparkRequestsRole ? s->sparkRequests : s->sparkErrors) values << v;
        return values;
    }
    if (role == statusRole) return static_cast<int>(s->status);
    switch (index.column()) {
    case statusColumn:
        if (role == Qt::DisplayRole) return statusText(s->status);
        if (role == Qt::DecorationRole) return statusColor(s->status);
        if (role == Qt::ToolTipRole) {
            if (!s->reasons.isEmpty()) return describeReasons(s->reasons);
            if (s->status == HealthStatus::idle) {
                return tr("Too little traffic to judge: %n request(s) in the window", nullptr, int(s->requests));
            }
            return tr("Every metric within its thresholds");
        }
        if (role == sortRole) return static_cast<int>(s->status);
        break;
    case nameColumn:
        if (role == Qt::DisplayRole || role == sortRole) return s->name;
        break;
    case whyColumn:
        if (role == Qt::DisplayRole || role == sortRole) {
            if (s->reasons.isEmpty() && s->status == HealthStatus::idle) {
                return s->requests ? tr("too little traffic to judge (%n request(s))", nullptr, int(s->requests)) : tr("no traffic");
            }
            return describeReasons(s->reasons);
        }
        break;
    case trendColumn:
        if (role == Qt::ToolTipRole) {
            double requests = 0, errors = 0;
            for (double v : s->sparkRequests) requests += v;
            for (double v : s->sparkErrors) errors += v;
            return tr("The last 5 minutes in 10 s buckets: %1 requests (blue), %2 errors (magenta: the service's 5xx and the "
                      "gateway's 502/503/504)")
                .arg(QLocale().toString(requests, 'f', 0), QLocale().toString(errors, 'f', 0));
        }
        if (role == sortRole) return s->requestRate;
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
    case failuresColumn:
        if (role == Qt::DisplayRole) return formatRatio(s->gatewayFailureRatio);
        if (role == sortRole) return s->gatewayFailureRatio.value_or(-1);
        if (role == Qt::ForegroundRole && s->reasons.join(QString()).contains(QLatin1String("gateway_failure_ratio"))) return statusTextColor(s->status);
        break;
    case p99Column:
        if (role == Qt::DisplayRole) return formatMs(s->p99Ms);
        if (role == sortRole) return s->p99Ms.value_or(-1);
        break;
    case destinationsColumn:
        if (role == Qt::DisplayRole) {
            const QString counts = tr("%1 / %2").arg(s->healthyDestinations).arg(s->totalDestinations);
            return s->flappingDestinations ? tr("%1, %n flapping", nullptr, s->flappingDestinations).arg(counts) : counts;
        }
        if (role == Qt::ToolTipRole && !s->gateways.isEmpty()) { // a fleet's: every gateway checks its destinations itself
            QStringList each;
            for (const GatewayShare& g : s->gateways) each << tr("%1: %2 of %3 healthy").arg(g.gatewayId).arg(g.healthyDestinations).arg(g.totalDestinations);
            return tr("Checked by each gateway; an instance counts once per gateway that checks it.\n%1").arg(each.join(QLatin1Char('\n')));
        }
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

QString FleetModel::withWindow(const QString& name) const {
    return windowSeconds_ ? name + QLatin1Char('\n') + formatDuration(qint64(windowSeconds_) * 1000) : name;
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && (section == rateColumn || section == errorColumn || section == failuresColumn)) {
        const QString what = section == failuresColumn ? tr("502/503/504 the gateway answered itself because the service did not. ")
                             : section == errorColumn  ? tr("5xx the service answered itself. ")
                                                       : QString();
        return what + tr("Over the thresholds' window: the last %1; ratios are judged once it holds enough requests.")
                          .arg(formatDuration(qint64(windowSeconds_) * 1000));
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case statusColumn: return tr("Status");
    case nameColumn: return tr("Service");
    case whyColumn: return tr("Why");
    case trendColumn: return tr("Last 5 min");
    // Two lines: the name, then the window it is counted over.
    case rateColumn: return withWindow(tr("Requests/s"));
    case errorColumn: return withWindow(tr("Service 5xx"));
    case failuresColumn: return withWindow(tr("Gateway 5xx"));
    case p99Column: return tr("p99");
    case destinationsColumn: return tr("Healthy\ndestinations");
    case alertsColumn: return tr("Firing\nalerts");
    default: return {};
    }
}

void FleetModel::setServices(QVector<ServiceSummary> services) {
    if (!services.isEmpty() && services.front().windowSeconds != windowSeconds_) {
        windowSeconds_ = services.front().windowSeconds;
        emit headerDataChanged(Qt::Horizontal, rateColumn, failuresColumn);
    }
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
