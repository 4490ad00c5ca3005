#include "models/gateways_model.h"

#include "models/presentation.h"

#include <QLocale>

#include <algorithm>

namespace gatehouse::console {

int GatewaysModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(roster_.gateways.size()); }
int GatewaysModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

const GatewayInfo* GatewaysModel::gateway(int row) const {
    return row >= 0 && row < roster_.gateways.size() ? &roster_.gateways[row] : nullptr;
}

int GatewaysModel::liveCount() const {
    return static_cast<int>(std::count_if(roster_.gateways.begin(), roster_.gateways.end(), [](const GatewayInfo& g) { return g.live; }));
}

namespace {
QString sourceText(const QString& source) {
    if (source == QLatin1String("collector")) return GatewaysModel::tr("collector");
    if (source == QLatin1String("last_known_good")) return GatewaysModel::tr("last known good");
    if (source == QLatin1String("static")) return GatewaysModel::tr("its own file");
    return source;
}
std::optional<double> ratio(qint64 part, qint64 whole) { return whole > 0 ? std::optional(double(part) / double(whole)) : std::nullopt; }
} // namespace

QVariant GatewaysModel::data(const QModelIndex& index, int role) const {
    const GatewayInfo* g = index.isValid() ? gateway(index.row()) : nullptr;
    if (!g) return {};
    const Traffic t = traffic_.value(g->id);
    const QStringList pending = pending_.value(g->id);
    const bool behindTable = g->tableVersion < roster_.tableVersion;
    if (role == gatewayIdRole) return g->id;
    if (role == Qt::DecorationRole && index.column() == stateColumn) return statusColor(g->live ? HealthStatus::green : HealthStatus::red);
    if (role == Qt::ForegroundRole) {
        if (index.column() == tableColumn && behindTable) return statusTextColor(HealthStatus::amber);
        if (index.column() == sourceColumn && g->tableSource != QLatin1String("collector")) return statusTextColor(HealthStatus::amber);
        if (index.column() == switchesColumn && !pending.isEmpty()) return statusTextColor(HealthStatus::amber);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case gatewayColumn: return g->adminUrl.isEmpty() ? tr("advertises no admin URL: the fleet's views cannot read it") : g->adminUrl;
        case stateColumn:
            return g->live ? tr("polled %1 ago").arg(formatDuration(g->silentMs))
                           : tr("silent for %1 (lost after %2)").arg(formatDuration(g->silentMs), formatDuration(roster_.lostAfterMs));
        case tableColumn: return behindTable ? tr("the collector publishes v%1").arg(roster_.tableVersion) : QVariant();
        case lastSeenColumn: return formatTimeUtc(g->lastSeenMs);
        case switchesColumn: return pending.isEmpty() ? QVariant() : tr("not yet applied: %1").arg(pending.join(QStringLiteral(", ")));
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= rateColumn && index.column() <= failureColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case gatewayColumn: return g->id;
    case stateColumn: return g->live ? tr("live") : tr("lost");
    case versionColumn: return g->version;
    case tableColumn: return behindTable ? tr("v%1 (behind)").arg(g->tableVersion) : tr("v%1").arg(g->tableVersion);
    case sourceColumn: return sourceText(g->tableSource);
    case stalenessColumn: return formatDuration(g->stalenessMs);
    case lastSeenColumn: return formatTime(g->lastSeenMs);
    case rateColumn: return g->live ? formatRate(t.requestRate) : QStringLiteral("—");
    case errorColumn: return g->live ? formatRatio(ratio(t.service5xx, t.requests)) : QStringLiteral("—");
    case failureColumn: return g->live ? formatRatio(ratio(t.gatewayFailures, t.requests)) : QStringLiteral("—");
    case switchesColumn:
        if (!haveSwitches_ || !g->live) return QStringLiteral("—");
        return pending.isEmpty() ? tr("all applied") : tr("%n pending", nullptr, int(pending.size()));
    default: return {};
    }
}

QVariant GatewaysModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case gatewayColumn: return tr("Gateway");
    case stateColumn: return tr("State");
    case versionColumn: return tr("Version");
    case tableColumn: return tr("Table");
    case sourceColumn: return tr("Table from");
    case stalenessColumn: return tr("Staleness");
    case lastSeenColumn: return tr("Last poll");
    case rateColumn: return tr("Requests");
    case errorColumn: return tr("Service 5xx");
    case failureColumn: return tr("Gateway 502/503/504");
    case switchesColumn: return tr("Switches");
    default: return {};
    }
}

void GatewaysModel::setRoster(GatewayRoster roster) {
    std::stable_sort(roster.gateways.begin(), roster.gateways.end(), [](const GatewayInfo& a, const GatewayInfo& b) {
        return a.live != b.live ? !a.live : a.id < b.id; // lost first: what to look at
    });
    beginResetModel();
    roster_ = std::move(roster);
    endResetModel();
}

void GatewaysModel::refreshColumns(int first, int last) {
    if (!roster_.gateways.isEmpty()) emit dataChanged(index(0, first), index(rowCount() - 1, last));
}

void GatewaysModel::setServices(const QVector<ServiceSummary>& services) {
    traffic_.clear();
    for (const ServiceSummary& s : services) {
        for (const GatewayShare& share : s.gateways) {
            Traffic& t = traffic_[share.gatewayId];
            t.requestRate += share.requestRate;
            t.requests += share.requests;
            t.service5xx += share.service5xx;
            t.gatewayFailures += share.gatewayFailures;
        }
    }
    refreshColumns(rateColumn, failureColumn);
}

void GatewaysModel::setSwitches(const QVector<FilterSwitch>& switches) {
    pending_.clear();
    haveSwitches_ = false;
    for (const FilterSwitch& s : switches) {
        haveSwitches_ = haveSwitches_ || s.fleet;
        for (const QString& id : s.pending) pending_[id] << s.name;
    }
    refreshColumns(switchesColumn, switchesColumn);
}

} // namespace gatehouse::console
