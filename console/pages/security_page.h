#pragma once

#include "api/admin_types.h"

#include "pages/console_page.h"

class QLabel;
class QPushButton;
class QTableView;

namespace gatehouse::console {

class AuditModel;
class FilterSwitchesModel;

// The default security filters (admin role): each one's switch, who changed it last,
// when and why. A change asks for a reason and a confirmation; viewers see the page
// read-only with the reason why. The audit log below lists every admin change.
class SecurityPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("Se&curity"); }
    void clearPage() override;
    void setFleetMode(bool fleet) override;
    explicit SecurityPage(QWidget* parent = nullptr);
    FilterSwitchesModel* switches() const { return switches_; }
    AuditModel* audit() const { return audit_; }

    void setIdentity(const Identity& identity);
    bool canChange() const { return identity_.isAdmin(); }
    QString notice() const;
    QTableView* switchesView() const { return switchesView_; }

    // Shows the gateway's refusal (or success) of a change under the table.
    void showOutcome(const QString& text, bool failed);

signals:
    // The admin confirmed a change with its reason.
    void changeRequested(const QString& name, bool enabled, const QString& reason);

private:
    void askToToggle();
    void updateControls();

    FilterSwitchesModel* switches_;
    AuditModel* audit_;
    Identity identity_;
    QTableView* switchesView_;
    QPushButton* toggle_;
    QLabel* notice_;
    QLabel* outcome_;
    bool fleet_ = false;
};

} // namespace gatehouse::console
