#include "support/gateway_process.h"

#include "support/process.h"
#include "support/test_upstream.h"

#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace gatehouse::testing {
namespace fs = std::filesystem;

GatewayProcess::GatewayProcess(const std::map<std::string, std::string>& services, const std::string& settings, int threads) {
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-gw-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    fs::create_directories(dir_ / "services");
    for (const auto& [file, json] : services) writeService(file, json);
    const bool ownListen = settings.find("\"listen\"") != std::string::npos; // the test brings its own
    const bool ownAdmin = settings.find("\"admin_listen\"") != std::string::npos;
    std::ofstream(dir_ / "gatehouse.json") << "{" << (ownListen ? "" : "\"listen\": [\"127.0.0.1:0\"], ")
                                           << (ownAdmin ? "" : "\"admin_listen\": \"127.0.0.1:0\", ") << "\"threads\": " << threads
                                           << ", \"services_dir\": \"services\", \"state_dir\": \"state\""
                                           << (settings.empty() ? "" : ", " + settings) << "}";
    spawn();
}

void GatewayProcess::spawn() {
    port_ = adminPort_ = 0;
    pid_ = 0;
    exited_ = false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string logPath = (dir_ / "gatehouse.log").string();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const std::string binary = GATEHOUSE_BIN;
    const std::string config = (dir_ / "gatehouse.json").string();
    std::vector<char*> args{const_cast<char*>(binary.c_str()), const_cast<char*>("--config"),
                            const_cast<char*>(config.c_str()), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, args.data(), environ) == 0) pid_ = pid;
    posix_spawn_file_actions_destroy(&actions);
    // Ready when it has written its ports (bounded: 10 s, or until it exits).
    const fs::path portsFile = dir_ / "state" / "gatehouse.ports.json";
    for (int i = 0; i < 500 && pid_ != 0; ++i) {
        if (fs::exists(portsFile)) {
            const auto ports = boost::json::parse(readFile(portsFile));
            port_ = static_cast<int>(ports.at("listen").at(0).to_number<int>());
            ports_.clear();
            for (const auto& p : ports.at("listen").as_array()) ports_.push_back(p.to_number<int>());
            adminPort_ = ports.at("admin").to_number<int>();
            break;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool GatewayProcess::restart() {
    return restart([] {});
}

bool GatewayProcess::restart(const std::function<void()>& whileStopped) {
    signal(SIGTERM);
    if (!waitExit(20'000)) return false;
    whileStopped();
    std::error_code ec;
    fs::remove(dir_ / "state" / "gatehouse.ports.json", ec);
    spawn();
    return started();
}

GatewayProcess::~GatewayProcess() {
    if (pid_ != 0 && !exited_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string GatewayProcess::log() const {
    return readFile(dir_ / "gatehouse.log");
}

void GatewayProcess::writeService(const std::string& file, const std::string& json) const {
    std::ofstream(dir_ / "services" / file) << json;
}

void GatewayProcess::removeService(const std::string& file) const {
    fs::remove(dir_ / "services" / file);
}

void GatewayProcess::signal(int sig) const {
    if (pid_ != 0 && !exited_) ::kill(pid_, sig);
}

std::optional<int> GatewayProcess::waitExit(int timeoutMs) {
    for (int waited = 0; waited <= timeoutMs; waited += 10) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

long GatewayProcess::peakMemoryKiB() const {
    std::istringstream status(readFile("/proc/" + std::to_string(pid_) + "/status"));
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

HttpClient::HttpClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

HttpClient::~HttpClient() {
    if (fd_ >= 0) ::close(fd_);
}

bool HttpClient::send(const std::string& bytes) {
    std::string_view data = bytes;
    while (fd_ >= 0 && !data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return fd_ >= 0;
}


std::string HttpClient::readResponse(bool headRequest, int idleMs) {
    http::ResponseHead head;
    http::HeadError error;
    http::ParseStatus status = http::ParseStatus::incomplete;
    while ((status = http::parseResponseHead(buffer_, {1 << 20, 1 << 16, 1000}, head, error)) == http::ParseStatus::incomplete) {
        if (!receiveMore(fd_, buffer_, idleMs)) return {};
    }
    if (status == http::ParseStatus::error) return {};
    const std::size_t headSize = head.size;
    auto framing = http::responseFraming(head, headRequest, error);
    if (!framing) return {};
    std::size_t total = headSize;
    if (framing->kind == http::BodyFraming::Kind::length) {
        total += framing->length;
        while (buffer_.size() < total) {
            if (!receiveMore(fd_, buffer_, idleMs)) return {};
        }
    } else if (framing->kind == http::BodyFraming::Kind::chunked) {
        http::ChunkedDecoder decoder;
        std::size_t pos = headSize;
        while (!decoder.done()) {
            std::vector<std::string_view> pieces;
            pos += decoder.decode(std::string_view(buffer_).substr(pos), pieces);
            if (decoder.failed()) return {};
            if (!decoder.done() && !receiveMore(fd_, buffer_, idleMs)) return {};
        }
        total = pos;
    } else if (framing->kind == http::BodyFraming::Kind::untilClose) {
        while (receiveMore(fd_, buffer_, idleMs)) {
        }
        total = buffer_.size();
    }
    std::string response = buffer_.substr(0, total);
    buffer_.erase(0, total);
    return response;
}

std::string HttpClient::readUntilClose() {
    while (receiveMore(fd_, buffer_, 10'000)) {
    }
    std::string out;
    out.swap(buffer_);
    return out;
}

bool HttpClient::closedByPeer(int timeoutMs) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0) return false;
    char byte;
    return ::recv(fd_, &byte, 1, MSG_PEEK) == 0;
}

std::string httpExchange(int port, const std::string& request) {
    HttpClient client(port);
    client.send(request);
    return client.readResponse(request.rfind("HEAD ", 0) == 0);
}

int statusOf(const std::string& response) {
    if (response.size() < 12) return 0;
    return std::stoi(response.substr(9, 3));
}

std::string headerOf(const std::string& response, const std::string& name) {
    std::istringstream lines(response.substr(0, response.find("\r\n\r\n")));
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos && http::equalsIgnoreCase(line.substr(0, colon), name)) {
            return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    return {};
}

std::string bodyOf(const std::string& response) {
    const std::size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

} // namespace gatehouse::testing
