#include "pages/service_page.h"

#include "models/destinations_model.h"
#include "models/presentation.h"
#include "models/thresholds_model.h"
#include "widgets/series_chart.h"

#include "widgets/table_view.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {


ServicePage::ServicePage(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("servicePage"));
    title_ = new QLabel(this);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title_->setFont(big);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("serviceStatus"));
    status_->setTextFormat(Qt::RichText);

    windows_ = new QButtonGroup(this);
    auto* hour = new QPushButton(tr("Last hour"), this);
    auto* day = new QPushButton(tr("Last 24 hours"), this);
    hour->setObjectName(QStringLiteral("window1h"));
    day->setObjectName(QStringLiteral("window24h"));
    for (QPushButton* b : {hour, day}) b->setCheckable(true);
    hour->setChecked(true);
    windows_->addButton(hour, 0);
    windows_->addButton(day, 1);
    connect(windows_, &QButtonGroup::idClicked, this, [this](int id) { setWindow(id == 0 ? QStringLiteral("1h") : QStringLiteral("24h")); });

    auto* header = new QHBoxLayout();
    header->addWidget(title_);
    header->addWidget(status_, 1);
    header->addWidget(hour);
    header->addWidget(day);

    auto* grid = new QGridLayout();
    const SeriesChart::Kind kinds[] = {SeriesChart::Kind::requestRate, SeriesChart::Kind::errorRatio, SeriesChart::Kind::latency,
                                       SeriesChart::Kind::gatewayFailures};
    for (int i = 0; i < 4; ++i) {
        auto* chart = new SeriesChart(kinds[i], this);
        chart->setToolTip(tr("Drag across a chart to see the requests of that time range"));
        connect(chart, &SeriesChart::rangeSelected, this,
                [this](qint64 fromMs, qint64 toMs) { emit rangeSelected(service_, fromMs, toMs); });
        charts_ << chart;
        grid->addWidget(chart, i / 2, i % 2);
    }

    thresholds_ = new ThresholdsModel(this);
    destinations_ = new DestinationsModel(this);
    thresholdsView_ = makeReadOnlyTable(thresholds_, QStringLiteral("thresholdsView"), this);
    destinationsView_ = makeReadOnlyTable(destinations_, QStringLiteral("destinationsView"), this);
    thresholdsView_->setWordWrap(true);
    destinationsView_->setWordWrap(true);
    thresholdsView_->setMinimumHeight(thresholdsView_->fontMetrics().height() * 12);
    // Meaning and hint share the width and wrap: no sideways scrolling to read a hint.
    for (int c : {int(ThresholdsModel::meaningColumn), int(ThresholdsModel::hintColumn)}) {
        thresholdsView_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    }
    connect(thresholds_, &QAbstractItemModel::modelReset, thresholdsView_, &QTableView::resizeRowsToContents);
    destinationsView_->setMinimumHeight(destinationsView_->fontMetrics().height() * 6);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->addLayout(header);
    layout->addLayout(grid, 3);
    layout->addWidget(new QLabel(tr("<b>Thresholds</b> — what each metric means and what to check first"), content));
    layout->addWidget(thresholdsView_, 2);
    layout->addWidget(new QLabel(tr("<b>Destinations</b> — active health checks"), content));
    layout->addWidget(destinationsView_, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

void ServicePage::showService(const QString& name) {
    if (name != service_) {
        service_ = name;
        detail_.reset();
        series_.reset();
        thresholds_->clearService(); // no values of the previous service under this title
        title_->setText(name);
        status_->setText(tr("loading…"));
        destinations_->setDestinations({});
        for (SeriesChart* chart : charts_) chart->setData(ServiceSeries{}, nullptr);
    }
    emit dataWanted(service_, window_);
}

void ServicePage::setWindow(const QString& window) {
    window_ = window;
    windows_->button(window == QLatin1String("24h") ? 1 : 0)->setChecked(true);
    if (!service_.isEmpty()) emit dataWanted(service_, window_);
}

void ServicePage::setDetail(const ServiceSummary& service) {
    if (service.name != service_) return; // an answer for a page left meanwhile
    detail_ = service;
    const QString why = service.reasons.isEmpty() ? tr("every metric within its thresholds") : describeReasons(service.reasons);
    status_->setText(tr("<span style=\"color:%1\">●</span> %2 — %3 · %4 · 5xx %5 · p99 %6")
                         .arg(statusColor(service.status).name(), statusText(service.status).toHtmlEscaped(), why.toHtmlEscaped(),
                              formatRate(service.requestRate), formatRatio(service.errorRatio), formatMs(service.p99Ms)));
    thresholds_->setService(service);
    destinations_->setDestinations(service.destinations);
    if (series_) setSeries(*series_); // the bands and the timeout come with the detail
}

void ServicePage::setSeries(const ServiceSeries& series) {
    if (series.service != service_ || series.window != window_) return;
    series_ = series;
    for (SeriesChart* chart : charts_) chart->setData(series, detail_ ? &*detail_ : nullptr);
}

void ServicePage::setThresholds(const QVector<ThresholdInfo>& thresholds) { thresholds_->setThresholds(thresholds); }

} // namespace gatehouse::console
