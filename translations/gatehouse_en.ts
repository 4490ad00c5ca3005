<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Presentation</name>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5xx ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway failures (502/503/504)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Healthy destinations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shadow mismatches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of requests the gateway had to answer itself because the service could not: refused or reset connections, time-outs, no healthy destination.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the slowest 1 % of requests take, compared with the service&apos;s timeout: near the timeout, requests start failing with 504.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many of the service&apos;s instances pass their health checks. Traffic goes only to healthy ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A filter in shadow mode would have decided differently from the backend: denied what it served, or allowed what it refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the service&apos;s recent 5xx requests in the trail; check its latest deploy and its own logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the destinations table below: which instances fail their checks, and since when. Then the service&apos;s capacity and network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for slow dependencies of the service (database, downstream calls) and for saturation; compare p50 with p99 to tell a general slowdown from a slow few.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look at the failing instances&apos; last check result; restart or replace them, or check the health endpoint itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the trail for the service filtered to shadow mismatches before switching the filter to enforce.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firing, no traffic to judge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved: no traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wildcard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full paths before wildcards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more constraints (hosts, methods) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact paths before parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer paths first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tie broken by service name and position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switched a default filter off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switched a default filter on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flapping destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of requests the service itself answered with a 5xx status. The gateway&apos;s own 502/503/504 are not in it: they are gateway failures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An instance keeps changing between healthy and unhealthy: requests to it fail now and then, and each ejection moves its traffic onto the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the instance&apos;s health history below for the failing check&apos;s result: a crash loop, a health check near its timeout, or a dependency that fails now and then.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AdminClient</name>
    <message>
        <source>%1 is unreachable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>security filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routing table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trail summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not look like a Gatehouse admin API (HTTP 404 for %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgement of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the token (HTTP %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not look like a Gatehouse route collector (HTTP 404 for %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alerts are acknowledged on the gateway that raised them: connect to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AlertsModel</name>
    <message>
        <source>What to check first: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, resolved %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AlertsPage</name>
    <message>
        <source>Select an alert to see what it means and what to check first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Alerts&lt;/b&gt; — firing first; double-click opens the service at that time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests behind this alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What are you doing about %1 — %2? (everyone sees it; audited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An acknowledgement needs a note; nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts. Services without traffic cannot fire any: see the fleet&apos;s &apos;No data&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Acknowledged&lt;/b&gt; by %1 at %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 — %2 (%3)&lt;/b&gt;&lt;br&gt;%4&lt;br&gt;&lt;b&gt;What to check first:&lt;/b&gt; %5%6&lt;br&gt;&lt;b&gt;History:&lt;/b&gt; %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts are acknowledged on the gateway that raised them: connect to that gateway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AuditModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::CandidatesModel</name>
    <message>
        <source>wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matches, outranked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::CollectorClient</name>
    <message>
        <source>404 (no route)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 moves from #%2 to #%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(any host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the collector is unreachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ConnectDialog</name>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https: the CA certificate file (PEM); empty: the system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a gateway or a fleet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One gateway (its admin API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet (a route collector: every gateway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a gateway&apos;s admin token, or a collector token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles remember a URL and its token (in this user&apos;s settings).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ConnectionBanner</name>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — retrying every %2 s; the data below is from the last successful refresh.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::DestinationsModel</name>
    <message>
        <source>Healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last check result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successes in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flapping (healthy now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flapping (unhealthy now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since the gateway started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s), last: %1</source>
        <translation>
            <numerusform>%n change, last: %1</numerusform>
            <numerusform>%n changes, last: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2  %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FilterSwitchesModel</name>
    <message>
        <source>after the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last changed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs on: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet on: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>on %1 of %n gateway(s)</source>
        <translation>
            <numerusform>on %1 of %n gateway</numerusform>
            <numerusform>on %1 of %n gateways</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No live gateway has it in its default_filters: switching it changes nothing yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the default_filters of: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on no gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on every gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on %1 of %2 gateways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FleetModel</name>
    <message>
        <source>Every metric within its thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too little traffic to judge: %n request(s) in the window</source>
        <translation>
            <numerusform>Too little traffic to judge: %n request in the window</numerusform>
            <numerusform>Too little traffic to judge: %n requests in the window</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>too little traffic to judge (%n request(s))</source>
        <translation>
            <numerusform>too little traffic to judge (%n request)</numerusform>
            <numerusform>too little traffic to judge (%n requests)</numerusform>
        </translation>
    </message>
    <message>
        <source>no traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %n flapping</source>
        <translation>
            <numerusform>%1, %n flapping</numerusform>
            <numerusform>%1, %n flapping</numerusform>
        </translation>
    </message>
    <message>
        <source>Over the thresholds&apos; window: the last %1; ratios are judged once it holds enough requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>502/503/504 the gateway answered itself because the service did not. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5xx the service answered itself. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Healthy
destinations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firing
alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last 5 minutes in 10 s buckets: %1 requests (blue), %2 errors (magenta: the service&apos;s 5xx and the gateway&apos;s 502/503/504)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 5 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked by each gateway; an instance counts once per gateway that checks it.
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FleetPage</name>
    <message>
        <source>Filter services by name (Ctrl+F); arrow keys and Enter open one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worst first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By name (stable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most traffic first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order held while the pointer is over the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Fleet&lt;/b&gt; — every service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fleet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::GatewaysModel</name>
    <message>
        <source>collector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last known good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its own file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>advertises no admin URL: the fleet&apos;s views cannot read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>polled %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silent for %1 (lost after %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the collector publishes v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v%1 (behind)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staleness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last poll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway 502/503/504</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::GatewaysPage</name>
    <message>
        <source>Connected to one gateway. A route collector knows every gateway that follows it: connect to the collector (File &gt; Connect, &quot;Fleet&quot;) to see them all here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n live</source>
        <translation>
            <numerusform>%n live</numerusform>
            <numerusform>%n live</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lost</source>
        <translation>
            <numerusform>%n lost</numerusform>
            <numerusform>%n lost</numerusform>
        </translation>
    </message>
    <message>
        <source>the collector publishes table v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n live gateway(s) behind it</source>
        <translation>
            <numerusform>%n live gateway behind it</numerusform>
            <numerusform>%n live gateways behind it</numerusform>
        </translation>
    </message>
    <message>
        <source>a gateway silent for %1 is lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gateways</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::IncidentsPage</name>
    <message>
        <source>service (empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last 15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last 6 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>everything kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended by, e.g. upstream_timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route, e.g. routes[0].paths[1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a service and a window, then Show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the loaded requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≤ %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 %2 → %3&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Ended:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Request id:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Service:&lt;/b&gt; %3 %4&lt;br&gt;&lt;b&gt;Destination:&lt;/b&gt; %5&lt;br&gt;&lt;b&gt;Client:&lt;/b&gt; %6 %7&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(user %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Timings:&lt;/b&gt; total %1 · filters %2 · connect %3 · waiting for the service %4&lt;br&gt;&lt;b&gt;Bytes:&lt;/b&gt; %5 in, %6 out&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (shadow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;disagrees with the backend&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not load:&lt;/b&gt; %1 — scroll down to try the next page again, or press Show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n request(s).&lt;/b&gt; Status: %1. Ended by: %2.&lt;br&gt;Top routes: %3.&lt;br&gt;Top users: %4. Top clients: %5.&lt;br&gt;Latency: %6.</source>
        <translation>
            <numerusform>&lt;b&gt;%n request.&lt;/b&gt; Status: %1. Ended by: %2.&lt;br&gt;Top routes: %3.&lt;br&gt;Top users: %4. Top clients: %5.&lt;br&gt;Latency: %6.</numerusform>
            <numerusform>&lt;b&gt;%n requests.&lt;/b&gt; Status: %1. Ended by: %2.&lt;br&gt;Top routes: %3.&lt;br&gt;Top users: %4. Top clients: %5.&lt;br&gt;Latency: %6.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;Filters&lt;/b&gt; (%n shadow mismatch(es))&lt;/p&gt;&lt;table cellspacing=4&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;Filters&lt;/b&gt; (%n shadow mismatch)&lt;/p&gt;&lt;table cellspacing=4&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;Filters&lt;/b&gt; (%n shadow mismatches)&lt;/p&gt;&lt;table cellspacing=4&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests of a time window, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests behind an alert, from 10 minutes before it began</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests of the range dragged on the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::MainWindow</name>
    <message>
        <source>Gatehouse Console</source>
        <translation>Gatehouse Console</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 firing) %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gatehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;interval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between refreshes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is on again; recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is off; recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway refused to change %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not changed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes at the next start of the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n alert firing</numerusform>
            <numerusform>%n alerts firing</numerusform>
        </translation>
    </message>
    <message>
        <source>[security filter off] %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default security filter off: %1 — switched off by %2 at %3: &quot;%4&quot;. Every route runs without it until it is back on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security filter off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway 502/503/504</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>firing alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>security filters off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
    <message>
        <source>(last %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Colours and states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours and states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the fleet&apos;s filter box: move through the list and open a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drag on a chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the requests of that time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a critical threshold is crossed, or no destination is healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a warning threshold is crossed, a destination is down or flapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too little traffic in the window to judge: not known to be healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enough traffic, every metric within its thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the condition holds, not yet for its &apos;for&apos; time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held long enough: someone should look</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>firing, but traffic stopped: silence is not health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole window without traffic ended it, not evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart markers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a routing table change (who registered what: hover)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a default security filter switched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an alert changed state (its colour: its severity)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart lines use their own colours; red and amber are kept for thresholds and alerts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged %1 — %2; everyone sees who is on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not acknowledged: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collector refused to change %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partial: %1 of %2 gateways answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 gateways answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every live gateway answered the fleet&apos;s read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (fleet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to a gateway or a fleet…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::RoutesModel</name>
    <message>
        <source>%1 (shadow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 of service %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::RoutesPage</name>
    <message>
        <source>from the collector (its version %1), not confirmed for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the collector (its version %1), current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the last-known-good copy (collector version %1), %2 s old — the collector is unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the gateway&apos;s services directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host, e.g. api.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path prefix, e.g. /v2/droplets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show routes of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>under</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which route, and why?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>also routes whose path does not match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test a request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check a service config file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems of a config file appear here, with their JSON paths and hints — the same messages as gatehouse-routes validate and the collector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Routing table&lt;/b&gt; v%1, %2 routes, %3 — the first route that matches wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No route matches&lt;/b&gt; %1 %2 %3: the gateway answers 404.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — params: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collector URL, e.g. http://127.0.0.1:9700</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your collector token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run it against the collector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check a config file first: the dry run sends that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the collector&apos;s URL (and your token), and a readable file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 what registering %2 would do…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the collector would accept it. What the table would become:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a takeover — the collector would refuse it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: invalid — the collector would refuse it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collector answered HTTP %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1 &apos;%2&apos; is already served by service &apos;%3&apos; (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  requests that would reach another route:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  the routing table would not change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; %3 wins%4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n other route(s) match too but come later.</source>
        <translation>
            <numerusform>%n other route matches too but comes later.</numerusform>
            <numerusform>%n other routes match too but come later.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: valid (%n warning(s)); register it with gatehouse-routes register, or try a dry run first.</source>
        <translation>
            <numerusform>%1: valid (%n warning); register it with gatehouse-routes register, or try a dry run first.</numerusform>
            <numerusform>%1: valid (%n warnings); register it with gatehouse-routes register, or try a dry run first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): the collector would refuse this file; fix them and check again.</source>
        <translation>
            <numerusform>%n error: the collector would refuse this file; fix it and check again.</numerusform>
            <numerusform>%n errors: the collector would refuse this file; fix them and check again.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Routes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::SecurityPage</name>
    <message>
        <source>Switch on or off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Security filters&lt;/b&gt; — run on every route by default; switching one off affects every service at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Audit log&lt;/b&gt; — every admin change, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking what this token may do…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: the token &apos;%1&apos; has the %2 role. Switching a security filter changes what every service receives, so it needs an admin token; the audit log records who did it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (admin). A change takes effect on the next request and is recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 on…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A change needs a reason; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 off for every route of every service?

Reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 back on for every route?

Reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why switch %1 off? (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why switch %1 on? (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;curity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to the collector as %1 (admin). A change reaches every gateway of the fleet within a second; &quot;Applied&quot; follows it until each runs it. It is recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 off for every route on every gateway of the fleet?

Reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 back on for every route on every gateway of the fleet?

Reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::SeriesChart</name>
    <message>
        <source>Requests per second, by status class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p50 / p95 / p99, with the service timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered by the gateway per second, by cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>504 time-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>502 refused, reset, bad answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>503 no healthy destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service&apos;s own 5xx ratio, with its warning and critical bands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5xx (service and gateway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service&apos;s own 5xx ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p50 / p95 / p99 (timeout %1, far above)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ServiceGatewaysModel</name>
    <message>
        <source>%1 of %2 healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway 502/503/504</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ServicePage</name>
    <message>
        <source>&lt;b&gt;Thresholds&lt;/b&gt; — what each metric means and what to check first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Destinations&lt;/b&gt; — active health checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every metric within its thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>too little traffic to judge (%n request(s) in the window)</source>
        <translation>
            <numerusform>too little traffic to judge (%n request in the window)</numerusform>
            <numerusform>too little traffic to judge (%n requests in the window)</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; %2 — %3 · %4 · service 5xx %5 · gateway 502/503/504 %6 · p99 %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag across a chart to zoom to that time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoomed to %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoomed to %1 – now (live)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Gateways&lt;/b&gt; — this service on each gateway, worst first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ThresholdsModel</name>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to check first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 % of the timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Judged over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n flapping</source>
        <translation>
            <numerusform>%n flapping</numerusform>
            <numerusform>%n flapping</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n health change(s)</source>
        <translation>
            <numerusform>%n health change</numerusform>
            <numerusform>%n health changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last %1, from %n request(s) (now %2)</source>
        <translation>
            <numerusform>last %1, from %n request (now %2)</numerusform>
            <numerusform>last %1, from %n requests (now %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>last %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gatehouse::console::TrailModel</name>
    <message>
        <source>answered by the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by a filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no route (404)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad request, refused by the gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>body too large (413)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service did not answer in time (504)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not connect to the service (502)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service closed the connection (502)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service&apos;s answer was not valid HTTP (502)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no healthy destination (503)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client went away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client was too slow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many connections to the service (503)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket closed by the client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket closed by the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket idle too long, closed by the gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket at its maximum duration, closed by the gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket closed: the gateway was stopping</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
