#include "routes_cli/collector_client.h"

#include "http/http_head.h"

#include <fmt/format.h>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace gatehouse::cli {

std::expected<CollectorUrl, std::string> parseCollectorUrl(std::string_view url) {
    if (url.starts_with("https://")) {
        return std::unexpected("https:// is not supported by this client: reach the collector over http:// on a trusted network");
    }
    if (!url.starts_with("http://")) return std::unexpected(fmt::format("'{}' should start with http://", url));
    url.remove_prefix(7);
    const std::size_t slash = url.find('/');
    const std::string_view authority = url.substr(0, slash);
    CollectorUrl out;
    out.basePath = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
    while (!out.basePath.empty() && out.basePath.back() == '/') out.basePath.pop_back();
    const std::size_t colon = authority.rfind(':');
    if (authority.empty() || colon == std::string_view::npos || colon + 1 == authority.size()) {
        return std::unexpected(fmt::format("'http://{}' needs a host and a port, as http://127.0.0.1:9700", authority));
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
    std::string_view pending = request;
    while (!pending.empty()) {
        if (!waitFor(socket.fd, POLLOUT, deadline)) return std::unexpected(fmt::format("{}: timed out sending the request", where));
        const ssize_t n = ::send(socket.fd, pending.data(), pending.size(), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return std::unexpected(fmt::format("{}: sending failed: {}", where, std::strerror(errno)));
        pending.remove_prefix(static_cast<std::size_t>(n));
    }
    std::string data;
    char chunk[16 * 1024];
    while (true) { // the collector closes after its answer
        if (!waitFor(socket.fd, POLLIN, deadline)) return std::unexpected(fmt::format("{}: no answer in time", where));
        const ssize_t n = ::recv(socket.fd, chunk, sizeof chunk, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n < 0) return std::unexpected(fmt::format("{}: reading failed: {}", where, std::strerror(errno)));
        if (n == 0) break;
        data.append(chunk, static_cast<std::size_t>(n));
        if (data.size() > (64u << 20)) return std::unexpected(fmt::format("{}: answer larger than 64 MiB", where));
    }
    http::ResponseHead head;
    http::HeadError error;
    if (http::parseResponseHead(data, {64 * 1024, 8 * 1024, 256}, head, error) != http::ParseStatus::complete) {
        return std::unexpected(fmt::format("{}: not an HTTP answer ({})", where, error.reason.empty() ? "cut short" : error.reason));
    }
    return HttpAnswer{head.status, data.substr(head.size)};
}

} // namespace gatehouse::cli
