#include "support_console.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>

namespace gatehouse::testing {

ConsoleFixture::ConsoleFixture() {
    healthy = std::make_unique<TestUpstream>([](const UpstreamRequest&) { return UpstreamResponse{}; });
    failing = std::make_unique<TestUpstream>([counter = std::make_shared<std::atomic<int>>(0)](const UpstreamRequest&) {
        UpstreamResponse response;
        if (++*counter % 3 == 0) response.status = 500;
        return response;
    });
    const auto service = [](const std::string& name, const std::string& path, int port) {
        return R"({"name": ")" + name + R"(", "routes": [{"paths": [")" + path +
               R"("]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + std::to_string(port) +
               R"("}, {"scheme": "http", "host": "127.0.0.1:1"}], "health_check": {"path": "/health", "interval_seconds": 2, "timeout_seconds": 1}})";
    };
    const std::filesystem::path tokens = std::filesystem::temp_directory_path() / ("gatehouse-console-tokens-" + std::to_string(::getpid()) + ".json");
    std::ofstream(tokens) << R"({"tokens": [{"name": "ada", "role": "admin", "token": ")" << kAdminToken << R"("},
                                             {"name": "vic", "role": "viewer", "token": ")" << kViewerToken << R"("}]})";
    gateway = std::make_unique<GatewayProcess>(
        std::map<std::string, std::string>{{"apps.json", service("apps", "/v2/apps/*", healthy->port())},
                                           {"volumes.json", service("volumes", "/v2/volumes/*", failing->port())}},
        R"("admin_tokens_file": ")" + tokens.string() + R"(", "thresholds": {"min_requests": 5, "evaluate_seconds": 1, "alert_for_seconds": 1})");
}

QString ConsoleFixture::adminUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(gateway->adminPort()); }

void ConsoleFixture::sendTraffic(int requests) const {
    for (int i = 0; i < requests; ++i) {
        const std::string path = i % 2 ? "/v2/apps/1" : "/v2/volumes/1";
        httpExchange(gateway->port(), "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
    }
}

namespace {
std::string fleetService(const std::string& name, const std::string& path, int port) {
    return R"({"name": ")" + name + R"(", "routes": [{"hosts": ["api.example.com"], "paths": [")" + path +
           R"("]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + std::to_string(port) +
           R"("}], "health_check": {"path": "/health", "interval_seconds": 2, "timeout_seconds": 1}})";
}
} // namespace

FleetFixture::FleetFixture() {
    healthy = std::make_unique<TestUpstream>([](const UpstreamRequest&) { return UpstreamResponse{}; });
    failing = std::make_unique<TestUpstream>([counter = std::make_shared<std::atomic<int>>(0)](const UpstreamRequest& request) {
        UpstreamResponse response;
        if (request.target != "/health" && ++*counter % 3 == 0) response.status = 500;
        return response;
    });
    const std::filesystem::path dir = std::filesystem::temp_directory_path();
    tokensFile = (dir / ("gatehouse-fleet-console-tokens-" + std::to_string(::getpid()) + ".json")).string();
    fleetTokenFile = (dir / ("gatehouse-fleet-console-viewer-" + std::to_string(::getpid()))).string();
    std::ofstream(tokensFile) << R"({"tokens": [{"name": "fleet-reader", "role": "viewer", "token": ")" << kViewerToken << R"("}]})";
    std::ofstream(fleetTokenFile) << kViewerToken << "\n";
    collector = std::make_unique<CollectorProcess>(
        R"({"fleet": {"token_file": ")" + fleetTokenFile + R"(", "timeout_ms": 1500}, "gateway_lost_after_seconds": 3,
            "thresholds": {"min_requests": 5}})");
    if (!collector->started()) return;
    for (const auto& [name, path, port] : {std::tuple{"apps", "/v2/apps/*", healthy->port()}, std::tuple{"volumes", "/v2/volumes/*", failing->port()}}) {
        collector->request("PUT", std::string("/v1/services/") + name, CollectorProcess::kPlatformToken, fleetService(name, path, port));
    }
    for (int i = 1; i <= 3; ++i) {
        const std::string settings = R"("collector": {"url": ")" + collector->url() + R"(", "token_file": ")" +
                                     collector->tokenFile(CollectorProcess::kGatewayToken) + R"(", "wait_seconds": 1}, "gateway_id": "edge-)" +
                                     std::to_string(i) + R"(", "admin_tokens_file": ")" + tokensFile +
                                     R"(", "thresholds": {"min_requests": 5, "evaluate_seconds": 1, "alert_for_seconds": 1})";
        gateways.push_back(std::make_unique<GatewayProcess>(std::map<std::string, std::string>{}, settings));
    }
}

FleetFixture::~FleetFixture() {
    gateways.clear();
    collector.reset();
    std::filesystem::remove(tokensFile);
    std::filesystem::remove(fleetTokenFile);
}

bool FleetFixture::ready() const {
    if (!collector || !collector->started()) return false;
    for (const auto& g : gateways) {
        if (!g->started()) return false;
    }
    // Every gateway advertises its admin URL from its second poll on.
    for (int attempt = 0; attempt < 150; ++attempt) {
        const std::string roster = bodyOf(collector->request("GET", "/v1/gateways", CollectorProcess::kGatewayToken));
        std::size_t advertised = 0;
        for (std::size_t at = roster.find("\"admin_url\":\"http"); at != std::string::npos; at = roster.find("\"admin_url\":\"http", at + 1)) {
            ++advertised;
        }
        if (advertised == gateways.size() && roster.find("\"live\":3") != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

QString FleetFixture::collectorUrl() const { return QString::fromStdString(collector->url()); }

void FleetFixture::sendTraffic() const {
    for (std::size_t g = 0; g < gateways.size(); ++g) {
        const int requests = 12 * static_cast<int>(g + 1);
        for (int i = 0; i < requests; ++i) {
            const std::string path = i % 2 ? "/v2/apps/1" : "/v2/volumes/1";
            httpExchange(gateways[g]->port(), "GET " + path + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        }
    }
}

std::string FleetFixture::adminBody(std::size_t g, const std::string& target) const {
    return bodyOf(httpExchange(gateways[g]->adminPort(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                                             kViewerToken + "\r\nConnection: close\r\n\r\n"));
}

} // namespace gatehouse::testing
