#include "observe/trail_sink.h"

#include "glue/glue_client.h"
#include "http/http_head.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gatehouse::gateway {

namespace {

using Clock = std::chrono::steady_clock;

void appendString(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(c));
            else out += c;
        }
    }
    out += '"';
}

void appendStringOrNull(std::string& out, std::string_view text) {
    if (text.empty()) out += "null";
    else appendString(out, text);
}

void appendIntegerOrNull(std::string& out, std::int64_t value) {
    if (value < 0) out += "null";
    else fmt::format_to(std::back_inserter(out), "{}", value);
}

// A socket closed when this goes.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

int millisecondsLeft(Clock::time_point deadline) {
    return static_cast<int>(std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
}

// Waits for `events` on `fd` until the deadline.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    pollfd p{fd, events, 0};
    while (true) {
        const int n = ::poll(&p, 1, millisecondsLeft(deadline));
        if (n > 0) return true;
        if (n == 0 || errno != EINTR) return false;
    }
}

} // namespace

void appendJsonLine(const trail::Packed& record, std::string& out) {
    const TrailEntry& e = record.entry;
    fmt::format_to(std::back_inserter(out), "{{\"time_ms\":{}", e.timeMs);
    // Text fields in the API's order; an empty optional one is null there too.
    const std::pair<const char*, std::string_view> texts[] = {{"request_id", e.requestId}, {"method", e.method}, {"host", e.host},
                                                             {"path", e.path}};
    const std::pair<const char*, std::string_view> optional[] = {{"service", e.service}, {"route", e.route}, {"destination", e.destination}};
    for (const auto& [name, value] : texts) {
        fmt::format_to(std::back_inserter(out), ",\"{}\":", name);
        appendString(out, value);
    }
    for (const auto& [name, value] : optional) {
        fmt::format_to(std::back_inserter(out), ",\"{}\":", name);
        appendStringOrNull(out, value);
    }
    out += ",\"protocol\":";
    appendString(out, e.protocol);
    fmt::format_to(std::back_inserter(out), ",\"status\":{},\"termination\":", e.status);
    appendString(out, e.termination);
    fmt::format_to(std::back_inserter(out), ",\"duration_us\":{},\"filters_us\":{},\"connect_us\":", e.durationUs, e.filtersUs);
    appendIntegerOrNull(out, e.connectUs);
    out += ",\"ttfb_us\":";
    appendIntegerOrNull(out, e.ttfbUs);
    fmt::format_to(std::back_inserter(out), ",\"bytes_in\":{},\"bytes_out\":{},\"client_ip\":", e.bytesIn, e.bytesOut);
    appendString(out, e.clientIp);
    out += ",\"user_id\":";
    appendStringOrNull(out, e.userId);
    out += ",\"filters\":[";
    int mismatches = 0;
    for (std::size_t i = 0; i < record.decisions.size(); ++i) {
        const trail::Decision& d = record.decisions[i];
        mismatches += d.mismatch;
        if (i > 0) out += ',';
        out += "{\"name\":";
        appendString(out, d.name);
        fmt::format_to(std::back_inserter(out), ",\"mode\":\"{}\",\"decision\":\"{}\",\"reason\":", config::filterModeName(d.mode),
                       filters::decisionName(d.decision));
        appendString(out, d.reason);
        fmt::format_to(std::back_inserter(out), ",\"us\":{},\"default\":{},\"mismatch\":{}}}", d.micros, d.isDefault, d.mismatch);
    }
    fmt::format_to(std::back_inserter(out), "],\"shadow_mismatches\":{}}}\n", mismatches);
}

std::expected<std::unique_ptr<TrailSink>, std::string> TrailSink::open(TrailSinkSettings settings) {
    const auto endpoint = parseGlueUrl(settings.url);
    if (!endpoint) return std::unexpected(fmt::format("trail.sink.url '{}' {}", settings.url, endpoint.error()));
    if (endpoint->https) return std::unexpected(fmt::format("trail.sink.url '{}': the sink speaks http only", settings.url));
    // "host:port" or "[v6]:port"
    const std::string& hostPort = endpoint->hostPort;
    const std::size_t colon = hostPort.rfind(':');
    std::string host = hostPort.substr(0, colon), port = hostPort.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    settings.batchRecords = std::max<std::size_t>(settings.batchRecords, 1);
    return std::unique_ptr<TrailSink>(new TrailSink(settings, hostPort, host, port, endpoint->path.empty() ? "/" : endpoint->path));
}

TrailSink::TrailSink(TrailSinkSettings settings, std::string hostPort, std::string host, std::string port, std::string path)
    : settings_(std::move(settings)), hostPort_(std::move(hostPort)), host_(std::move(host)), port_(std::move(port)),
      path_(std::move(path)) {
    thread_ = std::thread([this] { run(); });
}

TrailSink::~TrailSink() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void TrailSink::offer(std::string_view packed, std::size_t records) {
    std::size_t lost = 0;
    {
        std::lock_guard lock(mutex_);
        if (offset_ > 0 && offset_ * 2 > queue_.size()) { // what was sent goes, now and then
            queue_.erase(0, offset_);
            offset_ = 0;
        }
        const std::size_t room = settings_.queueRecords - std::min(queueRecords_, settings_.queueRecords);
        if (records <= room) {
            queue_.append(packed);
            queueRecords_ += records;
        } else { // what fits, oldest first; the rest is dropped
            std::string_view rest = packed;
            trail::Packed record;
            for (std::size_t i = 0; i < room; ++i) {
                const std::size_t before = rest.size();
                if (!trail::unpack(rest, record)) break;
                queue_.append(packed.substr(packed.size() - before, before - rest.size()));
                ++queueRecords_;
            }
            lost = records - room;
        }
    }
    if (lost > 0) {
        const std::uint64_t before = dropped_.fetch_add(lost);
        // Logged at the first drop and each time the count doubles.
        if (before == 0 || (before ^ (before + lost)) > before) {
            spdlog::error("trail sink: {} is behind by {} records; {} record(s) dropped so far", settings_.url, settings_.queueRecords,
                          before + lost);
        }
        return;
    }
    if (records >= settings_.batchRecords) wake_.notify_one();
}

std::size_t TrailSink::queued() const {
    std::lock_guard lock(mutex_);
    return queueRecords_;
}

void TrailSink::flush() {
    std::unique_lock lock(mutex_);
    wake_.notify_one();
    drained_.wait_for(lock, std::chrono::seconds(5), [&] { return queueRecords_ == 0 && !sending_; });
}

void TrailSink::run() {
    auto backoff = std::chrono::milliseconds(0);
    std::string body;
    std::size_t batch = 0;       // records in `body`, not yet accepted
    std::uint64_t failed = 0;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            const auto wait = batch > 0 ? backoff : settings_.flushInterval;
            wake_.wait_for(lock, wait, [&] { return stopping_ || (batch == 0 && queueRecords_ >= settings_.batchRecords); });
            if (stopping_ && batch == 0 && queueRecords_ == 0) break;
            if (batch == 0 && queueRecords_ > 0) { // the next batch, as JSON lines
                body.clear();
                std::string_view rest = std::string_view(queue_).substr(offset_);
                trail::Packed record;
                while (batch < settings_.batchRecords && trail::unpack(rest, record)) {
                    appendJsonLine(record, body);
                    ++batch;
                }
                offset_ = queue_.size() - rest.size();
                queueRecords_ -= batch;
                if (queueRecords_ == 0) {
                    queue_.clear();
                    offset_ = 0;
                    if (queue_.capacity() > (8u << 20)) std::string().swap(queue_);
                }
                sending_ = true;
            }
        }
        if (batch > 0) {
            const auto posted = post(body);
            if (posted) {
                sent_.fetch_add(batch);
                batch = 0;
                backoff = std::chrono::milliseconds(0);
                if (failed > 0) spdlog::info("trail sink: {} accepts records again", settings_.url);
                failed = 0;
            } else {
                failures_.fetch_add(1);
                ++failed;
                if ((failed & (failed - 1)) == 0) spdlog::warn("trail sink: {}: {} ({} failure(s) in a row; retrying)", settings_.url, posted.error(), failed);
                backoff = std::clamp(backoff * 2, std::chrono::milliseconds(1000), std::chrono::milliseconds(30'000));
                bool stopping = false;
                {
                    std::lock_guard lock(mutex_);
                    stopping = stopping_;
                }
                if (stopping) { // the last try: what is left is dropped, so that stopping is bounded
                    std::lock_guard lock(mutex_);
                    dropped_.fetch_add(batch + queueRecords_);
                    batch = 0;
                    queueRecords_ = 0;
                    queue_.clear();
                    offset_ = 0;
                }
            }
        }
        std::lock_guard lock(mutex_);
        sending_ = batch > 0;
        if (queueRecords_ == 0 && !sending_) drained_.notify_all();
    }
    std::lock_guard lock(mutex_);
    sending_ = false;
    drained_.notify_all();
}

std::expected<void, std::string> TrailSink::post(const std::string& body) const {
    const Clock::time_point deadline = Clock::now() + settings_.timeout;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found); rc != 0) {
        return std::unexpected(fmt::format("cannot resolve {}: {}", host_, ::gai_strerror(rc)));
    }
    Fd socket{::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
    const int connected = socket.fd < 0 ? -1 : ::connect(socket.fd, found->ai_addr, found->ai_addrlen);
    ::freeaddrinfo(found);
    if (socket.fd < 0 || (connected != 0 && errno != EINPROGRESS)) {
        return std::unexpected(fmt::format("cannot connect: {}", std::strerror(errno)));
    }
    int error = 0;
    socklen_t length = sizeof(error);
    if (!waitFor(socket.fd, POLLOUT, deadline) || ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        return std::unexpected(error != 0 ? fmt::format("cannot connect: {}", std::strerror(error)) : std::string("no connection within the time-out"));
    }
    const std::string head = fmt::format("POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n"
                                         "Connection: close\r\nUser-Agent: gatehouse\r\n\r\n",
                                         path_, hostPort_, body.size());
    for (std::string_view part : {std::string_view(head), std::string_view(body)}) {
        while (!part.empty()) {
            const ssize_t n = ::send(socket.fd, part.data(), part.size(), MSG_NOSIGNAL);
            if (n > 0) {
                part.remove_prefix(static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR) && waitFor(socket.fd, POLLOUT, deadline)) continue;
            return std::unexpected(n < 0 && errno != EAGAIN ? fmt::format("cannot send: {}", std::strerror(errno)) : std::string("send timed out"));
        }
    }
    // Only the status line matters; the head is read against the usual limits.
    std::string answer;
    char buffer[4096];
    while (true) {
        http::ResponseHead response;
        http::HeadError headError;
        switch (http::parseResponseHead(answer, http::HeadLimits{}, response, headError)) {
        case http::ParseStatus::complete:
            if (response.status >= 200 && response.status < 300) return {};
            return std::unexpected(fmt::format("answered {}", response.status));
        case http::ParseStatus::error: return std::unexpected("answered something that is not HTTP");
        default: break;
        }
        const ssize_t n = ::recv(socket.fd, buffer, sizeof(buffer), 0);
        if (n > 0) {
            answer.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR) && waitFor(socket.fd, POLLIN, deadline)) continue;
        return std::unexpected(n == 0 ? "closed the connection without an answer" : "no answer within the time-out");
    }
}

} // namespace gatehouse::gateway
