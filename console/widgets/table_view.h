#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace gatehouse::console {

// The console's read-only tables: whole-row single selection, no row numbers, columns
// sized to their contents with the last one taking the rest. Pages add what is theirs
// (word wrap, alternating rows, a stretched column).
QTableView* makeReadOnlyTable(QAbstractItemModel* model, const QString& objectName, QWidget* parent);

} // namespace gatehouse::console
