#pragma once

#include "api/admin_types.h"

#include "pages/console_page.h"

class QButtonGroup;
class QLabel;
class QTableView;

namespace gatehouse::console {

class DestinationsModel;
class SeriesChart;
class ServiceGatewaysModel;
class ThresholdsModel;

// One service's dashboard: status and why, four charts (1 h / 24 h), on a fleet the
// service on each gateway, the explained thresholds and the destinations. It shows what it is given; the main window asks the
// API and hands results over.
class ServicePage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Service"); }
    explicit ServicePage(QWidget* parent = nullptr);

    QString service() const { return service_; }
    // The series fetched for the chosen range: "1h" (10 s buckets) for 15 min and 1 h,
    // "24h" (1 min buckets) for 6 h and 24 h.
    QString window() const { return window_; }
    int rangeMinutes() const { return rangeMinutes_; }
    void showService(const QString& name); // clears until data arrives
    void clearPage() override;
    void setWindow(const QString& window);  // "1h" or "24h"
    void setRange(int minutes);              // 15, 60, 360 or 1440

    void setDetail(const ServiceSummary& service);
    void setSeries(const ServiceSeries& series);
    void setAnnotations(const QVector<Annotation>& annotations);
    // Zoomed to a range dragged on a chart (`toMs` 0: up to now, still live), or not.
    bool zoomed() const { return zoomFromMs_ > 0; }
    void zoomTo(qint64 fromMs, qint64 toMs);
    void backToLive();
    void setThresholds(const QVector<ThresholdInfo>& thresholds);

    QList<SeriesChart*> charts() const { return charts_; }
    ThresholdsModel* thresholdsModel() const { return thresholds_; }
    DestinationsModel* destinationsModel() const { return destinations_; }
    // A fleet's: the service on each gateway (hidden for one gateway).
    ServiceGatewaysModel* gatewaysModel() const { return gateways_; }
    QTableView* gatewaysView() const { return gatewaysView_; }

signals:
    // The page needs data: the service's detail and its series for this window.
    void dataWanted(const QString& service, const QString& window);
    // "Requests in this range" of a zoom: the requests behind it (incident drill-down).
    void rangeSelected(const QString& service, qint64 fromMs, qint64 toMs);

private:
    void buildTables();

    QString service_;
    QString window_ = QStringLiteral("1h");
    int rangeMinutes_ = 60;
    qint64 zoomFromMs_ = 0, zoomToMs_ = 0;
    QWidget* zoomBar_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    std::optional<ServiceSummary> detail_;
    std::optional<ServiceSeries> series_; // the last drawn, redrawn when the detail brings bands
    QLabel* title_;
    QLabel* status_;
    QButtonGroup* windows_;
    QList<SeriesChart*> charts_;
    ThresholdsModel* thresholds_;
    DestinationsModel* destinations_;
    QTableView* thresholdsView_;
    QTableView* destinationsView_;
    ServiceGatewaysModel* gateways_;
    QTableView* gatewaysView_;
    QLabel* gatewaysTitle_;
};

} // namespace gatehouse::console
