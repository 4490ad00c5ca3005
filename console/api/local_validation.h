#pragma once

#include <QString>
#include <QStringList>

namespace gatehouse::console {

// A service config file checked on this machine by the shared validator: the same rules
// and messages as `gatehouse-routes validate` and the collector. (Takeovers need the whole
// table: the collector's dry-run answers those.)
struct LocalValidation {
    bool readable = false;
    bool valid = false;
    QString service;       // the config's name, when it has one
    QStringList problems;  // "file: path: error [code] message" + hint lines
    int errors = 0;
    int warnings = 0;
};

LocalValidation validateServiceFile(const QString& path);

} // namespace gatehouse::console
