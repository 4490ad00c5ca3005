#pragma once

#include "config/gateway_config.h"
#include "control/table_source.h"
#include "filters/filter_services.h"
#include "health/destination_health.h"
#include "net/api_server.h"
#include "proxy/upstream_pool.h"
#include "observe/metrics.h"
#include "observe/service_series.h"
#include "observe/table_changes.h"
#include "observe/trail.h"

#include <atomic>
#include <memory>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

// HTTP/2 connections, and what their bounds refused (docs/gateway.md).
struct Http2Stats {
    std::atomic<std::size_t> connectionsOpen{0};
    std::atomic<std::uint64_t> streamsRefused{0}; // REFUSED_STREAM: http2_max_concurrent_streams at work
    // Connections ended with GOAWAY by the gateway, by why.
    std::atomic<std::uint64_t> goawayFlood{0};         // control frames, empty frames, resets over their budgets
    std::atomic<std::uint64_t> goawayProtocolError{0}; // the client broke HTTP/2
    std::atomic<std::uint64_t> goawayHeaderTimeout{0}; // a header block that did not end in time
    std::atomic<std::uint64_t> goawayIdle{0};          // no stream for limits.idle_timeout_ms
    std::atomic<std::uint64_t> goawayDrain{0};         // the gateway drained
};

// What every thread shares: the settings, the current routing table with its
// destinations' health (an immutable snapshot swapped whole; a request keeps the
// snapshot it started with) and a few atomics. Nothing here is locked on the request path.
struct GatewayState {
    GatewayConfig config;
    config::DestinationPolicy destinationPolicy; // where no destination may point: checked on taking a table and on connect
    std::atomic<std::shared_ptr<const TableSnapshot>> snapshot; // table + destination health
    std::atomic<std::uint64_t> tableVersion{0};
    std::atomic<bool> draining{false};
    std::atomic<std::size_t> activeConnections{0};
    std::atomic<std::uint64_t> rejectedConnections{0}; // over limits.max_connections
    std::atomic<std::size_t> openWebSockets{0};        // tunnels relaying now
    std::atomic<std::uint64_t> refusedWebSockets{0};   // handshakes refused: limits.max_websockets open
    Http2Stats http2;
    std::shared_ptr<boost::asio::ssl::context> upstreamTls; // for "https" destinations
    boost::asio::ssl::context* upstreamTlsRaw = nullptr;     // the same, for glue clients
    std::unique_ptr<filters::FilterServices> filters;       // caches, counters, flags, switches
    std::unique_ptr<RequestMetrics> metrics = std::make_unique<RequestMetrics>();
    SeriesStore series; // per service, for the console
    PoolGauges poolGauges; // idle upstream connections per destination, all workers
    std::atomic<std::uint64_t> reloadsApplied{0};
    std::atomic<std::uint64_t> reloadsRejected{0};
    TableSourceStatus tableSource; // static, collector or last-known-good, and how current
    TableChanges tableChanges;     // every table taken, for the console's change markers
    ApiListenerStats adminListener; // connections the admin listener refused, for /metrics
    std::atomic<std::uint64_t> trailQueriesBusy{0};     // trail queries refused: every query thread busy
    std::atomic<std::uint64_t> trailQueriesTimedOut{0}; // trail queries stopped at their time limit
    std::unique_ptr<TrailSink> trailSink;             // null: none configured (declared first: the writer uses it)
    std::unique_ptr<TrailWriter> trail;               // null: trail off (or its database could not be opened)
    // Which stores opened at start (the gateway serves without them): for /metrics.
    std::atomic<bool> adminStoreOpen{false};
    std::atomic<bool> trailQueriesOpen{false};
};

} // namespace gatehouse::gateway
