#pragma once

#include "api/admin_types.h"

#include <QChartView>

#include <optional>

class QLineSeries;
class QRubberBand;

namespace gatehouse::console {

// One dashboard chart: a thin adapter from a service's series (and its thresholds) to a
// QChart. Hovering a line shows the time and value under the pointer.
class SeriesChart : public QChartView {
    Q_OBJECT

public:
    enum class Kind { requestRate, errorRatio, latency, gatewayFailures };

    explicit SeriesChart(Kind kind, QWidget* parent = nullptr);

    // `service` brings the thresholds (5xx band) and the timeout (latency chart).
    void setData(const ServiceSeries& series, const ServiceSummary* service);
    Kind kind() const { return kind_; }
    // The lines as drawn, for tests: name -> number of points.
    QMap<QString, int> lineSizes() const;

signals:
    // The user dragged across the chart: the time range under the drag (epoch ms); `toMs`
    // 0 when the drag reaches the newest bucket (until now).
    void rangeSelected(qint64 fromMs, qint64 toMs);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QLineSeries* addLine(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine);
    void addHover(QLineSeries* line, const QString& unit);

    Kind kind_;
    QRubberBand* band_ = nullptr;
    std::optional<QPoint> dragStart_;
    qint64 bucketMs_ = 10'000;
    qint64 lastPointMs_ = 0;
};

} // namespace gatehouse::console
