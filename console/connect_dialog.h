#pragma once

#include <QDialog>
#include <QUrl>

class QComboBox;
class QLineEdit;

namespace gatehouse::console {

// What to connect to: one gateway's admin API, or a route collector for the whole fleet
// (its URL and a collector token), saved as a named profile (QSettings
// "profiles/<name>"). The token is never shown in clear, and the settings file that
// holds it is readable by its owner only (0600).
struct ConnectionProfile {
    QString name;
    QUrl url;
    QString token;
    QString caFile = {}; // https://: the CA that signed the gateway's certificate
    bool fleet = false;  // a collector: every page shows the fleet
};

QList<ConnectionProfile> loadProfiles();
void saveProfile(const ConnectionProfile& profile);
// Makes the settings file owner-only (it holds tokens); true when it is.
bool protectSettingsFile();

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
    QLineEdit* caFile_;
    QComboBox* kind_;
};

} // namespace gatehouse::console
