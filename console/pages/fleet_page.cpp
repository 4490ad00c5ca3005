#include "pages/fleet_page.h"

#include "models/fleet_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {

FleetPage::FleetPage(FleetModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setObjectName(QStringLiteral("fleetPage"));
    proxy_ = new FleetFilterModel(this);
    proxy_->setSourceModel(model_);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("fleetFilter"));
    filter_->setPlaceholderText(tr("Filter services by name (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("fleetSummary"));

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("fleetView"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(FleetModel::statusColumn, Qt::AscendingOrder); // worst first
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(FleetModel::whyColumn, QHeaderView::Stretch);
    for (int c : {int(FleetModel::statusColumn), int(FleetModel::nameColumn), int(FleetModel::rateColumn), int(FleetModel::errorColumn), int(FleetModel::p99Column),
                  int(FleetModel::destinationsColumn), int(FleetModel::alertsColumn)}) {
        view_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    connect(view_, &QTableView::activated, this, [this](const QModelIndex& index) {
        emit serviceActivated(index.data(FleetModel::nameRole).toString());
    });

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>Fleet</b> — every service, worst first"), this);
    layout->addWidget(heading);
    layout->addWidget(filter_);
    layout->addWidget(view_, 1);
    layout->addWidget(summary_);
}

void FleetPage::setSummary(const QString& text) { summary_->setText(text); }

} // namespace gatehouse::console
