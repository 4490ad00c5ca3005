#include "support_console.h"

#include <atomic>
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

} // namespace gatehouse::testing
