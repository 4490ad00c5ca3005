#include "pages/alerts_page.h"

#include "models/alerts_model.h"
#include "models/presentation.h"
#include "widgets/table_view.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {

AlertsPage::AlertsPage(AlertsModel* model, QWidget* parent) : QWidget(parent), model_(model) {
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
        selectedKey_ = a ? a->service + QLatin1Char('/') + a->rule + QLatin1Char('/') + a->state : QString();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        for (int row = 0; !selectedKey_.isEmpty() && row < model_->rowCount(); ++row) {
            const Alert* a = model_->alert(row);
            if (a->service + QLatin1Char('/') + a->rule + QLatin1Char('/') + a->state == selectedKey_) view_->selectRow(row);
        }
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

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Alerts</b> — firing first; double-click opens the service at that time"), this));
    layout->addWidget(view_, 1);
    layout->addWidget(detail_);
    layout->addWidget(investigate, 0, Qt::AlignLeft);
}

void AlertsPage::showDetail(int row) {
    const Alert* a = model_->alert(row);
    if (!a) {
        detail_->setText(model_->rowCount() ? tr("Select an alert to see what it means and what to check first.")
                                            : tr("No alerts: every service is within its thresholds."));
        return;
    }
    detail_->setText(tr("<b>%1 — %2 (%3)</b><br>%4<br><b>What to check first:</b> %5")
                         .arg(a->service.toHtmlEscaped(), thresholdTitle(a->rule).toHtmlEscaped(), alertStateText(a->state),
                              thresholdMeaning(a->rule, a->meaning).toHtmlEscaped(), thresholdHint(a->rule, a->hint).toHtmlEscaped()));
}

} // namespace gatehouse::console
