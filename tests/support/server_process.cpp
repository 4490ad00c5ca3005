#include "support/server_process.h"

#include "support/process.h"
#include "support/gateway_process.h"
#include "support/test_upstream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <thread>

extern char** environ;

namespace gatehouse::testing {
namespace {

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

} // namespace

ServerProcess::ServerProcess(std::vector<std::string> argv, int port, int readyTimeoutMs) : port_(port) {
    std::string tmpl = "/tmp/gatehouse-server-XXXXXX";
    const int fd = mkstemp(tmpl.data());
    ::close(fd);
    logPath_ = tmpl;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, logPath_.c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (std::string& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv.at(0).c_str(), &actions, nullptr, args.data(), environ) == 0) pid_ = pid;
    posix_spawn_file_actions_destroy(&actions);
    for (int waited = 0; pid_ != 0 && waited < readyTimeoutMs; waited += 20) {
        if (accepts(port)) {
            ready_ = true;
            break;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0; // it exited: the log says why
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

int ServerProcess::terminate() {
    if (pid_ == 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 250 && (done = waitpid(pid_, &status, WNOHANG)) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (done == 0) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
    }
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::~ServerProcess() {
    if (pid_ != 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 250 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
    }
    std::remove(logPath_.c_str());
}

void ServerProcess::kill() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    ready_ = false;
}

std::string ServerProcess::log() const {
    return readFile(logPath_);
}

std::vector<std::string> redisServerArgs(int port) {
    return {"redis-server", "--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--enable-debug-command", "local"}; // DEBUG SLEEP stalls it on purpose
}

std::vector<std::string> etcdServerArgs(int clientPort, int peerPort, const std::string& dataDir) {
    const std::string client = "http://127.0.0.1:" + std::to_string(clientPort);
    const std::string peer = "http://127.0.0.1:" + std::to_string(peerPort);
    return {"etcd", "--name", "test", "--data-dir", dataDir, "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "test=" + peer,
            "--log-level", "warn"};
}

EtcdProcess::EtcdProcess() {
    std::string tmpl = "/tmp/gatehouse-etcd-XXXXXX";
    dir_ = mkdtemp(tmpl.data());
    clientPort_ = unusedPort();
    peerPort_ = unusedPort();
    start();
}

EtcdProcess::~EtcdProcess() {
    process_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void EtcdProcess::start() {
    process_ = std::make_unique<ServerProcess>(etcdServerArgs(clientPort_, peerPort_, dir_ + "/data"), clientPort_);
    // Accepting is not serving: etcd answers once it has elected itself (bounded: 15 s).
    for (int i = 0; i < 300 && process_->ready(); ++i) {
        const std::string answer = httpExchange(clientPort_, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        if (answer.find("\"health\":\"true\"") != std::string::npos) {
            healthy_ = true;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void EtcdProcess::stop() {
    process_.reset();
    healthy_ = false;
}

bool EtcdProcess::ready() const { return process_ && process_->ready() && healthy_; }

std::string EtcdProcess::log() const { return process_ ? process_->log() : std::string(); }

std::string EtcdProcess::url(const std::string& prefix) const { return "etcd://127.0.0.1:" + std::to_string(clientPort_) + prefix; }

std::string redisCli(int port, const std::vector<std::string>& command) {
    std::vector<std::string> argv{"/usr/bin/redis-cli", "-h", "127.0.0.1", "-p", std::to_string(port)};
    argv.insert(argv.end(), command.begin(), command.end());
    std::string out = runProcess(argv).out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

} // namespace gatehouse::testing
