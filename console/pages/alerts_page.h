#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace gatehouse::console {

class AlertsModel;

// Firing, pending and resolved alerts with severity colours; the selected one's meaning
// and hint below; activating one opens its service at the alert's time.
class AlertsPage : public QWidget {
    Q_OBJECT

public:
    AlertsPage(AlertsModel* model, QWidget* parent = nullptr);
    QTableView* view() const { return view_; }

signals:
    void alertActivated(const QString& service, qint64 sinceMs);
    // "The requests behind it": from a little before the alert began, 5xx for error alerts.
    void alertInvestigated(const QString& service, qint64 fromMs, qint64 toMs, int statusClass);

private:
    void showDetail(int row);

    AlertsModel* model_;
    QString selectedKey_; // service + rule of the selected alert, kept across refreshes
    QTableView* view_;
    QLabel* detail_;
};

} // namespace gatehouse::console
