#include "collector/collector_config.h"

#include "core/config/json_document.h"
#include "config/gateway_config.h"
#include "core/config/json_reader.h"
#include "core/validation/service_parser.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <grp.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {
constexpr std::string_view kKeys[] = {"tls", "allowed_hosts", "limits", "forbidden_destinations", "max_connections",
                                      "max_pending_connections", "max_long_polls_per_token", "db_group",
                                      "gateway_lost_after_seconds", "max_gateways", "fleet", "thresholds"};
constexpr std::string_view kFleetKeys[] = {"token_file", "timeout_ms", "ca_file"};
constexpr std::string_view kTlsKeys[] = {"cert_file", "key_file"};
} // namespace

ParsedCollectorConfig parseCollectorConfigText(const std::string& text, const std::string& file) {
    ParsedCollectorConfig result;
    CollectorConfig& c = result.config;
    const auto document = config::parseJsonDocument(text, file, result.problems);
    if (!document) return result;
    config::JsonReader reader(file, result.problems);
    const json::object* root = reader.object(*document, "");
    if (!root) return result;
    reader.rejectUnknownKeys(*root, "", kKeys);
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    const auto relative = [&](const std::string& path) {
        return std::filesystem::path(path).is_absolute() ? path : (base / path).string();
    };
    if (const json::value* v = reader.member(*root, "", "tls", false)) {
        if (const json::object* tls = reader.object(*v, "tls")) {
            reader.rejectUnknownKeys(*tls, "tls", kTlsKeys);
            std::optional<std::string> files[2];
            for (int i = 0; i < 2; ++i) {
                const std::string key(kTlsKeys[i]);
                if (const json::value* f = reader.member(*tls, "tls", key, true)) files[i] = reader.string(*f, "tls." + key);
            }
            if (files[0] && files[1]) c.tls = std::pair{relative(*files[0]), relative(*files[1])};
        }
    }
    if (const json::value* v = reader.member(*root, "", "allowed_hosts", false)) {
        if (const json::array* items = reader.array(*v, "allowed_hosts")) {
            for (std::size_t i = 0; i < items->size(); ++i) {
                const std::string path = config::indexPath("allowed_hosts", i);
                auto host = reader.string((*items)[i], path);
                if (!host) continue;
                std::string hint;
                if (!config::parseIpLiteral(*host) && !config::checkRouteHost(*host, hint).empty()) {
                    reader.error(path, "bad_host", fmt::format("'{}' is not a host name or IP address", *host),
                                 "write the names gateways and owners reach the collector by, without a port");
                    continue;
                }
                c.allowedHosts.push_back(*host);
            }
        }
    }
    if (const json::value* v = reader.member(*root, "", "limits", false)) config::readServiceLimits(reader, *v, "limits", c.limits);
    if (const json::value* v = reader.member(*root, "", "forbidden_destinations", false)) {
        config::readAddressRanges(reader, *v, "forbidden_destinations", c.forbiddenDestinations);
    }
    const auto count = [&](std::string_view key, std::size_t& out, std::int64_t max) {
        if (const json::value* v = reader.member(*root, "", key, false)) {
            if (auto n = reader.integer(*v, std::string(key), 1, max)) out = static_cast<std::size_t>(*n);
        }
    };
    if (const json::value* v = reader.member(*root, "", "db_group", false)) {
        if (auto name = reader.string(*v, "db_group")) {
            if (const ::group* found = ::getgrnam(name->c_str())) c.dbGroup = static_cast<unsigned>(found->gr_gid);
            else reader.error("db_group", "unknown_group", fmt::format("no group called '{}' on this machine", *name));
        }
    }
    if (const json::value* v = reader.member(*root, "", "fleet", false)) {
        if (const json::object* fleet = reader.object(*v, "fleet")) {
            reader.rejectUnknownKeys(*fleet, "fleet", kFleetKeys);
            CollectorConfig::Fleet settings;
            if (const json::value* f = reader.member(*fleet, "fleet", "token_file", true)) {
                settings.tokenFile = relative(reader.string(*f, "fleet.token_file").value_or(""));
            }
            if (const json::value* f = reader.member(*fleet, "fleet", "timeout_ms", false)) {
                settings.timeoutMs = static_cast<int>(reader.integer(*f, "fleet.timeout_ms", 50, 60'000).value_or(settings.timeoutMs));
            }
            if (const json::value* f = reader.member(*fleet, "fleet", "ca_file", false)) {
                settings.caFile = relative(reader.string(*f, "fleet.ca_file").value_or(""));
            }
            c.fleet = std::move(settings);
        }
    }
    if (const json::value* v = reader.member(*root, "", "thresholds", false)) readThresholdsSection(reader, *v, c.thresholds);
    count("max_connections", c.maxConnections, 1'000'000);
    count("max_pending_connections", c.maxPending, 100'000);
    count("max_long_polls_per_token", c.maxLongPollsPerToken, 1'000'000);
    count("max_gateways", c.maxGateways, 1'000'000);
    std::size_t lostAfter = static_cast<std::size_t>(c.gatewayLostAfterSeconds);
    count("gateway_lost_after_seconds", lostAfter, 3'600);
    c.gatewayLostAfterSeconds = static_cast<int>(lostAfter);
    if (c.maxPending > c.maxConnections) {
        reader.error("max_pending_connections", "out_of_range", "max_pending_connections is above max_connections",
                     "pending connections are some of all connections");
    }
    return result;
}

ParsedCollectorConfig loadCollectorConfig(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        ParsedCollectorConfig result;
        result.problems.push_back({file, "", "io_error", "cannot read the collector config", config::Severity::error, ""});
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parseCollectorConfigText(text.str(), file);
}

} // namespace gatehouse::gateway
