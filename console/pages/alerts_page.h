#pragma once

#include "api/admin_types.h"

#include "pages/console_page.h"

class QLabel;
class QPushButton;
class QTableView;

namespace gatehouse::console {

class AlertsModel;

// Firing, pending and resolved alerts with severity colours, how long they last and who
// took them; the selected one's meaning, hint and history below; activating one opens its
// service at the alert's time; "Acknowledge…" takes one, with a note others see.
class AlertsPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Alerts"); }
    void clearPage() override;
    void setFleetMode(bool fleet) override;
    explicit AlertsPage(QWidget* parent = nullptr);
    AlertsModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    // Every alert's state changes: the selected one's are listed under it.
    void setHistory(const QVector<AlertTransition>& history);
    void showOutcome(const QString& text); // of an acknowledgement
    QString detailText() const;

signals:
    void alertActivated(const QString& service, qint64 sinceMs);
    // "The requests behind it": from a little before the alert began, 5xx for error alerts.
    void alertInvestigated(const QString& service, qint64 fromMs, qint64 toMs, int statusClass);
    void acknowledgeRequested(const QString& service, const QString& rule, const QString& note);

private:
    void showDetail(int row);

    AlertsModel* model_;
    QString selectedKey_; // service + rule of the selected alert, kept across refreshes
    QTableView* view_;
    QLabel* detail_;
    QLabel* outcome_;
    QVector<AlertTransition> history_;
    QPushButton* ack_ = nullptr;
    bool fleet_ = false;
};

} // namespace gatehouse::console
