// TLS on both sides: HTTPS clients, and https destinations verified and, with mTLS,
// shown the gateway's own certificate.
#include "support/gateway_process.h"
#include "support/test_upstream.h"
#include "support/tls_fixtures.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace fs = std::filesystem;

class Tls : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-pki-XXXXXX").string();
        dir_ = mkdtemp(tmpl.data());
        pki_ = makeTestPki(dir_);
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    static std::string httpsService(int port) {
        return R"({"name": "secure", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "https", "host": "127.0.0.1:)" +
               std::to_string(port) + R"("}]})";
    }
    static std::string upstreamTls(const std::string& ca, bool withClientCertificate) {
        std::string settings = R"("upstream_tls": {"ca_file": ")" + ca + "\"";
        if (withClientCertificate) {
            settings += R"(, "cert_file": ")" + pki_.clientCert + R"(", "key_file": ")" + pki_.clientKey + "\"";
        }
        return settings + "}";
    }

    static inline fs::path dir_;
    static inline TestPki pki_;
};

const std::string kGet = "GET /secret HTTP/1.1\r\nHost: api.example.com\r\n\r\n";

TEST_F(Tls, MutualTlsToAnHttpsDestination) {
    TlsTestUpstream upstream(pki_, true);
    GatewayProcess gateway({{"secure.json", httpsService(upstream.port())}}, upstreamTls(pki_.caCert, true));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(gateway.port(), kGet);
    EXPECT_EQ(statusOf(response), 200) << response << gateway.log();
    EXPECT_EQ(bodyOf(response), "client=gatehouse"); // the backend saw the gateway's certificate
    EXPECT_NE(upstream.lastRequest().find("GET /secret HTTP/1.1"), std::string::npos);
}

TEST_F(Tls, WithoutItsCertificateTheDestinationRefusesTheGateway) {
    TlsTestUpstream upstream(pki_, true);
    GatewayProcess gateway({{"secure.json", httpsService(upstream.port())}}, upstreamTls(pki_.caCert, false));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(gateway.port(), kGet);
    EXPECT_EQ(statusOf(response), 502) << response;
    // The destination counts the refused handshake on its own thread, maybe after the
    // gateway has answered: wait for it, bounded.
    for (int i = 0; i < 100 && upstream.handshakeFailures() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GE(upstream.handshakeFailures(), 1);
}

TEST_F(Tls, AnUntrustedDestinationIsRefused) {
    TlsTestUpstream upstream(pki_, false);
    GatewayProcess gateway({{"secure.json", httpsService(upstream.port())}}, upstreamTls(pki_.otherCaCert, true));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpExchange(gateway.port(), kGet);
    EXPECT_EQ(statusOf(response), 502) << response;
    EXPECT_EQ(boost::json::parse(bodyOf(response)).at("id").as_string(), "upstream_connect_failed");
}

TEST_F(Tls, HttpsClientsOnATlsListener) {
    TestUpstream upstream([](const UpstreamRequest& request) {
        UpstreamResponse response;
        response.body = request.header("X-Forwarded-Proto");
        return response;
    });
    const std::string service = R"({"name": "plain", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" +
                                std::to_string(upstream.port()) + R"("}]})";
    GatewayProcess gateway({{"plain.json", service}},
                           R"("listen": [{"address": "127.0.0.1:0", "tls": {"cert_file": ")" + pki_.serverCert +
                               R"(", "key_file": ")" + pki_.serverKey + R"("}}])");
    ASSERT_TRUE(gateway.started()) << gateway.log();
    const std::string response = httpsExchange(gateway.port(), pki_.caCert, kGet);
    EXPECT_EQ(statusOf(response), 200) << response << gateway.log();
    EXPECT_EQ(bodyOf(response), "https");
    EXPECT_EQ(httpExchange(gateway.port(), kGet), ""); // plain HTTP on a TLS port gets nothing
}

TEST_F(Tls, HealthChecksSpeakTlsToHttpsDestinations) {
    TlsTestUpstream upstream(pki_, true);
    const std::string service = R"({"name": "secure", "routes": [{"paths": ["/*"]}], "destinations": [{"scheme": "https", "host": "127.0.0.1:)" +
                                std::to_string(upstream.port()) +
                                R"("}], "health_check": {"path": "/health", "interval_seconds": 2, "timeout_seconds": 1,
                                "max_failed_attempts": 1, "min_successful_attempts": 1}})";
    GatewayProcess gateway({{"secure.json", service}}, upstreamTls(pki_.caCert, true));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // at least one check has run
    EXPECT_EQ(statusOf(httpExchange(gateway.port(), kGet)), 200) << gateway.log();
    EXPECT_EQ(gateway.log().find("is unhealthy"), std::string::npos) << gateway.log();
}

// A plain connection to an address never serves an https destination on the same
// address (nor the reverse): pooled connections are kept apart by scheme.
TEST_F(Tls, PooledConnectionsAreNotSharedAcrossSchemes) {
    TestUpstream plain([](const UpstreamRequest&) {
        UpstreamResponse response;
        response.body = "plain";
        return response;
    });
    const std::string port = std::to_string(plain.port());
    GatewayProcess gateway(
        {{"plain.json", R"({"name": "plain", "routes": [{"paths": ["/plain"]}], "destinations": [{"scheme": "http", "host": "127.0.0.1:)" + port + R"("}]})"},
         {"secure.json", R"({"name": "secure", "routes": [{"paths": ["/secure"]}], "destinations": [{"scheme": "https", "host": "127.0.0.1:)" + port + R"("}]})"}},
        upstreamTls(pki_.caCert, false));
    ASSERT_TRUE(gateway.started()) << gateway.log();
    HttpClient client(gateway.port());
    client.send("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(bodyOf(client.readResponse()), "plain");
    // The idle plain connection to 127.0.0.1:port must not carry the https request.
    client.send("GET /secure HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(statusOf(client.readResponse()), 502);
    EXPECT_EQ(plain.requests(), 1);
}

TEST_F(Tls, AMissingCertificateFileRefusesToStart) {
    GatewayProcess gateway(std::map<std::string, std::string>{{"x.json", httpsService(1)}},
                           R"("listen": [{"address": "127.0.0.1:0", "tls": {"cert_file": "/nonexistent/cert.pem", "key_file": "/nonexistent/key.pem"}}])");
    EXPECT_FALSE(gateway.started());
    EXPECT_NE(gateway.log().find("cannot load the certificate /nonexistent/cert.pem"), std::string::npos) << gateway.log();
}

} // namespace
} // namespace gatehouse
