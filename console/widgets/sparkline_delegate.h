#pragma once

#include <QStyledItemDelegate>

namespace gatehouse::console {

// Draws two sparklines in a cell: the values of `firstRole` (requests, blue) and
// `secondRole` (errors, magenta; drawn on the same scale, so that they read as a share),
// each a QVariantList of numbers, oldest first. Nothing when there is no data.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    SparklineDelegate(int firstRole, int secondRole, QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int firstRole_, secondRole_;
};

} // namespace gatehouse::console
