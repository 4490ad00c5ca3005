#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace gatehouse::console {

// A strip above the pages when the gateway cannot be reached or refuses the token: the
// error in words and when the next attempt is. Never a modal dialog.
class ConnectionBanner : public QFrame {
    Q_OBJECT

public:
    explicit ConnectionBanner(QWidget* parent = nullptr);
    void showProblem(const QString& message, int retrySeconds);
    QString text() const;

signals:
    void retryNow();
    void changeConnection();

private:
    QLabel* label_;
};

} // namespace gatehouse::console
