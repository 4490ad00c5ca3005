#pragma once

#include <filesystem>
#include <string>
#include <thread>
#include <atomic>

namespace gatehouse::testing {

// A throw-away PKI made with the openssl command: a CA, a server certificate for
// 127.0.0.1 and a client certificate (CN "gatehouse") signed by it, and an unrelated CA.
struct TestPki {
    std::filesystem::path dir;
    std::string caCert, serverCert, serverKey, clientCert, clientKey, otherCaCert;
};
TestPki makeTestPki(const std::filesystem::path& dir);

// An HTTPS backend on 127.0.0.1 (OpenSSL, one connection at a time). With
// `requireClientCertificate` it demands a client certificate signed by the CA (mTLS).
// Every response body is "client=<CN of the client certificate, or none>".
class TlsTestUpstream {
public:
    TlsTestUpstream(const TestPki& pki, bool requireClientCertificate);
    ~TlsTestUpstream();
    int port() const { return port_; }
    int handshakeFailures() const { return handshakeFailures_.load(); }
    std::string lastRequest() const;

private:
    void serve();
    void* context_ = nullptr; // SSL_CTX
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> handshakeFailures_{0};
    std::string lastRequest_;
    mutable std::atomic<bool> busy_{false};
    std::thread thread_;
};

// One request over TLS to 127.0.0.1:port, verifying the server against `caFile`; the
// raw response, or "" when the handshake or the exchange failed.
std::string httpsExchange(int port, const std::string& caFile, const std::string& request);

} // namespace gatehouse::testing
