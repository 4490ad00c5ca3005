#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gatehouse::testing {

// A request as the test upstream received it.
struct UpstreamRequest {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool chunked = false;
    std::string header(const std::string& name) const; // first, case-insensitive; "" if absent
    std::size_t count(const std::string& name) const;
};

struct UpstreamResponse {
    enum class Action { respond, closeWithoutResponse, hang, raw };
    Action action = Action::respond;
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::size_t generatedBodyBytes = 0; // stream this many bytes of 'x' instead of body
    bool chunked = false;
    std::string raw;          // Action::raw: sent as is, then the connection is closed
    int delayMs = 0;
};

// A real HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) for gateway tests: one
// thread per connection, keep-alive, Content-Length and chunked request bodies.
class TestUpstream {
public:
    using Handler = std::function<UpstreamResponse(const UpstreamRequest&)>;
    explicit TestUpstream(Handler handler);
    ~TestUpstream();

    int port() const { return port_; }
    int connections() const { return connections_.load(); }
    int requests() const { return requests_.load(); }
    std::vector<UpstreamRequest> received() const;

private:
    void acceptLoop();
    void serve(int fd);

    Handler handler_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::atomic<int> requests_{0};
    mutable std::mutex mutex_;
    std::vector<UpstreamRequest> received_;
    std::vector<std::thread> threads_;
    std::vector<int> openFds_;
    std::thread acceptThread_;
};

// A port on 127.0.0.1 with nothing listening (bound, then closed).
int unusedPort();
// Waits up to `timeoutMs` for bytes on `fd` and appends them to `buffer`; false on
// close, error or time-out.
bool receiveMore(int fd, std::string& buffer, int timeoutMs);

// A listening socket on 127.0.0.1 with a port chosen by the OS (returned in `port`).
int listenOnLoopback(int& port);

} // namespace gatehouse::testing
