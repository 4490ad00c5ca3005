#pragma once

#include <QString>

namespace gatehouse::console {

// The console's look: "system" (the desktop's palette), "light" or "dark" (Fusion with
// a palette of its own, the same on every desktop). Status colours do not change with
// it: they mean something.
void applyTheme(const QString& theme);
QString currentTheme(); // as last applied

} // namespace gatehouse::console
