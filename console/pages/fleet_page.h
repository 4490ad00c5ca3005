#pragma once

#include "pages/console_page.h"

class QComboBox;
class QLineEdit;
class QTableView;
class QTimer;
class QLabel;

namespace gatehouse::console {

class FleetModel;
class FleetFilterModel;

// Every service at a glance, worst first (or by name, or by traffic); the filter box
// narrows by name, and its arrow keys and Enter move through and open the list; a
// double-click (or Enter) opens the service's page. While the pointer moves over the list
// (and a few seconds after) its order holds still, so that a refresh never moves another
// service under the click.
class FleetPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Fleet"); }
    enum class Order { worstFirst, byName, byTraffic };
    static constexpr int kHoldMs = 4000; // the order holds this long after the pointer's last move

    explicit FleetPage(QWidget* parent = nullptr);
    FleetModel* model() const { return model_; }

    QTableView* view() const { return view_; }
    QLineEdit* filterBox() const { return filter_; }
    QComboBox* orderBox() const { return order_; }
    void setSummary(const QString& text);
    // Shown above the list until it is cleared: a default security filter is off.
    void setSecurityWarning(const QString& text);
    QString securityWarning() const;
    void setOrder(Order order);
    bool orderHeld() const { return held_; }

signals:
    void serviceActivated(const QString& name);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void holdOrder(bool hold);

    FleetModel* model_;
    FleetFilterModel* proxy_;
    QLineEdit* filter_;
    QComboBox* order_;
    QTableView* view_;
    QLabel* summary_;
    QLabel* warning_;
    QLabel* heldNote_;
    QTimer* release_;
    bool held_ = false;
};

} // namespace gatehouse::console
