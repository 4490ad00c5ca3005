#include "models/routes_model.h"

#include "models/presentation.h"

#include <QFont>

namespace gatehouse::console {

namespace {
QString filtersText(const QVector<RouteFilter>& filters) {
    QStringList names;
    for (const RouteFilter& f : filters) names << (f.shadow ? RoutesModel::tr("%1 (shadow)").arg(f.name) : f.name);
    return names.isEmpty() ? QStringLiteral("—") : names.join(QStringLiteral(", "));
}
} // namespace

QString verdictText(const QString& verdict) {
    if (verdict == QLatin1String("matched")) return CandidatesModel::tr("wins");
    if (verdict == QLatin1String("outranked")) return CandidatesModel::tr("matches, outranked");
    if (verdict == QLatin1String("host_mismatch")) return CandidatesModel::tr("other host");
    if (verdict == QLatin1String("method_mismatch")) return CandidatesModel::tr("other method");
    if (verdict == QLatin1String("path_mismatch")) return CandidatesModel::tr("other path");
    return verdict;
}

int RoutesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(table_.routes.size()); }
int RoutesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }

int RoutesModel::rowOfPosition(int position) const {
    for (int row = 0; row < table_.routes.size(); ++row) {
        if (table_.routes[row].position == position) return row;
    }
    return -1;
}

QVariant RoutesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= table_.routes.size()) return {};
    const RouteRow& r = table_.routes[index.row()];
    if (role == serviceRole) return r.service;
    if (role == hostsRole) return r.hosts;
    if (role == pathRole) return r.path;
    if (role == positionRole) return r.position;
    const bool winner = winner_ && *winner_ == r.position;
    if (role == Qt::BackgroundRole && winner) return QColor(0xd7, 0xf0, 0xdd);
    if (role == Qt::ForegroundRole && winner) return QColor(Qt::black);
    if (role == Qt::FontRole && winner) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole) return tr("%1 %2 of service %3").arg(QStringLiteral("routes[%1].paths[%2]").arg(r.routeIndex).arg(r.pathIndex), r.path, r.service);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case positionColumn: return r.position;
    case serviceColumn: return r.service;
    case hostsColumn: return r.hosts.isEmpty() ? tr("any") : r.hosts.join(QStringLiteral(", "));
    case methodsColumn: return r.methods.isEmpty() ? tr("any") : r.methods.join(QStringLiteral(", "));
    case pathColumn: return r.path;
    case kindColumn: return routeKindText(r.kind);
    case beforeColumn: return filtersText(r.before);
    case afterColumn: return filtersText(r.after);
    case errorsColumn: return formatRatio(errors_.value(r.service));
    default: return {};
    }
}

QVariant RoutesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case positionColumn: return tr("#");
    case serviceColumn: return tr("Service");
    case hostsColumn: return tr("Hosts");
    case methodsColumn: return tr("Methods");
    case pathColumn: return tr("Path");
    case kindColumn: return tr("Kind");
    case beforeColumn: return tr("Before filters");
    case afterColumn: return tr("After filters");
    case errorsColumn: return tr("Service 5xx");
    default: return {};
    }
}

void RoutesModel::setTable(const RouteTableInfo& table) {
    beginResetModel();
    table_ = table;
    winner_.reset();
    endResetModel();
}

void RoutesModel::setServiceErrors(const QHash<QString, std::optional<double>>& errors) {
    errors_ = errors;
    if (!table_.routes.isEmpty()) emit dataChanged(index(0, errorsColumn), index(rowCount() - 1, errorsColumn));
}

void RoutesModel::setWinner(std::optional<int> position) {
    winner_ = position;
    if (!table_.routes.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnTotal - 1));
}

void RoutesFilterModel::setFilters(const QString& service, const QString& host, const QString& pathPrefix) {
    service_ = service.trimmed();
    host_ = host.trimmed().toLower();
    pathPrefix_ = pathPrefix.trimmed();
    invalidateFilter();
}

bool RoutesFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!service_.isEmpty() && !index.data(RoutesModel::serviceRole).toString().contains(service_, Qt::CaseInsensitive)) return false;
    if (!host_.isEmpty()) {
        const QStringList hosts = index.data(RoutesModel::hostsRole).toStringList();
        if (!hosts.isEmpty() && !hosts.contains(host_)) return false;
    }
    return pathPrefix_.isEmpty() || index.data(RoutesModel::pathRole).toString().startsWith(pathPrefix_);
}

int CandidatesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int CandidatesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const ExplainCandidate* CandidatesModel::at(int row) const { return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr; }

QVariant CandidatesModel::data(const QModelIndex& index, int role) const {
    const ExplainCandidate* c = index.isValid() ? at(index.row()) : nullptr;
    if (!c) return {};
    if (role == Qt::DecorationRole && index.column() == verdictColumn) {
        if (c->verdict == QLatin1String("matched")) return statusColor(HealthStatus::green);
        if (c->verdict == QLatin1String("outranked")) return statusColor(HealthStatus::amber);
        return statusColor(HealthStatus::unknown);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case positionColumn: return c->position;
    case serviceColumn: return c->service;
    case pathColumn: return c->path;
    case verdictColumn: return verdictText(c->verdict);
    case stepColumn: return c->precedenceStep > 0 ? tr("step %1: %2").arg(c->precedenceStep).arg(precedenceRuleText(c->precedenceRule)) : QString();
    case reasonColumn: return c->reason;
    default: return {};
    }
}

QVariant CandidatesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case positionColumn: return tr("#");
    case serviceColumn: return tr("Service");
    case pathColumn: return tr("Path");
    case verdictColumn: return tr("Verdict");
    case stepColumn: return tr("Decided by");
    case reasonColumn: return tr("Why");
    default: return {};
    }
}

void CandidatesModel::setExplanation(const Explanation& explanation, bool all) {
    beginResetModel();
    rows_.clear();
    for (const ExplainCandidate& c : explanation.candidates) {
        if (all || c.verdict != QLatin1String("path_mismatch")) rows_.push_back(c);
    }
    endResetModel();
}

} // namespace gatehouse::console
