#pragma once

#include <QMainWindow>

class QLabel;
class QStackedWidget;

namespace gatehouse::console {

// The console's shell: pages in a stack, connection state always visible in the status
// bar. Pages (fleet, service, alerts, routes, incidents, security) arrive with their
// issues; the window itself stays thin.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    QString connectionText() const;

private:
    void buildMenus();

    QStackedWidget* pages_ = nullptr;
    QLabel* connectionLabel_ = nullptr;
};

} // namespace gatehouse::console
