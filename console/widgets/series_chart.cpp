#include "widgets/series_chart.h"

#include "models/presentation.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace gatehouse::console {
namespace {
// Series colours (Okabe-Ito, colour-blind safe), never the status colours: red and amber
// are kept for the warning and critical bands, so that red always means critical.
const QColor kBlue(0x00, 0x72, 0xb2), kSky(0x56, 0xb4, 0xe9), kPurple(0x94, 0x67, 0xbd), kMagenta(0xcc, 0x79, 0xa7),
    kBrown(0x8c, 0x56, 0x4b), kTeal(0x17, 0xbe, 0xcf);
} // namespace

SeriesChart::SeriesChart(Kind kind, QWidget* parent) : QChartView(parent), kind_(kind) {
    auto* chart = new QChart();
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    switch (kind) {
    case Kind::requestRate: chart->setTitle(tr("Requests per second, by status class")); break;
    case Kind::errorRatio: chart->setTitle(tr("The service's own 5xx ratio, with its warning and critical bands")); break;
    case Kind::latency: chart->setTitle(tr("Latency p50 / p95 / p99, with the service timeout")); break;
    case Kind::gatewayFailures: chart->setTitle(tr("Answered by the gateway per second, by cause")); break;
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
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

QString SeriesChart::hoverText(qint64 atMs) const {
    QStringList lines{QStringLiteral("<b>%1</b>").arg(formatTime(atMs))};
    for (QLineSeries* line : values_) {
        const QList<QPointF> points = line->points();
        // The bucket under the pointer: the last point at or before it, within a bucket.
        auto it = std::upper_bound(points.begin(), points.end(), double(atMs), [](double x, const QPointF& p) { return x < p.x(); });
        if (it == points.begin()) continue;
        --it;
        if (double(atMs) - it->x() > double(bucketMs_)) continue;
        lines << QStringLiteral("<span style='color:%1'>■</span> %2: %3 %4")
                     .arg(line->pen().color().name(), line->name().toHtmlEscaped(), QLocale().toString(it->y(), 'f', it->y() < 10 ? 2 : 0),
                          unit_.toHtmlEscaped());
    }
    const qint64 near = std::max<qint64>(bucketMs_ * 3 / 2, 15'000);
    for (const Annotation& a : markers_) {
        if (std::abs(a.atMs - atMs) <= near) lines << QStringLiteral("▲ %1 — %2").arg(formatTime(a.atMs), a.title.toHtmlEscaped());
    }
    return lines.join(QStringLiteral("<br>"));
}

void SeriesChart::setAnnotations(const QVector<Annotation>& annotations) {
    annotations_ = annotations;
    if (last_) setData(*last_, lastService_ ? &*lastService_ : nullptr);
}

void SeriesChart::addMarkers(double firstMs, double lastMs, double top) {
    markers_.clear();
    for (const Annotation& a : annotations_) {
        if (a.atMs < firstMs || a.atMs > lastMs + bucketMs_) continue;
        QColor color(0x45, 0x5a, 0x64); // table versions: slate
        if (a.kind == QLatin1String("filter_switch")) color = QColor(0xe6, 0x51, 0x00);
        if (a.kind == QLatin1String("alert")) color = severityColor(a.severity, a.state);
        QLineSeries* marker = addLine(QStringLiteral("▲"), color, Qt::DotLine);
        marker->append(double(a.atMs), 0);
        marker->append(double(a.atMs), top);
        hiddenFromLegend_ << marker;
        markers_ << a;
    }
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
    if (!dragStart_) {
        // One tooltip for the whole bucket under the pointer, anywhere in the plot: no
        // need to hit a 2-pixel line.
        const QPointF scene = mapToScene(event->position().toPoint());
        const QPointF inChart = chart()->mapFromScene(scene);
        if (!chart()->series().isEmpty() && chart()->plotArea().contains(inChart)) {
            const qint64 at = qint64(chart()->mapToValue(inChart, chart()->series().front()).x());
            QToolTip::showText(event->globalPosition().toPoint(), hoverText(at), this);
        } else {
            QToolTip::hideText();
        }
        return QChartView::mouseMoveEvent(event);
    }
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
        if (auto* line = qobject_cast<QLineSeries*>(s)) out[line->name()] += line->count();
    }
    return out;
}

QList<QPointF> SeriesChart::linePoints(const QString& name) const {
    QList<QPointF> out;
    for (QAbstractSeries* s : chart()->series()) {
        if (auto* line = qobject_cast<QLineSeries*>(s); line && line->name() == name) out += line->points();
    }
    return out;
}

NiceTimeAxis niceTimeAxis(qint64 fromMs, qint64 toMs) {
    static constexpr qint64 kMinute = 60'000;
    static constexpr qint64 kSteps[] = {10'000, 30'000, kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute,
                                        60 * kMinute, 120 * kMinute, 180 * kMinute, 360 * kMinute};
    // Local time: ticks at 11:45, not at 11:45 UTC shifted by a half-hour zone.
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * 1000;
    for (qint64 step : kSteps) {
        const qint64 first = (fromMs + offset) / step * step - offset;
        const qint64 last = ((toMs + offset + step - 1) / step) * step - offset;
        const qint64 ticks = (last - first) / step + 1;
        if (ticks <= 8) return {first, std::max(last, first + step), int(std::max<qint64>(ticks, 2))};
    }
    return {fromMs, toMs, 7};
}

QString SeriesChart::title() const { return chart()->title(); }

QString SeriesChart::axisTitle() const {
    for (QAbstractAxis* axis : chart()->axes(Qt::Vertical)) return axis->titleText();
    return {};
}

void SeriesChart::setData(const ServiceSeries& series, const ServiceSummary* service) {
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    hiddenFromLegend_.clear();
    values_.clear();
    last_ = series;
    lastService_ = service ? std::optional<ServiceSummary>(*service) : std::nullopt;
    const double bucket = std::max(1, series.bucketSeconds);
    bucketMs_ = qint64(bucket) * 1000;
    lastPointMs_ = series.points.isEmpty() ? 0 : series.points.back().t * 1000;
    Drawn drawn = drawLines(series, service);
    attachAxes(series, drawn);
    followPalette();
}

// The lines of this chart's kind, with their bands; the highest value drawn and the unit.
SeriesChart::Drawn SeriesChart::drawLines(const ServiceSeries& series, const ServiceSummary* service) {
    QChart* c = chart();
    const double bucket = std::max(1, series.bucketSeconds);
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
        values_ << line;
    };
    // Ratios and percentiles of an empty bucket are unknown, not zero: the line breaks
    // there (one segment per run of buckets with requests, one legend entry).
    const auto plotGaps = [&](const QString& name, const QColor& color, auto value) {
        QLineSeries* segment = nullptr;
        bool first = true;
        for (const SeriesPoint& p : series.points) {
            if (p.requests == 0) {
                segment = nullptr;
                continue;
            }
            if (!segment) {
                segment = addLine(name, color);
                lines << segment;
                values_ << segment;
                if (!first) hiddenFromLegend_ << segment;
                first = false;
            }
            const double y = value(p);
            top = std::max(top, y);
            segment->append(at(p), y);
        }
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
        plot(addLine(tr("2xx"), kBlue), [&](const SeriesPoint& p) { return p.status2xx / bucket; });
        plot(addLine(tr("3xx"), kSky), [&](const SeriesPoint& p) { return p.status3xx / bucket; });
        plot(addLine(tr("4xx"), kPurple), [&](const SeriesPoint& p) { return p.status4xx / bucket; });
        plot(addLine(tr("5xx (service and gateway)"), kMagenta), [&](const SeriesPoint& p) { return p.status5xx / bucket; });
        break;
    case Kind::errorRatio:
        unit = QStringLiteral("%");
        // The service's own 5xx: the gateway's 502/503/504 have their own chart.
        plotGaps(tr("service's own 5xx ratio"), kMagenta, [](const SeriesPoint& p) { return 100.0 * p.service5xx / p.requests; });
        if (service && service->thresholds) {
            flat(addLine(tr("warning"), statusColor(HealthStatus::amber), Qt::DashLine), 100 * service->thresholds->errorWarning);
            flat(addLine(tr("critical"), statusColor(HealthStatus::red), Qt::DashLine), 100 * service->thresholds->errorCritical);
        }
        break;
    case Kind::latency:
        unit = tr("ms");
        plotGaps(tr("p50"), kSky, [](const SeriesPoint& p) { return p.p50Ms; });
        plotGaps(tr("p95"), kBlue, [](const SeriesPoint& p) { return p.p95Ms; });
        plotGaps(tr("p99"), kPurple, [](const SeriesPoint& p) { return p.p99Ms; });
        // Scaled to the data; the timeout is drawn when it is in range (within 2x of the
        // slowest p99), else named in the axis title, so that a 40 ms service is not a
        // flat line under a 10 s timeout.
        if (service && service->timeoutSeconds > 0) {
            const double timeout = service->timeoutSeconds * 1000.0;
            if (timeout <= std::max(top, 1.0) * 2) {
                flat(addLine(tr("timeout"), statusColor(HealthStatus::red), Qt::DashLine), timeout);
                c->setTitle(tr("Latency p50 / p95 / p99, with the service timeout"));
            } else {
                c->setTitle(tr("Latency p50 / p95 / p99 (timeout %1, far above)").arg(formatMs(timeout)));
            }
        }
        break;
    case Kind::gatewayFailures:
        unit = tr("req/s");
        plot(addLine(tr("504 time-out"), kBrown), [&](const SeriesPoint& p) { return p.failuresTimeout / bucket; });
        plot(addLine(tr("502 refused, reset, bad answer"), kMagenta),
             [&](const SeriesPoint& p) { return p.failuresUpstreamError / bucket; });
        plot(addLine(tr("503 no healthy destination"), kTeal),
             [&](const SeriesPoint& p) { return p.failuresNoHealthy / bucket; });
        break;
    }
    return {top, std::move(lines), unit};
}

// Time and value axes (nice ticks), the change markers, every line attached.
void SeriesChart::attachAxes(const ServiceSeries& series, Drawn& drawn) {
    QChart* c = chart();
    const auto at = [](const SeriesPoint& p) { return double(p.t) * 1000.0; };
    const double top = drawn.top;
    QList<QLineSeries*>& lines = drawn.lines;
    const QString& unit = drawn.unit;
    auto* x = new QDateTimeAxis();
    // A day's chart crosses midnight: its labels carry the date.
    x->setFormat(series.bucketSeconds >= 60 ? QStringLiteral("dd MMM HH:mm") : QStringLiteral("HH:mm"));
    x->setTickCount(7);
    auto* y = new QValueAxis();
    y->setRange(0, top > 0 ? top * 1.1 : 1);
    y->setTickCount(5);
    y->applyNiceNumbers(); // ticks at 1, 2, 5 x 10^n
    if (top <= 0) y->setTickCount(3); // nothing to show: 0, 0.5, 1, not labels too dense to read
    y->setLabelFormat(kind_ == Kind::latency || y->max() >= 20 ? QStringLiteral("%.0f") : QStringLiteral("%.2g"));
    y->setTitleText(unit);
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    unit_ = unit;
    if (!series.points.isEmpty()) {
        addMarkers(at(series.points.front()), at(series.points.back()), y->max());
        for (QLineSeries* marker : hiddenFromLegend_) {
            if (marker->name() == QLatin1String("▲")) lines << marker;
        }
    }
    for (QLineSeries* line : lines) {
        line->attachAxis(x);
        line->attachAxis(y);
    }
    for (QLineSeries* segment : hiddenFromLegend_) {
        for (QLegendMarker* marker : c->legend()->markers(segment)) marker->setVisible(false);
    }
    if (!series.points.isEmpty()) {
        // Time ticks on round boundaries (every 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6 h):
        // the range widens to the enclosing ticks.
        const NiceTimeAxis nice = niceTimeAxis(qint64(at(series.points.front())), qint64(at(series.points.back())));
        x->setRange(QDateTime::fromMSecsSinceEpoch(nice.fromMs), QDateTime::fromMSecsSinceEpoch(nice.toMs));
        x->setTickCount(nice.ticks);
    }
}

// Chart text follows the palette (light or dark).
void SeriesChart::followPalette() {
    QChart* c = chart();
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
