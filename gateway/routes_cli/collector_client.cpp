#include "routes_cli/collector_client.h"

#include "http/http_head.h"

#include <fmt/format.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace gatehouse::cli {

std::expected<CollectorUrl, std::string> parseCollectorUrl(std::string_view url) {
    CollectorUrl out;
    out.https = url.starts_with("https://");
    if (!out.https && !url.starts_with("http://")) return std::unexpected(fmt::format("'{}' should start with https:// or http://", url));
    url.remove_prefix(out.https ? 8 : 7);
    const std::size_t slash = url.find('/');
    const std::string_view authority = url.substr(0, slash);
    out.basePath = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
    while (!out.basePath.empty() && out.basePath.back() == '/') out.basePath.pop_back();
    const std::size_t colon = authority.rfind(':');
    if (authority.empty() || colon == std::string_view::npos || colon + 1 == authority.size()) {
        return std::unexpected(fmt::format("'{}' needs a host and a port, as https://collector.internal:9700", authority));
    }
    out.host = std::string(authority.substr(0, colon));
    out.port = std::string(authority.substr(colon + 1));
    if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') out.host = out.host.substr(1, out.host.size() - 2);
    return out;
}

namespace {

struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// Waits for `events` on fd until the deadline; false on time-out.
bool waitFor(int fd, short events, std::chrono::steady_clock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n > 0) return true;
        if (n == 0) return false;
        if (errno != EINTR) return false;
    }
}

std::string tlsError(std::string_view what) {
    const unsigned long code = ::ERR_get_error();
    char text[256] = "unknown error";
    if (code != 0) ::ERR_error_string_n(code, text, sizeof text);
    return fmt::format("{}: {}", what, text);
}

// A TLS client over the connected non-blocking descriptor, every step bounded by the
// deadline; or plain send/recv when `ssl` is null.
class Channel {
public:
    Channel(int fd, std::chrono::steady_clock::time_point deadline) : fd_(fd), deadline_(deadline) {}
    ~Channel() {
        if (ssl_) ::SSL_free(ssl_);
        if (context_) ::SSL_CTX_free(context_);
    }
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    std::expected<void, std::string> startTls(const CollectorUrl& url) {
        context_ = ::SSL_CTX_new(::TLS_client_method());
        if (!context_) return std::unexpected(tlsError("TLS"));
        ::SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
        ::SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
        const int loaded = url.caFile.empty() ? ::SSL_CTX_set_default_verify_paths(context_)
                                              : ::SSL_CTX_load_verify_locations(context_, url.caFile.c_str(), nullptr);
        if (loaded != 1) return std::unexpected(tlsError(fmt::format("--ca-file {}", url.caFile)));
        ssl_ = ::SSL_new(context_);
        ::SSL_set_fd(ssl_, fd_);
        X509_VERIFY_PARAM* param = ::SSL_get0_param(ssl_);
        unsigned char address[16];
        const bool literal = ::inet_pton(AF_INET, url.host.c_str(), address) == 1 || ::inet_pton(AF_INET6, url.host.c_str(), address) == 1;
        if (literal) {
            ::X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str());
        } else {
            ::SSL_set_tlsext_host_name(ssl_, url.host.c_str());
            ::X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0);
        }
        while (true) {
            const int rc = ::SSL_connect(ssl_);
            if (rc == 1) return {};
            if (!waitForSsl(rc)) {
                const long verify = ::SSL_get_verify_result(ssl_);
                if (verify != X509_V_OK) {
                    return std::unexpected(fmt::format("the collector's certificate is not trusted: {}",
                                                       ::X509_verify_cert_error_string(verify)));
                }
                return std::unexpected(tlsError("TLS handshake"));
            }
        }
    }

    // Everything sent, or why not.
    std::expected<void, std::string> sendAll(std::string_view data) {
        while (!data.empty()) {
            if (ssl_) {
                const int n = ::SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
                if (n > 0) {
                    data.remove_prefix(static_cast<std::size_t>(n));
                } else if (!waitForSsl(n)) {
                    return std::unexpected(tlsError("sending failed"));
                }
                continue;
            }
            if (!waitFor(fd_, POLLOUT, deadline_)) return std::unexpected("timed out sending the request");
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) return std::unexpected(fmt::format("sending failed: {}", std::strerror(errno)));
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return {};
    }

    // Appends what arrives until the peer closes.
    std::expected<void, std::string> readAll(std::string& data) {
        char chunk[16 * 1024];
        while (true) {
            if (data.size() > (64u << 20)) return std::unexpected("answer larger than 64 MiB");
            if (ssl_) {
                const int n = ::SSL_read(ssl_, chunk, sizeof chunk);
                if (n > 0) {
                    data.append(chunk, static_cast<std::size_t>(n));
                    continue;
                }
                const int reason = ::SSL_get_error(ssl_, n);
                if (reason == SSL_ERROR_ZERO_RETURN || (reason == SSL_ERROR_SYSCALL && n == 0)) return {};
                if (!waitForSsl(n)) return std::unexpected("no answer in time or a broken TLS stream");
                continue;
            }
            if (!waitFor(fd_, POLLIN, deadline_)) return std::unexpected("no answer in time");
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n < 0) return std::unexpected(fmt::format("reading failed: {}", std::strerror(errno)));
            if (n == 0) return {};
            data.append(chunk, static_cast<std::size_t>(n));
        }
    }

private:
    // After an SSL call returned `rc`: waits for what it needs; false on a real error or time-out.
    bool waitForSsl(int rc) {
        const int reason = ::SSL_get_error(ssl_, rc);
        if (reason == SSL_ERROR_WANT_READ) return waitFor(fd_, POLLIN, deadline_);
        if (reason == SSL_ERROR_WANT_WRITE) return waitFor(fd_, POLLOUT, deadline_);
        return false;
    }

    int fd_;
    std::chrono::steady_clock::time_point deadline_;
    SSL_CTX* context_ = nullptr;
    SSL* ssl_ = nullptr;
};

} // namespace

std::expected<HttpAnswer, std::string> collectorRequest(const CollectorUrl& url, std::string_view method,
                                                        std::string_view target, std::string_view token,
                                                        std::string_view body, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string where = fmt::format("{}:{}", url.host, url.port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); rc != 0) {
        return std::unexpected(fmt::format("cannot resolve {}: {}", where, ::gai_strerror(rc)));
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
    Descriptor socket;
    std::string lastError = "no address";
    for (addrinfo* a = found; a && socket.fd < 0; a = a->ai_next) {
        Descriptor attempt{::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol)};
        if (attempt.fd < 0) continue;
        if (::connect(attempt.fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            lastError = std::strerror(errno);
            continue;
        }
        if (!waitFor(attempt.fd, POLLOUT, deadline)) {
            lastError = "timed out";
            continue;
        }
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(attempt.fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            lastError = std::strerror(error);
            continue;
        }
        std::swap(socket.fd, attempt.fd);
    }
    if (socket.fd < 0) return std::unexpected(fmt::format("cannot connect to the collector at {}: {}", where, lastError));

    std::string request = fmt::format("{} {}{} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nConnection: close\r\n", method,
                                      url.basePath, target, where);
    if (!token.empty()) request += fmt::format("Authorization: Bearer {}\r\n", token);
    if (!body.empty() || method == "PUT" || method == "POST") {
        request += fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n", body.size());
    }
    request += "\r\n";
    request += body;
    Channel channel(socket.fd, deadline);
    if (url.https) {
        if (auto started = channel.startTls(url); !started) return std::unexpected(fmt::format("{}: {}", where, started.error()));
    }
    if (auto sent = channel.sendAll(request); !sent) return std::unexpected(fmt::format("{}: {}", where, sent.error()));
    std::string data; // the collector closes after its answer
    if (auto read = channel.readAll(data); !read) return std::unexpected(fmt::format("{}: {}", where, read.error()));
    http::ResponseHead head;
    http::HeadError error;
    if (http::parseResponseHead(data, {64 * 1024, 8 * 1024, 256}, head, error) != http::ParseStatus::complete) {
        return std::unexpected(fmt::format("{}: not an HTTP answer ({})", where, error.reason.empty() ? "cut short" : error.reason));
    }
    return HttpAnswer{head.status, data.substr(head.size)};
}

} // namespace gatehouse::cli
