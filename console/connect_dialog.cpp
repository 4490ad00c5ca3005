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
                       settings.value(QStringLiteral("ca_file")).toString(),
                       settings.value(QStringLiteral("kind")).toString() == QLatin1String("fleet")});
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
    settings.setValue(QStringLiteral("kind"), profile.fleet ? QStringLiteral("fleet") : QStringLiteral("gateway"));
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
    setWindowTitle(tr("Connect to a gateway or a fleet"));
    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("connectKind"));
    kind_->addItem(tr("One gateway (its admin API)"), false);
    kind_->addItem(tr("Fleet (a route collector: every gateway)"), true);
    profiles_ = new QComboBox(this);
    profiles_->setEditable(true);
    for (const ConnectionProfile& p : loadProfiles()) profiles_->addItem(p.name);
    url_ = new QLineEdit(this);
    url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:9901"));
    token_ = new QLineEdit(this);
    token_->setEchoMode(QLineEdit::Password);
    token_->setPlaceholderText(tr("a gateway's admin token, or a collector token"));
    caFile_ = new QLineEdit(this);
    caFile_->setPlaceholderText(tr("https: the CA certificate file (PEM); empty: the system's"));
    auto* form = new QFormLayout();
    form->addRow(tr("Profile"), profiles_);
    form->addRow(tr("Connect to"), kind_);
    form->addRow(tr("URL"), url_);
    form->addRow(tr("Token"), token_);
    form->addRow(tr("CA file"), caFile_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(profiles_, &QComboBox::currentTextChanged, this, &ConnectDialog::showProfile);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Profiles remember a URL and its token (in this user's settings)."), this));
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
            kind_->setCurrentIndex(p.fleet ? 1 : 0);
            return;
        }
    }
}

ConnectionProfile ConnectDialog::profile() const {
    return {profiles_->currentText().trimmed().isEmpty() ? QStringLiteral("local") : profiles_->currentText().trimmed(),
            QUrl::fromUserInput(url_->text().trimmed()), token_->text().trimmed(), caFile_->text().trimmed(),
            kind_->currentData().toBool()};
}

} // namespace gatehouse::console
