#include "support/collector_process.h"

#include "support/gateway_process.h"
#include "support/process.h"

#include <boost/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace gatehouse::testing {
namespace fs = std::filesystem;

CollectorProcess::CollectorProcess(const std::string& config, const std::string& store, int waitMs) : store_(store) {
    std::string tmpl = (fs::temp_directory_path() / "gatehouse-collector-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    if (!config.empty()) std::ofstream(dir_ / "collector.json") << config;
    std::ofstream(dir_ / "tokens.json") << R"({"tokens": [
      {"name": "platform", "token": ")" << kPlatformToken << R"(", "services": ["*"]},
      {"name": "gateways", "token": ")" << kGatewayToken << R"(", "services": []},
      {"name": "droplets-team", "token": ")" << kDropletsToken << R"(", "services": ["droplets"]},
      {"name": "billing-team", "token": ")" << kBillingToken << R"(", "services": ["billing"]},
      {"name": "security", "token": ")" << kSecurityToken << R"(", "role": "admin"}]})";
    start(0, waitMs);
}

bool CollectorProcess::start(int port, int waitMs) {
    kill(); // one that never listened (waiting for its store) is still running
    port_ = 0;
    const fs::path portFile = dir_ / "port.json";
    std::error_code ec;
    fs::remove(portFile, ec);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string logPath = (dir_ / "collector.log").string();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> argv{GATEHOUSE_ROUTES_BIN, "serve",        "--listen",    "127.0.0.1:" + std::to_string(port),
                                  "--store",            store_.empty() ? "sqlite:" + (dir_ / "collector.db").string() : store_,
                                  "--tokens",           (dir_ / "tokens.json").string(),
                                  "--port-file",        portFile.string()};
    if (fs::exists(dir_ / "collector.json")) {
        argv.push_back("--config");
        argv.push_back((dir_ / "collector.json").string());
    }
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) pid_ = pid;
    posix_spawn_file_actions_destroy(&actions);
    return awaitListening(waitMs);
}

bool CollectorProcess::awaitListening(int waitMs) {
    const fs::path portFile = dir_ / "port.json";
    for (int i = 0; i < waitMs / 20 && pid_ != 0; ++i) { // bounded
        if (fs::exists(portFile)) {
            port_ = boost::json::parse(readFile(portFile.string())).at("port").to_number<int>();
            return true;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void CollectorProcess::kill() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    port_ = 0;
}

bool CollectorProcess::stop() {
    if (pid_ == 0) return true;
    ::kill(pid_, SIGTERM);
    for (int waited = 0; waited < 10'000; waited += 10) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            port_ = 0;
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

CollectorProcess::~CollectorProcess() {
    kill();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string CollectorProcess::log() const { return readFile((dir_ / "collector.log").string()); }

std::string CollectorProcess::request(const std::string& method, const std::string& target, const std::string& token,
                                      const std::string& body, const std::string& extraFields) const {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraFields;
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty() || method == "PUT" || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    return httpExchange(port_, request);
}

std::string CollectorProcess::tokenFile(const std::string& token) const {
    const fs::path file = dir_ / (token.substr(0, token.find('-')) + ".token");
    std::ofstream(file) << token << '\n';
    return file.string();
}

} // namespace gatehouse::testing
