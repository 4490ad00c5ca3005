#pragma once

#include "pages/console_page.h"

class QLabel;
class QTableView;

namespace gatehouse::console {

class GatewaysModel;

// Every gateway of the fleet: live or lost, what it runs and serves, its traffic and
// whether it runs the fleet's switches. Only a collector knows the fleet: connected to
// one gateway, the page says how to see them all.
class GatewaysPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Gateways"); }
    explicit GatewaysPage(QWidget* parent = nullptr);
    void clearPage() override;

    GatewaysModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    QString summary() const;
    // False: connected to one gateway (the list is empty and the page says why).
    void setFleetMode(bool fleet) override;
    // After the model changed: the line above the list.
    void updateSummary();

private:
    GatewaysModel* model_;
    QLabel* summary_;
    QTableView* view_;
    bool fleet_ = false;
};

} // namespace gatehouse::console
