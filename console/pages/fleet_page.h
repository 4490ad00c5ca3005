#pragma once

#include <QWidget>

class QLineEdit;
class QTableView;
class QLabel;

namespace gatehouse::console {

class FleetModel;
class FleetFilterModel;

// Every service at a glance, worst first; the filter box narrows by name; a double-click
// (or Enter) opens the service's page.
class FleetPage : public QWidget {
    Q_OBJECT

public:
    FleetPage(FleetModel* model, QWidget* parent = nullptr);

    QTableView* view() const { return view_; }
    QLineEdit* filterBox() const { return filter_; }
    void setSummary(const QString& text);

signals:
    void serviceActivated(const QString& name);

private:
    FleetModel* model_;
    FleetFilterModel* proxy_;
    QLineEdit* filter_;
    QTableView* view_;
    QLabel* summary_;
};

} // namespace gatehouse::console
