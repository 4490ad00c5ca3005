#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"
#include "core/config/service_limits.h"
#include "core/routing/route_table.h"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::routing {

// The routing table as the collector publishes it (GET /v1/table) and as a gateway keeps
// it on disk (last-known-good):
//   {"format": 1, "version": 12, "collector": "<id>", "generated_at": "...",
//    "services": [<service config>, ...], "routes": <tableToJson, for people>,
//    "revisions": [{"service", "revision", "by", "at"}, ...],  (who registered each, for people)
//    "switches": {"version": 7, "filters": [{"name", "enabled", "changed_by", "changed_at",
//                 "reason", "version"}, ...]}}  (the fleet's default-filter switches)
// A gateway trusts none of it: every service is validated again by the same parser.
inline constexpr std::int64_t kTableDocumentFormat = 1;

// Who registered a service's current config, and when (the collector's revision).
struct ServiceRevision {
    std::string service;
    std::int64_t revision = 0;
    std::string by; // the collector token's name
    std::string at; // ISO 8601 UTC
};

// A default filter switched for the whole fleet (on the collector): gateways that follow
// the collector run it or not as it says. A filter without one runs (the default).
struct FilterSwitchState {
    std::string name;
    bool enabled = true;
    std::string changedBy; // the collector token's name
    std::string changedAt; // ISO 8601 UTC
    std::string reason;
    std::uint64_t version = 0; // the switch version of this change
    bool operator==(const FilterSwitchState&) const = default;
};

struct TableDocument {
    std::uint64_t version = 0;
    std::string collectorId; // changes when the collector's database is new: versions restart
    std::string generatedAt;
    std::vector<config::ServiceConfig> services;
    // Information only (a gateway serves the same table without it): entries that are not
    // {"service": name of a listed service, "revision": n, "by": text, "at": text} are left out.
    std::vector<ServiceRevision> revisions;
    // Grows with every switch change; 0: none was ever made (every default filter runs).
    std::uint64_t switchVersion = 0;
    std::vector<FilterSwitchState> switches; // by name
};

struct ParsedTableDocument {
    TableDocument document;
    config::Problems problems;
    bool ok() const { return !config::hasErrors(problems); }
};

// `source` names the document in problems ("http://collector/v1/table", a file).
// Refused whole (limit_exceeded, table_too_large) when over `limits`.
ParsedTableDocument parseTableDocument(std::string_view text, const std::string& source, const config::ServiceLimits& limits = {});

// The document for `services` (their configs as registered, in name order) and the table
// they make.
boost::json::object makeTableDocument(std::uint64_t version, const std::string& collectorId,
                                      const std::string& generatedAt, const boost::json::array& services,
                                      const RouteTable& table, const std::vector<ServiceRevision>& revisions = {},
                                      std::uint64_t switchVersion = 0, const std::vector<FilterSwitchState>& switches = {});

// The switches' part of the document: {"version", "filters": [...]}.
boost::json::object switchesToJson(std::uint64_t switchVersion, const std::vector<FilterSwitchState>& switches);

} // namespace gatehouse::routing
