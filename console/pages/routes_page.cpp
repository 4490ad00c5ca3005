#include "pages/routes_page.h"

#include "api/local_validation.h"
#include "models/presentation.h"
#include "models/routes_model.h"

#include "widgets/table_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QSettings>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::console {

namespace {

QString sourceText(const RouteTableInfo& table) {
    if (table.source == QLatin1String("collector")) {
        return table.stalenessSeconds > 0
                   ? RoutesPage::tr("from the collector (its version %1), not confirmed for %2 s").arg(table.collectorVersion).arg(qRound(table.stalenessSeconds))
                   : RoutesPage::tr("from the collector (its version %1), current").arg(table.collectorVersion);
    }
    if (table.source == QLatin1String("last_known_good")) {
        return RoutesPage::tr("from the last-known-good copy (collector version %1), %2 s old — the collector is unreachable")
            .arg(table.collectorVersion)
            .arg(qRound(table.stalenessSeconds));
    }
    return RoutesPage::tr("from the gateway's services directory");
}
} // namespace

RoutesPage::RoutesPage(QWidget* parent) : ConsolePage(parent), routes_(new RoutesModel(this)) {
    setObjectName(QStringLiteral("routesPage"));
    proxy_ = new RoutesFilterModel(this);
    proxy_->setSourceModel(routes_);
    candidates_ = new CandidatesModel(this);

    tableInfo_ = new QLabel(this);
    tableInfo_->setObjectName(QStringLiteral("tableInfo"));
    serviceFilter_ = new QLineEdit(this);
    hostFilter_ = new QLineEdit(this);
    pathFilter_ = new QLineEdit(this);
    serviceFilter_->setPlaceholderText(tr("service"));
    hostFilter_->setPlaceholderText(tr("host, e.g. api.example.com"));
    pathFilter_->setPlaceholderText(tr("path prefix, e.g. /v2/droplets"));
    for (QLineEdit* edit : {serviceFilter_, hostFilter_, pathFilter_}) {
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textChanged, this,
                [this] { proxy_->setFilters(serviceFilter_->text(), hostFilter_->text(), pathFilter_->text()); });
    }
    auto* filters = new QHBoxLayout();
    filters->addWidget(new QLabel(tr("Show routes of"), this));
    filters->addWidget(serviceFilter_);
    filters->addWidget(new QLabel(tr("for host"), this));
    filters->addWidget(hostFilter_);
    filters->addWidget(new QLabel(tr("under"), this));
    filters->addWidget(pathFilter_);
    routesView_ = makeReadOnlyTable(proxy_, QStringLiteral("routesView"), this);
    routesView_->setAlternatingRowColors(true);

    // Test a request.
    method_ = new QComboBox(this);
    method_->setEditable(true);
    method_->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
                       QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    host_ = new QLineEdit(QStringLiteral("api.example.com"), this);
    path_ = new QLineEdit(this);
    path_->setObjectName(QStringLiteral("explainPath"));
    path_->setPlaceholderText(QStringLiteral("/v2/droplets/42"));
    auto* go = new QPushButton(tr("Which route, and why?"), this);
    go->setObjectName(QStringLiteral("explainButton"));
    all_ = new QCheckBox(tr("also routes whose path does not match"), this);
    connect(go, &QPushButton::clicked, this, &RoutesPage::explain);
    connect(path_, &QLineEdit::returnPressed, this, &RoutesPage::explain);
    connect(all_, &QCheckBox::toggled, this, [this](bool all) {
        if (explanation_) candidates_->setExplanation(*explanation_, all);
    });
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("verdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextFormat(Qt::RichText);
    candidatesView_ = makeReadOnlyTable(candidates_, QStringLiteral("candidatesView"), this);
    candidatesView_->setAlternatingRowColors(true);
    candidatesView_->setWordWrap(true);
    auto* request = new QHBoxLayout();
    request->addWidget(method_);
    request->addWidget(host_, 1);
    request->addWidget(path_, 2);
    request->addWidget(go);
    auto* testBox = new QGroupBox(tr("Test a request"), this);
    auto* testLayout = new QVBoxLayout(testBox);
    testLayout->addLayout(request);
    testLayout->addWidget(all_);
    testLayout->addWidget(verdict_);
    testLayout->addWidget(candidatesView_, 1);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(tableInfo_);
    topLayout->addLayout(filters);
    topLayout->addWidget(routesView_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(testBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(buildConfigCheck());
}

// Check a config file before registering it, and dry-run it against the collector.
QLayout* RoutesPage::buildConfigCheck() {
    auto* validateButton = new QPushButton(tr("Check a service config file…"), this);
    validateButton->setObjectName(QStringLiteral("validateButton"));
    validation_ = new QPlainTextEdit(this);
    validation_->setObjectName(QStringLiteral("validation"));
    validation_->setReadOnly(true);
    validation_->setPlaceholderText(tr("Problems of a config file appear here, with their JSON paths and hints — the same "
                                       "messages as gatehouse-routes validate and the collector."));
    validation_->setMaximumHeight(validation_->fontMetrics().height() * 8);
    connect(validateButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Service config"), QString(), tr("JSON (*.json)"));
        if (!file.isEmpty()) validateFile(file);
    });

    collectorUrl_ = new QLineEdit(this);
    collectorUrl_->setObjectName(QStringLiteral("collectorUrl"));
    collectorUrl_->setPlaceholderText(tr("collector URL, e.g. http://127.0.0.1:9700"));
    collectorToken_ = new QLineEdit(this);
    collectorToken_->setObjectName(QStringLiteral("collectorToken"));
    collectorToken_->setEchoMode(QLineEdit::Password);
    // The URL is remembered (an owner checks configs against the same collector every
    // time); the token only for the session.
    collectorUrl_->setText(QSettings().value(QStringLiteral("routes/collector_url")).toString());
    connect(collectorUrl_, &QLineEdit::editingFinished, this,
            [this] { QSettings().setValue(QStringLiteral("routes/collector_url"), collectorUrl_->text().trimmed()); });
    collectorToken_->setPlaceholderText(tr("your collector token"));
    auto* dryRunButton = new QPushButton(tr("Dry-run it against the collector"), this);
    dryRunButton->setObjectName(QStringLiteral("dryRunButton"));
    connect(dryRunButton, &QPushButton::clicked, this,
            [this] { dryRun(QUrl::fromUserInput(collectorUrl_->text().trimmed()), collectorToken_->text().trimmed()); });

    auto* bottom = new QHBoxLayout();
    auto* buttons = new QVBoxLayout();
    buttons->addWidget(validateButton);
    buttons->addWidget(collectorUrl_);
    buttons->addWidget(collectorToken_);
    buttons->addWidget(dryRunButton);
    buttons->addStretch();
    bottom->addLayout(buttons);
    bottom->addWidget(validation_, 1);
    return bottom;
}

void RoutesPage::clearPage() {
    verdict_->clear();
    validation_->clear();
}

void RoutesPage::setTable(const RouteTableInfo& table) {
    routes_->setTable(table);
    if (collectorUrl_->text().isEmpty() && !table.collectorUrl.isEmpty()) collectorUrl_->setText(table.collectorUrl);
    tableInfo_->setText(tr("<b>Routing table</b> v%1, %2 routes, %3 — the first route that matches wins")
                            .arg(table.version)
                            .arg(table.routes.size())
                            .arg(sourceText(table).toHtmlEscaped()));
}

void RoutesPage::setFilters(const QString& service, const QString& host, const QString& pathPrefix) {
    serviceFilter_->setText(service);
    hostFilter_->setText(host);
    pathFilter_->setText(pathPrefix);
}

void RoutesPage::setRequest(const QString& method, const QString& host, const QString& path) {
    method_->setCurrentText(method);
    host_->setText(host);
    path_->setText(path);
}

void RoutesPage::explain() {
    QString path = path_->text().trimmed();
    if (!path.startsWith(QLatin1Char('/'))) path.prepend(QLatin1Char('/'));
    emit explainRequested(method_->currentText().trimmed().toUpper(), host_->text().trimmed(), path);
}

void RoutesPage::setExplanation(const Explanation& explanation) {
    explanation_ = explanation;
    candidates_->setExplanation(explanation, all_->isChecked());
    routes_->setWinner(explanation.winnerPosition);
    candidatesView_->resizeRowsToContents();
    if (!explanation.winnerPosition) {
        verdict_->setText(tr("<b>No route matches</b> %1 %2 %3: the gateway answers 404.")
                              .arg(explanation.method.toHtmlEscaped(), explanation.host.toHtmlEscaped(), explanation.path.toHtmlEscaped()));
        return;
    }
    const int row = routes_->rowOfPosition(*explanation.winnerPosition);
    const RouteRow* winner = row >= 0 ? &routes_->table().routes[row] : nullptr;
    QStringList params;
    for (const auto& [name, value] : explanation.params) params << QStringLiteral("%1 = %2").arg(name, value);
    int outranked = 0;
    for (const ExplainCandidate& c : explanation.candidates) outranked += c.verdict == QLatin1String("outranked");
    verdict_->setText(tr("<b>#%1 %2</b> %3 wins%4.")
                          .arg(*explanation.winnerPosition)
                          .arg(winner ? winner->service.toHtmlEscaped() : QString(), winner ? winner->path.toHtmlEscaped() : QString(),
                               params.isEmpty() ? QString() : tr(" — params: %1").arg(params.join(QStringLiteral(", ")).toHtmlEscaped())) +
                      (outranked > 0 ? QLatin1Char(' ') + tr("%n other route(s) match too but come later.", nullptr, outranked) : QString()));
    const QModelIndex winnerIndex = proxy_->mapFromSource(routes_->index(row, 0));
    if (winnerIndex.isValid()) routesView_->scrollTo(winnerIndex, QAbstractItemView::PositionAtCenter);
}

QString RoutesPage::verdictText() const { return verdict_->text(); }
QString RoutesPage::validationText() const { return validation_->toPlainText(); }

void RoutesPage::dryRun(const QUrl& collector, const QString& token) {
    if (lastFile_.isEmpty() || lastService_.isEmpty()) {
        validation_->setPlainText(tr("Check a config file first: the dry run sends that file."));
        return;
    }
    QFile file(lastFile_);
    if (!collector.isValid() || !file.open(QIODevice::ReadOnly)) {
        validation_->setPlainText(tr("Give the collector's URL (and your token), and a readable file."));
        return;
    }
    validation_->setPlainText(tr("Asking %1 what registering %2 would do…").arg(collector.toString(), lastService_));
    emit dryRunRequested(collector, token, lastService_, file.readAll(), ++dryRunTag_);
}

void RoutesPage::setDryRun(const DryRunResult& r) {
    if (r.tag != dryRunTag_) return; // the answer about an earlier file
    QStringList lines;
    switch (r.httpStatus) {
    case 200: lines << tr("%1: the collector would accept it. What the table would become:").arg(r.service); break;
    case 409: lines << tr("%1: a takeover — the collector would refuse it.").arg(r.service); break;
    case 422: lines << tr("%1: invalid — the collector would refuse it.").arg(r.service); break;
    case 0: lines << r.message; break;
    default: lines << tr("The collector answered HTTP %1: %2").arg(r.httpStatus).arg(r.message); break;
    }
    for (const auto& c : r.conflicts) {
        lines << tr("  %1 '%2' is already served by service '%3' (%4)").arg(c.route, c.path, c.owner, c.ownerRoute);
    }
    lines << r.problems;
    for (const QString& a : r.added) lines << QStringLiteral("  + ") + a;
    for (const QString& a : r.removed) lines << QStringLiteral("  - ") + a;
    for (const QString& a : r.moved) lines << QStringLiteral("  ~ ") + a;
    if (!r.changedRequests.isEmpty()) lines << tr("  requests that would reach another route:");
    for (const QString& a : r.changedRequests) lines << QStringLiteral("    ") + a;
    if (r.httpStatus == 200 && r.added.isEmpty() && r.removed.isEmpty() && r.moved.isEmpty()) lines << tr("  the routing table would not change");
    validation_->setPlainText(lines.join(QLatin1Char('\n')));
}

void RoutesPage::validateFile(const QString& path) {
    ++dryRunTag_; // a new file: a dry run still on its way answers about the old one
    const LocalValidation result = validateServiceFile(path);
    lastFile_ = path;
    lastService_ = result.service;
    QStringList lines = result.problems;
    if (result.readable) {
        lines << (result.valid ? tr("%1: valid (%n warning(s)); register it with gatehouse-routes register, or try a dry run first.", nullptr,
                                        result.warnings)
                                     .arg(result.service)
                               : tr("%n error(s): the collector would refuse this file; fix them and check again.", nullptr, result.errors));
    }
    validation_->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace gatehouse::console
