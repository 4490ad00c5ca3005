#include "models/trail_model.h"

#include "models/presentation.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace gatehouse::console {

QString terminationText(const QString& t) {
    if (t == QLatin1String("completed")) return TrailModel::tr("answered by the service");
    if (t == QLatin1String("filter_denied")) return TrailModel::tr("refused by a filter");
    if (t == QLatin1String("no_route")) return TrailModel::tr("no route (404)");
    if (t == QLatin1String("bad_request")) return TrailModel::tr("bad request, refused by the gateway");
    if (t == QLatin1String("body_too_large")) return TrailModel::tr("body too large (413)");
    if (t == QLatin1String("upstream_timeout")) return TrailModel::tr("the service did not answer in time (504)");
    if (t == QLatin1String("upstream_connect_failed")) return TrailModel::tr("could not connect to the service (502)");
    if (t == QLatin1String("upstream_reset")) return TrailModel::tr("the service closed the connection (502)");
    if (t == QLatin1String("upstream_protocol_error")) return TrailModel::tr("the service's answer was not valid HTTP (502)");
    if (t == QLatin1String("no_healthy_upstream")) return TrailModel::tr("no healthy destination (503)");
    if (t == QLatin1String("upstream_overflow")) return TrailModel::tr("too many connections to the service (503)");
    if (t == QLatin1String("client_aborted")) return TrailModel::tr("the client went away");
    if (t == QLatin1String("client_timeout")) return TrailModel::tr("the client was too slow");
    if (t == QLatin1String("websocket_client_closed")) return TrailModel::tr("WebSocket closed by the client");
    if (t == QLatin1String("websocket_upstream_closed")) return TrailModel::tr("WebSocket closed by the service");
    if (t == QLatin1String("websocket_idle_timeout")) return TrailModel::tr("WebSocket idle too long, closed by the gateway");
    if (t == QLatin1String("websocket_max_duration")) return TrailModel::tr("WebSocket at its maximum duration, closed by the gateway");
    if (t == QLatin1String("websocket_drained")) return TrailModel::tr("WebSocket closed: the gateway was stopping");
    return t;
}

int TrailModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int TrailModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Column::columnTotal; }
const TrailRecord* TrailModel::record(int row) const { return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr; }

QVariant TrailModel::data(const QModelIndex& index, int role) const {
    const TrailRecord* r = index.isValid() ? record(index.row()) : nullptr;
    if (!r) return {};
    if (role == Qt::ForegroundRole && index.column() == statusColumn) {
        if (r->status >= 500 || r->status == 0) return statusTextColor(HealthStatus::red);
        if (r->status >= 400) return statusTextColor(HealthStatus::amber);
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == terminationColumn) return r->termination; // the code, for the filter box
    if (role == Qt::ToolTipRole && index.column() == timeColumn) return formatTimeUtc(r->timeMs);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case timeColumn: {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(r->timeMs);
        return at.toString(at.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    case statusColumn: return r->status ? QString::number(r->status) : QStringLiteral("—");
    case methodColumn: return r->method;
    case pathColumn: return r->path;
    case serviceColumn: return r->service;
    case routeColumn: return r->route;
    case terminationColumn: return terminationText(r->termination);
    case durationColumn: return formatMs(r->durationUs / 1000.0);
    case userColumn: return r->userId;
    case requestIdColumn: return r->requestId;
    case gatewayColumn: return r->gatewayId;
    default: return {};
    }
}

QVariant TrailModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case timeColumn: return tr("Time");
    case statusColumn: return tr("Status");
    case methodColumn: return tr("Method");
    case pathColumn: return tr("Path");
    case serviceColumn: return tr("Service");
    case routeColumn: return tr("Route");
    case terminationColumn: return tr("Ended by");
    case durationColumn: return tr("Duration");
    case userColumn: return tr("User");
    case requestIdColumn: return tr("Request id");
    case gatewayColumn: return tr("Gateway");
    default: return {};
    }
}

bool TrailModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && started_ && next_.has_value() && !loading_;
}

void TrailModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    loading_ = true;
    emit pageWanted(query_, next_, kPageSize, tag_);
}

void TrailModel::setQuery(const TrailQuery& query) {
    beginResetModel();
    rows_.clear();
    query_ = query;
    next_.reset();
    started_ = true;
    loading_ = true;
    ++tag_;
    endResetModel();
    emit pageWanted(query_, std::nullopt, kPageSize, tag_);
}

void TrailModel::appendPage(quint64 tag, const TrailPage& page) {
    if (tag != tag_) return; // a page of an earlier query
    loading_ = false;
    next_ = page.nextCursor;
    if (page.records.isEmpty()) return;
    beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(page.records.size()) - 1);
    rows_ += page.records;
    endInsertRows();
}

void TrailModel::pageFailed(quint64 tag) {
    if (tag == tag_) loading_ = false; // next_ stays: scrolling retries the same page
}

void TrailModel::clear() {
    beginResetModel();
    rows_.clear();
    next_.reset();
    started_ = false;
    loading_ = false;
    ++tag_;
    endResetModel();
}

namespace {
// RFC 4180 quoting; a field a spreadsheet would run as a formula (client-sent text such as
// a Host or user id starting with =, +, - or @) is prefixed with a quote.
QString csvField(const QString& text, bool fromClient) {
    QString field = text;
    if (fromClient && !field.isEmpty() && QStringLiteral("=+-@").contains(field.front())) field.prepend(QLatin1Char('\''));
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')) &&
        !field.contains(QLatin1Char('\r'))) {
        return field;
    }
    field.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + field + QLatin1Char('"');
}
} // namespace

QString TrailModel::toCsv() const {
    // A BOM so that spreadsheets read UTF-8; CRLF line ends (RFC 4180).
    const bool fleet = std::any_of(rows_.begin(), rows_.end(), [](const TrailRecord& r) { return !r.gatewayId.isEmpty(); });
    QString out = QStringLiteral("\uFEFFtime_ms,request_id,method,host,path,service,route,destination,status,termination,duration_us,user_id,client_ip") +
                  (fleet ? QStringLiteral(",gateway_id\r\n") : QStringLiteral("\r\n"));
    for (const TrailRecord& r : rows_) {
        const QList<QPair<QString, bool>> fields{
            {QString::number(r.timeMs), false}, {r.requestId, true},  {r.method, true},    {r.host, true},
            {r.path, true},                     {r.service, false},   {r.route, false},    {r.destination, false},
            {QString::number(r.status), false}, {r.termination, false}, {QString::number(r.durationUs), false},
            {r.userId, true},                   {r.clientIp, false}};
        QStringList quoted;
        for (const auto& [text, fromClient] : fields) quoted << csvField(text, fromClient);
        if (fleet) quoted << csvField(r.gatewayId, false);
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

} // namespace gatehouse::console
