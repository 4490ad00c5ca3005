#pragma once

#include <string>

namespace gatehouse::testing {

// An admin tokens file with one viewer ("oncall"), removed with the object.
struct ViewerTokens {
    ViewerTokens();
    ~ViewerTokens();
    ViewerTokens(const ViewerTokens&) = delete;
    ViewerTokens& operator=(const ViewerTokens&) = delete;
    std::string path;
    static constexpr const char* kToken = "oncall-viewer-token-1";
};

// GET `target` on a gateway's admin port as that viewer; the raw response.
std::string adminGet(int port, const std::string& target);

} // namespace gatehouse::testing
