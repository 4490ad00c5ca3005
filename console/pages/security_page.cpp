#include "pages/security_page.h"

#include "models/presentation.h"
#include "models/security_models.h"

#include "widgets/table_view.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {


SecurityPage::SecurityPage(QWidget* parent)
    : ConsolePage(parent), switches_(new FilterSwitchesModel(this)), audit_(new AuditModel(this)) {
    setObjectName(QStringLiteral("securityPage"));
    switchesView_ = makeReadOnlyTable(switches_, QStringLiteral("switchesView"), this);
    auto* auditView = makeReadOnlyTable(audit_, QStringLiteral("auditView"), this);
    toggle_ = new QPushButton(tr("Switch on or off…"), this);
    toggle_->setObjectName(QStringLiteral("toggleSwitch"));
    notice_ = new QLabel(this);
    notice_->setObjectName(QStringLiteral("securityNotice"));
    notice_->setWordWrap(true);
    outcome_ = new QLabel(this);
    outcome_->setObjectName(QStringLiteral("securityOutcome"));
    outcome_->setWordWrap(true);
    connect(toggle_, &QPushButton::clicked, this, &SecurityPage::askToToggle);
    connect(switchesView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SecurityPage::updateControls);
    connect(switches_, &QAbstractItemModel::dataChanged, this, &SecurityPage::updateControls); // the label follows a change
    connect(switches_, &QAbstractItemModel::modelReset, this, [this] {
        if (!switchesView_->currentIndex().isValid() && switches_->rowCount() > 0) switchesView_->selectRow(0);
        updateControls();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Security filters</b> — run on every route by default; switching one off affects "
                                    "every service at once"),
                                 this));
    layout->addWidget(switchesView_, 1);
    layout->addWidget(notice_);
    layout->addWidget(toggle_, 0, Qt::AlignLeft);
    layout->addWidget(outcome_);
    layout->addWidget(new QLabel(tr("<b>Audit log</b> — every admin change, newest first"), this));
    layout->addWidget(auditView, 2);
    updateControls();
}

void SecurityPage::clearPage() {
    setIdentity({});
    showOutcome(QString(), false);
}

void SecurityPage::setIdentity(const Identity& identity) {
    identity_ = identity;
    updateControls();
}

QString SecurityPage::notice() const { return notice_->text(); }

void SecurityPage::updateControls() {
    const FilterSwitch* selected = switches_->at(switchesView_->currentIndex().row());
    if (!canChange()) {
        notice_->setText(identity_.role.isEmpty()
                             ? tr("Checking what this token may do…")
                             : tr("Read-only: the token '%1' has the %2 role. Switching a security filter changes what "
                                  "every service receives, so it needs an admin token; the audit log records who did it.")
                                   .arg(identity_.name, identity_.role));
        toggle_->setEnabled(false);
        return;
    }
    notice_->setText(fleet_ ? tr("Signed in to the collector as %1 (admin). A change reaches every gateway of the fleet within "
                                 "a second; \"Applied\" follows it until each runs it. It is recorded in the audit log.")
                                  .arg(identity_.name)
                            : tr("Signed in as %1 (admin). A change takes effect on the next request and is recorded in the audit log.")
                                  .arg(identity_.name));
    toggle_->setEnabled(selected != nullptr);
    if (selected) toggle_->setText(selected->enabled ? tr("Switch %1 off…").arg(selected->name) : tr("Switch %1 on…").arg(selected->name));
}

void SecurityPage::askToToggle() {
    const FilterSwitch* selected = switches_->at(switchesView_->currentIndex().row());
    if (!selected || !canChange()) return;
    const FilterSwitch current = *selected;
    showOutcome(QString(), false); // the last outcome is about another change
    bool ok = false;
    const QString question = current.enabled ? tr("Why switch %1 off? (recorded in the audit log)").arg(current.name)
                                             : tr("Why switch %1 on? (recorded in the audit log)").arg(current.name);
    const QString reason = QInputDialog::getText(this, tr("Why?"), question, QLineEdit::Normal, QString(), &ok).trimmed();
    if (!ok) return;
    if (reason.isEmpty()) {
        showOutcome(tr("A change needs a reason; nothing was changed."), true);
        return;
    }
    // Switching a security filter off is the dangerous direction: Enter must not do it.
    QMessageBox confirm(QMessageBox::Warning, tr("Confirm"),
                        fleet_ ? (current.enabled ? tr("Switch %1 off for every route on every gateway of the fleet?\n\nReason: %2")
                                                  : tr("Switch %1 back on for every route on every gateway of the fleet?\n\nReason: %2"))
                                     .arg(current.name, reason)
                        : current.enabled ? tr("Switch %1 off for every route of every service?\n\nReason: %2").arg(current.name, reason)
                                          : tr("Switch %1 back on for every route?\n\nReason: %2").arg(current.name, reason),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmSwitch"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.setEscapeButton(QMessageBox::Cancel);
    confirm.button(QMessageBox::Yes)->setText(current.enabled ? tr("Switch off") : tr("Switch on"));
    if (confirm.exec() == QMessageBox::Yes) emit changeRequested(current.name, !current.enabled, reason);
}

void SecurityPage::showOutcome(const QString& text, bool failed) {
    outcome_->setText(text);
    outcome_->setStyleSheet(failed ? QStringLiteral("color: #d32f2f;") : QString());
}

void SecurityPage::setFleetMode(bool fleet) {
    fleet_ = fleet;
    switchesView_->setColumnHidden(FilterSwitchesModel::appliedColumn, !fleet);
    updateControls();
}

} // namespace gatehouse::console
