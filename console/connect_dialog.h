#pragma once

#include <QDialog>
#include <QUrl>

class QComboBox;
class QLineEdit;

namespace gatehouse::console {

// A gateway to connect to: its admin API URL and a token, saved as a named profile
// (QSettings "profiles/<name>"). The token is never shown in clear.
struct ConnectionProfile {
    QString name;
    QUrl url;
    QString token;
};

QList<ConnectionProfile> loadProfiles();
void saveProfile(const ConnectionProfile& profile);

class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    explicit ConnectDialog(const QString& current, QWidget* parent = nullptr);
    ConnectionProfile profile() const;

private:
    void showProfile(const QString& name);

    QComboBox* profiles_;
    QLineEdit* url_;
    QLineEdit* token_;
};

} // namespace gatehouse::console
