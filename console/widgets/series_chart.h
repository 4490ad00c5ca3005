#pragma once

#include "api/admin_types.h"

#include <QChartView>

#include <optional>

class QLineSeries;
class QRubberBand;

namespace gatehouse::console {

// A time axis on round boundaries: the range [fromMs, toMs] widened to the enclosing ticks
// of the first step (10 s, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6 h) that needs at most
// 8 ticks.
struct NiceTimeAxis {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int ticks = 2;
};
NiceTimeAxis niceTimeAxis(qint64 fromMs, qint64 toMs);

// One dashboard chart: a thin adapter from a service's series (and its thresholds) to a
// QChart. Hovering a line shows the time and value under the pointer.
class SeriesChart : public QChartView {
    Q_OBJECT

public:
    enum class Kind { requestRate, errorRatio, latency, gatewayFailures };

    explicit SeriesChart(Kind kind, QWidget* parent = nullptr);

    // `service` brings the thresholds (5xx band) and the timeout (latency chart).
    void setData(const ServiceSeries& series, const ServiceSummary* service);
    // What changed: a vertical marker each (table versions, filter switches, alert
    // transitions), its detail in the hover tooltip. Kept across setData.
    void setAnnotations(const QVector<Annotation>& annotations);
    int markerCount() const { return int(markers_.size()); }
    // The hover text at epoch ms `atMs`: the time, every line's value in that bucket and
    // the changes near it (what the tooltip shows).
    QString hoverText(qint64 atMs) const;
    Kind kind() const { return kind_; }
    // The lines as drawn, for tests: name -> number of points (segments of a line broken by
    // empty buckets added up).
    QMap<QString, int> lineSizes() const;
    // The points of one line as drawn (segments in order), for tests.
    QList<QPointF> linePoints(const QString& name) const;
    QString axisTitle() const;
    QString title() const;

signals:
    // The user dragged across the chart: the time range under the drag (epoch ms); `toMs`
    // 0 when the drag reaches the newest bucket (until now).
    void rangeSelected(qint64 fromMs, qint64 toMs);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct Drawn {
        double top = 0;
        QList<QLineSeries*> lines;
        QString unit;
    };
    Drawn drawLines(const ServiceSeries& series, const ServiceSummary* service);
    void attachAxes(const ServiceSeries& series, Drawn& drawn);
    void followPalette();
    QLineSeries* addLine(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine);
    void addMarkers(double firstMs, double lastMs, double top);

    Kind kind_;
    QRubberBand* band_ = nullptr;
    std::optional<QPoint> dragStart_;
    qint64 bucketMs_ = 10'000;
    qint64 lastPointMs_ = 0;
    QList<QLineSeries*> hiddenFromLegend_; // the second and later segments of a broken line, markers
    QList<QLineSeries*> values_;           // the data lines (not bands, not markers), for the hover text
    QVector<Annotation> annotations_;
    QVector<Annotation> markers_;          // those drawn (in the chart's range)
    QString unit_;
    std::optional<ServiceSeries> last_; // redrawn when annotations arrive
    std::optional<ServiceSummary> lastService_;
};

} // namespace gatehouse::console
