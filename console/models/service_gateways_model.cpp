#include "models/service_gateways_model.h"

#include "models/presentation.h"

#include <QLocale>

#include <algorithm>

namespace gatehouse::console {

int ServiceGatewaysModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int ServiceGatewaysModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const GatewayShare* ServiceGatewaysModel::share(int row) const { return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr; }

QVariant ServiceGatewaysModel::data(const QModelIndex& index, int role) const {
    const GatewayShare* g = index.isValid() ? share(index.row()) : nullptr;
    if (!g) return {};
    if (role == Qt::DecorationRole && index.column() == statusColumn) return statusColor(g->status);
    if (role == Qt::TextAlignmentRole && index.column() >= rateColumn && index.column() <= p99Column) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case gatewayColumn: return g->gatewayId;
    case statusColumn: return statusText(g->status);
    case rateColumn: return formatRate(g->requestRate);
    case requestsColumn: return QLocale().toString(g->requests);
    case errorColumn: return formatRatio(g->errorRatio);
    case failureColumn: return formatRatio(g->gatewayFailureRatio);
    case p99Column: return formatMs(g->p99Ms);
    case destinationsColumn: return tr("%1 of %2 healthy").arg(g->healthyDestinations).arg(g->totalDestinations);
    default: return {};
    }
}

QVariant ServiceGatewaysModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case gatewayColumn: return tr("Gateway");
    case statusColumn: return tr("Status");
    case rateColumn: return tr("Rate");
    case requestsColumn: return tr("Requests");
    case errorColumn: return tr("Service 5xx");
    case failureColumn: return tr("Gateway 502/503/504");
    case p99Column: return tr("p99");
    case destinationsColumn: return tr("Destinations");
    default: return {};
    }
}

void ServiceGatewaysModel::setShares(QVector<GatewayShare> shares) {
    std::stable_sort(shares.begin(), shares.end(), [](const GatewayShare& a, const GatewayShare& b) {
        return a.status != b.status ? a.status < b.status : a.gatewayId < b.gatewayId; // worst first
    });
    beginResetModel();
    rows_ = std::move(shares);
    endResetModel();
}

} // namespace gatehouse::console
