#include "support/admin_tokens.h"

#include "support/gateway_process.h"

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace gatehouse::testing {

ViewerTokens::ViewerTokens() {
    static std::atomic<int> sequence{0};
    path = (std::filesystem::temp_directory_path() / fmt::format("gatehouse-viewer-tokens-{}-{}", ::getpid(), sequence++)).string();
    std::ofstream(path) << fmt::format(R"({{"tokens": [{{"name": "oncall", "role": "viewer", "token": "{}"}}]}})", kToken);
}

ViewerTokens::~ViewerTokens() { std::filesystem::remove(path); }

AdminRoleTokens::AdminRoleTokens() {
    static std::atomic<int> sequence{0};
    path = (std::filesystem::temp_directory_path() / fmt::format("gatehouse-admin-tokens-{}-{}", ::getpid(), sequence++)).string();
    std::ofstream(path) << fmt::format(R"({{"tokens": [{{"name": "alice", "role": "admin", "token": "{}"}},
                                                      {{"name": "oncall", "role": "viewer", "token": "{}"}}]}})",
                                       kToken, ViewerTokens::kToken);
}

AdminRoleTokens::~AdminRoleTokens() { std::filesystem::remove(path); }

std::string adminPut(int port, const std::string& target, const std::string& body) {
    return httpExchange(port, fmt::format("PUT {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n"
                                          "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                                          target, AdminRoleTokens::kToken, body.size(), body));
}

std::string adminGet(int port, const std::string& target) {
    return httpExchange(port, fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\r\n", target,
                                          ViewerTokens::kToken));
}

} // namespace gatehouse::testing
