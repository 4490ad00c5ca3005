#include "connect_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>

namespace gatehouse::console {

QList<ConnectionProfile> loadProfiles() {
    QSettings settings;
    QList<ConnectionProfile> out;
    settings.beginGroup(QStringLiteral("profiles"));
    for (const QString& name : settings.childGroups()) {
        settings.beginGroup(name);
        out.push_back({name, settings.value(QStringLiteral("url")).toUrl(), settings.value(QStringLiteral("token")).toString(),
                       settings.value(QStringLiteral("ca_file")).toString()});
        settings.endGroup();
    }
    return out;
}

void saveProfile(const ConnectionProfile& profile) {
    QSettings settings;
    settings.beginGroup(QStringLiteral("profiles"));
    settings.beginGroup(profile.name);
    settings.setValue(QStringLiteral("url"), profile.url);
    settings.setValue(QStringLiteral("token"), profile.token);
    settings.setValue(QStringLiteral("ca_file"), profile.caFile);
    settings.endGroup();
    settings.endGroup();
    settings.sync();
    protectSettingsFile();
}

bool protectSettingsFile() {
    QSettings settings;
    settings.sync(); // the file exists once something was written
    const QString file = settings.fileName();
    if (!QFileInfo::exists(file)) return true;
    return QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

ConnectDialog::ConnectDialog(const QString& current, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Connect to a gateway"));
    profiles_ = new QComboBox(this);
    profiles_->setEditable(true);
    for (const ConnectionProfile& p : loadProfiles()) profiles_->addItem(p.name);
    url_ = new QLineEdit(this);
    url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:9901"));
    token_ = new QLineEdit(this);
    token_->setEchoMode(QLineEdit::Password);
    token_->setPlaceholderText(tr("a viewer or admin token from admin_tokens_file"));
    caFile_ = new QLineEdit(this);
    caFile_->setPlaceholderText(tr("https: the CA certificate file (PEM); empty: the system's"));
    auto* form = new QFormLayout();
    form->addRow(tr("Profile"), profiles_);
    form->addRow(tr("Admin API URL"), url_);
    form->addRow(tr("Token"), token_);
    form->addRow(tr("CA file"), caFile_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(profiles_, &QComboBox::currentTextChanged, this, &ConnectDialog::showProfile);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Profiles remember a gateway's URL and token (in this user's settings)."), this));
    layout->addLayout(form);
    layout->addWidget(buttons);
    profiles_->setCurrentText(current.isEmpty() ? QStringLiteral("local") : current);
    showProfile(profiles_->currentText());
}

void ConnectDialog::showProfile(const QString& name) {
    for (const ConnectionProfile& p : loadProfiles()) {
        if (p.name == name) {
            url_->setText(p.url.toString());
            token_->setText(p.token);
            caFile_->setText(p.caFile);
            return;
        }
    }
}

ConnectionProfile ConnectDialog::profile() const {
    return {profiles_->currentText().trimmed().isEmpty() ? QStringLiteral("local") : profiles_->currentText().trimmed(),
            QUrl::fromUserInput(url_->text().trimmed()), token_->text().trimmed(), caFile_->text().trimmed()};
}

} // namespace gatehouse::console
