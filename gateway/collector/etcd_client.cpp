#include "collector/etcd_client.h"

#include "common/text_util.h"
#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace gatehouse::gateway {
namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxAnswer = 256u << 20; // a snapshot carries every current config
constexpr std::size_t kMaxWatchMessage = 64u << 20;

std::int64_t number(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    if (!v) return 0; // proto3 JSON leaves zero values out
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (!v->is_string()) return 0;
    std::int64_t out = 0;
    const json::string& s = v->as_string();
    std::from_chars(s.data(), s.data() + s.size(), out); // int64 fields arrive as strings
    return out;
}

std::string decoded(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    if (!v || !v->is_string()) return {};
    return decodeBase64(v->as_string()).value_or(std::string());
}

EtcdKeyValue keyValue(const json::object& kv) {
    return {decoded(kv, "key"), decoded(kv, "value"), number(kv, "create_revision"), number(kv, "mod_revision")};
}

// A socket whose every operation ends by a deadline (poll, never a blocking call).
class Connection {
public:
    explicit Connection(SteadyClock::time_point deadline) : deadline_(deadline) {}
    ~Connection() {
        if (fd_ >= 0) ::close(fd_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    std::expected<void, std::string> open(const EtcdEndpoint& endpoint) {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICSERV;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(endpoint.port);
        if (const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
            return std::unexpected(fmt::format("{}: {}", endpoint.text(), ::gai_strerror(rc)));
        }
        std::string error = "no address";
        for (addrinfo* a = found; a; a = a->ai_next) {
            fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
            if (fd_ < 0) continue;
            if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0 || (errno == EINPROGRESS && wait(POLLOUT) && connected())) break;
            error = errno == ETIMEDOUT ? std::string("timed out connecting") : std::string(std::strerror(errno));
            ::close(fd_);
            fd_ = -1;
        }
        ::freeaddrinfo(found);
        if (fd_ < 0) return std::unexpected(fmt::format("{}: {}", endpoint.text(), error));
        return {};
    }

    bool writeAll(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n > 0) {
                data.remove_prefix(static_cast<std::size_t>(n));
            } else if (n < 0 && errno == EAGAIN) {
                if (!wait(POLLOUT)) return false;
            } else if (n < 0 && errno != EINTR) {
                return false;
            }
        }
        return true;
    }

    // Appends what arrives by `deadline` (or the next `slice`, when one is given) to `into`.
    // 0: the peer closed; -1: failed (errno) or nothing came in time (ETIMEDOUT).
    ssize_t readSome(std::string& into, std::chrono::milliseconds slice = std::chrono::milliseconds::zero()) {
        char buffer[16384];
        for (;;) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n >= 0) {
                into.append(buffer, static_cast<std::size_t>(n));
                return n;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN) return -1;
            if (!wait(POLLIN, slice)) return -1;
        }
    }

    // The stream after the head: quiet for as long as nothing changes.
    void noDeadline() { deadline_ = SteadyClock::time_point::max(); }

private:
    bool connected() {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
        errno = error;
        return error == 0;
    }
    bool wait(short events, std::chrono::milliseconds slice = std::chrono::milliseconds::zero()) {
        auto until = deadline_;
        if (slice.count() > 0) until = std::min(until, SteadyClock::now() + slice);
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count();
            if (left <= 0) {
                errno = ETIMEDOUT;
                return false;
            }
            pollfd p{fd_, events, 0};
            const int rc = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left, 60'000)));
            if (rc > 0) return true;
            if (rc < 0 && errno != EINTR) return false;
        }
    }
    int fd_ = -1;
    SteadyClock::time_point deadline_;
};

std::string requestBytes(const EtcdEndpoint& endpoint, std::string_view path, const std::string& body) {
    return fmt::format("POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
                       "Connection: close\r\n\r\n{}",
                       path, endpoint.text(), body.size(), body);
}

// Reads a response head; the bytes after it stay in `buffer`.
std::expected<http::ResponseHead, std::string> readHead(Connection& connection, std::string& buffer, std::string& headBytes) {
    for (;;) {
        http::ResponseHead head;
        http::HeadError error;
        const http::ParseStatus status = http::parseResponseHead(buffer, http::HeadLimits{}, head, error);
        if (status == http::ParseStatus::error) return std::unexpected("unreadable answer: " + error.reason);
        if (status == http::ParseStatus::complete) {
            headBytes = buffer.substr(0, head.size);
            buffer.erase(0, head.size);
            // The head's views point into headBytes now.
            http::ResponseHead again;
            http::parseResponseHead(headBytes, http::HeadLimits{}, again, error);
            return again;
        }
        const ssize_t n = connection.readSome(buffer);
        if (n == 0) return std::unexpected("closed before answering");
        if (n < 0) return std::unexpected(errno == ETIMEDOUT ? "timed out" : std::strerror(errno));
    }
}

// The whole body of a response, however it is framed.
std::expected<std::string, std::string> readBody(Connection& connection, const http::ResponseHead& head, std::string buffer) {
    http::HeadError error;
    const auto framing = http::responseFraming(head, false, error);
    if (!framing) return std::unexpected("unreadable answer: " + error.reason);
    std::string body;
    http::ChunkedDecoder chunks;
    for (;;) {
        if (framing->kind == http::BodyFraming::Kind::none) return body;
        if (framing->kind == http::BodyFraming::Kind::length && buffer.size() >= framing->length) return buffer.substr(0, framing->length);
        if (framing->kind == http::BodyFraming::Kind::chunked) {
            std::vector<std::string_view> payload;
            const std::size_t used = chunks.decode(buffer, payload);
            if (chunks.failed()) return std::unexpected("unreadable answer: " + chunks.error());
            for (std::string_view p : payload) body.append(p);
            buffer.erase(0, used);
            if (chunks.done()) return body;
        }
        if (buffer.size() + body.size() > kMaxAnswer) return std::unexpected("an answer over 256 MiB");
        const ssize_t n = connection.readSome(buffer);
        if (n == 0) {
            if (framing->kind == http::BodyFraming::Kind::untilClose) return buffer;
            return std::unexpected("closed in the middle of its answer");
        }
        if (n < 0) return std::unexpected(errno == ETIMEDOUT ? "timed out" : std::strerror(errno));
    }
}

// etcd's error answer: {"error": "...", "message": "...", "code": N}.
std::string etcdMessage(int status, const std::string& body) {
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    if (!ec && v.is_object()) {
        if (const json::value* m = v.as_object().if_contains("message"); m && m->is_string()) {
            return fmt::format("HTTP {}: {}", status, std::string_view(m->as_string()));
        }
    }
    return fmt::format("HTTP {}", status);
}

} // namespace

std::string EtcdEndpoint::text() const {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::string EtcdLocation::text() const {
    std::string out = "etcd://";
    for (std::size_t i = 0; i < endpoints.size(); ++i) out += (i ? "," : "") + endpoints[i].text();
    return out + prefix;
}

std::expected<EtcdLocation, std::string> parseEtcdLocation(std::string_view spec) {
    constexpr std::string_view scheme = "etcd://";
    if (!spec.starts_with(scheme)) return std::unexpected("an etcd store is etcd://HOST:PORT[,HOST:PORT...][/PREFIX]");
    spec.remove_prefix(scheme.size());
    EtcdLocation location;
    const std::size_t slash = spec.find('/');
    if (slash != std::string_view::npos) {
        location.prefix = std::string(spec.substr(slash));
        spec = spec.substr(0, slash);
        while (location.prefix.size() > 1 && location.prefix.back() == '/') location.prefix.pop_back();
        for (char c : location.prefix) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.')) {
                return std::unexpected(fmt::format("the key prefix '{}' may hold letters, digits, '/', '-', '_' and '.'", location.prefix));
            }
        }
        if (location.prefix == "/") return std::unexpected("the key prefix must not be '/' alone: name it, as /gatehouse");
    }
    while (!spec.empty()) {
        const std::size_t comma = std::min(spec.find(','), spec.size());
        std::string_view item = spec.substr(0, comma);
        spec.remove_prefix(std::min(comma + 1, spec.size()));
        std::string_view host;
        std::string_view port;
        if (item.starts_with('[')) {
            const std::size_t close = item.find(']');
            if (close == std::string_view::npos || close + 1 >= item.size() || item[close + 1] != ':') {
                return std::unexpected(fmt::format("'{}': an IPv6 endpoint is [ADDRESS]:PORT", item));
            }
            host = item.substr(1, close - 1);
            port = item.substr(close + 2);
        } else {
            const std::size_t colon = item.rfind(':');
            if (colon == std::string_view::npos) return std::unexpected(fmt::format("'{}': write HOST:PORT, as 127.0.0.1:2379", item));
            host = item.substr(0, colon);
            port = item.substr(colon + 1);
        }
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (host.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
            return std::unexpected(fmt::format("'{}': write HOST:PORT with a port from 1 to 65535", item));
        }
        for (char c : host) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':')) {
                return std::unexpected(fmt::format("'{}': '{}' is not a host name or an IP address", item, host));
            }
        }
        location.endpoints.push_back({std::string(host), static_cast<unsigned short>(value)});
    }
    if (location.endpoints.empty()) return std::unexpected("name at least one etcd endpoint, as etcd://127.0.0.1:2379");
    return location;
}

EtcdClient::EtcdClient(std::vector<EtcdEndpoint> endpoints, std::chrono::milliseconds timeout)
    : endpoints_(std::move(endpoints)), timeout_(timeout) {}

EtcdClient::Result<json::value> EtcdClient::post(std::string_view path, const json::value& body) {
    const std::string text = json::serialize(body);
    std::string failures;
    // One deadline for the whole call, however many endpoints it takes.
    const auto deadline = SteadyClock::now() + timeout_;
    for (std::size_t tried = 0; tried < endpoints_.size(); ++tried) {
        const std::size_t index = (current_ + tried) % endpoints_.size();
        const EtcdEndpoint& endpoint = endpoints_[index];
        Connection connection(deadline);
        if (auto opened = connection.open(endpoint); !opened) {
            failures += (failures.empty() ? "" : "; ") + opened.error();
            continue;
        }
        if (!connection.writeAll(requestBytes(endpoint, path, text))) {
            failures += fmt::format("{}{}: {}", failures.empty() ? "" : "; ", endpoint.text(),
                                    errno == ETIMEDOUT ? "timed out" : std::strerror(errno));
            continue;
        }
        // From here the request may have been applied: an error is not retried elsewhere
        // (the collector's transactions compare revisions, so asking again is safe, but
        // that is the caller's decision).
        std::string buffer;
        std::string headBytes;
        auto head = readHead(connection, buffer, headBytes);
        if (!head) return std::unexpected(Error{fmt::format("{}: {}", endpoint.text(), head.error()), false});
        auto answer = readBody(connection, *head, std::move(buffer));
        if (!answer) return std::unexpected(Error{fmt::format("{}: {}", endpoint.text(), answer.error()), false});
        current_ = index;
        if (head->status != 200) return std::unexpected(Error{fmt::format("{}: {}", endpoint.text(), etcdMessage(head->status, *answer)), true});
        boost::system::error_code ec;
        json::value parsed = json::parse(*answer, ec);
        if (ec || !parsed.is_object()) return std::unexpected(Error{fmt::format("{}: an answer that is not a JSON object", endpoint.text()), true});
        return parsed;
    }
    return std::unexpected(Error{failures, false});
}

EtcdClient::Result<EtcdClient::Range> EtcdClient::range(std::string_view key, std::string_view rangeEnd, std::int64_t limit,
                                                        bool descending) {
    json::object request = etcdRangeOp(key, rangeEnd).at("request_range").as_object();
    if (limit > 0) request["limit"] = limit;
    if (descending) {
        request["sort_order"] = "DESCEND";
        request["sort_target"] = "KEY";
    }
    auto answer = post("/v3/kv/range", request);
    if (!answer) return std::unexpected(answer.error());
    Range out;
    const json::object& object = answer->as_object();
    if (const json::value* header = object.if_contains("header"); header && header->is_object()) {
        out.revision = number(header->as_object(), "revision");
    }
    out.kvs = etcdRangeResponse(*answer);
    if (const json::value* more = object.if_contains("more"); more && more->is_bool()) out.more = more->as_bool();
    return out;
}

EtcdClient::Result<EtcdClient::Txn> EtcdClient::txn(json::array compare, json::array success, json::array failure) {
    auto answer = post("/v3/kv/txn", json::object{{"compare", std::move(compare)}, {"success", std::move(success)}, {"failure", std::move(failure)}});
    if (!answer) return std::unexpected(answer.error());
    Txn out;
    json::object& object = answer->as_object();
    if (const json::value* header = object.if_contains("header"); header && header->is_object()) {
        out.revision = number(header->as_object(), "revision");
    }
    if (const json::value* ok = object.if_contains("succeeded"); ok && ok->is_bool()) out.succeeded = ok->as_bool();
    if (json::value* responses = object.if_contains("responses"); responses && responses->is_array()) {
        out.responses = std::move(responses->as_array());
    }
    return out;
}

EtcdClient::Result<std::int64_t> EtcdClient::grantLease(int ttlSeconds) {
    auto answer = post("/v3/lease/grant", json::object{{"TTL", ttlSeconds}});
    if (!answer) return std::unexpected(answer.error());
    const std::int64_t id = number(answer->as_object(), "ID");
    if (id == 0) return std::unexpected(Error{"etcd granted no lease: " + json::serialize(*answer), true});
    return id;
}

EtcdClient::Result<void> EtcdClient::put(std::string_view key, std::string_view value, std::int64_t lease) {
    json::object request{{"key", base64(key)}, {"value", base64(value)}};
    if (lease != 0) request["lease"] = lease;
    auto answer = post("/v3/kv/put", request);
    if (!answer) return std::unexpected(answer.error());
    return {};
}

EtcdClient::Result<void> EtcdClient::watch(std::string_view key, std::string_view rangeEnd, std::int64_t startRevision,
                                           const std::function<bool(std::int64_t, const std::vector<EtcdKeyValue>&)>& onEvents,
                                           const std::function<bool()>& idle, std::chrono::milliseconds idleEvery) {
    json::object create{{"key", base64(key)}, {"start_revision", startRevision}};
    if (!rangeEnd.empty()) create["range_end"] = base64(rangeEnd);
    const std::string text = json::serialize(json::object{{"create_request", std::move(create)}});
    const EtcdEndpoint& endpoint = endpoints_[current_];
    // The connection and the answer's head have the call's deadline; the stream then has
    // none (it is quiet while nothing changes): `idle` stands in for it.
    Connection bounded(SteadyClock::now() + timeout_);
    if (auto opened = bounded.open(endpoint); !opened) {
        current_ = (current_ + 1) % endpoints_.size(); // the next attempt tries another
        return std::unexpected(Error{opened.error(), false});
    }
    if (!bounded.writeAll(requestBytes(endpoint, "/v3/watch", text))) {
        return std::unexpected(Error{fmt::format("{}: cannot send the watch", endpoint.text()), false});
    }
    std::string buffer;
    std::string headBytes;
    auto head = readHead(bounded, buffer, headBytes);
    if (!head) return std::unexpected(Error{fmt::format("{}: {}", endpoint.text(), head.error()), false});
    if (head->status != 200) return std::unexpected(Error{fmt::format("{}: the watch was refused: HTTP {}", endpoint.text(), head->status), true});
    bounded.noDeadline();
    http::ChunkedDecoder chunks;
    std::string lines;
    for (;;) {
        std::vector<std::string_view> payload;
        const std::size_t used = chunks.decode(buffer, payload);
        if (chunks.failed()) return std::unexpected(Error{fmt::format("{}: unreadable watch stream: {}", endpoint.text(), chunks.error()), false});
        for (std::string_view p : payload) lines.append(p);
        buffer.erase(0, used);
        for (std::size_t end; (end = lines.find('\n')) != std::string::npos; lines.erase(0, end + 1)) {
            boost::system::error_code ec;
            const json::value message = json::parse(std::string_view(lines).substr(0, end), ec);
            if (ec || !message.is_object()) continue;
            const json::value* result = message.as_object().if_contains("result");
            if (!result || !result->is_object()) {
                return std::unexpected(Error{fmt::format("{}: the watch ended: {}", endpoint.text(), json::serialize(message)), true});
            }
            const json::object& r = result->as_object();
            if (const json::value* canceled = r.if_contains("canceled"); canceled && canceled->is_bool() && canceled->as_bool()) {
                return std::unexpected(Error{fmt::format("{}: the watch was cancelled (compacted to revision {})", endpoint.text(),
                                                         number(r, "compact_revision")),
                                             true});
            }
            std::vector<EtcdKeyValue> events;
            if (const json::value* list = r.if_contains("events"); list && list->is_array()) {
                for (const json::value& event : list->as_array()) {
                    if (const json::value* kv = event.as_object().if_contains("kv"); kv && kv->is_object()) events.push_back(keyValue(kv->as_object()));
                }
            }
            std::int64_t revision = 0;
            if (const json::value* header = r.if_contains("header"); header && header->is_object()) revision = number(header->as_object(), "revision");
            if (!events.empty() && !onEvents(revision, events)) return {};
        }
        if (chunks.done()) return std::unexpected(Error{fmt::format("{}: the watch stream ended", endpoint.text()), false});
        if (lines.size() > kMaxWatchMessage) return std::unexpected(Error{fmt::format("{}: a watch message over 64 MiB", endpoint.text()), false});
        const ssize_t got = bounded.readSome(buffer, idleEvery);
        if (got == 0) return std::unexpected(Error{fmt::format("{}: etcd closed the watch", endpoint.text()), false});
        if (got < 0 && errno == ETIMEDOUT) {
            if (!idle()) return {};
            continue;
        }
        if (got < 0) return std::unexpected(Error{fmt::format("{}: {}", endpoint.text(), std::strerror(errno)), false});
    }
}

std::string etcdPrefixEnd(std::string_view prefix) {
    std::string end(prefix);
    while (!end.empty()) {
        if (static_cast<unsigned char>(end.back()) < 0xff) {
            ++end.back();
            return end;
        }
        end.pop_back();
    }
    return std::string(1, '\0'); // every key
}

json::object etcdPut(std::string_view key, std::string_view value) {
    return json::object{{"request_put", json::object{{"key", base64(key)}, {"value", base64(value)}}}};
}

json::object etcdRangeOp(std::string_view key, std::string_view rangeEnd) {
    json::object range{{"key", base64(key)}};
    if (!rangeEnd.empty()) range["range_end"] = base64(rangeEnd);
    return json::object{{"request_range", std::move(range)}};
}

json::object etcdModRevisionIs(std::string_view key, std::int64_t modRevision) {
    return json::object{{"key", base64(key)}, {"target", "MOD"}, {"result", "EQUAL"}, {"mod_revision", modRevision}};
}

std::vector<EtcdKeyValue> etcdRangeResponse(const json::value& response) {
    std::vector<EtcdKeyValue> out;
    const json::object* object = response.if_object();
    if (!object) return out;
    if (const json::value* inner = object->if_contains("response_range"); inner && inner->is_object()) object = &inner->as_object();
    if (const json::value* kvs = object->if_contains("kvs"); kvs && kvs->is_array()) {
        for (const json::value& kv : kvs->as_array()) {
            if (kv.is_object()) out.push_back(keyValue(kv.as_object()));
        }
    }
    return out;
}

} // namespace gatehouse::gateway
