#include "state/metrics_page.h"

#include "common/clock.h"
#include "observe/service_series.h"
#include "observe/trail.h"
#include "observe/trail_sink.h"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <chrono>

namespace gatehouse::gateway {

namespace {

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type) {
    prometheus::MetricFamily f;
    f.name = std::move(name);
    f.help = std::move(help);
    f.type = type;
    return f;
}

void add(prometheus::MetricFamily& f, std::vector<prometheus::ClientMetric::Label> labels, double value) {
    prometheus::ClientMetric metric;
    std::sort(labels.begin(), labels.end()); // as prometheus-cpp's own families print them
    metric.label = std::move(labels);
    if (f.type == prometheus::MetricType::Counter) metric.counter.value = value;
    else metric.gauge.value = value;
    f.metric.push_back(std::move(metric));
}


// The trail's and its sink's families (when they are on).
void addTrailFamilies(const GatewayState& state, std::vector<prometheus::MetricFamily>& families) {
    using Type = prometheus::MetricType;
    if (state.trail) {
        auto written = family("gatehouse_trail_written_total", "Trail rows stored.", Type::Counter);
        add(written, {}, static_cast<double>(state.trail->written()));
        auto dropped = family("gatehouse_trail_dropped_total", "Trail rows dropped because the writer's queue was full.", Type::Counter);
        add(dropped, {}, static_cast<double>(state.trail->dropped()));
        auto depth = family("gatehouse_trail_queue_depth", "Trail rows waiting for the writer.", Type::Gauge);
        add(depth, {}, static_cast<double>(state.trail->queued()));
        auto rows = family("gatehouse_trail_rows", "Requests the trail holds now (after retention).", Type::Gauge);
        add(rows, {}, static_cast<double>(state.trail->rows()));
        families.push_back(std::move(written));
        families.push_back(std::move(dropped));
        families.push_back(std::move(depth));
        families.push_back(std::move(rows));
    }
    if (state.trailSink) {
        const TrailSink& sink = *state.trailSink;
        auto sent = family("gatehouse_trail_sink_sent_total", "Trail records the sink's receiver accepted.", Type::Counter);
        add(sent, {}, static_cast<double>(sink.sent()));
        auto lost = family("gatehouse_trail_sink_dropped_total",
                           "Trail records not shipped: the sink's queue was full (its receiver slow or down).", Type::Counter);
        add(lost, {}, static_cast<double>(sink.dropped()));
        auto failed = family("gatehouse_trail_sink_failures_total", "POSTs to the sink's receiver that got no 2xx (retried).", Type::Counter);
        add(failed, {}, static_cast<double>(sink.failures()));
        auto waiting = family("gatehouse_trail_sink_queue_depth", "Trail records waiting for the sink's receiver.", Type::Gauge);
        add(waiting, {}, static_cast<double>(sink.queued()));
        for (auto* f : {&sent, &lost, &failed, &waiting}) families.push_back(std::move(*f));
    }
}
} // namespace

namespace {

using Families = std::vector<prometheus::MetricFamily>;
using Type = prometheus::MetricType;

// Destinations: health, checks, pools; and each service's timeout.
void addDestinationFamilies(const GatewayState& state, Families& families) {
    auto destinations = family("gatehouse_destination_healthy", "1 when the destination takes traffic, 0 when it is ejected.", Type::Gauge);
    auto timeouts = family("gatehouse_service_timeout_seconds", "The service's timeout_seconds (for latency alerts).", Type::Gauge);
    auto checks = family("gatehouse_health_checks_total", "Active health checks by result.", Type::Counter);
    if (const auto snapshot = state.snapshot.load()) {
        for (const config::ServiceConfig& service : snapshot->table->services()) add(timeouts, {{"service", service.name}}, service.timeoutSeconds);
        for (const auto& list : snapshot->health) {
            for (const auto& health : list) {
                const std::vector<prometheus::ClientMetric::Label> where{{"service", health->service}, {"destination", health->address}};
                add(destinations, where, health->healthy.load() ? 1 : 0);
                auto labels = where;
                labels.push_back({"result", "pass"});
                add(checks, labels, static_cast<double>(health->checksPassed.load()));
                labels.back().value = "fail";
                add(checks, labels, static_cast<double>(health->checksFailed.load()));
            }
        }
    }
    auto idle = family("gatehouse_upstream_idle_connections", "Idle keep-alive connections pooled per destination (all workers).", Type::Gauge);
    for (const auto& [destination, count] : state.poolGauges.idleByDestination()) add(idle, {{"destination", destination}}, static_cast<double>(count));
    auto open = family("gatehouse_upstream_connections", "Open upstream connections per destination, idle or in use (the pools' size).", Type::Gauge);
    for (const auto& [destination, count] : state.poolGauges.openByDestination()) add(open, {{"destination", destination}}, static_cast<double>(count));
    for (auto* f : {&destinations, &timeouts, &checks, &idle, &open}) families.push_back(std::move(*f));
}

// Filters: decisions, shadow mismatches, glue services, the counter store.
void addFilterFamilies(const GatewayState& state, Families& families) {
    auto decisions = family("gatehouse_filter_decisions_total", "Filter decisions by route entry, mode and outcome.", Type::Counter);
    auto mismatches = family("gatehouse_filter_shadow_mismatches_total",
                             "Shadow decisions the backend contradicted (would deny but 2xx/3xx, would allow but 401/403).", Type::Counter);
    for (const auto& stats : state.filters->stats.all()) {
        const std::string route = std::to_string(stats->routeIndex);
        const std::string mode = config::filterModeName(stats->mode);
        for (std::size_t d = 0; d < stats->decisions.size(); ++d) {
            add(decisions, {{"service", stats->service}, {"route_index", route}, {"filter", stats->filter}, {"phase", stats->phase},
                            {"mode", mode}, {"decision", filters::decisionName(static_cast<filters::Decision>(d))}},
                static_cast<double>(stats->decisions[d].load()));
        }
        if (stats->mode == config::FilterMode::shadow) {
            add(mismatches, {{"service", stats->service}, {"route_index", route}, {"filter", stats->filter}},
                static_cast<double>(stats->shadowMismatches.load()));
        }
    }
    auto glue = family("gatehouse_glue_failures_total", "Failed calls to the glue services the filters use.", Type::Counter);
    for (const auto& health : state.filters->glue.all()) {
        add(glue, {{"glue", std::string(health->name())}}, static_cast<double>(health->failures()));
    }
    for (auto* f : {&decisions, &mismatches, &glue}) families.push_back(std::move(*f));
    for (const filters::FilterStat& stat : state.filters->report()) {
        if (stat.metric.empty()) continue;
        auto own = family(std::string(stat.metric), std::string(stat.help), stat.counter ? Type::Counter : Type::Gauge);
        add(own, {}, static_cast<double>(stat.value));
        families.push_back(std::move(own));
    }
}

// The routing table: where it came from, how current, the collector's polls, reloads.
void addTableFamilies(const GatewayState& state, Families& families) {
    const TableSourceStatus& table = state.tableSource;
    auto source = family("gatehouse_table_source", "Where the routing table in use came from: 1 for the current source.", Type::Gauge);
    for (TableSource each : {TableSource::collector, TableSource::lastKnownGood, TableSource::staticDir}) {
        add(source, {{"source", tableSourceName(each)}}, table.source.load() == each ? 1.0 : 0.0);
    }
    auto staleness = family("gatehouse_table_staleness_seconds",
                            "Seconds since the routing table was last known to match the collector's (0 while it answers).", Type::Gauge);
    add(staleness, {}, table.stalenessSeconds(epochMs()));
    auto collectorVersion = family("gatehouse_collector_table_version", "The collector's version of the routing table in use (0: static).", Type::Gauge);
    add(collectorVersion, {}, static_cast<double>(table.collectorVersion.load()));
    auto polls = family("gatehouse_collector_polls_total", "Polls of the route collector, by result.", Type::Counter);
    add(polls, {{"result", "changed"}}, static_cast<double>(table.pollsChanged.load()));
    add(polls, {{"result", "unchanged"}}, static_cast<double>(table.pollsUnchanged.load()));
    add(polls, {{"result", "failed"}}, static_cast<double>(table.pollsFailed.load()));
    add(polls, {{"result", "rejected"}}, static_cast<double>(table.tablesRejected.load()));
    auto version = family("gatehouse_table_version", "Version of the routing table in use.", Type::Gauge);
    add(version, {}, static_cast<double>(state.tableVersion.load()));
    auto reloads = family("gatehouse_table_reloads_total", "Routing table reloads, by result.", Type::Counter);
    add(reloads, {{"result", "applied"}}, static_cast<double>(state.reloadsApplied.load()));
    add(reloads, {{"result", "rejected"}}, static_cast<double>(state.reloadsRejected.load()));
    for (auto* f : {&source, &staleness, &collectorVersion, &polls, &version, &reloads}) families.push_back(std::move(*f));
}

// The listeners: client connections, the admin listener's refusals, trail queries refused.
void addListenerFamilies(const GatewayState& state, Families& families) {
    auto connections = family("gatehouse_active_connections", "Client connections open.", Type::Gauge);
    add(connections, {}, static_cast<double>(state.activeConnections.load()));
    auto rejected = family("gatehouse_rejected_connections_total", "Client connections closed at once: over limits.max_connections.", Type::Counter);
    add(rejected, {}, static_cast<double>(state.rejectedConnections.load()));
    const ApiListenerStats& admin = state.adminListener;
    auto adminRefused = family("gatehouse_admin_connections_refused_total",
                               "Admin listener connections and requests refused, by reason.", Type::Counter);
    add(adminRefused, {{"reason", "full"}}, static_cast<double>(admin.refusedFull.load()));
    add(adminRefused, {{"reason", "pending_evicted"}}, static_cast<double>(admin.evictedPending.load()));
    add(adminRefused, {{"reason", "accept_error"}}, static_cast<double>(admin.acceptErrors.load()));
    add(adminRefused, {{"reason", "misdirected_host"}}, static_cast<double>(admin.misdirected.load()));
    add(adminRefused, {{"reason", "tls_handshake"}}, static_cast<double>(admin.handshakeFailures.load()));
    auto trailRefused = family("gatehouse_trail_queries_refused_total",
                               "Admin trail queries answered 503, by reason: every query thread busy, or over the time limit.",
                               Type::Counter);
    add(trailRefused, {{"reason", "busy"}}, static_cast<double>(state.trailQueriesBusy.load()));
    add(trailRefused, {{"reason", "time_limit"}}, static_cast<double>(state.trailQueriesTimedOut.load()));
    for (auto* f : {&connections, &rejected, &adminRefused, &trailRefused}) families.push_back(std::move(*f));
}

// The stores the gateway serves without: 0 when one is configured but did not open
// (its log line says why); absent when it is not configured.
void addStoreFamilies(const GatewayState& state, Families& families) {
    auto up = family("gatehouse_store_up",
                     "1 when a store opened at start, 0 when it could not (the gateway serves without it; see the log).", Type::Gauge);
    add(up, {{"store", "admin"}}, state.adminStoreOpen.load() ? 1 : 0);
    if (state.config.trailEnabled) {
        add(up, {{"store", "trail"}}, state.trail ? 1 : 0);
        add(up, {{"store", "trail_queries"}}, state.trailQueriesOpen.load() ? 1 : 0);
    }
    if (state.config.trailSink) add(up, {{"store", "trail_sink"}}, state.trailSink ? 1 : 0);
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
