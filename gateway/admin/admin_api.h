#pragma once

#include "admin/admin_store.h"
#include "net/api_http.h"
#include "admin/trail_queries.h"
#include "observe/alerts.h"
#include "observe/trail.h"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <expected>
#include <string>
#include <vector>

namespace gatehouse::gateway {

struct GatewayState;

// An admin token from admin_tokens_file: who it is and what it may do.
enum class AdminRole { viewer, admin };
struct AdminToken {
    std::string name;
    AdminRole role = AdminRole::viewer;
    std::string tokenSha256; // never the token itself in memory longer than loading takes
};

// {"tokens": [{"name": "alice", "role": "admin", "token": "..."}]}; an error names the
// file, the JSON path and why.
std::expected<std::vector<AdminToken>, std::string> loadAdminTokens(const std::string& file);

using AdminRequest = ApiRequest;
using AdminResponse = ApiResponse;

// The /api/v1 endpoints of the admin listener (docs/admin-api.md). Requests need a
// bearer token; changes need the admin role and are audited. Runs on the control thread.
class AdminApi {
public:
    // `store`, `trail`: null when they could not open (their endpoints answer 503).
    AdminApi(GatewayState& state, std::vector<AdminToken> tokens, AdminStore* store, TrailQueries* trail, AlertEvaluator* alerts)
        : state_(state), store_(store), tokens_(std::move(tokens)), trail_(trail), alerts_(alerts) {}

    // Everything but the trail, answered at once on the control thread.
    AdminResponse handle(const AdminRequest& request);
    // Every request of the admin listener: the trail's on its query threads
    // (TrailQueries), the rest as handle().
    boost::asio::awaitable<AdminResponse> handleAsync(AdminRequest request);

private:
    struct Call;
    struct Route;
    static const std::vector<Route>& routes();
    std::expected<std::pair<const Route*, Call>, AdminResponse> dispatch(const AdminRequest& request) const;
    AdminResponse readiness() const;
    AdminResponse defaultFilters() const;
    AdminResponse setDefaultFilter(const std::string& name, const AdminToken& who, const std::string& body);
    AdminResponse filterStats() const;
    AdminResponse audit(const std::string& query) const;
    // What changed when, for charts' markers: table changes, default-filter switches and
    // alert transitions, oldest first (?service=, ?from_ms=).
    AdminResponse annotations(const std::string& query) const;
    const AdminToken* authenticate(const AdminRequest& request) const;
    // These run on a query thread: they read nothing of the gateway's state, only `reader`.
    AdminResponse trailList(TrailReader& reader, const std::string& query) const;
    AdminResponse trailSummary(TrailReader& reader, const std::string& query) const;
    static AdminResponse trailRecord(TrailReader& reader, const std::string& requestId);
    AdminResponse routes(std::string_view path, const std::string& query) const;
    AdminResponse series(const std::string& service, const std::string& query) const;
    AdminResponse services(const std::string& only) const; // all, or one with detail
    AdminResponse thresholds() const;
    AdminResponse alerts(const std::string& query) const;
    // POST /api/v1/alerts/ack {"service", "rule", "note"}: any role (on call is often a
    // viewer), audited.
    AdminResponse acknowledge(const AdminToken& who, const std::string& body);
    boost::json::object tableSourceJson() const;

    GatewayState& state_;
    AdminStore* store_;
    std::vector<AdminToken> tokens_;
    TrailQueries* trail_;
    AlertEvaluator* alerts_;
};

// The JSON error body every Gatehouse API uses.
AdminResponse adminError(int status, std::string_view id, std::string_view message);
const char* adminRoleName(AdminRole role);

} // namespace gatehouse::gateway
