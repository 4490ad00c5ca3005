#pragma once

#include <QWidget>

namespace gatehouse::console {

// What every page of the main window is: it has a title (its menu entry and navigation
// item), can be cleared when the console connects elsewhere (nothing of the previous
// gateway stays on screen), and says when it becomes the current page, for the data it
// only needs while seen. The main window iterates its pages; it never names a page to
// do these.
class ConsolePage : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;
    virtual QString pageTitle() const = 0; // with its mnemonic: "&Fleet"
    virtual void clearPage() {}
    // Connected to a collector (the whole fleet) or to one gateway: what shows which
    // gateway a row came from is shown only for a fleet.
    virtual void setFleetMode(bool fleet) { (void)fleet; }
    void becameCurrent() { emit shown(); }

signals:
    void shown();
};

} // namespace gatehouse::console
