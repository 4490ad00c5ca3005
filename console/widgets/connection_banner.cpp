#include "widgets/connection_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace gatehouse::console {

ConnectionBanner::ConnectionBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("connectionBanner"));
    setFrameShape(QFrame::StyledPanel);
    // Fixed colours: a problem banner looks the same in light and dark palettes.
    setStyleSheet(QStringLiteral("#connectionBanner { background: #fdecea; border: 1px solid #d32f2f; } "
                                 "#connectionBanner QLabel { color: #5f1212; }"));
    label_ = new QLabel(this);
    label_->setWordWrap(true);
    auto* retry = new QPushButton(tr("Retry now"), this);
    auto* change = new QPushButton(tr("Connection…"), this);
    connect(retry, &QPushButton::clicked, this, &ConnectionBanner::retryNow);
    connect(change, &QPushButton::clicked, this, &ConnectionBanner::changeConnection);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(label_, 1);
    layout->addWidget(retry);
    layout->addWidget(change);
    hide();
}

void ConnectionBanner::showProblem(const QString& message, int retrySeconds) {
    label_->setText(tr("%1 — retrying every %2 s; the data below is from the last successful refresh.").arg(message).arg(retrySeconds));
    show();
}

QString ConnectionBanner::text() const { return label_->text(); }

} // namespace gatehouse::console
