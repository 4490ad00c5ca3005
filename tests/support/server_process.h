#pragma once

#include <memory>
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

// etcd on 127.0.0.1 (client port `clientPort`, peer port `peerPort`), one member, its
// data in `dataDir` (kept across restarts on the same directory).
std::vector<std::string> etcdServerArgs(int clientPort, int peerPort, const std::string& dataDir);

// One etcd member in a temporary directory on OS-chosen ports, started at once; stop()
// and start() keep its data and ports (an outage, then the same etcd back).
class EtcdProcess {
public:
    EtcdProcess();
    ~EtcdProcess();
    EtcdProcess(const EtcdProcess&) = delete;
    EtcdProcess& operator=(const EtcdProcess&) = delete;

    void start();
    void stop(); // SIGTERM, bounded wait
    bool ready() const; // serving: /health says true
    std::string log() const;
    // "etcd://127.0.0.1:PORT/PREFIX", for --store.
    std::string url(const std::string& prefix = "/gatehouse") const;

private:
    std::string dir_;
    int clientPort_ = 0;
    int peerPort_ = 0;
    std::unique_ptr<ServerProcess> process_;
    bool healthy_ = false;
};

} // namespace gatehouse::testing
