#pragma once

#include "api/admin_types.h"

#include "pages/console_page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTextBrowser;

namespace gatehouse::console {

class TrailModel;

// Incident drill-down: a service (or all) and a time window -> a summary (status codes,
// termination causes, top routes, users and clients, latency histogram) and the trail
// records behind it, newest first, paged as the view scrolls; a record opens its detail
// (timings per phase, every filter's decision, shadow mismatches, destination, how it
// ended, in words). Copy the request id; export the loaded rows as CSV.
class IncidentsPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Incidents"); }
    void clearPage() override;
    void setFleetMode(bool fleet) override;
    explicit IncidentsPage(QWidget* parent = nullptr);
    TrailModel* trail() const { return trail_; }

    // Where a drill-down comes from: said in its heading.
    enum class Origin { menu, alert, chart };
    // Opens a drill-down: `fromMs`/`toMs` 0 = open. The window box shows that exact window.
    void investigate(const QString& service, qint64 fromMs, qint64 toMs, int statusClass = 0, Origin origin = Origin::menu);
    QString windowText() const;
    QString headingText() const;
    void setSummary(quint64 tag, const TrailSummary& summary);
    // The summary or a page did not come: said on the page, with how to retry.
    void showFailure(const QString& message);
    void showRecord(int row);

    QTableView* recordsView() const { return records_; }
    QString summaryText() const;
    QString detailText() const;
    bool exportCsv(const QString& file) const;

signals:
    void summaryWanted(const gatehouse::console::TrailQuery& query, quint64 tag);

private:
    void apply();
    void showExactWindow(qint64 fromMs, qint64 toMs); // 0, 0: the presets only

    TrailModel* trail_;
    QLineEdit* service_;
    QComboBox* window_;
    QComboBox* statusClass_;
    QLineEdit* termination_;
    QLineEdit* route_;
    QLineEdit* user_;
    QLabel* summary_;
    QLabel* heading_ = nullptr;
    QTableView* records_;
    QTextBrowser* detail_;
    quint64 summaryTag_ = 0;
    qint64 fromMs_ = 0;
    qint64 toMs_ = 0;
};

} // namespace gatehouse::console
