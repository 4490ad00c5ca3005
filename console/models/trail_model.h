#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// The requests behind an incident, newest first, paged lazily: the view asks for more
// (canFetchMore/fetchMore) as it scrolls, one page of 1,000 at a time, so 100,000 rows
// cost only what is scrolled to. A new query drops pages of the old one still in flight.
class TrailModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { timeColumn, statusColumn, methodColumn, pathColumn, serviceColumn, routeColumn, terminationColumn,
                  durationColumn, userColumn, requestIdColumn, gatewayColumn, columnTotal };
    static constexpr int kPageSize = 1000;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Starts over with a query: emits pageWanted for the first page.
    void setQuery(const TrailQuery& query);
    void appendPage(quint64 tag, const TrailPage& page);
    // A page that did not come: the next scroll asks again from the same place.
    void pageFailed(quint64 tag);
    void clear();
    const TrailRecord* record(int row) const;
    const TrailQuery& query() const { return query_; }
    bool loading() const { return loading_; }
    // The rows loaded so far as CSV (RFC 4180 quoting); a fleet's rows also name their gateway.
    QString toCsv() const;

signals:
    void pageWanted(const gatehouse::console::TrailQuery& query, std::optional<QString> cursor, int limit, quint64 tag);

private:
    QVector<TrailRecord> rows_;
    TrailQuery query_;
    std::optional<QString> next_;
    bool started_ = false;
    bool loading_ = false;
    quint64 tag_ = 0;
};

QString terminationText(const QString& termination);

} // namespace gatehouse::console
