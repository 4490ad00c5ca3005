#include "pages/alerts_page.h"

#include "models/alerts_model.h"
#include "models/presentation.h"
#include "widgets/table_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {

AlertsPage::AlertsPage(QWidget* parent) : ConsolePage(parent), model_(new AlertsModel(this)) {
    setObjectName(QStringLiteral("alertsPage"));
    view_ = makeReadOnlyTable(model_, QStringLiteral("alertsView"), this);
    view_->setWordWrap(true);
    view_->horizontalHeader()->setSectionResizeMode(AlertsModel::meaningColumn, QHeaderView::Stretch);
    detail_ = new QLabel(tr("Select an alert to see what it means and what to check first."), this);
    detail_->setObjectName(QStringLiteral("alertDetail"));
    detail_->setWordWrap(true);
    detail_->setTextFormat(Qt::RichText);
    detail_->setMinimumHeight(detail_->fontMetrics().height() * 4);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showDetail(current.row()); });
    // A refresh resets the model: select the same alert again, so that the reading and the
    // "Requests behind this alert" button survive it.
    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const Alert* a = model_->alert(view_->currentIndex().row());
        selectedKey_ = a ? a->gatewayId + QLatin1Char('/') + a->service + QLatin1Char('/') + a->rule + QLatin1Char('/') + a->state : QString();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        for (int row = 0; !selectedKey_.isEmpty() && row < model_->rowCount(); ++row) {
            const Alert* a = model_->alert(row);
            if (a->gatewayId + QLatin1Char('/') + a->service + QLatin1Char('/') + a->rule + QLatin1Char('/') + a->state == selectedKey_) view_->selectRow(row);
        }
        // Nothing chosen yet: the first (the worst firing) is what one opens the page for.
        if (!view_->currentIndex().isValid() && model_->rowCount() > 0) view_->selectRow(0);
        showDetail(view_->currentIndex().row());
    });
    connect(view_, &QTableView::activated, this, [this](const QModelIndex& index) {
        const Alert* a = model_->alert(index.row());
        if (a) emit alertActivated(a->service, a->sinceMs); // when it began decides the window
    });

    auto* investigate = new QPushButton(tr("Requests behind this alert"), this);
    investigate->setObjectName(QStringLiteral("investigateAlert"));
    investigate->setEnabled(false);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, investigate,
            [this, investigate](const QModelIndex& current) { investigate->setEnabled(model_->alert(current.row()) != nullptr); });
    connect(model_, &QAbstractItemModel::modelReset, investigate,
            [this, investigate] { investigate->setEnabled(model_->alert(view_->currentIndex().row()) != nullptr); });
    connect(investigate, &QPushButton::clicked, this, [this] {
        const Alert* a = model_->alert(view_->currentIndex().row());
        if (!a) return;
        const bool errors = a->rule == QLatin1String("error_ratio") || a->rule == QLatin1String("gateway_failure_ratio");
        // From a little before it began; a resolved alert ends a little after it resolved.
        emit alertInvestigated(a->service, std::max<qint64>(0, a->sinceMs - 10 * 60'000),
                               a->state == QLatin1String("resolved") && a->resolvedMs > 0 ? a->resolvedMs + 5 * 60'000 : 0,
                               errors ? 5 : 0);
    });

    auto* ack = ack_ = new QPushButton(tr("Acknowledge…"), this);
    ack->setObjectName(QStringLiteral("acknowledgeAlert"));
    ack->setEnabled(false);
    const auto canAck = [this] {
        const Alert* a = model_->alert(view_->currentIndex().row());
        return a && a->state != QLatin1String("resolved") && !fleet_;
    };
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, ack, [ack, canAck] { ack->setEnabled(canAck()); });
    connect(model_, &QAbstractItemModel::modelReset, ack, [ack, canAck] { ack->setEnabled(canAck()); });
    connect(ack, &QPushButton::clicked, this, [this] {
        const Alert* a = model_->alert(view_->currentIndex().row());
        if (!a) return;
        const QString service = a->service, rule = a->rule;
        bool ok = false;
        const QString note = QInputDialog::getText(this, tr("Acknowledge"),
                                                   tr("What are you doing about %1 — %2? (everyone sees it; audited)")
                                                       .arg(service, thresholdTitle(rule)),
                                                   QLineEdit::Normal, QString(), &ok)
                                 .trimmed();
        if (!ok) return;
        if (note.isEmpty()) {
            showOutcome(tr("An acknowledgement needs a note; nothing was sent."));
            return;
        }
        showOutcome(QString());
        emit acknowledgeRequested(service, rule, note);
    });
    outcome_ = new QLabel(this);
    outcome_->setObjectName(QStringLiteral("alertOutcome"));
    outcome_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Alerts</b> — firing first; double-click opens the service at that time"), this));
    layout->addWidget(view_, 1);
    layout->addWidget(detail_);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(investigate);
    buttons->addWidget(ack);
    buttons->addWidget(outcome_, 1);
    layout->addLayout(buttons);
}

void AlertsPage::setHistory(const QVector<AlertTransition>& history) {
    history_ = history;
    showDetail(view_->currentIndex().row());
}

void AlertsPage::showOutcome(const QString& text) { outcome_->setText(text); }

void AlertsPage::clearPage() {
    history_.clear();
    outcome_->clear();
}

QString AlertsPage::detailText() const { return detail_->text(); }

void AlertsPage::showDetail(int row) {
    const Alert* a = model_->alert(row);
    if (!a) {
        // No alert is not "all is well": a service without traffic fires nothing.
        detail_->setText(model_->rowCount() ? tr("Select an alert to see what it means and what to check first.")
                                            : tr("No alerts. Services without traffic cannot fire any: see the fleet's 'No data'."));
        return;
    }
    QStringList changes;
    for (const AlertTransition& t : history_) { // newest first
        if (t.service != a->service || t.rule != a->rule || t.gatewayId != a->gatewayId) continue;
        changes << tr("%1 %2 (%3)").arg(formatTime(t.atMs), alertStateText(t.state), severityText(t.severity)).toHtmlEscaped();
        if (changes.size() == 8) break;
    }
    const QString ack = a->ackBy.isEmpty() ? QString()
                                           : tr("<br><b>Acknowledged</b> by %1 at %2: %3")
                                                 .arg(a->ackBy.toHtmlEscaped(), formatTime(a->ackAtMs), a->ackNote.toHtmlEscaped());
    detail_->setText(tr("<b>%1 — %2 (%3)</b><br>%4<br><b>What to check first:</b> %5%6<br><b>History:</b> %7")
                         .arg(a->service.toHtmlEscaped(), thresholdTitle(a->rule).toHtmlEscaped(),
                              alertStateText(AlertsModel::displayState(*a)), thresholdMeaning(a->rule, a->meaning).toHtmlEscaped(),
                              thresholdHint(a->rule, a->hint).toHtmlEscaped(), ack,
                              changes.isEmpty() ? tr("none recorded") : changes.join(QStringLiteral(" · "))));
}

void AlertsPage::setFleetMode(bool fleet) {
    fleet_ = fleet;
    view_->setColumnHidden(AlertsModel::gatewayColumn, !fleet);
    // The collector reads gateways with a viewer token: an acknowledgement through it
    // could not say who took the alert.
    ack_->setEnabled(false);
    ack_->setToolTip(fleet ? tr("Alerts are acknowledged on the gateway that raised them: connect to that gateway") : QString());
}

} // namespace gatehouse::console
