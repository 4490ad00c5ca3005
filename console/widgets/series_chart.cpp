#include "widgets/series_chart.h"

#include "models/presentation.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace gatehouse::console {

SeriesChart::SeriesChart(Kind kind, QWidget* parent) : QChartView(parent), kind_(kind) {
    auto* chart = new QChart();
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    switch (kind) {
    case Kind::requestRate: chart->setTitle(tr("Requests per second, by status class")); break;
    case Kind::errorRatio: chart->setTitle(tr("5xx ratio, with its warning and critical bands")); break;
    case Kind::latency: chart->setTitle(tr("Latency p50 / p95 / p99, with the service timeout")); break;
    case Kind::gatewayFailures: chart->setTitle(tr("Answered by the gateway per second, by cause")); break;
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

QLineSeries* SeriesChart::addLine(const QString& name, const QColor& color, Qt::PenStyle style) {
    auto* line = new QLineSeries();
    line->setName(name);
    QPen pen(color);
    pen.setWidthF(style == Qt::SolidLine ? 1.8 : 1.2);
    pen.setStyle(style);
    line->setPen(pen);
    chart()->addSeries(line);
    return line;
}

void SeriesChart::addHover(QLineSeries* line, const QString& unit) {
    connect(line, &QLineSeries::hovered, this, [this, line, unit](const QPointF& point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(point.x())).time(), QLocale::ShortFormat);
        QToolTip::showText(QCursor::pos(), QStringLiteral("%1 — %2: %3 %4").arg(when, line->name()).arg(point.y(), 0, 'f', 2).arg(unit),
                           this);
    });
}

void SeriesChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QChartView::mousePressEvent(event);
    dragStart_ = event->position().toPoint();
    if (!band_) band_ = new QRubberBand(QRubberBand::Rectangle, viewport());
    const QRectF plot = chart()->plotArea();
    band_->setGeometry(QRect(QPoint(dragStart_->x(), int(plot.top())), QSize(1, int(plot.height()))));
    band_->show();
}

void SeriesChart::mouseMoveEvent(QMouseEvent* event) {
    if (!dragStart_) return QChartView::mouseMoveEvent(event);
    const QRectF plot = chart()->plotArea();
    const int x = event->position().toPoint().x();
    band_->setGeometry(QRect(QPoint(std::min(x, dragStart_->x()), int(plot.top())), QSize(std::abs(x - dragStart_->x()) + 1, int(plot.height()))));
}

void SeriesChart::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragStart_ || event->button() != Qt::LeftButton) return QChartView::mouseReleaseEvent(event);
    const QPoint start = *dragStart_;
    dragStart_.reset();
    if (band_) band_->hide();
    const QPoint end = event->position().toPoint();
    if (std::abs(end.x() - start.x()) < 5 || chart()->series().isEmpty()) return; // a click, not a drag
    QAbstractSeries* any = chart()->series().front();
    const qint64 a = qint64(chart()->mapToValue(chart()->mapFromScene(mapToScene(start)), any).x());
    const qint64 b = qint64(chart()->mapToValue(chart()->mapFromScene(mapToScene(end)), any).x());
    // A point stands for the bucket that starts there: the range ends with its bucket, or
    // stays open when the drag reaches the right edge (the newest bucket: until now).
    const qint64 until = std::max(a, b) + bucketMs_;
    const int rightEdge = mapFromScene(chart()->mapToScene(chart()->plotArea().topRight())).x();
    const bool toNow = std::max(start.x(), end.x()) >= rightEdge - 8 || until >= lastPointMs_;
    emit rangeSelected(std::min(a, b), toNow ? 0 : until);
}

QMap<QString, int> SeriesChart::lineSizes() const {
    QMap<QString, int> out;
    for (QAbstractSeries* s : chart()->series()) {
        if (auto* line = qobject_cast<QLineSeries*>(s)) out[line->name()] = line->count();
    }
    return out;
}

void SeriesChart::setData(const ServiceSeries& series, const ServiceSummary* service) {
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    const double bucket = std::max(1, series.bucketSeconds);
    bucketMs_ = qint64(bucket) * 1000;
    lastPointMs_ = series.points.isEmpty() ? 0 : series.points.back().t * 1000;
    const auto at = [](const SeriesPoint& p) { return double(p.t) * 1000.0; };
    double top = 0;
    QList<QLineSeries*> lines;
    QString unit;
    const auto plot = [&](QLineSeries* line, auto value) {
        for (const SeriesPoint& p : series.points) {
            const double y = value(p);
            top = std::max(top, y);
            line->append(at(p), y);
        }
        lines << line;
    };
    const auto flat = [&](QLineSeries* line, double y) {
        if (series.points.isEmpty()) return;
        line->append(at(series.points.front()), y);
        line->append(at(series.points.back()), y);
        top = std::max(top, y);
        lines << line;
    };
    switch (kind_) {
    case Kind::requestRate:
        unit = tr("req/s");
        plot(addLine(tr("2xx"), statusColor(HealthStatus::green)), [&](const SeriesPoint& p) { return p.status2xx / bucket; });
        plot(addLine(tr("3xx"), QColor(0x3b, 0x82, 0xf6)), [&](const SeriesPoint& p) { return p.status3xx / bucket; });
        plot(addLine(tr("4xx"), statusColor(HealthStatus::amber)), [&](const SeriesPoint& p) { return p.status4xx / bucket; });
        plot(addLine(tr("5xx"), statusColor(HealthStatus::red)), [&](const SeriesPoint& p) { return p.status5xx / bucket; });
        break;
    case Kind::errorRatio:
        unit = QStringLiteral("%");
        plot(addLine(tr("5xx ratio"), statusColor(HealthStatus::red)),
             [](const SeriesPoint& p) { return p.requests ? 100.0 * p.status5xx / p.requests : 0.0; });
        if (service && service->thresholds) {
            flat(addLine(tr("warning"), statusColor(HealthStatus::amber), Qt::DashLine), 100 * service->thresholds->errorWarning);
            flat(addLine(tr("critical"), statusColor(HealthStatus::red), Qt::DashLine), 100 * service->thresholds->errorCritical);
        }
        break;
    case Kind::latency:
        unit = tr("ms");
        plot(addLine(tr("p50"), QColor(0x3b, 0x82, 0xf6)), [](const SeriesPoint& p) { return p.p50Ms; });
        plot(addLine(tr("p95"), statusColor(HealthStatus::amber)), [](const SeriesPoint& p) { return p.p95Ms; });
        plot(addLine(tr("p99"), statusColor(HealthStatus::red)), [](const SeriesPoint& p) { return p.p99Ms; });
        if (service && service->timeoutSeconds > 0) {
            flat(addLine(tr("timeout"), palette().color(QPalette::Text), Qt::DashLine), service->timeoutSeconds * 1000.0);
        }
        break;
    case Kind::gatewayFailures:
        unit = tr("req/s");
        plot(addLine(tr("504 time-out"), statusColor(HealthStatus::red)), [&](const SeriesPoint& p) { return p.failuresTimeout / bucket; });
        plot(addLine(tr("502 refused, reset, bad answer"), QColor(0x8e, 0x44, 0xad)),
             [&](const SeriesPoint& p) { return p.failuresUpstreamError / bucket; });
        plot(addLine(tr("503 no healthy destination"), statusColor(HealthStatus::amber)),
             [&](const SeriesPoint& p) { return p.failuresNoHealthy / bucket; });
        break;
    }
    auto* x = new QDateTimeAxis();
    x->setFormat(QStringLiteral("HH:mm"));
    x->setTickCount(7);
    auto* y = new QValueAxis();
    y->setRange(0, top > 0 ? top * 1.1 : 1);
    y->setLabelFormat(kind_ == Kind::latency ? QStringLiteral("%.0f") : QStringLiteral("%.2f"));
    y->setTitleText(unit);
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* line : lines) {
        line->attachAxis(x);
        line->attachAxis(y);
        addHover(line, unit);
    }
    if (!series.points.isEmpty()) {
        x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(at(series.points.front()))),
                    QDateTime::fromMSecsSinceEpoch(qint64(at(series.points.back()))));
    }
    // Chart text follows the palette (light or dark).
    const QColor text = palette().color(QPalette::Text);
    c->setBackgroundBrush(palette().color(QPalette::Base));
    c->setTitleBrush(text);
    c->legend()->setLabelColor(text);
    for (QAbstractAxis* axis : c->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(palette().color(QPalette::Mid));
    }
}

} // namespace gatehouse::console
