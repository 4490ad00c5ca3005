#include "pages/incidents_page.h"

#include "models/presentation.h"
#include "models/trail_model.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <limits>

namespace gatehouse::console {

namespace {
QString top(const QVector<QPair<QString, qint64>>& counts, int limit) {
    QStringList parts;
    for (int i = 0; i < counts.size() && i < limit; ++i) {
        parts << QStringLiteral("%1 × %2").arg(counts[i].second).arg((counts[i].first.trimmed().isEmpty() ? QStringLiteral("—") : counts[i].first).toHtmlEscaped());
    }
    return parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", "));
}

QString micros(qint64 us) { return us < 0 ? QStringLiteral("—") : formatMs(us / 1000.0); }
} // namespace

IncidentsPage::IncidentsPage(QWidget* parent) : ConsolePage(parent), trail_(new TrailModel(this)) {
    setObjectName(QStringLiteral("incidentsPage"));
    service_ = new QLineEdit(this);
    service_->setPlaceholderText(tr("service (empty: all)"));
    window_ = new QComboBox(this);
    window_->setObjectName(QStringLiteral("incidentWindow"));
    window_->addItem(tr("last 15 minutes"), 15);
    window_->addItem(tr("last hour"), 60);
    window_->addItem(tr("last 6 hours"), 360);
    window_->addItem(tr("last 24 hours"), 1440);
    window_->addItem(tr("everything kept"), 0);
    window_->setCurrentIndex(1);
    statusClass_ = new QComboBox(this);
    statusClass_->addItem(tr("any status"), 0);
    for (int c = 2; c <= 5; ++c) statusClass_->addItem(tr("%1xx").arg(c), c);
    termination_ = new QLineEdit(this);
    termination_->setPlaceholderText(tr("ended by, e.g. upstream_timeout"));
    route_ = new QLineEdit(this);
    route_->setPlaceholderText(tr("route, e.g. routes[0].paths[1]"));
    user_ = new QLineEdit(this);
    user_->setPlaceholderText(tr("user id"));
    auto* show = new QPushButton(tr("Show"), this);
    connect(show, &QPushButton::clicked, this, [this] {
        if (window_->currentData().toInt() >= 0) fromMs_ = toMs_ = 0; // a preset: the window box decides
        apply();
    });
    connect(window_, &QComboBox::activated, this, [this](int i) {
        if (window_->itemData(i).toInt() >= 0) showExactWindow(0, 0); // a preset chosen: the exact window goes
    });
    for (QLineEdit* edit : {service_, termination_, route_, user_}) connect(edit, &QLineEdit::returnPressed, show, &QPushButton::click);

    summary_ = new QLabel(tr("Choose a service and a window, then Show."), this);
    summary_->setObjectName(QStringLiteral("incidentSummary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    records_ = new QTableView(this);
    records_->setObjectName(QStringLiteral("trailView"));
    records_->setModel(trail_);
    records_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    records_->setSelectionBehavior(QAbstractItemView::SelectRows);
    records_->setSelectionMode(QAbstractItemView::SingleSelection);
    records_->verticalHeader()->hide();
    records_->verticalHeader()->setDefaultSectionSize(records_->fontMetrics().height() + 6);
    records_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    records_->horizontalHeader()->setStretchLastSection(true);
    connect(records_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showRecord(current.row()); });
    // Column widths from the first page (measuring is bounded by the header's precision).
    connect(trail_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        if (first == 0) records_->resizeColumnsToContents();
    });
    detail_ = new QTextBrowser(this);
    detail_->setObjectName(QStringLiteral("recordDetail"));

    auto* copy = new QPushButton(tr("Copy request id"), this);
    copy->setShortcut(QKeySequence::Copy);
    connect(copy, &QPushButton::clicked, this, [this] {
        if (const TrailRecord* r = trail_->record(records_->currentIndex().row())) QApplication::clipboard()->setText(r->requestId);
    });
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export the loaded requests"), QStringLiteral("trail.csv"),
                                                          tr("CSV (*.csv)"));
        if (!file.isEmpty() && !exportCsv(file)) showFailure(tr("cannot write %1").arg(file));
    });

    auto* filters = new QHBoxLayout();
    for (QWidget* w : std::initializer_list<QWidget*>{service_, window_, statusClass_, termination_, route_, user_, show}) filters->addWidget(w);
    auto* actions = new QHBoxLayout();
    actions->addWidget(copy);
    actions->addWidget(exportButton);
    actions->addStretch();
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(records_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    heading_ = new QLabel(tr("<b>Incident drill-down</b> — the requests of a time window, newest first"), this);
    heading_->setObjectName(QStringLiteral("incidentHeading"));
    layout->addWidget(heading_);
    layout->addLayout(filters);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);
    layout->addLayout(actions);
}

void IncidentsPage::clearPage() {
    summary_->setText(tr("Choose a service and a window, then Show."));
    detail_->clear();
}

QString IncidentsPage::windowText() const { return window_->currentText(); }
QString IncidentsPage::headingText() const { return heading_->text(); }

void IncidentsPage::showExactWindow(qint64 fromMs, qint64 toMs) {
    // The box shows the window the query really has: an item of its own, first.
    if (window_->itemData(0).toInt() < 0) window_->removeItem(0);
    if (fromMs <= 0 && toMs <= 0) return;
    const QString label = toMs > 0 ? tr("%1 – %2").arg(formatTime(fromMs), formatTime(toMs)) : tr("%1 – now").arg(formatTime(fromMs));
    window_->insertItem(0, label, -1);
    window_->setItemData(0, tr("%1 to %2").arg(formatTimeUtc(fromMs), toMs > 0 ? formatTimeUtc(toMs) : tr("now")), Qt::ToolTipRole);
    window_->setCurrentIndex(0);
}

void IncidentsPage::investigate(const QString& service, qint64 fromMs, qint64 toMs, int statusClass, Origin origin) {
    heading_->setText(origin == Origin::alert  ? tr("<b>Incident drill-down</b> — the requests behind an alert, from 10 minutes before it began")
                      : origin == Origin::chart ? tr("<b>Incident drill-down</b> — the requests of the range dragged on the chart")
                                                : tr("<b>Incident drill-down</b> — the requests of a time window, newest first"));
    showExactWindow(fromMs, toMs);
    service_->setText(service);
    for (QLineEdit* edit : {termination_, route_, user_}) edit->clear(); // a new question: no leftover filters
    statusClass_->setCurrentIndex(std::max(0, statusClass_->findData(statusClass)));
    fromMs_ = fromMs;
    toMs_ = toMs;
    apply();
}

void IncidentsPage::apply() {
    TrailQuery q;
    q.service = service_->text().trimmed();
    q.statusClass = statusClass_->currentData().toInt();
    q.termination = termination_->text().trimmed();
    q.route = route_->text().trimmed();
    q.user = user_->text().trimmed();
    if (fromMs_ > 0 || toMs_ > 0) {
        q.fromMs = fromMs_;
        q.toMs = toMs_;
    } else if (const int minutes = window_->currentData().toInt(); minutes > 0) {
        q.fromMs = QDateTime::currentMSecsSinceEpoch() - qint64(minutes) * 60'000;
    }
    summary_->setText(tr("loading…"));
    detail_->clear();
    trail_->setQuery(q);
    emit summaryWanted(q, ++summaryTag_);
}

void IncidentsPage::showFailure(const QString& message) {
    summary_->setText(tr("<b>Could not load:</b> %1 — scroll down to try the next page again, or press Show.").arg(message.toHtmlEscaped()));
}

void IncidentsPage::setSummary(quint64 tag, const TrailSummary& s) {
    if (tag != summaryTag_) return; // the answer to an earlier question
    QStringList latency;
    for (const auto& [bound, count] : s.latency) {
        if (count == 0) continue;
        latency << (bound < 0 ? tr("more: %1").arg(count) : tr("≤ %1: %2").arg(formatMs(double(bound))).arg(count));
    }
    QVector<QPair<QString, qint64>> terminations = s.byTermination; // how requests ended, in words
    for (auto& [cause, count] : terminations) cause = terminationText(cause);
    summary_->setText(tr("<b>%n request(s).</b> Status: %1. Ended by: %2.<br>Top routes: %3.<br>Top users: %4. Top clients: %5.<br>"
                         "Latency: %6.",
                         nullptr, int(std::min<qint64>(s.total, std::numeric_limits<int>::max())))
                          .arg(top(s.byStatus, 8), top(terminations, 6), top(s.byRoute, 5), top(s.topUsers, 5), top(s.topClients, 5),
                               latency.isEmpty() ? QStringLiteral("—") : latency.join(QStringLiteral(", "))));
}

void IncidentsPage::showRecord(int row) {
    const TrailRecord* r = trail_->record(row);
    if (!r) {
        detail_->clear();
        return;
    }
    QString html = tr("<h3>%1 %2 → %3</h3>").arg(r->method.toHtmlEscaped(), r->path.toHtmlEscaped(), r->status ? QString::number(r->status) : QStringLiteral("—"));
    html += tr("<p><b>Ended:</b> %1<br><b>Request id:</b> %2<br><b>Service:</b> %3 %4<br><b>Destination:</b> %5<br>"
               "<b>Client:</b> %6 %7</p>")
                .arg(terminationText(r->termination).toHtmlEscaped(), r->requestId.toHtmlEscaped(), r->service.toHtmlEscaped(),
                     r->route.toHtmlEscaped(), r->destination.isEmpty() ? tr("none tried") : r->destination.toHtmlEscaped(),
                     r->clientIp.toHtmlEscaped(), r->userId.isEmpty() ? QString() : tr("(user %1)").arg(r->userId.toHtmlEscaped()));
    html += tr("<p><b>Timings:</b> total %1 · filters %2 · connect %3 · waiting for the service %4<br><b>Bytes:</b> %5 in, %6 out</p>")
                .arg(micros(r->durationUs), micros(r->filtersUs), micros(r->connectUs), micros(r->ttfbUs))
                .arg(r->bytesIn)
                .arg(r->bytesOut);
    html += tr("<p><b>Filters</b> (%n shadow mismatch(es))</p><table cellspacing=4>", nullptr, r->shadowMismatches);
    for (const FilterDecision& f : r->filters) {
        html += QStringLiteral("<tr><td>%1%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
                    .arg(f.name.toHtmlEscaped(), f.mode == QLatin1String("shadow") ? tr(" (shadow)") : QString(), decisionText(f.decision).toHtmlEscaped(),
                         formatMs(f.micros / 1000.0), f.reason.toHtmlEscaped(), f.mismatch ? tr("<b>disagrees with the backend</b>") : QString());
    }
    html += QStringLiteral("</table>");
    detail_->setHtml(html);
}

QString IncidentsPage::summaryText() const { return summary_->text(); }
QString IncidentsPage::detailText() const { return detail_->toPlainText(); }

bool IncidentsPage::exportCsv(const QString& file) const {
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return out.write(trail_->toCsv().toUtf8()) >= 0;
}

void IncidentsPage::setFleetMode(bool fleet) { records_->setColumnHidden(TrailModel::gatewayColumn, !fleet); }

} // namespace gatehouse::console
