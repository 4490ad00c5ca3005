// gatehouse-bench-upstream: the fastest backend we can write in a page, so that a proxy
// benchmark measures the proxy. One thread, epoll, non-blocking sockets, keep-alive and
// pipelining; every request gets the same response: GET /json a 103-byte JSON body,
// anything else 16 KiB.
//
//   gatehouse-bench-upstream PORT
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

namespace {

std::string response(std::size_t bodySize) {
    std::string body;
    if (bodySize == 103) {
        body = R"({"id":42,"name":"droplet-42","status":"active","region":"nyc3","size":"s-1vcpu-1gb","memory_mb":1024})";
        body.resize(103, ' ');
    } else {
        body.assign(bodySize, 'x');
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

struct Connection {
    std::string in;
    std::string out;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: gatehouse-bench-upstream PORT\n");
        return 2;
    }
    const std::string small = response(103);
    const std::string large = response(16 * 1024);
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int on = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 1024) != 0) {
        std::perror("bench-upstream: listen");
        return 1;
    }
    const int epoll = ::epoll_create1(0);
    epoll_event event{EPOLLIN, {.fd = listener}};
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    std::unordered_map<int, Connection> connections;
    epoll_event events[256];
    char buffer[65536];
    while (true) {
        const int ready = ::epoll_wait(epoll, events, 256, -1);
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                int client;
                while ((client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
                    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                    epoll_event e{EPOLLIN, {.fd = client}};
                    ::epoll_ctl(epoll, EPOLL_CTL_ADD, client, &e);
                    connections[client];
                }
                continue;
            }
            Connection& c = connections[fd];
            bool closed = false;
            if (events[i].events & EPOLLIN) {
                while (true) {
                    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                    if (n > 0) {
                        c.in.append(buffer, static_cast<std::size_t>(n));
                        continue;
                    }
                    closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
                    break;
                }
                std::size_t end;
                while ((end = c.in.find("\r\n\r\n")) != std::string::npos) { // requests without bodies
                    c.out += c.in.compare(0, 10, "GET /json ") == 0 ? small : large;
                    c.in.erase(0, end + 4);
                }
            }
            while (!closed && !c.out.empty()) {
                const ssize_t n = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
                if (n > 0) {
                    c.out.erase(0, static_cast<std::size_t>(n));
                } else {
                    closed = errno != EAGAIN && errno != EWOULDBLOCK;
                    break;
                }
            }
            if (closed) {
                ::close(fd);
                connections.erase(fd);
                continue;
            }
            const uint32_t wanted = c.out.empty() ? uint32_t{EPOLLIN} : uint32_t{EPOLLIN | EPOLLOUT};
            epoll_event e{wanted, {.fd = fd}};
            ::epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &e);
        }
    }
}
