#pragma once

#include "api/admin_types.h"

#include <QAbstractTableModel>

namespace gatehouse::console {

// The explained thresholds of one service: each metric's value now, its bands, what it
// means and what to check first.
class ThresholdsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { metricColumn, valueColumn, warningColumn, criticalColumn, judgedColumn, meaningColumn, hintColumn, columnTotal };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setThresholds(QVector<ThresholdInfo> thresholds);
    void setService(const ServiceSummary& service);
    void clearService(); // bands only, no values (a service whose detail has not come)

private:
    struct Row {
        QString key;
        QString value, warning, critical, judged;
        HealthStatus level = HealthStatus::unknown;
        QString meaning, hint;
    };
    void rebuild();

    QVector<ThresholdInfo> infos_;
    std::optional<ServiceSummary> service_;
    QVector<Row> rows_;
};

} // namespace gatehouse::console
