#pragma once

#include "api/admin_types.h"
#include "api/collector_client.h"

#include "pages/console_page.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace gatehouse::console {

class CandidatesModel;
class RoutesFilterModel;
class RoutesModel;

// The route-table explorer for service owners: the ordered table (searchable by service,
// host and path prefix) with its version and source, "test a request" (the winner
// highlighted, every candidate's verdict and why, the precedence step that decided, the
// captured params), and a local check of a config file before registering it.
class RoutesPage : public ConsolePage {
    Q_OBJECT

public:
    QString pageTitle() const override { return tr("&Routes"); }
    void clearPage() override;
    explicit RoutesPage(QWidget* parent = nullptr);
    RoutesModel* routesModel() const { return routes_; }

    void setTable(const RouteTableInfo& table);
    void setExplanation(const Explanation& explanation);
    void validateFile(const QString& path);
    // Asks the collector what registering the last checked file would do.
    void dryRun(const QUrl& collector, const QString& token);
    void setDryRun(const DryRunResult& result);

    QTableView* routesView() const { return routesView_; }
    QTableView* candidatesView() const { return candidatesView_; }
    CandidatesModel* candidates() const { return candidates_; }
    QString verdictText() const;
    QString validationText() const;
    void setFilters(const QString& service, const QString& host, const QString& pathPrefix);
    void setRequest(const QString& method, const QString& host, const QString& path);

signals:
    void explainRequested(const QString& method, const QString& host, const QString& path);
    void dryRunRequested(const QUrl& collector, const QString& token, const QString& service, const QByteArray& config, quint64 tag);

private:
    void explain();
    QLayout* buildConfigCheck();

    RoutesModel* routes_;
    RoutesFilterModel* proxy_;
    CandidatesModel* candidates_;
    std::optional<Explanation> explanation_;
    QLabel* tableInfo_;
    QLineEdit* serviceFilter_;
    QLineEdit* hostFilter_;
    QLineEdit* pathFilter_;
    QTableView* routesView_;
    QComboBox* method_;
    QLineEdit* host_;
    QLineEdit* path_;
    QCheckBox* all_;
    QLabel* verdict_;
    QTableView* candidatesView_;
    QPlainTextEdit* validation_;
    QLineEdit* collectorUrl_;
    QLineEdit* collectorToken_;
    QString lastFile_;
    QString lastService_;
    quint64 dryRunTag_ = 0; // answers to an earlier dry run are dropped
};

} // namespace gatehouse::console
