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

std::string adminGet(int port, const std::string& target) {
    return httpExchange(port, fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\r\n", target,
                                          ViewerTokens::kToken));
}

} // namespace gatehouse::testing
