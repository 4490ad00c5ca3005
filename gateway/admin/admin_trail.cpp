// The trail: lists, summaries and single requests, answered on the trail's query threads.
#include "admin/admin_api.h"

#include "admin/admin_store.h"
#include "admin/trail_json.h"
#include "common/text_util.h"
#include "state/gateway_state.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <limits>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

struct TrailWindow {
    std::optional<std::int64_t> from, to;
    std::string service;
};

std::expected<TrailWindow, AdminResponse> trailWindow(const QueryParams& params) {
    TrailWindow window;
    auto from = params.integer("from", 0, std::numeric_limits<std::int64_t>::max());
    if (!from) return std::unexpected(from.error());
    auto to = params.integer("to", 0, std::numeric_limits<std::int64_t>::max());
    if (!to) return std::unexpected(to.error());
    window.from = *from;
    window.to = *to;
    window.service = params.decoded("service").value_or("");
    return window;
}

std::optional<int> asInt(std::optional<std::int64_t> value) {
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

} // namespace

AdminResponse AdminApi::trailSummary(TrailReader& reader, const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "from", "to", "status_class"});
    if (!params) return params.error();
    auto window = trailWindow(*params);
    if (!window) return window.error();
    auto statusClass = params->integer("status_class", 1, 5);
    if (!statusClass) return statusClass.error();
    return {200, trailSummaryJson(reader.summary(window->service, window->from, window->to, asInt(*statusClass))), {}};
}

AdminResponse AdminApi::trailRecord(TrailReader& reader, const std::string& requestId) {
    auto record = reader.byRequestId(requestId);
    if (!record) return adminError(404, "not_found", fmt::format("no request '{}' in the trail", printable(requestId)));
    return {200, json::serialize(trailRowJson(*record)), {}};
}

AdminResponse AdminApi::trailList(TrailReader& reader, const std::string& query) const {
    auto params = QueryParams::parse(query, {"service", "route", "status", "status_class", "termination", "user", "from", "to", "limit", "cursor"});
    if (!params) return params.error();
    auto window = trailWindow(*params);
    if (!window) return window.error();
    std::optional<std::int64_t> status, statusClass, limit, cursor;
    struct Range {
        std::string_view key;
        std::int64_t min, max;
        std::optional<std::int64_t>* out;
    };
    for (const Range& r : {Range{"status", 100, 599, &status}, Range{"status_class", 1, 5, &statusClass}, Range{"limit", 1, 1000, &limit},
                           Range{"cursor", 1, std::numeric_limits<std::int64_t>::max(), &cursor}}) {
        auto value = params->integer(r.key, r.min, r.max);
        if (!value) return value.error();
        *r.out = *value;
    }
    TrailReader::Query q;
    q.service = window->service;
    q.route = params->decoded("route").value_or("");
    q.termination = params->raw("termination");
    q.user = params->decoded("user").value_or("");
    q.fromMs = window->from;
    q.toMs = window->to;
    q.status = asInt(status);
    q.statusClass = asInt(statusClass);
    q.limit = static_cast<std::size_t>(limit.value_or(100));
    q.cursor = cursor;
    return {200, trailPageJson(reader.list(q)), {}};
}

} // namespace gatehouse::gateway
