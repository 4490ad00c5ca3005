#pragma once

#include <string>
#include <vector>

namespace gatehouse::testing {

// A server the test starts (redis-server, a Ruby Rack app): spawned with its output in
// a log file, ready once its port on 127.0.0.1 accepts connections (bounded wait),
// stopped by its PID when the object goes away.
class ServerProcess {
public:
    ServerProcess(std::vector<std::string> argv, int port, int readyTimeoutMs = 15'000);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool ready() const { return ready_; }
    int port() const { return port_; }
    std::string log() const;
    void kill(); // SIGKILL and wait: a crash, not a shutdown
    // SIGTERM and wait (bounded: 5 s, then SIGKILL): its exit code, 128 + signal when a
    // signal ended it (an abort on shutdown is 134).
    int terminate();

private:
    int pid_ = 0;
    int port_ = 0;
    bool ready_ = false;
    std::string logPath_;
};

// redis-server on 127.0.0.1:port without persistence.
std::vector<std::string> redisServerArgs(int port);
// A Redis command through redis-cli; its output without the trailing newline.
std::string redisCli(int port, const std::vector<std::string>& command);

} // namespace gatehouse::testing
