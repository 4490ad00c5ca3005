// The admin listener and the collector as an attacker on the network sees them: real
// processes, real sockets on 127.0.0.1.
#include "support/collector_process.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"
#include "support/tls_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
using Collector = CollectorProcess;

std::string echoService(int port) {
    return R"({"name": "echo", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
           std::to_string(port) + R"("}]})";
}

std::string get(const std::string& path, const std::string& host) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
}

// A connection that is opened and then says nothing.
int openIdle(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

struct IdleSockets {
    std::vector<int> fds;
    ~IdleSockets() {
        for (int fd : fds) ::close(fd);
    }
};

long peakMemoryKiB(int pid) {
    std::istringstream status(readFile("/proc/" + std::to_string(pid) + "/status"));
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

double metric(const std::string& text, const std::string& series) {
    const std::size_t at = text.find("\n" + series + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

// DNS rebinding: a page on evil.example that resolves to 127.0.0.1 reaches the admin
// listener with its own Host; the answer is 421, and counted.
TEST(AdminListener, AnswersOnlyTheHostNamesItIsReachedBy) {
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"echo.json", echoService(upstream.port())}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string port = std::to_string(gateway.adminPort());
    for (const char* path : {"/metrics", "/readyz", "/healthz", "/api/v1/whoami"}) {
        const std::string refused = httpExchange(gateway.adminPort(), get(path, "evil.example:" + port));
        EXPECT_EQ(statusOf(refused), 421) << path << "\n" << refused;
        EXPECT_EQ(json::parse(bodyOf(refused)).at("id").as_string(), "misdirected_request");
    }
    for (const std::string& host : std::vector<std::string>{"localhost", "127.0.0.1:" + port, "LOCALHOST:" + port, "[::1]:" + port}) {
        EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), get("/healthz", host))), 200) << host;
    }
    const std::string metrics = bodyOf(httpExchange(gateway.adminPort(), get("/metrics", "localhost")));
    EXPECT_EQ(metric(metrics, "gatehouse_admin_connections_refused_total{reason=\"misdirected_host\"}"), 4) << metrics;

    GatewayProcess named({{"echo.json", echoService(upstream.port())}}, R"("admin_allowed_hosts": ["gw1.internal"])");
    ASSERT_TRUE(named.started()) << named.log();
    EXPECT_EQ(statusOf(httpExchange(named.adminPort(), get("/healthz", "gw1.internal:9901"))), 200);
    EXPECT_EQ(statusOf(httpExchange(named.adminPort(), get("/healthz", "localhost"))), 421);
}

TEST(AdminListener, IdleConnectionsCannotShutOutAProbe) {
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"echo.json", echoService(upstream.port())}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    IdleSockets idle;
    for (int i = 0; i < 300; ++i) idle.fds.push_back(openIdle(gateway.adminPort()));
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), get("/healthz", "localhost"))), 200) << i;
    }
    const std::string metrics = bodyOf(httpExchange(gateway.adminPort(), get("/metrics", "localhost")));
    EXPECT_GE(metric(metrics, "gatehouse_admin_connections_refused_total{reason=\"pending_evicted\"}"), 236) << metrics;
}

TEST(CollectorListener, RegistrationStaysReachableWhileIdleSocketsAndLongPollsHoldSlots) {
    Collector collector(R"({"max_pending_connections": 32, "max_long_polls_per_token": 3})");
    ASSERT_TRUE(collector.started()) << collector.log();
    IdleSockets idle;
    for (int i = 0; i < 200; ++i) idle.fds.push_back(openIdle(collector.port()));
    // Long polls by one reader token: three are held, the fourth is refused at once.
    const std::string etag = headerOf(collector.request("GET", "/v1/table", Collector::kGatewayToken), "ETag");
    ASSERT_FALSE(etag.empty());
    std::vector<std::unique_ptr<HttpClient>> polls;
    for (int i = 0; i < 3; ++i) {
        polls.push_back(std::make_unique<HttpClient>(collector.port()));
        polls.back()->send(std::string("GET /v1/table?wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") +
                           Collector::kGatewayToken + "\r\nIf-None-Match: " + etag + "\r\n\r\n");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string fourth = collector.request("GET", "/v1/table?wait=30", Collector::kGatewayToken, "", "If-None-Match: " + etag + "\r\n");
    EXPECT_EQ(statusOf(fourth), 429) << fourth;
    EXPECT_EQ(json::parse(bodyOf(fourth)).at("id").as_string(), "too_many_long_polls");
    // A team still registers, and the held polls wake with the new table.
    const std::string put = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        R"({"name": "billing", "routes": [{"paths": ["/v2/billing"]}], "destinations": [{"scheme": "http", "host": "10.0.0.5:80"}]})");
    EXPECT_EQ(statusOf(put), 201) << put << collector.log();
    for (auto& poll : polls) EXPECT_EQ(statusOf(poll->readResponse()), 200);
}

TEST(CollectorListener, AnswersOnlyItsHostNames) {
    Collector collector(R"({"allowed_hosts": ["collector.internal"]})");
    ASSERT_TRUE(collector.started()) << collector.log();
    const std::string refused = httpExchange(collector.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(statusOf(refused), 421) << refused;
    EXPECT_EQ(statusOf(httpExchange(collector.port(), "GET /healthz HTTP/1.1\r\nHost: collector.internal:9700\r\n\r\n")), 200);
}

// One team's registration of 10,000 hosts x 10,000 paths (about 200 KB) would have made
// the collector and every gateway build 10^8 index entries.
TEST(CollectorLimits, AnOversizedRegistrationIsRefusedAtOnceWithBoundedMemory) {
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    std::string hosts;
    std::string paths;
    for (int i = 0; i < 10'000; ++i) {
        hosts += (i ? "," : "") + std::string("\"h") + std::to_string(i) + ".example.com\"";
        paths += (i ? "," : "") + std::string("\"/p") + std::to_string(i) + "\"";
    }
    const std::string body = R"({"name": "billing", "routes": [{"hosts": [)" + hosts + R"(], "paths": [)" + paths +
                             R"(]}], "destinations": [{"scheme": "http", "host": "10.0.0.5:80"}]})";
    ASSERT_LT(body.size(), 1u << 20);
    const auto started = std::chrono::steady_clock::now();
    const std::string refused = collector.request("PUT", "/v1/services/billing", Collector::kBillingToken, body);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(statusOf(refused), 422) << refused.substr(0, 2000);
    const json::value answer = json::parse(bodyOf(refused));
    std::string messages;
    for (const json::value& p : answer.at("problems").as_array()) {
        EXPECT_EQ(p.at("code").as_string(), "limit_exceeded");
        messages += std::string(p.at("path").as_string()) + ": " + std::string(p.at("message").as_string()) + "\n";
    }
    EXPECT_NE(messages.find("routes[0].hosts: 'routes[0].hosts' lists 10000 items; max_hosts_per_route is 64"), std::string::npos)
        << messages;
    EXPECT_NE(messages.find("max_paths_per_route"), std::string::npos) << messages;
    std::printf("oversized registration refused in %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
    EXPECT_LT(took, std::chrono::seconds(1)); // bounded work: lists are counted, never expanded
#ifdef __SANITIZE_ADDRESS__
    constexpr long kBoundKiB = 256 * 1024; // ASan's shadow memory and quarantine
#else
    constexpr long kBoundKiB = 64 * 1024; // 10^8 index entries would be gigabytes
#endif
    EXPECT_LT(peakMemoryKiB(collector.pid()), kBoundKiB);

    // Within the per-route limits, the product is still bounded per service.
    std::string someHosts;
    std::string somePaths;
    for (int i = 0; i < 64; ++i) {
        someHosts += (i ? "," : "") + std::string("\"h") + std::to_string(i) + ".example.com\"";
        somePaths += (i ? "," : "") + std::string("\"/p") + std::to_string(i) + "\"";
    }
    const std::string product = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        R"({"name": "billing", "routes": [{"hosts": [)" + someHosts + R"(], "paths": [)" + somePaths +
            R"(]}, {"hosts": [)" + someHosts + R"(], "paths": ["/q/*"]}], "destinations": [{"scheme": "http", "host": "10.0.0.5:80"}]})");
    ASSERT_EQ(statusOf(product), 422) << product;
    EXPECT_NE(bodyOf(product).find("max_index_entries is 4096"), std::string::npos) << product;
    // A body over max_document_bytes is refused before it is read.
    const std::string huge = httpExchange(collector.port(), std::string("PUT /v1/services/billing HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
                                                                "Authorization: Bearer " + Collector::kBillingToken +
                                                                "\r\nContent-Length: 5000000\r\n\r\n");
    EXPECT_EQ(statusOf(huge), 413) << huge;
    EXPECT_NE(bodyOf(huge).find("max_document_bytes"), std::string::npos);
}

TEST(CollectorLimits, DestinationsIntoForbiddenRangesAreRefused) {
    Collector collector(R"({"forbidden_destinations": ["127.0.0.1:6379", "10.9.0.0/16"]})");
    ASSERT_TRUE(collector.started()) << collector.log();
    for (const char* host : {"127.0.0.1:6379", "169.254.169.254:80", "10.9.3.4:8080", "localhost:6379", "[::ffff:127.0.0.1]:6379"}) {
        const std::string refused = collector.request(
            "PUT", "/v1/services/billing", Collector::kBillingToken,
            R"({"name": "billing", "routes": [{"paths": ["/v2/billing"]}], "destinations": [{"scheme": "http", "host": ")" + std::string(host) + R"("}]})");
        ASSERT_EQ(statusOf(refused), 422) << host << "\n" << refused;
        const json::value problem = json::parse(bodyOf(refused)).at("problems").at(0);
        EXPECT_EQ(problem.at("code").as_string(), "forbidden_destination") << host;
        EXPECT_EQ(problem.at("path").as_string(), "destinations[0].host");
    }
    const std::string fine = collector.request(
        "PUT", "/v1/services/billing", Collector::kBillingToken,
        R"({"name": "billing", "routes": [{"paths": ["/v2/billing"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:6380"}]})");
    EXPECT_EQ(statusOf(fine), 201) << fine;
}

// The same table reaching a gateway by another way (a static directory, a collector with
// other settings) is refused by the gateway itself.
TEST(GatewayLimits, AGatewayRefusesATableWithForbiddenDestinations) {
    const int port = unusedPort();
    GatewayProcess refused({{"echo.json", echoService(port)}},
                           R"("forbidden_destinations": ["127.0.0.1:)" + std::to_string(port) + R"("])");
    EXPECT_FALSE(refused.started());
    EXPECT_NE(refused.log().find("forbidden_destination"), std::string::npos) << refused.log();
    const std::map<std::string, std::string> metadataService{
        {"meta.json", R"({"name": "meta", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "169.254.169.254:80"}]})"}};
    GatewayProcess metadata(metadataService);
    EXPECT_FALSE(metadata.started());
    EXPECT_NE(metadata.log().find("169.254.0.0/16"), std::string::npos) << metadata.log();
}

TEST(GatewayLimits, AGatewayRefusesATableOverItsLimits) {
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess refused({{"echo.json", echoService(upstream.port())}}, R"("registration_limits": {"max_table_index_entries": 0})");
    EXPECT_FALSE(refused.started());
    EXPECT_NE(refused.log().find("registration_limits.max_table_index_entries"), std::string::npos) << refused.log();
    GatewayProcess small({{"echo.json", R"({"name": "echo", "routes": [{"paths": ["/a", "/b", "/c"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                                            std::to_string(upstream.port()) + R"("}]})"}},
                         R"("registration_limits": {"max_paths_per_route": 2})");
    EXPECT_FALSE(small.started());
    EXPECT_NE(small.log().find("max_paths_per_route is 2"), std::string::npos) << small.log();
}

TEST(ApiTls, TheAdminListenerAndTheCollectorSpeakTls) {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-api-tls-XXXXXX").string();
    const fs::path dir = mkdtemp(tmpl.data());
    const TestPki pki = makeTestPki(dir);
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"echo.json", echoService(upstream.port())}},
                           R"("admin_listen": {"address": "127.0.0.1:0", "tls": {"cert_file": ")" + pki.serverCert +
                               R"(", "key_file": ")" + pki.serverKey + R"("}})");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string health = httpsExchange(gateway.adminPort(), pki.caCert, get("/healthz", "127.0.0.1"));
    EXPECT_EQ(statusOf(health), 200) << health;
    EXPECT_EQ(statusOf(httpExchange(gateway.adminPort(), get("/healthz", "127.0.0.1"))), 0); // no plain HTTP on it

    Collector collector(R"({"tls": {"cert_file": ")" + pki.serverCert + R"(", "key_file": ")" + pki.serverKey + R"("}})");
    ASSERT_TRUE(collector.started()) << collector.log();
    const std::string table = httpsExchange(collector.port(), pki.caCert,
                                            std::string("GET /v1/table HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") +
                                                Collector::kGatewayToken + "\r\n\r\n");
    EXPECT_EQ(statusOf(table), 200) << table;
    // The CLI speaks https:// with the operator's CA.
    std::ofstream(dir / "billing.json")
        << R"({"name": "billing", "routes": [{"paths": ["/v2/billing"]}], "destinations": [{"scheme": "http", "host": "10.0.0.5:80"}]})";
    const auto registered = runProcess({GATEHOUSE_ROUTES_BIN, "register", "--collector", "https://127.0.0.1:" + std::to_string(collector.port()),
                                        "--token-file", collector.tokenFile(Collector::kBillingToken), "--ca-file", pki.caCert,
                                        (dir / "billing.json").string()});
    EXPECT_EQ(registered.exitCode, 0) << registered.out << registered.err;
    const auto untrusted = runProcess({GATEHOUSE_ROUTES_BIN, "register", "--collector", "https://127.0.0.1:" + std::to_string(collector.port()),
                                       "--token-file", collector.tokenFile(Collector::kBillingToken), "--ca-file", pki.otherCaCert,
                                       (dir / "billing.json").string()});
    EXPECT_EQ(untrusted.exitCode, 3) << untrusted.out << untrusted.err;
    EXPECT_NE((untrusted.out + untrusted.err).find("certificate"), std::string::npos) << untrusted.out << untrusted.err;

    // A gateway follows the collector over https:// (upstream_tls.ca_file verifies it).
    GatewayProcess follower({}, R"("collector": {"url": "https://127.0.0.1:)" + std::to_string(collector.port()) +
                                    R"(", "token_file": ")" + collector.tokenFile(Collector::kGatewayToken) +
                                    R"("}, "upstream_tls": {"ca_file": ")" + pki.caCert + R"("})");
    ASSERT_TRUE(follower.started()) << follower.log();
    const std::string ready = httpExchange(follower.adminPort(), get("/readyz", "localhost"));
    EXPECT_EQ(json::parse(bodyOf(ready)).at("table_source").as_string(), "collector") << ready;
    fs::remove_all(dir);
}

// trail.db holds user ids and client addresses, gatehouse.db and the collector's who changed
// what: their owner's alone, unless a group is configured.
TEST(StateFiles, DatabasesAreCreatedOwnerOnlyOrForTheConfiguredGroup) {
    namespace fs = std::filesystem;
    const auto mode = [](const fs::path& file) { return fs::status(file).permissions() & fs::perms::mask; };
    const fs::perms ownerOnly = fs::perms::owner_read | fs::perms::owner_write;
    TestUpstream upstream([](const UpstreamRequest&) { return UpstreamResponse{}; });
    GatewayProcess gateway({{"echo.json", echoService(upstream.port())}});
    ASSERT_TRUE(gateway.started()) << gateway.log();
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), get("/x", "api.example.com"))), 200);
    const fs::path state = gateway.dir() / "state";
    for (int i = 0; i < 100 && !fs::exists(state / "trail.db-wal"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (const char* file : {"trail.db", "trail.db-wal", "gatehouse.db"}) {
        ASSERT_TRUE(fs::exists(state / file)) << file;
        EXPECT_EQ(mode(state / file), ownerOnly) << file;
    }
    Collector collector;
    ASSERT_TRUE(collector.started()) << collector.log();
    EXPECT_EQ(mode(collector.dir() / "collector.db"), ownerOnly);

    // A database left readable by an earlier release is narrowed when opened.
    fs::permissions(state / "trail.db", fs::perms::others_read, fs::perm_options::add);
    ASSERT_TRUE(gateway.restart()) << gateway.log();
    EXPECT_EQ(mode(state / "trail.db"), ownerOnly);

    const ::group* own = ::getgrgid(::getgid());
    ASSERT_NE(own, nullptr);
    GatewayProcess shared({{"echo.json", echoService(upstream.port())}}, R"("state_group": ")" + std::string(own->gr_name) + "\"");
    ASSERT_TRUE(shared.started()) << shared.log();
    EXPECT_EQ(mode(shared.dir() / "state" / "trail.db"), ownerOnly | fs::perms::group_read);
    GatewayProcess unknown({{"echo.json", echoService(upstream.port())}}, R"("state_group": "no-such-group-here")");
    EXPECT_FALSE(unknown.started());
    EXPECT_NE(unknown.log().find("unknown_group"), std::string::npos) << unknown.log();
}

} // namespace
} // namespace gatehouse
