#include "widgets/sparkline_delegate.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace gatehouse::console {

SparklineDelegate::SparklineDelegate(int firstRole, int secondRole, QObject* parent)
    : QStyledItemDelegate(parent), firstRole_(firstRole), secondRole_(secondRole) {}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    return {120, QStyledItemDelegate::sizeHint(option, index).height()};
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, index); // background, selection
    const QVariantList first = index.data(firstRole_).toList();
    const QVariantList second = index.data(secondRole_).toList();
    if (first.size() < 2) return;
    double top = 0;
    for (const QVariant& v : first + second) top = std::max(top, v.toDouble());
    if (top <= 0) return;
    const QRectF area = QRectF(option.rect).adjusted(4, 3, -4, -3);
    const auto path = [&](const QVariantList& values) {
        QPainterPath line;
        for (int i = 0; i < values.size(); ++i) {
            const QPointF at(area.left() + area.width() * i / (values.size() - 1),
                             area.bottom() - area.height() * std::clamp(values[i].toDouble() / top, 0.0, 1.0));
            if (i == 0) line.moveTo(at);
            else line.lineTo(at);
        }
        return line;
    };
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0x00, 0x72, 0xb2), 1.4)); // as the charts' 2xx
    painter->drawPath(path(first));
    if (second.size() >= 2) {
        painter->setPen(QPen(QColor(0xcc, 0x79, 0xa7), 1.4)); // as the charts' 5xx
        painter->drawPath(path(second));
    }
    painter->restore();
}

} // namespace gatehouse::console
