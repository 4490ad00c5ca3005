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

// An admin tokens file with one admin ("alice") and the viewer above, removed with the object.
struct AdminRoleTokens {
    AdminRoleTokens();
    ~AdminRoleTokens();
    AdminRoleTokens(const AdminRoleTokens&) = delete;
    AdminRoleTokens& operator=(const AdminRoleTokens&) = delete;
    std::string path;
    static constexpr const char* kToken = "alice-admin-token-1";
};

// PUT `body` (JSON) at `target` on a gateway's admin port as that admin; the raw response.
std::string adminPut(int port, const std::string& target, const std::string& body);

} // namespace gatehouse::testing
