#pragma once

#include <filesystem>
#include <string>

namespace gatehouse::testing {

// A real `gatehouse-routes serve` on 127.0.0.1 with an OS-chosen port, its database and
// tokens in its own temporary directory. Stopped by its PID when the object goes away.
// Tokens (bearer values below): platform owns every service, gateways reads only,
// droplets-team owns droplets, billing-team owns billing, security (role admin) owns no
// service and switches the fleet's default filters.
class CollectorProcess {
public:
    static constexpr const char* kPlatformToken = "platform-token-0123456789";
    static constexpr const char* kGatewayToken = "gateways-token-0123456789";
    static constexpr const char* kDropletsToken = "droplets-token-0123456789";
    static constexpr const char* kBillingToken = "billing-token-0123456789";
    static constexpr const char* kSecurityToken = "security-token-0123456789";

    // `config`: the JSON of --config (collector_config.h), written into its directory.
    // `store`: --store (etcd://...); empty: a SQLite file in its directory.
    // `waitMs`: how long to wait for it to listen.
    explicit CollectorProcess(const std::string& config = "", const std::string& store = "", int waitMs = 10'000);
    ~CollectorProcess();
    CollectorProcess(const CollectorProcess&) = delete;
    CollectorProcess& operator=(const CollectorProcess&) = delete;

    bool started() const { return port_ != 0; }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }
    std::string log() const;

    // One request; the raw response. `token` empty: no Authorization field.
    std::string request(const std::string& method, const std::string& target, const std::string& token,
                        const std::string& body = "", const std::string& extraFields = "") const;
    // A file holding `token` (for --token-file and the gateway's collector.token_file).
    std::string tokenFile(const std::string& token) const;

    void kill(); // SIGKILL: a crash
    bool stop(); // SIGTERM and a bounded wait
    // Again, on the same database: on `port` (the one it had, say) or a new one. An etcd
    // collector listens once it has read etcd: `waitMs` bounds that.
    bool start(int port = 0, int waitMs = 10'000);
    // Waits (bounded) for the running process to listen, without starting another.
    bool awaitListening(int waitMs);

private:
    std::filesystem::path dir_;
    std::string store_;
    int pid_ = 0;
    int port_ = 0;
};

} // namespace gatehouse::testing
