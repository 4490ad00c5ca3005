#pragma once

#include "core/config/service_config.h"
#include "http/http_head.h"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::routing {
struct RouteEntry;
} // namespace gatehouse::routing

namespace gatehouse::gateway {
class GlueClient;
} // namespace gatehouse::gateway

namespace gatehouse::gateway::filters {

struct FilterStats;
class CounterStore;

// What a filter concluded about a request. `skip`: the filter had nothing to act on
// (no token to check, no flag service answer needed); `error`: it could not decide
// (a glue service failed) and either failed closed (with a reply) or open.
enum class Decision : std::uint8_t { allow, deny, skip, error };
const char* decisionName(Decision decision);

// An answer the gateway makes itself: the JSON error body {"id", "message",
// "request_id"} plus extra header fields ("Name: value\r\n" lines).
struct LocalReply {
    int status = 500;
    std::string id;
    std::string message;
    std::string fields;
};

// The result of one filter on one request. A reply means Stop (when enforced); no
// reply means Continue. The chain, not the filter, decides what happens next.
struct Outcome {
    Decision decision = Decision::allow;
    std::string reason;
    std::optional<LocalReply> reply;

    static Outcome allow(std::string reason = {}) { return {Decision::allow, std::move(reason), std::nullopt}; }
    static Outcome skip(std::string reason) { return {Decision::skip, std::move(reason), std::nullopt}; }
    static Outcome deny(std::string reason, LocalReply reply) { return {Decision::deny, std::move(reason), std::move(reply)}; }
    static Outcome fail(std::string reason, std::optional<LocalReply> reply) {
        return {Decision::error, std::move(reason), std::move(reply)};
    }
};

// Who made the request, as an authenticating filter established it.
struct Identity {
    std::string userId;
    std::string method;       // "oauth", "session"
    std::string scopes;       // space-separated, as in OAuth
    std::string tokenKey;     // a hash of the credential, for rate limits by token
};

// One filter's decision on one request: what the trail stores.
struct FilterRecord {
    std::string_view name; // the catalogue's name (static storage)
    config::FilterMode mode = config::FilterMode::enforce;
    Decision decision = Decision::allow;
    std::string reason;
    std::uint32_t micros = 0;
    bool isDefault = false;  // came from the gateway's default_filters
    bool mismatch = false;   // shadow decision that disagreed with the backend
    FilterStats* stats = nullptr; // the entry's counters (alive as long as the request's snapshot)
};

// Per-request state shared by the filters of a chain. The request fields are views
// that stay valid while the before filters run; filters add header fields through it
// rather than editing the request.
struct RequestContext {
    // The request, read-only.
    std::string_view method;
    std::string_view host;
    std::string_view target; // origin form, query included
    std::string_view path;   // target without the query
    std::string_view clientIp;
    bool secure = false;     // arrived over TLS
    const http::RequestHead* head = nullptr;
    const routing::RouteEntry* route = nullptr;
    GlueClient* glue = nullptr; // the worker's client for glue services (async filters)
    CounterStore* counters = nullptr; // the worker's shared counters (Redis), when configured

    // Decided by filters.
    std::string requestId;
    bool propagateRequestId = false; // request_id ran: X-Request-Id is the gateway's
    std::optional<Identity> identity;
    std::optional<Identity> shadowIdentity; // from shadowed authenticators: seen only by shadowed filters
    std::string upstreamFields; // added for the backend: "Name: value\r\n"
    std::string responseFields; // added to the client's response, local or proxied
    // Name prefixes (static storage) of response fields the filters own: the backend's
    // fields so named are dropped and only the filters' reach the client.
    std::vector<std::string_view> claimedResponseFields;
    std::vector<FilterRecord> records;
    bool hasShadow = false;

    // The response, for after filters: status and, when proxied, the backend's head.
    int status = 0;
    const http::ResponseHead* response = nullptr;

    std::string_view header(std::string_view name) const; // first field, or empty
    std::string_view cookie(std::string_view name) const; // from any Cookie field, or empty
    bool responseHas(std::string_view name) const;         // in the backend's head or added by a filter
    void addUpstreamField(std::string_view name, std::string_view value);
    void addResponseField(std::string_view name, std::string_view value);
    // Replaces the field of that name an earlier filter added (or adds it).
    void setResponseField(std::string_view name, std::string_view value);
    std::string_view responseField(std::string_view name) const; // as a filter added it, or empty
    void claimResponseFields(std::string_view prefix);
    void reset();
};

// A built filter: immutable, shared by every request (and worker) of the routes that
// use it. Synchronous filters override onRequest; filters that wait on a glue service
// return true from isAsync and override onRequestAsync instead.
class Filter {
public:
    virtual ~Filter() = default;
    virtual bool isAsync() const { return false; }
    virtual Outcome onRequest(RequestContext&) const { return Outcome::allow(); }
    virtual boost::asio::awaitable<Outcome> onRequestAsync(RequestContext& context) const;
    virtual Outcome onResponse(RequestContext&) const { return Outcome::allow(); }
};

// The JSON 401 of ensure_auth, also used by authenticators that refuse a credential.
LocalReply unauthorizedReply(std::string message = "Unable to authenticate you", std::string fields = {});

} // namespace gatehouse::gateway::filters
