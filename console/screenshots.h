#pragma once

#include <QString>

namespace gatehouse::console {

class MainWindow;

// For docs and the demo (`--screenshot DIR`), not for operators: renders each page of
// `window` to DIR/fleet.png, service.png, alerts.png, incidents.png, routes.png and
// security.png once its data has arrived (bounded by timeoutMs). The service page shows
// the worst service, the drill-down its requests of the last hour.
bool saveScreenshots(MainWindow& window, const QString& dir, int timeoutMs);

} // namespace gatehouse::console
