#include "support/tls_fixtures.h"

#include "support/process.h"
#include "support/test_upstream.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace gatehouse::testing {
namespace fs = std::filesystem;

namespace {

void openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = runProcess(argv);
    if (result.exitCode != 0) throw std::runtime_error("openssl failed: " + result.err);
}

void makeCa(const fs::path& dir, const std::string& name) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
             "/CN=" + name, "-keyout", (dir / (name + ".key")).string(), "-out", (dir / (name + ".crt")).string()});
}

void makeLeaf(const fs::path& dir, const std::string& name, const std::string& cn, const std::string& extensions) {
    const fs::path ext = dir / (name + ".ext");
    std::ofstream(ext) << extensions << "\n";
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + cn, "-keyout",
             (dir / (name + ".key")).string(), "-out", (dir / (name + ".csr")).string()});
    openssl({"x509", "-req", "-in", (dir / (name + ".csr")).string(), "-CA", (dir / "ca.crt").string(), "-CAkey",
             (dir / "ca.key").string(), "-CAcreateserial", "-days", "2", "-extfile", ext.string(), "-out",
             (dir / (name + ".crt")).string()});
}

void boundIo(int fd) { // every blocking call in these fixtures ends within 5 s
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

} // namespace

TestPki makeTestPki(const fs::path& dir) {
    fs::create_directories(dir);
    makeCa(dir, "ca");
    makeCa(dir, "other-ca");
    makeLeaf(dir, "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth");
    makeLeaf(dir, "client", "gatehouse", "extendedKeyUsage=clientAuth");
    return {dir,
            (dir / "ca.crt").string(),
            (dir / "server.crt").string(),
            (dir / "server.key").string(),
            (dir / "client.crt").string(),
            (dir / "client.key").string(),
            (dir / "other-ca.crt").string()};
}

TlsTestUpstream::TlsTestUpstream(const TestPki& pki, bool requireClientCertificate) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(ctx, pki.serverCert.c_str());
    SSL_CTX_use_PrivateKey_file(ctx, pki.serverKey.c_str(), SSL_FILETYPE_PEM);
    if (requireClientCertificate) {
        SSL_CTX_load_verify_locations(ctx, pki.caCert.c_str(), nullptr);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    context_ = ctx;
    listenFd_ = listenOnLoopback(port_);
    thread_ = std::thread([this] { serve(); });
}

TlsTestUpstream::~TlsTestUpstream() {
    stopping_ = true;
    thread_.join();
    ::close(listenFd_);
    SSL_CTX_free(static_cast<SSL_CTX*>(context_));
}

std::string TlsTestUpstream::lastRequest() const {
    return lastRequest_;
}

void TlsTestUpstream::serve() {
    while (!stopping_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept(listenFd_, nullptr, nullptr);
        if (fd < 0) continue;
        boundIo(fd);
        SSL* ssl = SSL_new(static_cast<SSL_CTX*>(context_));
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            ++handshakeFailures_;
        } else {
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                const int n = SSL_read(ssl, buffer, sizeof buffer);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            lastRequest_ = request;
            std::string cn = "none";
            if (X509* peer = SSL_get1_peer_certificate(ssl)) {
                char name[256] = {};
                X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
                cn = name;
                X509_free(peer);
            }
            const std::string body = "client=" + cn;
            const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                                         "\r\nConnection: close\r\n\r\n" + body;
            SSL_write(ssl, response.data(), static_cast<int>(response.size()));
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ::close(fd);
    }
}

std::string httpsExchange(int port, const std::string& caFile, const std::string& request) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, caFile.c_str(), nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    boundIo(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    std::string response;
    SSL* ssl = SSL_new(ctx);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        SSL_set_fd(ssl, fd);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1");
        if (SSL_connect(ssl) == 1) {
            SSL_write(ssl, request.data(), static_cast<int>(request.size()));
            char buffer[4096];
            int n = 0;
            while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) {
                response.append(buffer, static_cast<std::size_t>(n));
                const std::size_t end = response.find("\r\n\r\n");
                const std::size_t lengthAt = response.find("Content-Length: ");
                if (end != std::string::npos && lengthAt != std::string::npos &&
                    response.size() >= end + 4 + std::stoul(response.substr(lengthAt + 16))) {
                    break;
                }
            }
        }
    }
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return response;
}

} // namespace gatehouse::testing
