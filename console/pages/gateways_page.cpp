#include "pages/gateways_page.h"

#include "models/gateways_model.h"
#include "models/presentation.h"
#include "widgets/table_view.h"

#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {

GatewaysPage::GatewaysPage(QWidget* parent) : ConsolePage(parent), model_(new GatewaysModel(this)) {
    setObjectName(QStringLiteral("gatewaysPage"));
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("gatewaysSummary"));
    summary_->setWordWrap(true);
    view_ = makeReadOnlyTable(model_, QStringLiteral("gatewaysView"), this);
    view_->setAlternatingRowColors(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(view_, 1);
    connect(model_, &QAbstractItemModel::modelReset, this, &GatewaysPage::updateSummary);
    updateSummary();
}

void GatewaysPage::clearPage() {
    model_->setRoster({});
    model_->setServices({});
    model_->setSwitches({});
}

void GatewaysPage::setFleetMode(bool fleet) {
    fleet_ = fleet;
    updateSummary();
}

QString GatewaysPage::summary() const { return summary_->text(); }

void GatewaysPage::updateSummary() {
    if (!fleet_) {
        summary_->setText(tr("Connected to one gateway. A route collector knows every gateway that follows it: connect to the "
                             "collector (File > Connect, \"Fleet\") to see them all here."));
        return;
    }
    const GatewayRoster& roster = model_->roster();
    const int live = model_->liveCount();
    const int lost = int(roster.gateways.size()) - live;
    int behind = 0;
    for (const GatewayInfo& g : roster.gateways) behind += g.live && g.tableVersion < roster.tableVersion;
    QStringList parts{tr("%n live", nullptr, live), tr("%n lost", nullptr, lost), tr("the collector publishes table v%1").arg(roster.tableVersion)};
    if (behind > 0) parts << tr("%n live gateway(s) behind it", nullptr, behind);
    if (roster.lostAfterMs > 0) parts << tr("a gateway silent for %1 is lost").arg(formatDuration(roster.lostAfterMs));
    summary_->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace gatehouse::console
