#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace gatehouse::console {

// The ordered routing table: position, service, hosts, methods, path, kind, filters
// (shadow ones marked), and the service's 5xx ratio beside its routes. After a "test a
// request", the winner is highlighted.
class RoutesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { positionColumn, serviceColumn, hostsColumn, methodsColumn, pathColumn, kindColumn, beforeColumn,
                  afterColumn, errorsColumn, columnTotal };
    enum Role { serviceRole = Qt::UserRole + 1, hostsRole, pathRole, positionRole };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setTable(const RouteTableInfo& table);
    void setServiceErrors(const QHash<QString, std::optional<double>>& errors);
    void setWinner(std::optional<int> position);
    const RouteTableInfo& table() const { return table_; }
    int rowOfPosition(int position) const;

private:
    RouteTableInfo table_;
    QHash<QString, std::optional<double>> errors_;
    std::optional<int> winner_;
};

// Narrows the table by service (contains), host (routes for that host, including any-host
// ones) and path prefix.
class RoutesFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFilters(const QString& service, const QString& host, const QString& pathPrefix);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString service_, host_, pathPrefix_;
};

// Every route's verdict for one request, in table order; the winner first in colour.
class CandidatesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { positionColumn, serviceColumn, pathColumn, verdictColumn, stepColumn, reasonColumn, columnTotal };
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // `all` false: candidates whose path does not match are left out (as the CLI does).
    void setExplanation(const Explanation& explanation, bool all);
    const ExplainCandidate* at(int row) const;

private:
    QVector<ExplainCandidate> rows_;
};

QString verdictText(const QString& verdict);

} // namespace gatehouse::console
