#include "models/thresholds_model.h"

#include "models/presentation.h"

namespace gatehouse::console {

int ThresholdsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int ThresholdsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

QVariant ThresholdsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& r = rows_[index.row()];
    if (role == Qt::DecorationRole && index.column() == valueColumn) return statusColor(r.level);
    if (role == Qt::ToolTipRole) return QStringLiteral("%1\n\n%2").arg(r.meaning, r.hint);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case metricColumn: return thresholdTitle(r.key);
    case valueColumn: return r.value;
    case warningColumn: return r.warning;
    case criticalColumn: return r.critical;
    case judgedColumn: return r.judged;
    case meaningColumn: return r.meaning;
    case hintColumn: return r.hint;
    default: return {};
    }
}

QVariant ThresholdsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case metricColumn: return tr("Metric");
    case valueColumn: return tr("Now");
    case warningColumn: return tr("Warning at");
    case criticalColumn: return tr("Critical at");
    case judgedColumn: return tr("Judged over");
    case meaningColumn: return tr("What it means");
    case hintColumn: return tr("What to check first");
    default: return {};
    }
}

void ThresholdsModel::setThresholds(QVector<ThresholdInfo> thresholds) {
    infos_ = std::move(thresholds);
    rebuild();
}

void ThresholdsModel::setService(const ServiceSummary& service) {
    service_ = service;
    rebuild();
}

void ThresholdsModel::clearService() {
    service_.reset();
    rebuild();
}

void ThresholdsModel::rebuild() {
    beginResetModel();
    rows_.clear();
    for (const ThresholdInfo& info : infos_) {
        Row row{info.key, QStringLiteral("—"), {}, {}, {}, HealthStatus::unknown, thresholdMeaning(info.key, info.meaning),
                thresholdHint(info.key, info.hint)};
        const bool onTraffic = info.key == QLatin1String("error_ratio") || info.key == QLatin1String("gateway_failure_ratio") ||
                               info.key == QLatin1String("p99_latency");
        const auto level = [&](const QString& key) {
            if (!service_) return HealthStatus::unknown;
            if (service_->reasons.contains(key + QStringLiteral(":critical"))) return HealthStatus::red;
            if (service_->reasons.contains(key + QStringLiteral(":warning"))) return HealthStatus::amber;
            if (onTraffic && !service_->enoughTraffic) return HealthStatus::idle; // not judged: no data, not green
            return HealthStatus::green;
        };
        const std::optional<ServiceThresholds> t = service_ ? service_->thresholds : std::nullopt;
        if (onTraffic && t) {
            row.judged = tr("last %1, from %n request(s) (now %2)", nullptr, t->minRequests)
                             .arg(formatDuration(qint64(t->windowSeconds) * 1000))
                             .arg(service_->requests);
        } else if (info.key == QLatin1String("destination_flapping") && t) {
            row.judged = tr("last %1").arg(formatDuration(qint64(t->flappingWindowSeconds) * 1000));
        } else if (!onTraffic) {
            row.judged = tr("now");
        }
        if (info.key == QLatin1String("error_ratio") || info.key == QLatin1String("gateway_failure_ratio")) {
            const bool errors = info.key == QLatin1String("error_ratio");
            if (service_) row.value = formatRatio(errors ? service_->errorRatio : service_->gatewayFailureRatio);
            row.warning = formatRatio(t ? (errors ? t->errorWarning : t->failureWarning) : info.warning);
            row.critical = formatRatio(t ? (errors ? t->errorCritical : t->failureCritical) : info.critical);
        } else if (info.key == QLatin1String("p99_latency")) {
            if (service_) row.value = formatMs(service_->p99Ms);
            row.warning = t ? formatMs(t->p99WarningMs) : tr("%1 % of the timeout").arg(info.warning * 100);
            row.critical = t ? formatMs(t->p99CriticalMs) : tr("%1 % of the timeout").arg(info.critical * 100);
        } else if (info.key == QLatin1String("destinations")) {
            if (service_) row.value = tr("%1 of %2").arg(service_->healthyDestinations).arg(service_->totalDestinations);
            row.warning = tr("one unhealthy");
            row.critical = tr("none healthy");
        } else if (info.key == QLatin1String("destination_flapping")) {
            if (service_) row.value = tr("%n flapping", nullptr, service_->flappingDestinations);
            row.warning = tr("%n health change(s)", nullptr, int(info.warning));
            row.critical = tr("none healthy");
        } else {
            row.warning = QString::number(info.warning);
            row.critical = QString::number(info.critical);
        }
        row.level = level(info.key);
        rows_.push_back(std::move(row));
    }
    endResetModel();
}

} // namespace gatehouse::console
