#include "support/test_upstream.h"

#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace gatehouse::testing {
namespace {

bool sendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

std::string UpstreamRequest::header(const std::string& name) const {
    for (const auto& [n, v] : headers) {
        if (http::equalsIgnoreCase(n, name)) return v;
    }
    return {};
}

std::size_t UpstreamRequest::count(const std::string& name) const {
    std::size_t c = 0;
    for (const auto& [n, v] : headers) c += http::equalsIgnoreCase(n, name) ? 1 : 0;
    return c;
}

int listenOnLoopback(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
        throw std::runtime_error("test upstream cannot listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}


bool receiveMore(int fd, std::string& buffer, int timeoutMs) {
    pollfd p{fd, POLLIN, 0};
    if (fd < 0 || ::poll(&p, 1, timeoutMs) <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
}

int unusedPort() {
    int port = 0;
    const int fd = listenOnLoopback(port);
    ::close(fd);
    return port;
}

TestUpstream::TestUpstream(Handler handler) : handler_(std::move(handler)) {
    listenFd_ = listenOnLoopback(port_);
    acceptThread_ = std::thread([this] { acceptLoop(); });
}

TestUpstream::~TestUpstream() {
    stopping_ = true;
    acceptThread_.join();
    {
        std::lock_guard lock(mutex_);
        for (int fd : openFds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
    ::close(listenFd_);
}

std::vector<UpstreamRequest> TestUpstream::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void TestUpstream::acceptLoop() {
    while (!stopping_) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept(listenFd_, nullptr, nullptr);
        if (fd < 0) continue;
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ++connections_;
        std::lock_guard lock(mutex_);
        openFds_.push_back(fd);
        threads_.emplace_back([this, fd] { serve(fd); });
    }
}

void TestUpstream::serve(int fd) {
    struct Closer { // forget the fd before closing it: its number may be reused at once
        TestUpstream* self;
        int fd;
        ~Closer() {
            {
                std::lock_guard lock(self->mutex_);
                std::erase(self->openFds_, fd);
            }
            ::close(fd);
        }
    } closer{this, fd};
    std::string buffer;
    while (!stopping_) {
        http::RequestHead head;
        http::HeadError error;
        http::ParseStatus status = http::ParseStatus::incomplete;
        while ((status = http::parseRequestHead(buffer, {1 << 20, 1 << 16, 1000}, head, error)) == http::ParseStatus::incomplete) {
            if (!receiveMore(fd, buffer, 10'000)) return;
        }
        if (status == http::ParseStatus::error) break;
        UpstreamRequest request;
        request.method = std::string(head.method);
        request.target = std::string(head.target);
        for (const auto& f : head.fields) request.headers.emplace_back(std::string(f.name), std::string(f.value));
        const std::size_t headSize = head.size;
        buffer.erase(0, headSize);
        // Only a complete request counts as received: a body cut off is no request.
        if (!request.header("content-length").empty()) {
            const std::size_t length = std::stoull(request.header("content-length"));
            while (buffer.size() < length) {
                if (!receiveMore(fd, buffer, 10'000)) return;
            }
            request.body = buffer.substr(0, length);
            buffer.erase(0, std::min(length, buffer.size()));
        } else if (http::equalsIgnoreCase(request.header("transfer-encoding"), "chunked")) {
            request.chunked = true;
            http::ChunkedDecoder decoder;
            while (!decoder.done() && !decoder.failed()) {
                std::vector<std::string_view> pieces;
                const std::size_t used = decoder.decode(buffer, pieces);
                for (auto piece : pieces) request.body += piece;
                buffer.erase(0, used);
                if (!decoder.done() && !receiveMore(fd, buffer, 10'000)) return;
            }
            if (decoder.failed()) return;
        }
        ++requests_;
        UpstreamResponse response = handler_(request);
        {
            std::lock_guard lock(mutex_);
            received_.push_back(request);
        }
        if (response.delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(response.delayMs));
        if (response.action == UpstreamResponse::Action::closeWithoutResponse) break;
        if (response.action == UpstreamResponse::Action::hang) {
            while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            break;
        }
        if (response.action == UpstreamResponse::Action::raw) {
            sendAll(fd, response.raw);
            break;
        }
        std::string out = "HTTP/1.1 " + std::to_string(response.status) + " OK\r\n";
        for (const auto& [n, v] : response.headers) out += n + ": " + v + "\r\n";
        const std::size_t bodySize = response.generatedBodyBytes ? response.generatedBodyBytes : response.body.size();
        out += response.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + std::to_string(bodySize) + "\r\n";
        out += "\r\n";
        bool ok = sendAll(fd, out);
        if (response.generatedBodyBytes) {
            const std::string block(65536, 'x');
            std::size_t left = response.generatedBodyBytes;
            while (ok && left > 0) {
                const std::size_t n = std::min(left, block.size());
                ok = response.chunked ? sendAll(fd, (std::ostringstream() << std::hex << n).str() + "\r\n" + block.substr(0, n) + "\r\n")
                                      : sendAll(fd, std::string_view(block).substr(0, n));
                left -= n;
            }
        } else if (!response.body.empty()) {
            ok = ok && sendAll(fd, response.chunked ? (std::ostringstream() << std::hex << response.body.size()).str() + "\r\n" +
                                                          response.body + "\r\n"
                                                    : response.body);
        }
        if (response.chunked) ok = ok && sendAll(fd, "0\r\n\r\n");
        if (!ok) break;
    }
}

} // namespace gatehouse::testing
