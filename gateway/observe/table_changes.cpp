#include "observe/table_changes.h"

#include "core/routing/route_table.h"
#include "core/routing/table_diff.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace gatehouse::gateway {
namespace json = boost::json;

TableChange describeTableChange(const routing::RouteTable* before, const routing::RouteTable& after) {
    TableChange change;
    std::set<std::string> services;
    if (!before) {
        for (const auto& service : after.services()) services.insert(service.name);
        change.added = after.entries().size();
    } else {
        const routing::TableDiff diff = routing::diffTables(*before, after);
        change.added = diff.added.size();
        change.removed = diff.removed.size();
        change.moved = diff.moved.size();
        for (const auto& r : diff.added) services.insert(r.service);
        for (const auto& r : diff.removed) services.insert(r.service);
        for (const auto& r : diff.moved) services.insert(r.route.service);
    }
    change.services.assign(services.begin(), services.end());
    return change;
}

void TableChanges::record(TableChange change) {
    std::lock_guard lock(mutex_);
    changes_.push_back(std::move(change));
    if (changes_.size() > kKept) changes_.pop_front();
}

json::array TableChanges::annotations(std::int64_t sinceMs, const std::string& service) const {
    std::lock_guard lock(mutex_);
    json::array out;
    for (const TableChange& c : changes_) {
        if (c.atMs < sinceMs) continue;
        if (!service.empty() && std::find(c.services.begin(), c.services.end(), service) == c.services.end()) continue;
        json::array names;
        for (const std::string& s : c.services) names.push_back(json::string(s));
        std::string title = fmt::format("routing table v{}", c.version);
        if (c.collectorVersion) title += fmt::format(" (collector v{})", c.collectorVersion);
        title += fmt::format(": +{} -{} routes", c.added, c.removed);
        if (c.moved) title += fmt::format(", {} moved", c.moved);
        json::array by;
        for (std::size_t i = 0; i < c.services.size(); ++i) {
            const std::string& who = i < c.registeredBy.size() ? c.registeredBy[i] : std::string();
            by.push_back(json::string(who));
            if (!who.empty() && c.services.size() <= 3) title += fmt::format("; {} {}", c.services[i], who);
        }
        out.push_back(json::object{{"at_ms", c.atMs},
                                   {"kind", "table"},
                                   {"version", c.version},
                                   {"collector_version", c.collectorVersion},
                                   {"source", c.source},
                                   {"services", std::move(names)},
                                   {"registered_by", std::move(by)},
                                   {"title", std::move(title)}});
    }
    return out;
}

} // namespace gatehouse::gateway
