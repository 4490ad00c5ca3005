#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gatehouse::testing {

// A real `gatehouse` process on 127.0.0.1 with OS-chosen ports, in its own temporary
// directory. Stopped (by its PID) when the object goes away.
class GatewayProcess {
public:
    // `services`: file name -> JSON text. `settings`: extra top-level JSON members of
    // gatehouse.json, e.g. R"("limits": {"max_body_bytes": 1024})".
    GatewayProcess(const std::map<std::string, std::string>& services, const std::string& settings = "",
                   int threads = 1);
    ~GatewayProcess();

    bool started() const { return port_ != 0; }
    int port() const { return port_; }
    // Every listener's port, in the order of "listen".
    const std::vector<int>& ports() const { return ports_; }
    int adminPort() const { return adminPort_; }
    int pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }
    std::string log() const;

    // Stops the process (SIGTERM, bounded wait) and starts it again on the same
    // directory: same config, same state_dir, new ports. True once it serves again.
    bool restart();
    // The same, running `whileStopped` between the stop and the start (to edit its state).
    bool restart(const std::function<void()>& whileStopped);

    void writeService(const std::string& file, const std::string& json) const;
    void removeService(const std::string& file) const;
    void signal(int sig) const;
    // Waits (bounded) for the process to exit; its exit code, or nullopt on time-out.
    std::optional<int> waitExit(int timeoutMs);
    // Peak resident memory (VmHWM) in KiB.
    long peakMemoryKiB() const;

private:
    void spawn();
    std::filesystem::path dir_;
    int pid_ = 0;
    int port_ = 0;
    std::vector<int> ports_;
    int adminPort_ = 0;
    bool exited_ = false;
};

// Runs `gatehouse` with arguments to completion (for --check and refused starts).
struct CommandResult {
    int exitCode = -1;
    std::string output;
};

// A client connection to 127.0.0.1:port: send bytes, read whole responses.
class HttpClient {
public:
    explicit HttpClient(int port);
    ~HttpClient();
    bool send(const std::string& bytes);
    // One response (Content-Length, chunked or until close); empty on error or 10 s time-out.
    // `idleMs`: how long a read may wait for the next bytes.
    std::string readResponse(bool headRequest = false, int idleMs = 10'000);
    // Everything until the peer closes (bounded by 10 s).
    std::string readUntilClose();
    bool closedByPeer(int timeoutMs);

private:
    int fd_ = -1;
    std::string buffer_;
};

// One request on a new connection; the raw response.
std::string httpExchange(int port, const std::string& request);
int statusOf(const std::string& response);
std::string headerOf(const std::string& response, const std::string& name);
std::string bodyOf(const std::string& response); // after the head, as sent (not de-chunked)

} // namespace gatehouse::testing
