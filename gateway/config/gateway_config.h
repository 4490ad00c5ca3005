#pragma once

#include "core/config/destination_policy.h"
#include "core/config/json_reader.h"
#include "core/config/problem.h"
#include "core/config/service_limits.h"
#include "observe/trail.h"
#include "observe/trail_sink.h"
#include "http/client_fields.h"
#include "filters/filter_settings.h"
#include "filters/rails_session.h"
#include "observe/thresholds.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// gatehouse.json: the gateway's own settings (docs/gateway.md). Validated with the same
// JsonReader as service configs, so problems have the same shape: path, code, hint.

struct TlsFiles {
    std::string certFile; // PEM, the chain
    std::string keyFile;  // PEM
};

struct ListenAddress {
    std::string host; // an IP literal
    std::uint16_t port = 0;
    std::optional<TlsFiles> tls; // a TLS listener (client-facing HTTPS)
    // "http2": HTTP/2 as well as HTTP/1.1. On TLS (default true) it is offered by ALPN;
    // on cleartext (default false) clients must know it beforehand (h2c prior knowledge).
    std::optional<bool> http2;
    bool speaksHttp2() const { return http2.value_or(tls.has_value()); }
    std::string text() const;
};

// How the gateway talks to "https" destinations: it verifies their certificate against
// `caFile` and, for mTLS, presents its own certificate (how services know a request
// really came through the gateway).
struct UpstreamTls {
    std::string caFile;
    std::optional<TlsFiles> clientCertificate;
};

struct Limits {
    std::size_t maxHeadBytes = 16 * 1024;          // "max_header_bytes" -> 431
    std::size_t maxRequestLine = 8 * 1024;         // "max_request_line_bytes" -> 414
    std::size_t maxHeaders = 100;                  // "max_headers" -> 431
    int headerTimeoutMs = 10'000;                  // "header_timeout_ms": whole head -> 408
    int idleTimeoutMs = 60'000;                    // "idle_timeout_ms": keep-alive wait for the next request
    int bodyTimeoutMs = 10'000;                    // "body_timeout_ms": idle between body reads and writes (slow POST)
    std::size_t maxConnections = 10'000;           // "max_connections": per gateway; more are closed at once
    std::uint64_t maxBodyBytes = 10 * 1024 * 1024; // "max_body_bytes": default per route; 0 = none -> 413
    int upstreamConnectTimeoutMs = 2'000;          // "upstream_connect_timeout_ms"
    int drainSeconds = 15;                         // "drain_seconds": SIGTERM grace period
    std::size_t maxWebSockets = 10'000;            // "max_websockets": open tunnels per gateway; more -> 503
    // HTTP/2 (docs/gateway.md): Envoy's edge defaults.
    std::size_t http2MaxConcurrentStreams = 100;       // "http2_max_concurrent_streams": more -> REFUSED_STREAM
    std::uint32_t http2StreamWindowBytes = 65'535;     // "http2_stream_window_bytes": a request body in flight, per stream
    std::uint32_t http2ConnectionWindowBytes = 1 << 20; // "http2_connection_window_bytes": all of a connection's
    // "headers_with_underscores_action": "drop_managed" (default), "reject_managed", "drop", "reject".
    http::UnderscoreAction underscoreAction = http::UnderscoreAction::dropManaged;
};

// Following a route collector (docs/collector-api.md): the table comes from its
// GET /v1/table; services_dir becomes the fallback of last resort.
struct CollectorSettings {
    // "url": the collector's base URL, "http://127.0.0.1:9700"; or "urls": several
    // collectors serving one table (etcd), tried in turn when one fails. `url` is the first.
    std::string url;
    std::vector<std::string> urls;
    std::string tokenFile;      // "token_file": a file holding the bearer token (one line)
    bool longPoll = true;       // "poll": "long" (default) or "interval"
    int intervalMs = 5'000;     // "interval_ms": between polls in interval mode, and the ceiling of the retry backoff
    int waitSeconds = 30;       // "wait_seconds": how long the collector holds a long poll
    int timeoutMs = 3'000;      // "timeout_ms": connect and answer (on top of the wait); bounds the start-up fetch too
};

struct GatewayConfig {
    // How this gateway names itself to the collector (docs/fleet.md). "gateway_id": stable
    // across restarts; default host name and first listen port. "advertise_admin_url":
    // where the collector reaches its admin API; default: not advertised.
    std::string gatewayId;
    std::string advertiseAdminUrl;
    std::vector<ListenAddress> listen;          // "listen": ["127.0.0.1:8080", {"address": ..., "tls": {...}}]
    ListenAddress admin{"127.0.0.1", 9901};     // "admin_listen": "ip:port" or {"address", "tls"}
    int threads = 0;                            // "threads": 0 = one per core
    std::string servicesDir;                    // "services_dir" (relative to the config file); optional with a collector
    std::optional<CollectorSettings> collector; // "collector"
    std::string stateDir;                       // "state_dir" (relative to the config file)
    Limits limits;                              // "limits"
    std::optional<UpstreamTls> upstreamTls;     // "upstream_tls": {"ca_file", "cert_file", "key_file"}
    // "default_filters": {"before": [...], "after": [...]}; without the key, secure
    // defaults. An explicit empty list turns them off.
    std::vector<std::string> defaultBefore{"request_id", "sanitize"};
    std::vector<std::string> defaultAfter{"security_headers"};
    GlueSettings glue;                          // "glue"
    std::optional<RedisSettings> redis;         // "redis": rate-limit counters; absent = in this process
    // "rails_session": {"secret_key_base_file" | "secret_key_base_env", "key_derivation_digest",
    // "serializer", "user_key", "salt", "iterations"}: session_cookie's local mode.
    std::optional<filters::RailsSessionSettings> railsSession;
    filters::FilterServicesSettings filterSettings() const { return {glue, redis, railsSession, defaultBefore, defaultAfter}; }
    // "trail": {"enabled", "max_age_hours", "max_rows", "queue_capacity"}: one row per
    // request in state_dir/trail.db.
    Thresholds thresholds;                      // "thresholds": dashboard status bands (docs/observability.md)
    bool trailEnabled = true;
    std::int64_t trailMaxAgeHours = 24 * 7;
    std::int64_t trailMaxRows = 5'000'000;
    std::size_t trailQueueCapacity = 100'000;
    // "trail": {"query_threads", "query_queue", "query_time_limit_ms"}: the admin API's trail
    // queries run off the control thread, bounded (admin/trail_queries.h).
    TrailQuerySettings trailQueries;
    // "trail": {"sink": {"url", "batch_records", "flush_ms", "queue_records", "timeout_ms"}}:
    // every request also shipped as a JSON line to a log engine (observe/trail_sink.h).
    std::optional<TrailSinkSettings> trailSink;
    std::string adminTokensFile;                // "admin_tokens_file": without it /api/v1 answers 401
    // "registration_limits": bounds on every service config and the whole table
    // (config/service_limits.h), the same keys as the collector's "limits".
    config::ServiceLimits registrationLimits;
    // "forbidden_destinations": ranges no destination may point into, on top of the
    // defaults (this gateway's listeners, cloud metadata); see docs/security.md.
    std::vector<config::AddressRange> forbiddenDestinations;
    // "admin_allowed_hosts": Host names the admin listener answers to (others: 421);
    // empty: its address, localhost, 127.0.0.1 and ::1.
    std::vector<std::string> adminAllowedHosts;
    // "state_group": a group that may read the state databases (trail.db, gatehouse.db:
    // 0640); absent: their owner only (0600).
    std::optional<unsigned> stateGroup;
};

// The forbidden ranges in force: the defaults for `config`'s listeners plus its own.
config::DestinationPolicy destinationPolicy(const GatewayConfig& config);

struct ParsedGatewayConfig {
    GatewayConfig config;
    config::Problems problems;
    bool ok() const { return !config::hasErrors(problems); }
};

ParsedGatewayConfig parseGatewayConfigText(const std::string& text, const std::string& file);
ParsedGatewayConfig loadGatewayConfig(const std::string& file);

std::optional<ListenAddress> parseListenAddress(const std::string& text);

// The "thresholds" section's reader, for the collector's fleet views (the same keys).
void readThresholdsSection(config::JsonReader& reader, const boost::json::value& value, Thresholds& thresholds);

} // namespace gatehouse::gateway
