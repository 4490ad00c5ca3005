#include "state/metrics_page.h"

#include "common/clock.h"
#include "observe/metric_family.h"
#include "observe/service_series.h"
#include "observe/trail.h"
#include "observe/trail_sink.h"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <chrono>

namespace gatehouse::gateway {

namespace {

// The trail's and its sink's families (when they are on).
void addTrailFamilies(const GatewayState& state, std::vector<prometheus::MetricFamily>& families) {
    using Type = prometheus::MetricType;
    if (state.trail) {
        auto written = metricFamily("gatehouse_trail_written_total", "Trail rows stored.", Type::Counter);
        addSample(written, {}, static_cast<double>(state.trail->written()));
        auto dropped = metricFamily("gatehouse_trail_dropped_total", "Trail rows dropped because the writer's queue was full.", Type::Counter);
        addSample(dropped, {}, static_cast<double>(state.trail->dropped()));
        auto depth = metricFamily("gatehouse_trail_queue_depth", "Trail rows waiting for the writer.", Type::Gauge);
        addSample(depth, {}, static_cast<double>(state.trail->queued()));
        auto rows = metricFamily("gatehouse_trail_rows", "Requests the trail holds now (after retention).", Type::Gauge);
        addSample(rows, {}, static_cast<double>(state.trail->rows()));
        families.push_back(std::move(written));
        families.push_back(std::move(dropped));
        families.push_back(std::move(depth));
        families.push_back(std::move(rows));
    }
    if (state.trailSink) {
        const TrailSink& sink = *state.trailSink;
        auto sent = metricFamily("gatehouse_trail_sink_sent_total", "Trail records the sink's receiver accepted.", Type::Counter);
        addSample(sent, {}, static_cast<double>(sink.sent()));
        auto lost = metricFamily("gatehouse_trail_sink_dropped_total",
                           "Trail records not shipped: the sink's queue was full (its receiver slow or down).", Type::Counter);
        addSample(lost, {}, static_cast<double>(sink.dropped()));
        auto failed = metricFamily("gatehouse_trail_sink_failures_total", "POSTs to the sink's receiver that got no 2xx (retried).", Type::Counter);
        addSample(failed, {}, static_cast<double>(sink.failures()));
        auto waiting = metricFamily("gatehouse_trail_sink_queue_depth", "Trail records waiting for the sink's receiver.", Type::Gauge);
        addSample(waiting, {}, static_cast<double>(sink.queued()));
        for (auto* f : {&sent, &lost, &failed, &waiting}) families.push_back(std::move(*f));
    }
}
} // namespace

namespace {

using Families = std::vector<prometheus::MetricFamily>;
using Type = prometheus::MetricType;

// Destinations: health, checks, pools; and each service's timeout.
void addDestinationFamilies(const GatewayState& state, Families& families) {
    auto destinations = metricFamily("gatehouse_destination_healthy", "1 when the destination takes traffic, 0 when it is ejected.", Type::Gauge);
    auto timeouts = metricFamily("gatehouse_service_timeout_seconds", "The service's timeout_seconds (for latency alerts).", Type::Gauge);
    auto checks = metricFamily("gatehouse_health_checks_total", "Active health checks by result.", Type::Counter);
    if (const auto snapshot = state.snapshot.load()) {
        for (const config::ServiceConfig& service : snapshot->table->services()) addSample(timeouts, {{"service", service.name}}, service.timeoutSeconds);
        for (const auto& list : snapshot->health) {
            for (const auto& health : list) {
                const std::vector<prometheus::ClientMetric::Label> where{{"service", health->service}, {"destination", health->address}};
                addSample(destinations, where, health->healthy.load() ? 1 : 0);
                auto labels = where;
                labels.push_back({"result", "pass"});
                addSample(checks, labels, static_cast<double>(health->checksPassed.load()));
                labels.back().value = "fail";
                addSample(checks, labels, static_cast<double>(health->checksFailed.load()));
            }
        }
    }
    auto idle = metricFamily("gatehouse_upstream_idle_connections", "Idle keep-alive connections pooled per destination (all workers).", Type::Gauge);
    for (const auto& [destination, count] : state.poolGauges.idleByDestination()) addSample(idle, {{"destination", destination}}, static_cast<double>(count));
    auto open = metricFamily("gatehouse_upstream_connections", "Open upstream connections per destination, idle or in use (the pools' size).", Type::Gauge);
    for (const auto& [destination, count] : state.poolGauges.openByDestination()) addSample(open, {{"destination", destination}}, static_cast<double>(count));
    for (auto* f : {&destinations, &timeouts, &checks, &idle, &open}) families.push_back(std::move(*f));
}

// Filters: decisions, shadow mismatches, glue services, the counter store.
void addFilterFamilies(const GatewayState& state, Families& families) {
    auto decisions = metricFamily("gatehouse_filter_decisions_total", "Filter decisions by route entry, mode and outcome.", Type::Counter);
    auto mismatches = metricFamily("gatehouse_filter_shadow_mismatches_total",
                             "Shadow decisions the backend contradicted (would deny but 2xx/3xx, would allow but 401/403).", Type::Counter);
    for (const auto& stats : state.filters->stats.all()) {
        const std::string route = std::to_string(stats->routeIndex);
        const std::string mode = config::filterModeName(stats->mode);
        for (std::size_t d = 0; d < stats->decisions.size(); ++d) {
            addSample(decisions, {{"service", stats->service}, {"route_index", route}, {"filter", stats->filter}, {"phase", stats->phase},
                            {"mode", mode}, {"decision", filters::decisionName(static_cast<filters::Decision>(d))}},
                static_cast<double>(stats->decisions[d].load()));
        }
        if (stats->mode == config::FilterMode::shadow) {
            addSample(mismatches, {{"service", stats->service}, {"route_index", route}, {"filter", stats->filter}},
                static_cast<double>(stats->shadowMismatches.load()));
        }
    }
    auto glue = metricFamily("gatehouse_glue_failures_total", "Failed calls to the glue services the filters use.", Type::Counter);
    for (const auto& health : state.filters->glue.all()) {
        addSample(glue, {{"glue", std::string(health->name())}}, static_cast<double>(health->failures()));
    }
    // Which default filters run: a switched-off one is the first thing to see in an incident.
    auto running = metricFamily("gatehouse_default_filter_enabled", "1 while a default filter runs, 0 while it is switched off.", Type::Gauge);
    for (const auto& toggle : state.filters->switches) {
        addSample(running, {{"filter", toggle->name}, {"phase", toggle->phase}}, toggle->enabled.load() ? 1 : 0);
    }
    auto switchVersion = metricFamily("gatehouse_fleet_switch_version",
                                      "The version of the fleet's default-filter switches applied (0: none, or no collector).", Type::Gauge);
    addSample(switchVersion, {}, static_cast<double>(state.tableSource.switchVersion.load()));
    for (auto* f : {&decisions, &mismatches, &glue, &running, &switchVersion}) families.push_back(std::move(*f));
    for (const filters::FilterStat& stat : state.filters->report()) {
        if (stat.metric.empty()) continue;
        auto own = metricFamily(std::string(stat.metric), std::string(stat.help), stat.counter ? Type::Counter : Type::Gauge);
        addSample(own, {}, static_cast<double>(stat.value));
        families.push_back(std::move(own));
    }
}

// The routing table: where it came from, how current, the collector's polls, reloads.
void addTableFamilies(const GatewayState& state, Families& families) {
    const TableSourceStatus& table = state.tableSource;
    auto source = metricFamily("gatehouse_table_source", "Where the routing table in use came from: 1 for the current source.", Type::Gauge);
    for (TableSource each : {TableSource::collector, TableSource::lastKnownGood, TableSource::staticDir}) {
        addSample(source, {{"source", tableSourceName(each)}}, table.source.load() == each ? 1.0 : 0.0);
    }
    auto staleness = metricFamily("gatehouse_table_staleness_seconds",
                            "Seconds since the routing table was last known to match the collector's (0 while it answers).", Type::Gauge);
    addSample(staleness, {}, table.stalenessSeconds(epochMs()));
    auto collectorVersion = metricFamily("gatehouse_collector_table_version", "The collector's version of the routing table in use (0: static).", Type::Gauge);
    addSample(collectorVersion, {}, static_cast<double>(table.collectorVersion.load()));
    auto polls = metricFamily("gatehouse_collector_polls_total", "Polls of the route collector, by result.", Type::Counter);
    addSample(polls, {{"result", "changed"}}, static_cast<double>(table.pollsChanged.load()));
    addSample(polls, {{"result", "unchanged"}}, static_cast<double>(table.pollsUnchanged.load()));
    addSample(polls, {{"result", "failed"}}, static_cast<double>(table.pollsFailed.load()));
    addSample(polls, {{"result", "rejected"}}, static_cast<double>(table.tablesRejected.load()));
    auto version = metricFamily("gatehouse_table_version", "Version of the routing table in use.", Type::Gauge);
    addSample(version, {}, static_cast<double>(state.tableVersion.load()));
    auto reloads = metricFamily("gatehouse_table_reloads_total", "Routing table reloads, by result.", Type::Counter);
    addSample(reloads, {{"result", "applied"}}, static_cast<double>(state.reloadsApplied.load()));
    addSample(reloads, {{"result", "rejected"}}, static_cast<double>(state.reloadsRejected.load()));
    for (auto* f : {&source, &staleness, &collectorVersion, &polls, &version, &reloads}) families.push_back(std::move(*f));
}

// The listeners: client connections, the admin listener's refusals, trail queries refused.
void addListenerFamilies(const GatewayState& state, Families& families) {
    auto connections = metricFamily("gatehouse_active_connections", "Client connections open.", Type::Gauge);
    addSample(connections, {}, static_cast<double>(state.activeConnections.load()));
    auto rejected = metricFamily("gatehouse_rejected_connections_total", "Client connections closed at once: over limits.max_connections.", Type::Counter);
    addSample(rejected, {}, static_cast<double>(state.rejectedConnections.load()));
    auto webSockets = metricFamily("gatehouse_websockets_open", "WebSocket tunnels relaying now.", Type::Gauge);
    addSample(webSockets, {}, static_cast<double>(state.openWebSockets.load()));
    auto webSocketsRefused = metricFamily("gatehouse_websockets_refused_total",
                                          "WebSocket handshakes refused (503): limits.max_websockets tunnels open.", Type::Counter);
    addSample(webSocketsRefused, {}, static_cast<double>(state.refusedWebSockets.load()));
    const Http2Stats& h2 = state.http2;
    auto h2Open = metricFamily("gatehouse_http2_connections_open", "Client connections speaking HTTP/2.", Type::Gauge);
    addSample(h2Open, {}, static_cast<double>(h2.connectionsOpen.load()));
    auto h2Refused = metricFamily("gatehouse_http2_streams_refused_total",
                                  "HTTP/2 streams refused (REFUSED_STREAM): limits.http2_max_concurrent_streams in progress on the connection.",
                                  Type::Counter);
    addSample(h2Refused, {}, static_cast<double>(h2.streamsRefused.load()));
    auto h2Goaway = metricFamily("gatehouse_http2_goaways_total", "HTTP/2 connections the gateway ended with GOAWAY, by reason.", Type::Counter);
    addSample(h2Goaway, {{"reason", "flood"}}, static_cast<double>(h2.goawayFlood.load()));
    addSample(h2Goaway, {{"reason", "protocol_error"}}, static_cast<double>(h2.goawayProtocolError.load()));
    addSample(h2Goaway, {{"reason", "header_timeout"}}, static_cast<double>(h2.goawayHeaderTimeout.load()));
    addSample(h2Goaway, {{"reason", "idle"}}, static_cast<double>(h2.goawayIdle.load()));
    addSample(h2Goaway, {{"reason", "drain"}}, static_cast<double>(h2.goawayDrain.load()));
    const ApiListenerStats& admin = state.adminListener;
    auto adminRefused = metricFamily("gatehouse_admin_connections_refused_total",
                               "Admin listener connections and requests refused, by reason.", Type::Counter);
    addSample(adminRefused, {{"reason", "full"}}, static_cast<double>(admin.refusedFull.load()));
    addSample(adminRefused, {{"reason", "pending_evicted"}}, static_cast<double>(admin.evictedPending.load()));
    addSample(adminRefused, {{"reason", "accept_error"}}, static_cast<double>(admin.acceptErrors.load()));
    addSample(adminRefused, {{"reason", "misdirected_host"}}, static_cast<double>(admin.misdirected.load()));
    addSample(adminRefused, {{"reason", "tls_handshake"}}, static_cast<double>(admin.handshakeFailures.load()));
    auto trailRefused = metricFamily("gatehouse_trail_queries_refused_total",
                               "Admin trail queries answered 503, by reason: every query thread busy, or over the time limit.",
                               Type::Counter);
    addSample(trailRefused, {{"reason", "busy"}}, static_cast<double>(state.trailQueriesBusy.load()));
    addSample(trailRefused, {{"reason", "time_limit"}}, static_cast<double>(state.trailQueriesTimedOut.load()));
    for (auto* f : {&connections, &rejected, &webSockets, &webSocketsRefused, &h2Open, &h2Refused, &h2Goaway, &adminRefused, &trailRefused}) {
        families.push_back(std::move(*f));
    }
}

// The stores the gateway serves without: 0 when one is configured but did not open
// (its log line says why); absent when it is not configured.
void addStoreFamilies(const GatewayState& state, Families& families) {
    auto up = metricFamily("gatehouse_store_up",
                     "1 when a store opened at start, 0 when it could not (the gateway serves without it; see the log).", Type::Gauge);
    addSample(up, {{"store", "admin"}}, state.adminStoreOpen.load() ? 1 : 0);
    if (state.config.trailEnabled) {
        addSample(up, {{"store", "trail"}}, state.trail ? 1 : 0);
        addSample(up, {{"store", "trail_queries"}}, state.trailQueriesOpen.load() ? 1 : 0);
    }
    if (state.config.trailSink) addSample(up, {{"store", "trail_sink"}}, state.trailSink ? 1 : 0);
    families.push_back(std::move(up));
}

} // namespace

std::string renderMetrics(GatewayState& state) {
    Families families = state.metrics->registry().Collect();
    addDestinationFamilies(state, families);
    addFilterFamilies(state, families);
    addTrailFamilies(state, families);
    addTableFamilies(state, families);
    addListenerFamilies(state, families);
    addStoreFamilies(state, families);
    return prometheus::TextSerializer().Serialize(families);
}

} // namespace gatehouse::gateway
