// gatehouse.json: parseGatewayConfigText (gateway/config), the function `gatehouse`
// reads its config file with, and parseListenAddress on its own.
//
// The reader opens files the config names (client_secret_file, secret_key_base_file)
// and reads environment variables (secret_key_base_env). The harness keeps it in a
// sandbox: the config "lives" in a temporary directory ($TMPDIR) holding those two files, the
// environment has GATEHOUSE_FUZZ_SECRET, and fopen outside the directory fails as if
// the file did not exist (so "/dev/zero" cannot make the harness read forever).
//
// Invariants (abort on violation): no crash, leak or undefined behaviour; Problems
// follow the rules of config_fuzz_common.h; a secret is never echoed in a problem; a
// valid config listens somewhere and has a state directory (and a services directory
// unless it follows a collector); a listen address prints as text that parses back to
// it.
#include "config_fuzz_common.h"

#include "config/gateway_config.h"

#include <dlfcn.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace gatehouse;
using namespace gatehouse::fuzz;

namespace {

constexpr const char* kSecret = "fuzz-secret-key-base-6f1d0a27c4e9b3";

std::string& sandbox() {
    static std::string dir;
    return dir;
}

// Set while the config reader runs; libFuzzer's own files (corpus, crashes) are opened
// outside it.
bool inReader = false;

bool allowed(const char* path) {
    if (!inReader || !path) return true;
    const std::filesystem::path normal = std::filesystem::path(path).lexically_normal();
    const std::string text = normal.string();
    return text.rfind(sandbox() + "/", 0) == 0 && text.find("/..") == std::string::npos;
}

template <typename Fn>
Fn real(const char* name) {
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

// libstdc++'s filebuf opens with fopen64 (through the PLT, so this definition wins).
extern "C" FILE* fopen64(const char* path, const char* mode) {
    static auto next = real<FILE* (*)(const char*, const char*)>("fopen64");
    if (!allowed(path)) {
        errno = ENOENT;
        return nullptr;
    }
    return next(path, mode);
}

extern "C" FILE* fopen(const char* path, const char* mode) {
    static auto next = real<FILE* (*)(const char*, const char*)>("fopen");
    if (!allowed(path)) {
        errno = ENOENT;
        return nullptr;
    }
    return next(path, mode);
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gatehouse-fuzz-config-XXXXXX";
    const char* dir = mkdtemp(pattern.data());
    if (!dir) {
        std::perror("mkdtemp");
        std::abort();
    }
    const std::string base = std::filesystem::path(dir).lexically_normal().string();
    for (const char* name : {"secret_key_base", "client_secret", "token"}) {
        std::ofstream(base + "/" + name) << kSecret << "\n";
    }
    std::filesystem::create_directories(base + "/secrets");
    std::ofstream(base + "/secrets/key") << kSecret << "\n";
    setenv("GATEHOUSE_FUZZ_SECRET", kSecret, 1);
    sandbox() = base;
    std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(sandbox(), ec);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(text(data, size));

    if (size < 128) {
        if (const auto address = gateway::parseListenAddress(input)) {
            const auto again = gateway::parseListenAddress(address->text());
            FUZZ_CHECK(again && again->host == address->host && again->port == address->port,
                       fmt::format("'{}' parses to {}, which does not parse back", escaped(input), escaped(address->text())));
        }
    }

    const std::string file = sandbox() + "/gatehouse.json";
    inReader = true;
    const gateway::ParsedGatewayConfig parsed = gateway::parseGatewayConfigText(input, file);
    inReader = false;
    checkProblems(parsed.problems, file, input);
    for (const config::Problem& p : parsed.problems) {
        FUZZ_CHECK(p.message.find(kSecret) == std::string::npos && p.hint.find(kSecret) == std::string::npos,
                   "a problem shows the secret:\n" + describe(p));
        (void)config::formatProblem(p);
    }
    if (!parsed.ok()) return 0;

    const gateway::GatewayConfig& c = parsed.config;
    FUZZ_CHECK(!c.listen.empty(), "valid without a listen address");
    FUZZ_CHECK(!c.stateDir.empty(), "valid without state_dir");
    FUZZ_CHECK(c.collector || !c.servicesDir.empty(), "valid without services_dir or a collector");
    std::vector<gateway::ListenAddress> addresses = c.listen;
    addresses.push_back(c.admin);
    for (const gateway::ListenAddress& a : addresses) {
        const auto again = gateway::parseListenAddress(a.text());
        FUZZ_CHECK(again && again->host == a.host && again->port == a.port,
                   fmt::format("listen address {} does not parse back", escaped(a.text())));
    }
    if (c.railsSession) FUZZ_CHECK(!c.railsSession->secretKeyBase.empty(), "rails_session without a secret");
    return 0;
}
