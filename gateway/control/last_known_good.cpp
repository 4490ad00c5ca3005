#include "control/last_known_good.h"

#include "common/clock.h"
#include "common/text_util.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

std::string hexSha256(std::string_view text) {
    std::string out;
    for (unsigned char c : sha256(text)) fmt::format_to(std::back_inserter(out), "{:02x}", c);
    return out;
}


// write(2) until done, then fsync: the rename that follows must publish whole bytes.
std::expected<void, std::string> writeDurably(const std::string& file, std::string_view bytes) {
    // 0600: the table names every internal service and destination.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(fmt::format("cannot create {}: {}", file, std::strerror(errno)));
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return std::unexpected(fmt::format("cannot write {}: {}", file, why));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    const bool synced = ::fsync(fd) == 0;
    const std::string why = synced ? std::string() : std::strerror(errno);
    ::close(fd);
    if (!synced) return std::unexpected(fmt::format("cannot sync {}: {}", file, why));
    return {};
}

} // namespace

std::expected<void, std::string> saveLastKnownGood(const std::string& file, const LastKnownGood& table) {
    const json::object wrapper{{"format", 1},
                               {"saved_at", table.savedAt.empty() ? isoNow() : table.savedAt},
                               {"saved_at_ms", table.savedAtMs ? table.savedAtMs : epochMs()},
                               {"etag", table.etag},
                               {"sha256", hexSha256(table.tableText)},
                               {"table", table.tableText}};
    const std::string temp = file + ".tmp";
    std::error_code ec;
    if (auto written = writeDurably(temp, json::serialize(wrapper) + "\n"); !written) {
        std::filesystem::remove(temp, ec); // the previous file stays whole
        return written;
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(temp, ec);
        return std::unexpected(fmt::format("cannot rename {} to {}: {}", temp, file, why));
    }
    // The directory entry too: after a crash the file is either the old one or the new one.
    const std::string dir = std::filesystem::path(file).parent_path().string();
    if (const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return {};
}

std::expected<LastKnownGood, std::string> loadLastKnownGood(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        return std::unexpected(std::filesystem::exists(file, ec) ? fmt::format("{}: cannot read it", file)
                                                                 : fmt::format("{}: no such file", file));
    }
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const json::value document = json::parse(text.str(), ec);
    if (ec) return std::unexpected(fmt::format("{}: not JSON ({}): the file is damaged", file, ec.message()));
    const json::object* root = document.if_object();
    const auto field = [&](const char* key) -> std::string {
        const json::value* v = root ? root->if_contains(key) : nullptr;
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const json::value* format = root ? root->if_contains("format") : nullptr;
    if (!format || !format->is_int64() || format->as_int64() != 1) {
        return std::unexpected(fmt::format("{}: format: not 1, the format this gateway writes", file));
    }
    LastKnownGood table{field("table"), field("etag"), field("saved_at"), 0};
    if (const json::value* ms = root->if_contains("saved_at_ms"); ms && ms->is_int64()) table.savedAtMs = ms->as_int64();
    const std::string expected = field("sha256");
    if (table.tableText.empty() || expected.empty()) return std::unexpected(fmt::format("{}: table or sha256 missing", file));
    const std::string actual = hexSha256(table.tableText);
    if (actual != expected) {
        return std::unexpected(fmt::format("{}: checksum mismatch (sha256 {} recorded, {} found): the file is damaged", file,
                                           expected.substr(0, 12), actual.substr(0, 12)));
    }
    return table;
}

} // namespace gatehouse::gateway
