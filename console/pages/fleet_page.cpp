#include "pages/fleet_page.h"

#include "models/fleet_model.h"
#include "widgets/sparkline_delegate.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::console {

FleetPage::FleetPage(QWidget* parent) : ConsolePage(parent), model_(new FleetModel(this)) {
    setObjectName(QStringLiteral("fleetPage"));
    proxy_ = new FleetFilterModel(this);
    proxy_->setSourceModel(model_);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("fleetFilter"));
    filter_->setPlaceholderText(tr("Filter services by name (Ctrl+F); arrow keys and Enter open one"));
    filter_->setClearButtonEnabled(true);
    filter_->installEventFilter(this);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    order_ = new QComboBox(this);
    order_->setObjectName(QStringLiteral("fleetOrder"));
    order_->addItem(tr("Worst first"), int(Order::worstFirst));
    order_->addItem(tr("By name (stable)"), int(Order::byName));
    order_->addItem(tr("Most traffic first"), int(Order::byTraffic));
    connect(order_, &QComboBox::currentIndexChanged, this, [this](int i) { setOrder(Order(order_->itemData(i).toInt())); });
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("fleetSummary"));
    summary_->setTextFormat(Qt::RichText);
    summary_->setWordWrap(true);
    warning_ = new QLabel(this);
    warning_->setObjectName(QStringLiteral("fleetSecurityWarning"));
    warning_->setWordWrap(true);
    warning_->setStyleSheet(QStringLiteral("QLabel { background: #d32f2f; color: white; padding: 6px; font-weight: bold; }"));
    warning_->hide();
    heldNote_ = new QLabel(tr("Order held while the pointer is over the list"), this);
    heldNote_->setObjectName(QStringLiteral("fleetHeldNote"));
    heldNote_->setEnabled(false);
    heldNote_->setVisible(false);

    release_ = new QTimer(this);
    release_->setSingleShot(true);
    release_->setInterval(kHoldMs);
    connect(release_, &QTimer::timeout, this, [this] { holdOrder(false); });

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("fleetView"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(FleetModel::statusColumn, Qt::AscendingOrder); // worst first
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setMouseTracking(true);
    view_->viewport()->installEventFilter(this);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(FleetModel::whyColumn, QHeaderView::Stretch);
    view_->setItemDelegateForColumn(FleetModel::trendColumn,
                                    new SparklineDelegate(FleetModel::sparkRequestsRole, FleetModel::sparkErrorsRole, view_));
    view_->horizontalHeader()->setSectionResizeMode(FleetModel::trendColumn, QHeaderView::Fixed);
    view_->horizontalHeader()->resizeSection(FleetModel::trendColumn, 120);
    for (int c : {int(FleetModel::statusColumn), int(FleetModel::nameColumn), int(FleetModel::rateColumn), int(FleetModel::errorColumn),
                  int(FleetModel::failuresColumn), int(FleetModel::p99Column), int(FleetModel::destinationsColumn),
                  int(FleetModel::alertsColumn)}) {
        view_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    connect(view_, &QTableView::activated, this, [this](const QModelIndex& index) {
        emit serviceActivated(index.data(FleetModel::nameRole).toString());
    });

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>Fleet</b> — every service"), this);
    auto* top = new QHBoxLayout();
    top->addWidget(heading);
    top->addStretch();
    top->addWidget(heldNote_);
    top->addWidget(new QLabel(tr("Order:"), this));
    top->addWidget(order_);
    layout->addLayout(top);
    layout->addWidget(warning_);
    layout->addWidget(summary_);
    layout->addWidget(filter_);
    layout->addWidget(view_, 1);
}

void FleetPage::setSummary(const QString& text) { summary_->setText(text); }

void FleetPage::setSecurityWarning(const QString& text) {
    warning_->setText(text);
    warning_->setVisible(!text.isEmpty());
}

QString FleetPage::securityWarning() const { return warning_->isVisible() ? warning_->text() : QString(); }

void FleetPage::setOrder(Order order) {
    const int i = order_->findData(int(order));
    if (order_->currentIndex() != i) order_->setCurrentIndex(i); // comes back here through the signal
    switch (order) {
    case Order::worstFirst: view_->sortByColumn(FleetModel::statusColumn, Qt::AscendingOrder); break;
    case Order::byName: view_->sortByColumn(FleetModel::nameColumn, Qt::AscendingOrder); break;
    case Order::byTraffic: view_->sortByColumn(FleetModel::rateColumn, Qt::DescendingOrder); break;
    }
}

void FleetPage::holdOrder(bool hold) {
    if (held_ == hold) return;
    held_ = hold;
    // Values keep updating in place; only the re-sorting waits (and happens on leaving).
    proxy_->setDynamicSortFilter(!hold);
    heldNote_->setVisible(hold);
}

bool FleetPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport()) {
        // Held while the pointer moves over the list, and for a few seconds after it
        // stops: long enough to aim and click, not forever for a pointer left there.
        if (event->type() == QEvent::Enter || event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonPress) {
            holdOrder(true);
            release_->start();
        } else if (event->type() == QEvent::Leave) {
            release_->stop();
            holdOrder(false);
        }
    }
    if (watched == filter_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const int rows = proxy_->rowCount();
        const int current = view_->currentIndex().isValid() ? view_->currentIndex().row() : -1;
        if ((key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) && rows > 0) {
            const int next = std::clamp(current + (key->key() == Qt::Key_Down ? 1 : -1), 0, rows - 1);
            view_->setCurrentIndex(proxy_->index(next, FleetModel::nameColumn));
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && rows > 0) {
            const QModelIndex index = current >= 0 ? view_->currentIndex() : proxy_->index(0, FleetModel::nameColumn);
            emit serviceActivated(index.data(FleetModel::nameRole).toString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace gatehouse::console
