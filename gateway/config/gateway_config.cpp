#include "config/gateway_config.h"

#include "core/config/json_document.h"
#include "core/config/json_reader.h"
#include "core/validation/service_parser.h"
#include "core/catalogue/filter_catalogue.h"
#include "common/text_util.h"
#include "glue/glue_client.h"
#include "net/api_http.h"
#include "filters/redis_counter_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <grp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace gatehouse::gateway {
namespace json = boost::json;
using config::JsonReader;

namespace {

constexpr std::string_view kKeys[] = {"listen", "admin_listen", "threads", "services_dir", "state_dir", "limits",
                                      "default_filters", "upstream_tls", "glue",
                                      "admin_tokens_file", "redis", "rails_session", "trail", "collector",
                                      "thresholds", "registration_limits", "forbidden_destinations",
                                      "admin_allowed_hosts", "state_group", "gateway_id", "advertise_admin_url"};
constexpr std::string_view kThresholdKeys[] = {"error_ratio_warning", "error_ratio_critical", "gateway_failure_ratio_warning",
                                               "gateway_failure_ratio_critical", "p99_timeout_warning", "p99_timeout_critical",
                                               "min_requests", "window_seconds", "alert_for_seconds", "evaluate_seconds",
                                               "flapping_changes", "flapping_window_seconds"};
constexpr std::string_view kTrailSinkKeys[] = {"url", "batch_records", "flush_ms", "queue_records", "timeout_ms"};
constexpr std::string_view kTrailKeys[] = {"enabled", "max_age_hours", "max_rows", "queue_capacity", "sink", "query_threads",
                                           "query_queue", "query_time_limit_ms"};
constexpr std::string_view kRailsKeys[] = {"secret_key_base_file", "secret_key_base_env", "key_derivation_digest",
                                           "serializer", "user_key", "salt", "iterations"};
constexpr std::string_view kRedisKeys[] = {"url", "timeout_ms", "key_prefix", "max_in_flight"};
constexpr std::string_view kGlueKeys[] = {"introspection", "session", "policy", "flags"};
constexpr std::string_view kGlueServiceKeys[] = {"url", "timeout_ms"};
constexpr std::string_view kIntrospectionKeys[] = {"url", "timeout_ms", "client_id", "client_secret_file",
                                                   "cache_max_seconds", "negative_cache_seconds", "cache_entries",
                                                   "new_tokens_per_second"};
constexpr std::string_view kFlagKeys[] = {"url", "timeout_ms", "poll_ms", "actor_prefix"};
constexpr std::string_view kListenKeys[] = {"address", "tls", "http2"};
constexpr std::string_view kTlsKeys[] = {"cert_file", "key_file"};
constexpr std::string_view kUpstreamTlsKeys[] = {"ca_file", "cert_file", "key_file"};
constexpr std::string_view kLimitKeys[] = {"max_header_bytes", "max_request_line_bytes", "max_headers",
                                           "header_timeout_ms", "idle_timeout_ms", "body_timeout_ms", "max_connections", "max_websockets",
                                           "http2_max_concurrent_streams", "http2_stream_window_bytes", "http2_connection_window_bytes",
                                           "max_body_bytes", "upstream_connect_timeout_ms", "drain_seconds",
                                           "headers_with_underscores_action"};
constexpr std::string_view kDefaultFilterKeys[] = {"before", "after"};

std::optional<ListenAddress> readAddress(JsonReader& reader, const json::value& value, const std::string& path) {
    auto text = reader.string(value, path);
    if (!text) return std::nullopt;
    auto address = parseListenAddress(*text);
    if (!address) {
        reader.error(path, "bad_address", fmt::format("'{}' is not an IP:port address", *text),
                     "write it as \"127.0.0.1:8080\" or \"[::1]:8080\"");
    }
    return address;
}

// {"cert_file", "key_file"}, both required, relative to the config file.
std::optional<TlsFiles> readTlsFiles(JsonReader& reader, const json::object& obj, const std::string& path,
                                     const std::function<std::string(const std::string&)>& relative) {
    TlsFiles files;
    bool ok = true;
    for (auto [key, out] : {std::pair{"cert_file", &files.certFile}, std::pair{"key_file", &files.keyFile}}) {
        const json::value* v = reader.member(obj, path, key, true);
        auto text = v ? reader.string(*v, config::childPath(path, key)) : std::nullopt;
        if (text) *out = relative(*text);
        ok = ok && text.has_value();
    }
    return ok ? std::optional<TlsFiles>(files) : std::nullopt;
}

void readFilterNames(JsonReader& reader, const json::object& obj, const std::string& path, std::string_view key,
                     bool before, std::vector<std::string>& out) {
    const json::value* v = reader.member(obj, path, key, false);
    if (!v) return;
    const std::string listPath = config::childPath(path, std::string(key));
    const json::array* items = reader.array(*v, listPath);
    if (!items) return;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string itemPath = config::indexPath(listPath, i);
        auto name = reader.string((*items)[i], itemPath);
        if (!name) continue;
        const catalogue::FilterSpec* spec = catalogue::findFilter(*name);
        if (!spec) {
            reader.error(itemPath, "unknown_filter", fmt::format("unknown filter '{}'", *name),
                         fmt::format("known filters: {}", fmt::join(catalogue::filterNames(), ", ")));
        } else if (before ? !spec->before : !spec->after) {
            reader.error(itemPath, "filter_wrong_phase",
                         fmt::format("filter '{}' cannot run {} the backend", *name, before ? "before" : "after"));
        } else if (spec->needsIdentity({})) {
            reader.error(itemPath, "filter_dependency",
                         fmt::format("filter '{}' needs an identity and cannot run on every route by default", *name));
        } else if (!catalogue::canRunByDefault(*spec)) {
            reader.error(itemPath, "filter_needs_params",
                         fmt::format("filter '{}' needs parameters and cannot run on every route by default", *name),
                         "add it to the routes that need it, with its parameters");
        } else {
            out.push_back(*name);
        }
    }
}

std::optional<TrailSinkSettings> readTrailSink(JsonReader& reader, const json::value& value) {
    const json::object* obj = reader.object(value, "trail.sink");
    if (!obj) return std::nullopt;
    reader.rejectUnknownKeys(*obj, "trail.sink", kTrailSinkKeys);
    TrailSinkSettings sink;
    bool ok = false;
    if (const json::value* v = reader.member(*obj, "trail.sink", "url", true)) {
        if (auto url = reader.string(*v, "trail.sink.url")) {
            const auto endpoint = parseGlueUrl(*url);
            if (!endpoint) {
                reader.error("trail.sink.url", "bad_url", fmt::format("'{}' {}", *url, endpoint.error()), "write it as \"http://127.0.0.1:9880/ingest\"");
            } else if (endpoint->https) {
                reader.error("trail.sink.url", "unsupported_scheme", fmt::format("'{}': the trail sink speaks http only", *url),
                             "send to a forwarder on this machine (Vector, Fluent Bit) that ships over TLS");
            } else {
                sink.url = *url;
                ok = true;
            }
        }
    }
    auto count = [&](const char* key, std::int64_t low, std::int64_t high, auto& field) {
        if (const json::value* v = reader.member(*obj, "trail.sink", key, false)) {
            if (auto i = reader.integer(*v, fmt::format("trail.sink.{}", key), low, high)) field = static_cast<std::decay_t<decltype(field)>>(*i);
        }
    };
    count("batch_records", 1, 100'000, sink.batchRecords);
    count("queue_records", 100, 10'000'000, sink.queueRecords);
    std::int64_t flushMs = sink.flushInterval.count(), timeoutMs = sink.timeout.count();
    count("flush_ms", 10, 60'000, flushMs);
    count("timeout_ms", 100, 60'000, timeoutMs);
    sink.flushInterval = std::chrono::milliseconds(flushMs);
    sink.timeout = std::chrono::milliseconds(timeoutMs);
    if (!ok) return std::nullopt;
    return sink;
}

constexpr std::string_view kCollectorKeys[] = {"url", "urls", "token_file", "poll", "interval_ms", "wait_seconds", "timeout_ms"};
constexpr std::size_t kMaxCollectors = 16;

std::optional<CollectorSettings> readCollector(JsonReader& reader, const json::object& obj,
                                               const std::function<std::string(const std::string&)>& relative) {
    reader.rejectUnknownKeys(obj, "collector", kCollectorKeys);
    CollectorSettings settings;
    const auto addUrl = [&](const json::value& v, const std::string& path) -> bool {
        auto url = reader.string(v, path);
        if (!url) return false;
        if (const auto parsed = parseGlueUrl(*url); !parsed) {
            reader.error(path, "bad_url", fmt::format("'{}' {}", *url, parsed.error()),
                         "write the collector's base URL, as \"http://127.0.0.1:9700\"");
            return false;
        }
        std::string clean = *url;
        while (!clean.empty() && clean.back() == '/') clean.pop_back();
        if (std::find(settings.urls.begin(), settings.urls.end(), clean) != settings.urls.end()) {
            reader.error(path, "duplicate", fmt::format("'{}' is listed twice", clean), "name each collector once");
            return false;
        }
        settings.urls.push_back(std::move(clean));
        return true;
    };
    const json::value* one = reader.member(obj, "collector", "url", false);
    const json::value* several = reader.member(obj, "collector", "urls", false);
    bool ok = false;
    if (one && several) {
        reader.error("collector.urls", "conflicting_keys", "both \"url\" and \"urls\" are set",
                     "list every collector in \"urls\" and drop \"url\"");
    } else if (one) {
        ok = addUrl(*one, "collector.url");
    } else if (several) {
        const json::array* list = several->if_array();
        if (!list || list->empty() || list->size() > kMaxCollectors) {
            reader.error("collector.urls", "bad_value", fmt::format("a list of 1 to {} collector URLs", kMaxCollectors),
                         "as [\"http://10.0.0.1:9700\", \"http://10.0.0.2:9700\"]: collectors sharing one etcd store");
        } else {
            ok = true;
            for (std::size_t i = 0; i < list->size(); ++i) ok = addUrl((*list)[i], fmt::format("collector.urls[{}]", i)) && ok;
        }
    } else {
        reader.error("collector.url", "missing_field", "the collector's base URL is required",
                     "\"url\": \"http://127.0.0.1:9700\", or \"urls\": [...] for several collectors");
    }
    if (ok) settings.url = settings.urls.front();
    if (const json::value* v = reader.member(obj, "collector", "token_file", false)) {
        if (auto file = reader.string(*v, "collector.token_file")) settings.tokenFile = relative(*file);
    }
    if (const json::value* v = reader.member(obj, "collector", "poll", false)) {
        if (auto mode = reader.string(*v, "collector.poll")) {
            if (*mode == "long" || *mode == "interval") {
                settings.longPoll = *mode == "long";
            } else {
                reader.error("collector.poll", "bad_value", fmt::format("'{}' is not a poll mode", *mode),
                             "use \"long\" (the collector answers as soon as the table changes) or \"interval\"");
            }
        }
    }
    const auto integer = [&](std::string_view key, int& target, std::int64_t min, std::int64_t max) {
        if (const json::value* v = reader.member(obj, "collector", key, false)) {
            if (auto n = reader.integer(*v, config::childPath("collector", std::string(key)), min, max)) target = static_cast<int>(*n);
        }
    };
    integer("interval_ms", settings.intervalMs, 100, 3'600'000);
    integer("wait_seconds", settings.waitSeconds, 1, 300);
    integer("timeout_ms", settings.timeoutMs, 10, 60'000);
    if (!ok) return std::nullopt;
    return settings;
}

// The members every glue service has: "url" (required) and "timeout_ms".
bool readGlueService(JsonReader& reader, const json::object& obj, const std::string& path, GlueService& out) {
    bool ok = false;
    if (const json::value* v = reader.member(obj, path, "url", true)) {
        const std::string urlPath = config::childPath(path, "url");
        if (auto url = reader.string(*v, urlPath)) {
            if (const auto parsed = parseGlueUrl(*url)) {
                out.url = *url;
                ok = true;
            } else {
                reader.error(urlPath, "bad_url", fmt::format("'{}' {}", *url, parsed.error()), "write it as \"http://127.0.0.1:9200/path\"");
            }
        }
    }
    if (const json::value* v = reader.member(obj, path, "timeout_ms", false)) {
        if (auto n = reader.integer(*v, config::childPath(path, "timeout_ms"), 10, 60'000)) out.timeoutMs = static_cast<int>(*n);
    }
    return ok;
}

void readGlue(JsonReader& reader, const json::object& glue, GlueSettings& out,
              const std::function<std::string(const std::string&)>& relative) {
    reader.rejectUnknownKeys(glue, "glue", kGlueKeys);
    auto section = [&](std::string_view key, std::span<const std::string_view> keys) -> const json::object* {
        const json::value* v = reader.member(glue, "glue", key, false);
        if (!v) return nullptr;
        const std::string path = config::childPath("glue", std::string(key));
        const json::object* obj = reader.object(*v, path);
        if (obj) reader.rejectUnknownKeys(*obj, path, keys);
        return obj;
    };
    auto integer = [&](const json::object& obj, const std::string& path, std::string_view key, auto& target, std::int64_t min,
                       std::int64_t max) {
        if (const json::value* v = reader.member(obj, path, key, false)) {
            if (auto n = reader.integer(*v, config::childPath(path, std::string(key)), min, max)) {
                target = static_cast<std::remove_reference_t<decltype(target)>>(*n);
            }
        }
    };
    if (const json::object* obj = section("introspection", kIntrospectionKeys)) {
        const std::string path = "glue.introspection";
        IntrospectionSettings settings;
        bool ok = readGlueService(reader, *obj, path, settings);
        if (const json::value* v = reader.member(*obj, path, "client_id", true)) {
            if (auto id = reader.string(*v, path + ".client_id")) settings.clientId = *id;
            else ok = false;
        } else {
            ok = false;
        }
        if (const json::value* v = reader.member(*obj, path, "client_secret_file", true)) {
            if (auto file = reader.string(*v, path + ".client_secret_file")) {
                std::ifstream in(relative(*file), std::ios::binary);
                std::ostringstream text;
                text << in.rdbuf();
                settings.clientSecret = text.str();
                while (!settings.clientSecret.empty() && std::isspace(static_cast<unsigned char>(settings.clientSecret.back()))) {
                    settings.clientSecret.pop_back();
                }
                if (!in || settings.clientSecret.empty()) {
                    reader.error(path + ".client_secret_file", "unreadable_file",
                                 fmt::format("cannot read a client secret from '{}'", relative(*file)),
                                 "put the introspection client's secret alone in that file");
                    ok = false;
                }
            }
        } else {
            ok = false;
        }
        integer(*obj, path, "cache_max_seconds", settings.cacheMaxSeconds, 0, 3600);
        integer(*obj, path, "negative_cache_seconds", settings.negativeCacheSeconds, 0, 3600);
        integer(*obj, path, "cache_entries", settings.cacheEntries, 0, 10'000'000);
        integer(*obj, path, "new_tokens_per_second", settings.newTokensPerSecond, 0, 1'000'000);
        if (ok) out.introspection = settings;
    }
    for (auto [key, target] : {std::pair{"session", &out.session}, std::pair{"policy", &out.policy}}) {
        if (const json::object* obj = section(key, kGlueServiceKeys)) {
            GlueService settings;
            if (readGlueService(reader, *obj, config::childPath("glue", key), settings)) *target = settings;
        }
    }
    if (const json::object* obj = section("flags", kFlagKeys)) {
        const std::string path = "glue.flags";
        FlagSettings settings;
        const bool ok = readGlueService(reader, *obj, path, settings);
        integer(*obj, path, "poll_ms", settings.pollMs, 100, 3'600'000);
        if (const json::value* v = reader.member(*obj, path, "actor_prefix", false)) {
            if (auto prefix = reader.string(*v, path + ".actor_prefix")) settings.actorPrefix = *prefix;
        }
        if (ok) out.flags = settings;
    }
}

// The Rails app's cookie settings. The secret comes from a file or an environment
// variable, never from gatehouse.json itself, and is never echoed in a problem.
void readRailsSession(JsonReader& reader, const json::object& obj, GatewayConfig& c,
                      const std::function<std::string(const std::string&)>& relative) {
    const std::string path = "rails_session";
    reader.rejectUnknownKeys(obj, path, kRailsKeys);
    filters::RailsSessionSettings settings;
    const json::value* file = reader.member(obj, path, "secret_key_base_file", false);
    const json::value* env = reader.member(obj, path, "secret_key_base_env", false);
    if ((file != nullptr) == (env != nullptr)) {
        reader.error(path, "missing_field", "rails_session needs exactly one of secret_key_base_file, secret_key_base_env",
                     "point it at the Rails app's secret_key_base (never write the secret in gatehouse.json)");
        return;
    }
    if (file) {
        auto name = reader.string(*file, path + ".secret_key_base_file");
        if (!name) return;
        std::ifstream in(relative(*name), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        settings.secretKeyBase = text.str();
        while (!settings.secretKeyBase.empty() && std::isspace(static_cast<unsigned char>(settings.secretKeyBase.back()))) {
            settings.secretKeyBase.pop_back();
        }
        if (settings.secretKeyBase.empty()) {
            reader.error(path + ".secret_key_base_file", "unreadable_file",
                         fmt::format("cannot read a secret_key_base from '{}'", relative(*name)));
            return;
        }
    } else {
        auto name = reader.string(*env, path + ".secret_key_base_env");
        if (!name) return;
        const char* value = std::getenv(name->c_str());
        if (!value || !*value) {
            reader.error(path + ".secret_key_base_env", "missing_secret",
                         fmt::format("the environment variable '{}' is not set", *name));
            return;
        }
        settings.secretKeyBase = value;
    }
    auto choice = [&](std::string_view key, std::initializer_list<std::string_view> allowed) -> std::optional<std::string> {
        const json::value* v = reader.member(obj, path, key, false);
        if (!v) return std::nullopt;
        const std::string keyPath = config::childPath(path, std::string(key));
        auto text = reader.string(*v, keyPath);
        if (!text) return std::nullopt;
        if (std::find(allowed.begin(), allowed.end(), *text) == allowed.end()) {
            reader.error(keyPath, "bad_value", fmt::format("'{}' is not one of {}", *text, fmt::join(allowed, ", ")));
            return std::nullopt;
        }
        return text;
    };
    if (auto digest = choice("key_derivation_digest", {"sha1", "sha256"})) {
        settings.digest = *digest == "sha256" ? filters::RailsSessionSettings::Digest::sha256 : filters::RailsSessionSettings::Digest::sha1;
    }
    if (auto serializer = choice("serializer", {"json", "marshal", "hybrid"})) {
        using Serializer = filters::RailsSessionSettings::Serializer;
        settings.serializer = *serializer == "marshal" ? Serializer::marshal : *serializer == "hybrid" ? Serializer::hybrid : Serializer::json;
    }
    if (const json::value* v = reader.member(obj, path, "user_key", false)) {
        if (auto text = reader.string(*v, path + ".user_key")) settings.userKey = *text;
    }
    if (const json::value* v = reader.member(obj, path, "salt", false)) {
        if (auto text = reader.string(*v, path + ".salt")) settings.salt = *text;
    }
    if (const json::value* v = reader.member(obj, path, "iterations", false)) {
        if (auto n = reader.integer(*v, path + ".iterations", 1, 1'000'000)) settings.iterations = static_cast<int>(*n);
    }
    c.railsSession = std::move(settings);
}

} // namespace

std::string ListenAddress::text() const {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::optional<ListenAddress> parseListenAddress(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        in6_addr v6{};
        if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) return std::nullopt;
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string::npos) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        in_addr v4{};
        if (inet_pton(AF_INET, host.c_str(), &v4) != 1) return std::nullopt;
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int number = std::stoi(port);
    if (number > 65535) return std::nullopt;
    return ListenAddress{host, static_cast<std::uint16_t>(number)};
}

namespace {

// "127.0.0.1:8080" or {"address": ..., "tls": {"cert_file", "key_file"}}.
std::optional<ListenAddress> readListener(JsonReader& reader, const json::value& value, const std::string& path,
                                          const std::function<std::string(const std::string&)>& relative) {
    const json::object* obj = value.if_object();
    if (!obj) return readAddress(reader, value, path);
    reader.rejectUnknownKeys(*obj, path, kListenKeys);
    const json::value* address = reader.member(*obj, path, "address", true);
    auto a = address ? readAddress(reader, *address, config::childPath(path, "address")) : std::nullopt;
    if (const json::value* tls = reader.member(*obj, path, "tls", false)) {
        const std::string tlsPath = config::childPath(path, "tls");
        if (const json::object* tlsObj = reader.object(*tls, tlsPath)) {
            reader.rejectUnknownKeys(*tlsObj, tlsPath, kTlsKeys);
            if (a) a->tls = readTlsFiles(reader, *tlsObj, tlsPath, relative);
        }
    }
    if (const json::value* http2 = reader.member(*obj, path, "http2", false)) {
        if (auto on = reader.boolean(*http2, config::childPath(path, "http2")); on && a) a->http2 = *on;
    }
    return a;
}

// "admin_allowed_hosts": the names the admin API is reached by.
void readAllowedHosts(JsonReader& reader, const json::value& value, GatewayConfig& c) {
    const json::value* v = &value;
    if (const json::array* items = reader.array(*v, "admin_allowed_hosts")) {
        c.adminAllowedHosts.clear();
        for (std::size_t i = 0; i < items->size(); ++i) {
            const std::string path = config::indexPath("admin_allowed_hosts", i);
            if (auto host = reader.string((*items)[i], path)) {
                std::string hint;
                const bool literal = config::parseIpLiteral(*host).has_value();
                if (!literal && !config::checkRouteHost(*host, hint).empty()) {
                    reader.error(path, "bad_host", fmt::format("'{}' is not a host name or IP address", *host),
                                 "write the names the admin API is reached by, without a port: \"gw1.internal\"");
                } else {
                    c.adminAllowedHosts.push_back(*host);
                }
            }
        }
    }
}

void readLimits(JsonReader& reader, const json::value& value, Limits& l) {
    const json::value* v = &value;
    if (const json::object* limits = reader.object(*v, "limits")) {
        reader.rejectUnknownKeys(*limits, "limits", kLimitKeys);
        auto read = [&](std::string_view key, auto& out, std::int64_t min, std::int64_t max) {
            if (const json::value* item = reader.member(*limits, "limits", key, false)) {
                if (auto n = reader.integer(*item, config::childPath("limits", std::string(key)), min, max)) {
                    out = static_cast<std::remove_reference_t<decltype(out)>>(*n);
                }
            }
        };
        read("max_header_bytes", l.maxHeadBytes, 1024, 1 << 20);
        read("max_request_line_bytes", l.maxRequestLine, 256, 1 << 20);
        read("max_headers", l.maxHeaders, 8, 10000);
        read("header_timeout_ms", l.headerTimeoutMs, 100, 600'000);
        read("idle_timeout_ms", l.idleTimeoutMs, 100, 3'600'000);
        read("body_timeout_ms", l.bodyTimeoutMs, 100, 3'600'000);
        read("max_connections", l.maxConnections, 1, 1'000'000);
        read("max_websockets", l.maxWebSockets, 0, 1'000'000);
        read("http2_max_concurrent_streams", l.http2MaxConcurrentStreams, 1, 10'000);
        read("http2_stream_window_bytes", l.http2StreamWindowBytes, 1024, 2'147'483'647);
        read("http2_connection_window_bytes", l.http2ConnectionWindowBytes, 65'535, 2'147'483'647);
        read("max_body_bytes", l.maxBodyBytes, 0, std::int64_t{1} << 50);
        read("upstream_connect_timeout_ms", l.upstreamConnectTimeoutMs, 10, 60'000);
        read("drain_seconds", l.drainSeconds, 0, 3600);
        if (const json::value* item = reader.member(*limits, "limits", "headers_with_underscores_action", false)) {
            const std::string path = "limits.headers_with_underscores_action";
            if (auto text = reader.string(*item, path)) {
                static constexpr std::pair<std::string_view, http::UnderscoreAction> kActions[] = {
                    {"drop_managed", http::UnderscoreAction::dropManaged},
                    {"reject_managed", http::UnderscoreAction::rejectManaged},
                    {"drop", http::UnderscoreAction::drop},
                    {"reject", http::UnderscoreAction::reject}};
                const auto* found = std::find_if(std::begin(kActions), std::end(kActions),
                                                 [&](const auto& a) { return a.first == *text; });
                if (found == std::end(kActions)) {
                    reader.error(path, "bad_value", fmt::format("'{}' is not an action", *text),
                                 "one of \"drop_managed\" (default), \"reject_managed\", \"drop\", \"reject\"");
                } else {
                    l.underscoreAction = found->second;
                }
            }
        }
    }
}

std::optional<UpstreamTls> readUpstreamTls(JsonReader& reader, const json::value& value,
                                           const std::function<std::string(const std::string&)>& relative) {
    const json::value* v = &value;
    if (const json::object* tls = reader.object(*v, "upstream_tls")) {
        reader.rejectUnknownKeys(*tls, "upstream_tls", kUpstreamTlsKeys);
        UpstreamTls upstream;
        if (const json::value* ca = reader.member(*tls, "upstream_tls", "ca_file", true)) {
            if (auto text = reader.string(*ca, "upstream_tls.ca_file")) upstream.caFile = relative(*text);
        }
        const bool cert = tls->contains("cert_file");
        const bool key = tls->contains("key_file");
        if (cert || key) {
            upstream.clientCertificate = readTlsFiles(reader, *tls, "upstream_tls", relative);
        }
        return upstream;
    }
    return std::nullopt;
}

std::optional<RedisSettings> readRedis(JsonReader& reader, const json::value& value) {
    const json::value* v = &value;
    if (const json::object* redis = reader.object(*v, "redis")) {
        reader.rejectUnknownKeys(*redis, "redis", kRedisKeys);
        RedisSettings settings;
        bool ok = false;
        if (const json::value* url = reader.member(*redis, "redis", "url", true)) {
            if (auto text = reader.string(*url, "redis.url")) {
                if (const auto parsed = parseRedisUrl(*text)) {
                    settings.url = *text;
                    ok = true;
                } else {
                    reader.error("redis.url", "bad_url", fmt::format("'{}' {}", redactRedisUrl(*text), parsed.error()),
                                 "write it as \"redis://127.0.0.1:6379/0\", \"redis://user:password@host:6379/0\" or "
                                 "\"rediss://...\" for TLS (percent-encode the password)");
                }
            }
        }
        if (const json::value* t = reader.member(*redis, "redis", "timeout_ms", false)) {
            if (auto n = reader.integer(*t, "redis.timeout_ms", 1, 10'000)) settings.timeoutMs = static_cast<int>(*n);
        }
        if (const json::value* p = reader.member(*redis, "redis", "key_prefix", false)) {
            if (auto text = reader.string(*p, "redis.key_prefix")) settings.keyPrefix = *text;
        }
        if (const json::value* m = reader.member(*redis, "redis", "max_in_flight", false)) {
            if (auto n = reader.integer(*m, "redis.max_in_flight", 1, 1'000'000)) settings.maxInFlight = static_cast<std::size_t>(*n);
        }
        if (ok) return settings;
    }
    return std::nullopt;
}

void readThresholds(JsonReader& reader, const json::value& value, Thresholds& th) {
    const json::value* v = &value;
    if (const json::object* t = reader.object(*v, "thresholds")) {
        reader.rejectUnknownKeys(*t, "thresholds", kThresholdKeys);
        // Ratios are written in per mille (integers, like every other setting): 10 = 1 %.
        auto perMille = [&](std::string_view key, double& out) {
            if (const json::value* n = reader.member(*t, "thresholds", key, false)) {
                if (auto i = reader.integer(*n, config::childPath("thresholds", std::string(key)), 0, 1000)) out = static_cast<double>(*i) / 1000.0;
            }
        };
        perMille("error_ratio_warning", th.errorRatioWarning);
        perMille("error_ratio_critical", th.errorRatioCritical);
        perMille("gateway_failure_ratio_warning", th.gatewayFailureRatioWarning);
        perMille("gateway_failure_ratio_critical", th.gatewayFailureRatioCritical);
        perMille("p99_timeout_warning", th.p99TimeoutWarning);
        perMille("p99_timeout_critical", th.p99TimeoutCritical);
        auto integer = [&](std::string_view key, std::int64_t low, std::int64_t high, std::int64_t& out) {
            if (const json::value* n = reader.member(*t, "thresholds", key, false)) {
                if (auto i = reader.integer(*n, config::childPath("thresholds", std::string(key)), low, high)) out = *i;
            }
        };
        integer("min_requests", 1, 1'000'000, th.minRequests);
        integer("window_seconds", 60, 3600, th.windowSeconds);
        integer("alert_for_seconds", 0, 3600, th.alertForSeconds);
        integer("evaluate_seconds", 1, 300, th.evaluateSeconds);
        integer("flapping_changes", 2, 1000, th.flappingChanges);
        integer("flapping_window_seconds", 60, 86400, th.flappingWindowSeconds);
        if (th.errorRatioWarning > th.errorRatioCritical || th.gatewayFailureRatioWarning > th.gatewayFailureRatioCritical ||
            th.p99TimeoutWarning > th.p99TimeoutCritical) {
            reader.error("thresholds", "bad_value", "a warning threshold is above its critical one",
                         "warning bands come first: warning <= critical");
        }
    }
}

void readTrail(JsonReader& reader, const json::value& value, GatewayConfig& c) {
    const json::value* v = &value;
    if (const json::object* trail = reader.object(*v, "trail")) {
        reader.rejectUnknownKeys(*trail, "trail", kTrailKeys);
        if (const json::value* e = reader.member(*trail, "trail", "enabled", false)) {
            if (auto b = reader.boolean(*e, "trail.enabled")) c.trailEnabled = *b;
        }
        if (const json::value* n = reader.member(*trail, "trail", "max_age_hours", false)) {
            if (auto i = reader.integer(*n, "trail.max_age_hours", 1, 24 * 366)) c.trailMaxAgeHours = *i;
        }
        if (const json::value* n = reader.member(*trail, "trail", "max_rows", false)) {
            if (auto i = reader.integer(*n, "trail.max_rows", 1000, 1'000'000'000)) c.trailMaxRows = *i;
        }
        if (const json::value* n = reader.member(*trail, "trail", "queue_capacity", false)) {
            if (auto i = reader.integer(*n, "trail.queue_capacity", 100, 10'000'000)) c.trailQueueCapacity = static_cast<std::size_t>(*i);
        }
        if (const json::value* n = reader.member(*trail, "trail", "sink", false)) c.trailSink = readTrailSink(reader, *n);
        if (const json::value* n = reader.member(*trail, "trail", "query_threads", false)) {
            if (auto i = reader.integer(*n, "trail.query_threads", 1, 64)) c.trailQueries.threads = static_cast<std::size_t>(*i);
        }
        if (const json::value* n = reader.member(*trail, "trail", "query_queue", false)) {
            if (auto i = reader.integer(*n, "trail.query_queue", 0, 10'000)) c.trailQueries.queue = static_cast<std::size_t>(*i);
        }
        if (const json::value* n = reader.member(*trail, "trail", "query_time_limit_ms", false)) {
            if (auto i = reader.integer(*n, "trail.query_time_limit_ms", 10, 600'000)) {
                c.trailQueries.timeLimit = std::chrono::milliseconds(*i);
            }
        }
    }
}

// "state_group": the group that may read the databases.
void readStateGroup(JsonReader& reader, const json::value& value, GatewayConfig& c) {
    const json::value* v = &value;
    if (auto name = reader.string(*v, "state_group")) {
        if (const ::group* found = ::getgrnam(name->c_str())) {
            c.stateGroup = static_cast<unsigned>(found->gr_gid);
        } else {
            reader.error("state_group", "unknown_group", fmt::format("no group called '{}' on this machine", *name),
                         "create it, or leave state_group out to keep the databases readable by their owner only");
        }
    }
}

// gateway_id and advertise_admin_url: how this gateway names itself to the collector.
void readIdentity(JsonReader& reader, const json::object& root, GatewayConfig& c) {
    if (const json::value* v = reader.member(root, "", "gateway_id", false)) {
        if (auto id = reader.string(*v, "gateway_id")) {
            if (isGatewayId(*id)) c.gatewayId = *id;
            else reader.error("gateway_id", "bad_gateway_id", fmt::format("'{}' is not a gateway id", printable(*id)),
                              "1 to 128 letters, digits and . _ : -, as \"edge-1.fra1\"");
        }
    }
    if (const json::value* v = reader.member(root, "", "advertise_admin_url", false)) {
        if (auto url = reader.string(*v, "advertise_admin_url")) {
            if (auto parsed = parseGlueUrl(*url)) c.advertiseAdminUrl = *url;
            else reader.error("advertise_admin_url", "bad_url", fmt::format("'{}' {}", printable(*url), parsed.error()),
                              "the URL the collector reaches this gateway's admin listener at, as \"http://10.0.0.5:9901\"");
        }
    }
    if (!c.gatewayId.empty()) return;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || !isGatewayId(host)) std::snprintf(host, sizeof host, "gateway");
    // A port the OS chooses (0) names no one: the process id stands in.
    const int port = c.listen.empty() ? 0 : c.listen.front().port;
    c.gatewayId = port != 0 ? fmt::format("{}:{}", host, port) : fmt::format("{}:pid{}", host, ::getpid());
}

} // namespace

ParsedGatewayConfig parseGatewayConfigText(const std::string& text, const std::string& file) {
    ParsedGatewayConfig result;
    auto document = config::parseJsonDocument(text, file, result.problems);
    if (!document) return result;
    JsonReader reader(file, result.problems);
    const json::object* root = reader.object(*document, "");
    if (!root) return result;
    reader.rejectUnknownKeys(*root, "", kKeys);
    GatewayConfig& c = result.config;
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    const std::function<std::string(const std::string&)> relative = [&](const std::string& p) {
        return (base / p).lexically_normal().string();
    };

    if (const json::value* v = reader.member(*root, "", "listen", true)) {
        if (const json::array* items = reader.array(*v, "listen")) {
            if (items->empty()) reader.error("listen", "empty_list", "'listen' is empty", "add \"127.0.0.1:8080\"");
            for (std::size_t i = 0; i < items->size(); ++i) {
                if (auto a = readListener(reader, (*items)[i], config::indexPath("listen", i), relative)) c.listen.push_back(*a);
            }
        }
    }
    if (const json::value* v = reader.member(*root, "", "admin_listen", false)) {
        if (auto a = readListener(reader, *v, "admin_listen", relative)) c.admin = *a;
    }
    if (const json::value* v = reader.member(*root, "", "admin_allowed_hosts", false)) readAllowedHosts(reader, *v, c);
    if (const json::value* v = reader.member(*root, "", "threads", false)) {
        if (auto n = reader.integer(*v, "threads", 0, 256)) c.threads = static_cast<int>(*n);
    }
    const bool followsCollector = root->contains("collector");
    if (const json::value* v = reader.member(*root, "", "services_dir", !followsCollector)) {
        if (auto s = reader.string(*v, "services_dir")) c.servicesDir = relative(*s);
    }
    if (const json::value* v = reader.member(*root, "", "state_dir", true)) {
        if (auto s = reader.string(*v, "state_dir")) c.stateDir = relative(*s);
    }
    if (const json::value* v = reader.member(*root, "", "limits", false)) readLimits(reader, *v, c.limits);
    if (const json::value* v = reader.member(*root, "", "upstream_tls", false)) c.upstreamTls = readUpstreamTls(reader, *v, relative);
    if (const json::value* v = reader.member(*root, "", "default_filters", false)) {
        if (const json::object* filters = reader.object(*v, "default_filters")) {
            reader.rejectUnknownKeys(*filters, "default_filters", kDefaultFilterKeys);
            c.defaultBefore.clear();
            c.defaultAfter.clear();
            readFilterNames(reader, *filters, "default_filters", "before", true, c.defaultBefore);
            readFilterNames(reader, *filters, "default_filters", "after", false, c.defaultAfter);
        }
    }
    if (const json::value* v = reader.member(*root, "", "glue", false)) {
        if (const json::object* glue = reader.object(*v, "glue")) readGlue(reader, *glue, c.glue, relative);
    }
    if (const json::value* v = reader.member(*root, "", "collector", false)) {
        if (const json::object* obj = reader.object(*v, "collector")) c.collector = readCollector(reader, *obj, relative);
    }
    if (const json::value* v = reader.member(*root, "", "redis", false)) c.redis = readRedis(reader, *v);
    if (const json::value* v = reader.member(*root, "", "thresholds", false)) readThresholds(reader, *v, c.thresholds);
    if (const json::value* v = reader.member(*root, "", "trail", false)) readTrail(reader, *v, c);
    if (const json::value* v = reader.member(*root, "", "rails_session", false)) {
        if (const json::object* rails = reader.object(*v, "rails_session")) readRailsSession(reader, *rails, c, relative);
    }
    if (const json::value* v = reader.member(*root, "", "admin_tokens_file", false)) {
        if (auto s = reader.string(*v, "admin_tokens_file")) c.adminTokensFile = relative(*s);
    }
    readIdentity(reader, *root, c);
    if (const json::value* v = reader.member(*root, "", "state_group", false)) readStateGroup(reader, *v, c);
    if (const json::value* v = reader.member(*root, "", "registration_limits", false)) {
        config::readServiceLimits(reader, *v, "registration_limits", c.registrationLimits);
    }
    if (const json::value* v = reader.member(*root, "", "forbidden_destinations", false)) {
        config::readAddressRanges(reader, *v, "forbidden_destinations", c.forbiddenDestinations);
    }
    return result;
}

config::DestinationPolicy destinationPolicy(const GatewayConfig& config) {
    std::vector<std::string> listeners;
    // An OS-chosen port (0) is known only once bound, and is not a port a service
    // owner could have guessed when registering.
    for (const ListenAddress& address : config.listen) {
        if (address.port != 0) listeners.push_back(address.text());
    }
    if (config.admin.port != 0) listeners.push_back(config.admin.text());
    return config::DestinationPolicy::withDefaults(listeners, config.forbiddenDestinations);
}

ParsedGatewayConfig loadGatewayConfig(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        ParsedGatewayConfig result;
        result.problems.push_back({file, "", "io_error", "cannot read the gateway config", config::Severity::error, ""});
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parseGatewayConfigText(text.str(), file);
}

void readThresholdsSection(config::JsonReader& reader, const json::value& value, Thresholds& thresholds) {
    readThresholds(reader, value, thresholds);
}

} // namespace gatehouse::gateway
