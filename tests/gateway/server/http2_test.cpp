// HTTP/2 through a real gateway with real clients: curl and nghttp over TLS (ALPN),
// h2c with prior knowledge, h2load at many streams per connection, and python3-h2
// (tests/support/h2_peer.py) driving each attack the gateway bounds. After every
// attack the gateway still serves other clients.
#include "support/admin_tokens.h"
#include "support/gateway_process.h"
#include "support/process.h"
#include "support/test_upstream.h"
#include "support/tls_fixtures.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <thread>

namespace gatehouse {
namespace {

using namespace testing;
namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kPeer = std::string(GATEHOUSE_SOURCE_DIR) + "/tests/support/h2_peer.py";
constexpr const char* kPython = "/usr/bin/python3"; // Debian's, with python3-h2

json::object peer(const std::vector<std::string>& args) {
    std::vector<std::string> argv{kPython, kPeer};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult run = runProcess(argv);
    boost::system::error_code ec;
    json::value value = json::parse(run.out, ec);
    EXPECT_FALSE(ec) << args.front() << ": " << run.out << run.err;
    return !ec && value.is_object() ? value.as_object() : json::object{};
}

std::int64_t goawayCode(const json::object& result) {
    const json::value* goaway = result.if_contains("goaway");
    return goaway && goaway->is_object() ? goaway->at("code").as_int64() : -1;
}

// A sample of the gateway's /metrics, or -1.
double metric(int adminPort, const std::string& line) {
    const std::string page = bodyOf(httpExchange(adminPort, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    const std::size_t at = page.find("\n" + line + " ");
    return at == std::string::npos ? -1 : std::stod(page.substr(at + line.size() + 2));
}

class Http2 : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string settings = fmt::format(
            R"("admin_tokens_file": "{}", "listen": ["127.0.0.1:0", {{"address": "127.0.0.1:0", "http2": true}},
                {{"address": "127.0.0.1:0", "tls": {{"cert_file": "{}", "key_file": "{}"}}}}],
               "limits": {{"drain_seconds": 3, "header_timeout_ms": 800, "body_timeout_ms": 1500, "idle_timeout_ms": 2000}})",
            viewers_.path, pki_.serverCert, pki_.serverKey);
        gateway_ = std::make_unique<GatewayProcess>(std::map<std::string, std::string>{{"api.json", apiService()}}, settings);
        ASSERT_TRUE(gateway_->started()) << gateway_->log();
        ASSERT_EQ(gateway_->ports().size(), 3u);
    }
    std::string apiService() const {
        return fmt::format(R"({{"name": "api", "destinations": [{{"scheme": "http", "host": "127.0.0.1:{}"}}],
                              "routes": [{{"paths": ["/api/*"]}}]}})",
                           upstream_.port());
    }
    int http1Port() const { return gateway_->ports()[0]; }
    int h2cPort() const { return gateway_->ports()[1]; }
    int tlsPort() const { return gateway_->ports()[2]; }
    std::string tlsUrl(const std::string& path) const { return fmt::format("https://127.0.0.1:{}{}", tlsPort(), path); }
    std::string h2cUrl(const std::string& path) const { return fmt::format("http://127.0.0.1:{}{}", h2cPort(), path); }
    ProcessResult curl(std::vector<std::string> args) const {
        args.insert(args.begin(), {"/usr/bin/curl", "-s", "--max-time", "10", "--cacert", pki_.caCert});
        return runProcess(args);
    }
    // The gateway still serves: one request over each protocol.
    void expectStillServing() const {
        EXPECT_EQ(curl({"--http2", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", tlsUrl("/api/ok")}).out, "200 2");
        EXPECT_EQ(curl({"--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", h2cUrl("/api/ok")}).out, "200 2");
    }
    json::array trail(const std::string& query) const {
        return json::parse(bodyOf(adminGet(gateway_->adminPort(), "/api/v1/trail?" + query))).at("records").as_array();
    }

    static UpstreamResponse answer(const UpstreamRequest& request) {
        UpstreamResponse response;
        if (request.target.starts_with("/api/slow")) response.delayMs = 1500;
        if (request.target.starts_with("/api/large")) response.generatedBodyBytes = 1 << 20;
        else response.body = fmt::format("{} {} body={}", request.method, request.target, request.body.size());
        response.headers.push_back({"Content-Type", "text/plain"});
        return response;
    }

    fs::path pkiDir_ = [] {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-h2-XXXXXX").string();
        return fs::path(::mkdtemp(tmpl.data()));
    }();
    TestPki pki_ = makeTestPki(pkiDir_);
    TestUpstream upstream_{answer};
    ViewerTokens viewers_;
    std::unique_ptr<GatewayProcess> gateway_;

    void TearDown() override {
        gateway_.reset();
        std::error_code ignored;
        fs::remove_all(pkiDir_, ignored);
    }
};

TEST_F(Http2, CurlAndNghttpSpeakH2ByAlpnAndPriorKnowledgeThroughTheSameRequestPath) {
    // TLS offers h2 and http/1.1 by ALPN; cleartext speaks h2 only where the listener allows it.
    EXPECT_EQ(curl({"--http2", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", tlsUrl("/api/a")}).out, "200 2");
    EXPECT_EQ(curl({"--http1.1", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", tlsUrl("/api/a")}).out, "200 1.1");
    EXPECT_EQ(curl({"--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", h2cUrl("/api/a")}).out, "200 2");
    EXPECT_NE(curl({"--http2-prior-knowledge", "-o", "/dev/null", fmt::format("http://127.0.0.1:{}/api/a", http1Port())}).exitCode, 0)
        << "h2c is off by default on cleartext listeners";
    const ProcessResult nghttp = runProcess({"/usr/bin/nghttp", "-v", "-y", tlsUrl("/api/nghttp")});
    EXPECT_NE(nghttp.out.find(":status: 200"), std::string::npos) << nghttp.out << nghttp.err;
    EXPECT_NE(nghttp.out.find("GET /api/nghttp body=0"), std::string::npos) << nghttp.out;

    // Bodies both ways: with a content-length, and without one (chunked upstream).
    const fs::path body = pkiDir_ / "body.bin";
    std::ofstream(body) << std::string(300'000, 'q');
    EXPECT_EQ(curl({"--http2", "--data-binary", "@" + body.string(), tlsUrl("/api/upload")}).out, "POST /api/upload body=300000");
    EXPECT_EQ(curl({"--http2", "-T", body.string(), "-X", "POST", "-H", "Transfer-Encoding:", "-H", "Content-Length:", tlsUrl("/api/stream")}).out,
              "POST /api/stream body=300000");
    const ProcessResult large = curl({"--http2", "-o", "/dev/null", "-w", "%{size_download}", tlsUrl("/api/large")});
    EXPECT_EQ(large.out, std::to_string(1 << 20));

    // What reached the service: Host from :authority, the crumbs of Cookie joined, the
    // forwarding fields the gateway's own, client identity fields gone.
    curl({"--http2", "-o", "/dev/null", "-H", "cookie: a=1", "-H", "cookie: b=2", "-H", "x-gatehouse-user-id: mallory", "-H",
          "x-forwarded-for: 10.9.9.9", tlsUrl("/api/who")});
    const std::vector<UpstreamRequest> received = upstream_.received();
    const auto who = std::find_if(received.begin(), received.end(), [](const UpstreamRequest& r) { return r.target == "/api/who"; });
    ASSERT_NE(who, received.end());
    EXPECT_EQ(who->header("host"), fmt::format("127.0.0.1:{}", tlsPort()));
    EXPECT_EQ(who->header("x-forwarded-proto"), "https");
    EXPECT_EQ(who->header("x-forwarded-for"), "127.0.0.1");
    EXPECT_EQ(who->header("cookie"), "a=1; b=2");
    EXPECT_EQ(who->count("x-gatehouse-user-id"), 0u);
    const auto stream = std::find_if(received.begin(), received.end(), [](const UpstreamRequest& r) { return r.target == "/api/stream"; });
    ASSERT_NE(stream, received.end());
    EXPECT_TRUE(stream->chunked);

    // The trail says the protocol of each request.
    json::array records;
    for (int attempt = 0; attempt < 100; ++attempt) {
        records = trail("service=api&limit=100");
        if (records.size() >= 8) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::map<std::string, int> byProtocol;
    for (const json::value& r : records) ++byProtocol[std::string(r.at("protocol").as_string())];
    EXPECT_EQ(byProtocol["HTTP/1.1"], 1) << json::serialize(records);
    EXPECT_EQ(byProtocol["HTTP/2"], 7) << json::serialize(records);
}

TEST_F(Http2, H2loadManyStreamsOnFewConnectionsHasNoErrors) {
    const ProcessResult run = runProcess({"/usr/bin/h2load", "-n", "4000", "-c", "4", "-m", "100", h2cUrl("/api/load")});
    EXPECT_NE(run.out.find("4000 succeeded, 0 failed, 0 errored, 0 timeout"), std::string::npos) << run.out << run.err;
    const ProcessResult tls = runProcess({"/usr/bin/h2load", "-n", "2000", "-c", "2", "-m", "100", tlsUrl("/api/load")});
    EXPECT_NE(tls.out.find("2000 succeeded, 0 failed, 0 errored, 0 timeout"), std::string::npos) << tls.out << tls.err;
    EXPECT_NE(tls.out.find("Application protocol: h2"), std::string::npos) << tls.out;
}

TEST_F(Http2, AdvertisesEnvoysEdgeDefaults) {
    const json::object settings = peer({"settings", std::to_string(h2cPort())});
    EXPECT_EQ(settings.at("max_concurrent_streams").as_int64(), 100);
    EXPECT_EQ(settings.at("initial_window_size").as_int64(), 65535);
    EXPECT_EQ(settings.at("connection_window").as_int64(), 1 << 20);
    EXPECT_EQ(settings.at("max_header_list_size").as_int64(), 16 * 1024);
}

TEST_F(Http2, RapidResetEndsTheConnectionWithEnhanceYourCalm) {
    const json::object reset = peer({"rapid-reset", std::to_string(h2cPort()), "5000"});
    EXPECT_EQ(goawayCode(reset), 11) << reset; // ENHANCE_YOUR_CALM
    EXPECT_LT(reset.at("sent").as_int64(), 5000);
    EXPECT_GE(metric(gateway_->adminPort(), "gatehouse_http2_goaways_total{reason=\"flood\"}"), 1);
    expectStillServing();
}

TEST_F(Http2, StreamsOverTheConcurrencyBoundAreRefused) {
    const json::object refused = peer({"refused", std::to_string(h2cPort()), "150"});
    EXPECT_EQ(refused.at("refused").as_int64(), 50) << refused; // REFUSED_STREAM: the client may retry them
    EXPECT_EQ(goawayCode(refused), -1) << refused;
    EXPECT_GE(metric(gateway_->adminPort(), "gatehouse_http2_streams_refused_total"), 50);
    expectStillServing();
}

TEST_F(Http2, HeaderBlocksAreBoundedLikeHttp1Heads) {
    // Over max_header_bytes: 431 on that stream; the connection goes on.
    const json::object big = peer({"big-header", std::to_string(h2cPort()), "20000"});
    EXPECT_EQ(big.at("big_status").as_int64(), 431) << big;
    EXPECT_EQ(big.at("after_status").as_int64(), 200) << big;
    // CONTINUATION frames without end: GOAWAY (CVE-2024-28182).
    const json::object continuation = peer({"continuation", std::to_string(h2cPort()), "200"});
    EXPECT_EQ(goawayCode(continuation), 11) << continuation;
    // An HPACK bomb (4 KB in the table, referenced 2000 times by one byte): its stream is
    // reset long before 8 MB are kept; the connection still answers a PING.
    const json::object bomb = peer({"hpack-bomb", std::to_string(h2cPort()), "2000"});
    ASSERT_EQ(bomb.at("resets").as_array().size(), 1u) << bomb;
    EXPECT_TRUE(bomb.at("pong").as_bool()) << bomb;
    // A header block begun and left: GOAWAY after header_timeout_ms (800 ms here).
    const json::object slow = peer({"wait-goaway", std::to_string(h2cPort()), "header"});
    EXPECT_EQ(goawayCode(slow), 1) << slow;
    EXPECT_GE(slow.at("goaway").at("seconds").to_number<double>(), 0.7);
    EXPECT_LT(slow.at("goaway").at("seconds").to_number<double>(), 3.0);
    EXPECT_GE(metric(gateway_->adminPort(), "gatehouse_http2_goaways_total{reason=\"header_timeout\"}"), 1);
    expectStillServing();
}

TEST_F(Http2, StreamsAndConnectionsHaveTheirTimeOuts) {
    // A body that never comes: the stream is reset after body_timeout_ms (1.5 s here)...
    const json::object body = peer({"wait-goaway", std::to_string(h2cPort()), "body"});
    ASSERT_TRUE(body.at("reset_seconds").is_number()) << body;
    EXPECT_GE(body.at("reset_seconds").to_number<double>(), 1.4) << body;
    EXPECT_EQ(body.at("resets").at(0).as_int64(), 2) << body; // INTERNAL_ERROR: the request did not complete
    // ...and a connection without streams gets GOAWAY NO_ERROR after idle_timeout_ms (2 s).
    const json::object idle = peer({"wait-goaway", std::to_string(h2cPort()), "idle"});
    EXPECT_EQ(goawayCode(idle), 0) << idle;
    EXPECT_GE(idle.at("goaway").at("seconds").to_number<double>(), 1.9) << idle;
    EXPECT_LT(idle.at("goaway").at("seconds").to_number<double>(), 4.0) << idle;
    EXPECT_GE(metric(gateway_->adminPort(), "gatehouse_http2_goaways_total{reason=\"idle\"}"), 1);
    // The stalled request is in the trail as the client's doing.
    const json::array records = trail("service=api&limit=10");
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.at(0).at("termination"), "client_aborted") << json::serialize(records);
    EXPECT_EQ(records.at(0).at("protocol"), "HTTP/2");
}

TEST_F(Http2, ControlAndEmptyFrameFloodsEndTheConnection) {
    for (const std::string kind : {"ping", "settings", "empty-data"}) {
        const json::object flood = peer({"flood", std::to_string(h2cPort()), kind, "5000"});
        EXPECT_EQ(goawayCode(flood), 11) << kind << ": " << flood;
    }
    EXPECT_GE(metric(gateway_->adminPort(), "gatehouse_http2_goaways_total{reason=\"flood\"}"), 3);
    expectStillServing();
}

TEST_F(Http2, MalformedRequestsAreRefusedOnTheirStreamAsRfc9113Says) {
    const json::object result = peer({"malformed", std::to_string(h2cPort())});
    // Connection-specific fields, te other than trailers, uppercase names, no :path:
    // malformed (RFC 9113 §8.1.1), a stream error each; a Host other than :authority: 400.
    for (const char* name : {"connection_field", "te_gzip", "uppercase_name", "no_path"}) {
        EXPECT_EQ(result.at(name).at("reset").as_int64(), 1) << name << ": " << result; // PROTOCOL_ERROR
    }
    EXPECT_EQ(result.at("host_differs").at("status").as_int64(), 400) << result;
    EXPECT_EQ(result.at("fine").at("status").as_int64(), 200) << result;
    EXPECT_FALSE(result.at("goaway").as_bool());
    // An unrouted path answers as on HTTP/1.1: 404 with the JSON error body.
    const ProcessResult missing = curl({"--http2", "-w", " %{http_code}", tlsUrl("/nowhere")});
    EXPECT_NE(missing.out.find("\"id\":\"not_found\""), std::string::npos) << missing.out;
    EXPECT_NE(missing.out.find(" 404"), std::string::npos) << missing.out;
}

TEST_F(Http2, DrainSendsGoawayAndLetsStreamsFinish) {
    json::object result;
    std::thread client([&] { result = peer({"drain", std::to_string(h2cPort()), "/api/slow"}); });
    std::this_thread::sleep_for(std::chrono::milliseconds(400)); // the request is at the service (1.5 s)
    gateway_->signal(SIGTERM);
    client.join();
    // A notice first (the last stream id still open), then the last stream taken (1); the
    // stream's response still comes, whole, and then the connection ends.
    ASSERT_EQ(result.at("goaways").as_array().size(), 2u) << result;
    EXPECT_EQ(result.at("goaways").at(0).at("last_stream_id").as_int64(), 2147483647) << result;
    EXPECT_EQ(result.at("goaways").at(1).at("last_stream_id").as_int64(), 1) << result;
    EXPECT_EQ(result.at("goaways").at(1).at("code").as_int64(), 0) << result; // NO_ERROR
    ASSERT_EQ(result.at("statuses").as_array().size(), 1u) << result;
    EXPECT_EQ(result.at("statuses").at(0).as_int64(), 200) << result;
    EXPECT_TRUE(result.at("stream_ended").as_bool()) << result;
    EXPECT_TRUE(result.at("closed").as_bool()) << result;
    EXPECT_EQ(gateway_->waitExit(6000), 0) << gateway_->log();
}

} // namespace
} // namespace gatehouse
