#include "pages/service_page.h"

#include "models/destinations_model.h"
#include "models/service_gateways_model.h"
#include "models/presentation.h"
#include "models/thresholds_model.h"
#include "widgets/series_chart.h"

#include "widgets/table_view.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {


ServicePage::ServicePage(QWidget* parent) : ConsolePage(parent) {
    setObjectName(QStringLiteral("servicePage"));
    title_ = new QLabel(this);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title_->setFont(big);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("serviceStatus"));
    status_->setTextFormat(Qt::RichText);
    status_->setWordWrap(true); // never wider than the window

    // The time range, as Grafana's picker: the newest 15 min, 1 h, 6 h or 24 h.
    windows_ = new QButtonGroup(this);
    auto* header = new QHBoxLayout();
    header->addWidget(title_);
    header->addWidget(status_, 1);
    header->addSpacing(12);
    const std::pair<int, QString> ranges[] = {{15, tr("15 min")}, {60, tr("1 h")}, {360, tr("6 h")}, {1440, tr("24 h")}};
    for (const auto& [minutes, label] : ranges) {
        auto* button = new QPushButton(label, this);
        button->setObjectName(QStringLiteral("range%1").arg(minutes));
        button->setCheckable(true);
        button->setChecked(minutes == rangeMinutes_);
        button->setToolTip(tr("Show the last %1").arg(label));
        windows_->addButton(button, minutes);
        header->addWidget(button);
    }
    connect(windows_, &QButtonGroup::idClicked, this, &ServicePage::setRange);

    auto* grid = new QGridLayout();
    const SeriesChart::Kind kinds[] = {SeriesChart::Kind::requestRate, SeriesChart::Kind::errorRatio, SeriesChart::Kind::latency,
                                       SeriesChart::Kind::gatewayFailures};
    for (int i = 0; i < 4; ++i) {
        auto* chart = new SeriesChart(kinds[i], this);
        chart->setToolTip(tr("Drag across a chart to zoom to that time range"));
        connect(chart, &SeriesChart::rangeSelected, this, &ServicePage::zoomTo);
        charts_ << chart;
        grid->addWidget(chart, i / 2, i % 2);
    }

    buildTables();

    // Zoomed: what is shown, the requests of it, and the way back (Esc).
    zoomBar_ = new QWidget(this);
    zoomBar_->setObjectName(QStringLiteral("zoomBar"));
    zoomLabel_ = new QLabel(zoomBar_);
    zoomLabel_->setObjectName(QStringLiteral("zoomLabel"));
    auto* requests = new QPushButton(tr("Requests in this range"), zoomBar_);
    requests->setObjectName(QStringLiteral("zoomRequests"));
    auto* live = new QPushButton(tr("Back to live"), zoomBar_);
    live->setObjectName(QStringLiteral("backToLive"));
    live->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(requests, &QPushButton::clicked, this, [this] { emit rangeSelected(service_, zoomFromMs_, zoomToMs_); });
    connect(live, &QPushButton::clicked, this, &ServicePage::backToLive);
    auto* zoomLayout = new QHBoxLayout(zoomBar_);
    zoomLayout->setContentsMargins(0, 0, 0, 0);
    zoomLayout->addWidget(zoomLabel_, 1);
    zoomLayout->addWidget(requests);
    zoomLayout->addWidget(live);
    zoomBar_->hide();

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->addLayout(header);
    layout->addWidget(zoomBar_);
    layout->addLayout(grid, 3);
    // Which gateway, which instance and since when before the explanations: on call reads that first.
    layout->addWidget(gatewaysTitle_);
    layout->addWidget(gatewaysView_, 1);
    layout->addWidget(new QLabel(tr("<b>Destinations</b> — active health checks"), content));
    layout->addWidget(destinationsView_, 1);
    layout->addWidget(new QLabel(tr("<b>Thresholds</b> — what each metric means and what to check first"), content));
    layout->addWidget(thresholdsView_, 2);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

// The tables under the charts: the service on each gateway (a fleet's), its
// destinations and the explained thresholds.
void ServicePage::buildTables() {
    thresholds_ = new ThresholdsModel(this);
    destinations_ = new DestinationsModel(this);
    thresholdsView_ = makeReadOnlyTable(thresholds_, QStringLiteral("thresholdsView"), this);
    destinationsView_ = makeReadOnlyTable(destinations_, QStringLiteral("destinationsView"), this);
    gateways_ = new ServiceGatewaysModel(this);
    gatewaysView_ = makeReadOnlyTable(gateways_, QStringLiteral("serviceGatewaysView"), this);
    gatewaysView_->setMinimumHeight(gatewaysView_->fontMetrics().height() * 5);
    gatewaysTitle_ = new QLabel(tr("<b>Gateways</b> — this service on each gateway, worst first"), this);
    gatewaysTitle_->hide();
    gatewaysView_->hide();
    thresholdsView_->setWordWrap(true);
    destinationsView_->setWordWrap(true);
    thresholdsView_->setMinimumHeight(thresholdsView_->fontMetrics().height() * 12);
    // Meaning and hint share the width and wrap: no sideways scrolling to read a hint.
    // The judging window wraps in a narrow column: meaning and hint get the width.
    thresholdsView_->horizontalHeader()->setSectionResizeMode(ThresholdsModel::judgedColumn, QHeaderView::Fixed);
    thresholdsView_->horizontalHeader()->resizeSection(ThresholdsModel::judgedColumn, thresholdsView_->fontMetrics().averageCharWidth() * 22);
    for (int c : {int(ThresholdsModel::meaningColumn), int(ThresholdsModel::hintColumn)}) {
        thresholdsView_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    }
    connect(thresholds_, &QAbstractItemModel::modelReset, thresholdsView_, &QTableView::resizeRowsToContents);
    destinationsView_->setMinimumHeight(destinationsView_->fontMetrics().height() * 5);
}

void ServicePage::showService(const QString& name) {
    if (name != service_) {
        service_ = name;
        zoomFromMs_ = zoomToMs_ = 0;
        zoomBar_->hide();
        detail_.reset();
        series_.reset();
        thresholds_->clearService(); // no values of the previous service under this title
        title_->setText(name);
        status_->setText(tr("loading…"));
        destinations_->setDestinations({});
        gateways_->setShares({});
        for (SeriesChart* chart : charts_) chart->setData(ServiceSeries{}, nullptr);
    }
    if (!service_.isEmpty()) emit dataWanted(service_, window_);
}

void ServicePage::clearPage() {
    showService(QString()); // an empty page until a service is opened
}

void ServicePage::setWindow(const QString& window) { setRange(window == QLatin1String("24h") ? 1440 : 60); }

void ServicePage::setRange(int minutes) {
    rangeMinutes_ = minutes;
    zoomFromMs_ = zoomToMs_ = 0; // a range chosen: live again
    zoomBar_->hide();
    window_ = minutes > 60 ? QStringLiteral("24h") : QStringLiteral("1h");
    if (QAbstractButton* button = windows_->button(minutes)) button->setChecked(true);
    if (series_ && series_->window == window_) setSeries(*series_); // narrower or wider, at once
    if (!service_.isEmpty()) emit dataWanted(service_, window_);
}

void ServicePage::zoomTo(qint64 fromMs, qint64 toMs) {
    zoomFromMs_ = fromMs;
    zoomToMs_ = toMs;
    zoomLabel_->setText(toMs > 0 ? tr("Zoomed to %1 – %2").arg(formatTime(fromMs), formatTime(toMs))
                                 : tr("Zoomed to %1 – now (live)").arg(formatTime(fromMs)));
    zoomBar_->show();
    windows_->setExclusive(false);
    for (QAbstractButton* button : windows_->buttons()) button->setChecked(false);
    windows_->setExclusive(true);
    if (series_) setSeries(*series_);
}

void ServicePage::backToLive() {
    zoomFromMs_ = zoomToMs_ = 0;
    zoomBar_->hide();
    setRange(rangeMinutes_);
}

void ServicePage::setAnnotations(const QVector<Annotation>& annotations) {
    for (SeriesChart* chart : charts_) chart->setAnnotations(annotations);
}

void ServicePage::setDetail(const ServiceSummary& service) {
    if (service.name != service_) return; // an answer for a page left meanwhile
    detail_ = service;
    const QString why = service.reasons.isEmpty() ? tr("every metric within its thresholds") : describeReasons(service.reasons);
    const QString whyNot = service.status == HealthStatus::idle && service.reasons.isEmpty()
                               ? tr("too little traffic to judge (%n request(s) in the window)", nullptr, int(service.requests))
                               : why;
    status_->setText(tr("<span style=\"color:%1\">●</span> %2 — %3 · %4 · service 5xx %5 · gateway 502/503/504 %6 · p99 %7")
                         .arg(statusColor(service.status).name(), statusText(service.status).toHtmlEscaped(), whyNot.toHtmlEscaped(),
                              formatRate(service.requestRate), formatRatio(service.errorRatio),
                              formatRatio(service.gatewayFailureRatio), formatMs(service.p99Ms)));
    thresholds_->setService(service);
    destinations_->setDestinations(service.destinations);
    const bool fleet = !service.gateways.isEmpty();
    destinationsView_->setColumnHidden(DestinationsModel::gatewayColumn, !fleet);
    gateways_->setShares(service.gateways);
    gatewaysTitle_->setVisible(fleet);
    gatewaysView_->setVisible(fleet);
    if (series_) setSeries(*series_); // the bands and the timeout come with the detail
}

void ServicePage::setSeries(const ServiceSeries& series) {
    if (series.service != service_ || series.window != window_) return;
    series_ = series;
    // The newest `rangeMinutes_` of it (15 min of the hour, 6 h of the day), or the zoom.
    ServiceSeries shown = series;
    if (zoomed()) {
        shown.points.clear();
        for (const SeriesPoint& p : series.points) {
            const qint64 at = p.t * 1000;
            if (at + qint64(series.bucketSeconds) * 1000 > zoomFromMs_ && (zoomToMs_ == 0 || at < zoomToMs_)) shown.points << p;
        }
    } else {
        const int keep = rangeMinutes_ * 60 / std::max(1, series.bucketSeconds);
        if (shown.points.size() > keep) shown.points.remove(0, shown.points.size() - keep);
    }
    for (SeriesChart* chart : charts_) chart->setData(shown, detail_ ? &*detail_ : nullptr);
}

void ServicePage::setThresholds(const QVector<ThresholdInfo>& thresholds) { thresholds_->setThresholds(thresholds); }

} // namespace gatehouse::console
