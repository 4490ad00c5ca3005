#pragma once

#include "api/admin_types.h"

#include <QChartView>

class QLineSeries;

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

private:
    QLineSeries* addLine(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine);
    void addHover(QLineSeries* line, const QString& unit);

    Kind kind_;
};

} // namespace gatehouse::console
