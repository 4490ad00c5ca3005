#include "collector/etcd_collector_store.h"

#include "common/clock.h"
#include "common/text_util.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

// A transaction holds at most 128 operations in etcd's default settings.
constexpr std::size_t kOpsPerTxn = 100;
constexpr std::size_t kBytesPerTxn = 1u << 20; // under etcd's --max-request-bytes default (1.5 MiB)
constexpr std::chrono::milliseconds kWatchSlice{250};
constexpr int kSlicesPerHealthCheck = 4;

std::string padded(std::int64_t number, int width) { return fmt::format("{:0{}}", number, width); }

std::int64_t integer(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (!v) return 0;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return 0;
}

std::string text(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<json::object> parseObject(const std::string& value) {
    boost::system::error_code ec;
    json::value v = json::parse(value, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

std::string headJson(const EtcdCollectorStore::Head& h) {
    return json::serialize(json::object{{"collector_id", h.collectorId},
                                        {"version", h.version},
                                        {"switch_version", h.switchVersion},
                                        {"audit_id", h.auditId},
                                        {"committed_at_ms", h.committedAtMs}});
}

std::optional<EtcdCollectorStore::Head> parseHead(const std::string& value) {
    auto o = parseObject(value);
    if (!o || text(*o, "collector_id").empty()) return std::nullopt;
    return EtcdCollectorStore::Head{text(*o, "collector_id"), static_cast<std::uint64_t>(integer(*o, "version")),
                                    static_cast<std::uint64_t>(integer(*o, "switch_version")), integer(*o, "audit_id"),
                                    integer(*o, "committed_at_ms")};
}

std::string revisionJson(const CollectorStore::Revision& r) {
    json::object o{{"version", r.version},
                   {"service", r.service},
                   {"revision", r.revision},
                   {"action", r.action},
                   {"config", r.config ? json::value(*r.config) : json::value(nullptr)}, // the text as registered
                   {"created_by", r.createdBy},
                   {"created_at", r.createdAt}};
    if (r.rolledBackTo) o["rolled_back_to"] = *r.rolledBackTo;
    return json::serialize(o);
}

std::optional<CollectorStore::Revision> parseRevision(const std::string& value) {
    auto o = parseObject(value);
    if (!o || text(*o, "service").empty()) return std::nullopt;
    CollectorStore::Revision r;
    r.version = static_cast<std::uint64_t>(integer(*o, "version"));
    r.service = text(*o, "service");
    r.revision = integer(*o, "revision");
    r.action = text(*o, "action");
    if (const json::value* c = o->if_contains("config"); c && c->is_string()) r.config = std::string(c->as_string());
    r.createdBy = text(*o, "created_by");
    r.createdAt = text(*o, "created_at");
    if (o->contains("rolled_back_to")) r.rolledBackTo = integer(*o, "rolled_back_to");
    return r;
}

// current/NAME: which revision is the newest (its config is kept once, in revisions/).
std::string pointerJson(const CollectorStore::Revision& r) {
    return json::serialize(json::object{{"revision", r.revision}, {"version", r.version}, {"action", r.action}});
}

std::string auditJson(const AuditEntry& e) {
    return json::serialize(json::object{{"id", e.id},         {"at", e.at},         {"actor", e.actor}, {"role", e.role},
                                        {"action", e.action}, {"target", e.target}, {"detail", e.detail}});
}

std::optional<AuditEntry> parseAudit(const std::string& value) {
    auto o = parseObject(value);
    if (!o) return std::nullopt;
    return AuditEntry{integer(*o, "id"), text(*o, "at"), text(*o, "actor"), text(*o, "role"), text(*o, "action"), text(*o, "target"),
                      text(*o, "detail")};
}

std::string switchJson(const routing::FilterSwitchState& s) {
    return json::serialize(json::object{{"name", s.name},         {"enabled", s.enabled}, {"changed_by", s.changedBy},
                                        {"changed_at", s.changedAt}, {"reason", s.reason},  {"version", s.version}});
}

std::optional<routing::FilterSwitchState> parseSwitch(const std::string& value) {
    auto o = parseObject(value);
    if (!o || text(*o, "name").empty()) return std::nullopt;
    const json::value* enabled = o->if_contains("enabled");
    return routing::FilterSwitchState{text(*o, "name"), !enabled || !enabled->is_bool() || enabled->as_bool(), text(*o, "changed_by"),
                                      text(*o, "changed_at"), text(*o, "reason"), static_cast<std::uint64_t>(integer(*o, "version"))};
}

std::string randomId() {
    unsigned char bytes[8];
    RAND_bytes(bytes, sizeof bytes);
    std::string id;
    for (unsigned char b : bytes) fmt::format_to(std::back_inserter(id), "{:02x}", b);
    return id;
}

} // namespace

EtcdCollectorStore::EtcdCollectorStore(EtcdLocation location, std::chrono::milliseconds timeout)
    : location_(std::move(location)), timeout_(timeout), client_(location_.endpoints, timeout) {}

EtcdCollectorStore::~EtcdCollectorStore() { stopWatching(); }

void EtcdCollectorStore::stopWatching() {
    {
        std::lock_guard lock(stopMutex_);
        stopping_ = true;
    }
    stoppingFlag_.store(true);
    stopSignal_.notify_all();
    if (watcher_.joinable()) watcher_.join();
}

CollectorStore::Errors EtcdCollectorStore::errors() const {
    return {readErrors_.load(), writeErrors_.load(), watchErrors_.load(), stale_.load()};
}

CollectorStore::Failure EtcdCollectorStore::unreachable(const EtcdClient::Error& error, std::atomic<std::uint64_t>& counter) {
    counter.fetch_add(1);
    if (error.answered) return {Failure::Kind::failed, fmt::format("etcd refused: {}", error.message)};
    if (watching_.load()) available_.store(false); // the watch says when it is back
    return {Failure::Kind::unavailable, fmt::format("etcd ({}) cannot be reached: {}", location_.text(), error.message)};
}

CollectorStore::Result<CollectorStore::Snapshot> EtcdCollectorStore::initialise() {
    const Head fresh{randomId(), 0, 0, 0, epochMs()};
    auto created = client_.txn(json::array{etcdModRevisionIs(key("head"), 0)}, json::array{etcdPut(key("head"), headJson(fresh))});
    if (!created) return std::unexpected(unreachable(created.error(), writeErrors_));
    if (created->succeeded) spdlog::info("collector: a new store at {} (collector id {})", location_.text(), fresh.collectorId);
    return snapshot(); // this one's head, or the one another collector made at the same moment
}

CollectorStore::Result<CollectorStore::Snapshot> EtcdCollectorStore::snapshot() {
    if (watching_.load() && !available_.load()) {
        return std::unexpected(Failure{Failure::Kind::unavailable, fmt::format("etcd ({}) cannot be reached", location_.text())});
    }
    const std::string current = key("current/");
    const std::string switches = key("switches/");
    auto read = client_.txn({}, json::array{etcdRangeOp(key("head")), etcdRangeOp(current, etcdPrefixEnd(current)),
                                            etcdRangeOp(switches, etcdPrefixEnd(switches))});
    if (!read) return std::unexpected(unreachable(read.error(), readErrors_));
    if (read->responses.size() != 3) return std::unexpected(Failure{Failure::Kind::failed, "etcd answered a snapshot without its ranges"});
    const auto head = etcdRangeResponse(read->responses[0]);
    if (head.empty()) return initialise();
    const auto parsedHead = parseHead(head.front().value);
    if (!parsedHead) {
        return std::unexpected(Failure{Failure::Kind::failed, fmt::format("{} holds something that is not a collector's head: is another "
                                                                          "program using the prefix {}?",
                                                                          key("head"), location_.prefix)});
    }
    Snapshot out;
    out.collectorId = parsedHead->collectorId;
    out.version = parsedHead->version;
    out.switchVersion = parsedHead->switchVersion;
    out.committedAtMs = parsedHead->committedAtMs;
    std::map<std::string, std::int64_t> latest;
    std::map<std::string, Revision> cache;
    json::array wanted; // the current revisions' own keys, read at the snapshot's revision
    for (const EtcdKeyValue& kv : etcdRangeResponse(read->responses[1])) {
        const std::string service = kv.key.substr(current.size());
        auto pointer = parseObject(kv.value);
        if (!pointer) continue;
        latest[service] = integer(*pointer, "revision");
        if (text(*pointer, "action") == "delete") continue;
        if (const auto known = cache_.find(service); known != cache_.end() && known->second.revision == latest[service] &&
                                                     parsedHead->collectorId == head_.collectorId) {
            cache.emplace(service, known->second);
            continue;
        }
        json::object range{{"key", base64(key(fmt::format("revisions/{}/{}", service, padded(integer(*pointer, "revision"), 12))))},
                           {"revision", read->revision}};
        wanted.push_back(json::object{{"request_range", std::move(range)}});
    }
    for (std::size_t from = 0; from < wanted.size(); from += kOpsPerTxn) {
        json::array batch(wanted.begin() + static_cast<std::ptrdiff_t>(from),
                          wanted.begin() + static_cast<std::ptrdiff_t>(std::min(wanted.size(), from + kOpsPerTxn)));
        auto revisions = client_.txn({}, std::move(batch));
        if (!revisions) return std::unexpected(unreachable(revisions.error(), readErrors_));
        for (const json::value& response : revisions->responses) {
            for (const EtcdKeyValue& kv : etcdRangeResponse(response)) {
                if (auto r = parseRevision(kv.value)) cache[r->service] = std::move(*r);
            }
        }
    }
    for (const auto& [service, r] : cache) out.current.push_back(r); // by name
    for (const EtcdKeyValue& kv : etcdRangeResponse(read->responses[2])) {
        if (auto s = parseSwitch(kv.value)) out.switches.push_back(std::move(*s));
    }
    head_ = *parsedHead;
    headMod_ = head.front().modRevision;
    latest_ = std::move(latest);
    cache_ = std::move(cache);
    return out;
}

CollectorStore::Result<std::int64_t> EtcdCollectorStore::commit(const Head& next, json::array puts) {
    if (watching_.load() && !available_.load()) {
        return std::unexpected(Failure{Failure::Kind::unavailable, fmt::format("etcd ({}) cannot be reached", location_.text())});
    }
    if (headMod_ < 0) return std::unexpected(Failure{Failure::Kind::stale, "the store was not read yet"});
    puts.push_back(etcdPut(key("head"), headJson(next)));
    auto written = client_.txn(json::array{etcdModRevisionIs(key("head"), headMod_)}, std::move(puts));
    if (!written) return std::unexpected(unreachable(written.error(), writeErrors_));
    if (!written->succeeded) {
        stale_.fetch_add(1);
        return std::unexpected(Failure{Failure::Kind::stale, "another collector changed the store first"});
    }
    head_ = next;
    headMod_ = written->revision; // the head was written in this transaction
    return written->revision;
}

CollectorStore::Result<CollectorStore::Revision> EtcdCollectorStore::append(const std::string& service, const std::string& action,
                                                                            const std::optional<std::string>& config,
                                                                            const std::string& createdBy,
                                                                            std::optional<std::int64_t> rolledBackTo) {
    Revision r = Revision::made(service, action, config, createdBy, rolledBackTo);
    const auto known = latest_.find(service);
    r.revision = (known == latest_.end() ? 0 : known->second) + 1;
    Head next = head_;
    next.version = head_.version + 1;
    next.auditId = head_.auditId + 1;
    next.committedAtMs = epochMs();
    r.version = next.version;
    json::object detail{{"revision", r.revision}, {"version", r.version}};
    if (rolledBackTo) detail["rolled_back_to"] = *rolledBackTo;
    const AuditEntry entry{next.auditId, r.createdAt, createdBy, "owner", fmt::format("service.{}", action), service, json::serialize(detail)};
    auto committed = commit(next, json::array{etcdPut(key(fmt::format("revisions/{}/{}", service, padded(r.revision, 12))), revisionJson(r)),
                                              etcdPut(key("current/" + service), pointerJson(r)),
                                              etcdPut(key("audit/" + padded(entry.id, 20)), auditJson(entry))});
    if (!committed) return std::unexpected(committed.error());
    latest_[service] = r.revision;
    if (r.config) {
        cache_[service] = r;
    } else {
        cache_.erase(service);
    }
    return r;
}

CollectorStore::Result<routing::FilterSwitchState> EtcdCollectorStore::setSwitch(const std::string& name, bool enabled,
                                                                                  const std::string& actor, const std::string& role,
                                                                                  const std::string& reason) {
    Head next = head_;
    next.auditId = head_.auditId + 1;
    next.switchVersion = static_cast<std::uint64_t>(next.auditId); // as in SQLite: the audit id of the switch change
    next.committedAtMs = epochMs();
    routing::FilterSwitchState state{name, enabled, actor, isoNow(), reason, next.switchVersion};
    const AuditEntry entry{next.auditId, state.changedAt, actor, role, enabled ? "default_filter.enable" : "default_filter.disable", name,
                           json::serialize(json::object{{"enabled", enabled}, {"reason", reason}})};
    auto committed = commit(next, json::array{etcdPut(key("switches/" + name), switchJson(state)),
                                              etcdPut(key("audit/" + padded(entry.id, 20)), auditJson(entry))});
    if (!committed) return std::unexpected(committed.error());
    return state;
}

CollectorStore::Result<std::vector<CollectorStore::Revision>> EtcdCollectorStore::history(const std::string& service) {
    const std::string prefix = key(fmt::format("revisions/{}/", service));
    auto read = client_.range(prefix, etcdPrefixEnd(prefix), 0, true);
    if (!read) return std::unexpected(unreachable(read.error(), readErrors_));
    std::vector<Revision> out;
    for (const EtcdKeyValue& kv : read->kvs) {
        if (auto r = parseRevision(kv.value)) out.push_back(std::move(*r));
    }
    return out;
}

CollectorStore::Result<std::optional<CollectorStore::Revision>> EtcdCollectorStore::revision(const std::string& service, std::int64_t number) {
    if (number < 1) return std::optional<Revision>();
    auto read = client_.range(key(fmt::format("revisions/{}/{}", service, padded(number, 12))));
    if (!read) return std::unexpected(unreachable(read.error(), readErrors_));
    if (read->kvs.empty()) return std::optional<Revision>();
    return parseRevision(read->kvs.front().value);
}

CollectorStore::Result<std::vector<AuditEntry>> EtcdCollectorStore::audit(std::size_t limit, std::int64_t beforeId) {
    const std::string prefix = key("audit/");
    const std::string end = beforeId > 0 ? key("audit/" + padded(beforeId, 20)) : etcdPrefixEnd(prefix);
    auto read = client_.range(prefix, end, static_cast<std::int64_t>(limit), true);
    if (!read) return std::unexpected(unreachable(read.error(), readErrors_));
    std::vector<AuditEntry> out;
    for (const EtcdKeyValue& kv : read->kvs) {
        if (auto e = parseAudit(kv.value)) out.push_back(std::move(*e));
    }
    return out;
}

CollectorStore::Result<void> EtcdCollectorStore::import(const std::string& collectorId, const std::vector<Revision>& revisions,
                                                        const std::vector<routing::FilterSwitchState>& switches,
                                                        const std::vector<AuditEntry>& audit) {
    auto head = client_.range(key("head"));
    if (!head) return std::unexpected(unreachable(head.error(), readErrors_));
    if (!head->kvs.empty()) {
        return std::unexpected(Failure{Failure::Kind::failed, fmt::format("{} holds a collector's state already ({}); migrate into an "
                                                                          "empty prefix",
                                                                          location_.text(), key("head"))});
    }
    Head next{collectorId, 0, 0, 0, epochMs()};
    std::map<std::string, const Revision*> newest;
    json::array ops;
    std::size_t bytes = 0;
    auto flush = [&]() -> Result<void> {
        if (ops.empty()) return {};
        auto written = client_.txn({}, std::move(ops));
        ops = {};
        bytes = 0;
        if (!written) return std::unexpected(unreachable(written.error(), writeErrors_));
        return {};
    };
    auto put = [&](const std::string& k, const std::string& v) -> Result<void> {
        if (ops.size() >= kOpsPerTxn || bytes + k.size() + v.size() > kBytesPerTxn) {
            if (auto flushed = flush(); !flushed) return flushed;
        }
        bytes += k.size() + v.size();
        ops.push_back(etcdPut(k, v));
        return {};
    };
    for (const Revision& r : revisions) {
        if (auto ok = put(key(fmt::format("revisions/{}/{}", r.service, padded(r.revision, 12))), revisionJson(r)); !ok) return ok;
        const Revision*& known = newest[r.service];
        if (!known || known->revision < r.revision) known = &r;
        next.version = std::max(next.version, r.version);
    }
    for (const auto& [service, r] : newest) {
        if (auto ok = put(key("current/" + service), pointerJson(*r)); !ok) return ok;
    }
    for (const routing::FilterSwitchState& s : switches) {
        if (auto ok = put(key("switches/" + s.name), switchJson(s)); !ok) return ok;
        next.switchVersion = std::max(next.switchVersion, s.version);
    }
    for (const AuditEntry& e : audit) {
        if (auto ok = put(key("audit/" + padded(e.id, 20)), auditJson(e)); !ok) return ok;
        next.auditId = std::max(next.auditId, e.id);
    }
    if (auto flushed = flush(); !flushed) return flushed;
    auto written = client_.txn(json::array{etcdModRevisionIs(key("head"), 0)}, json::array{etcdPut(key("head"), headJson(next))});
    if (!written) return std::unexpected(unreachable(written.error(), writeErrors_));
    if (!written->succeeded) return std::unexpected(Failure{Failure::Kind::stale, "a collector started on this prefix while it was copied"});
    return {};
}

CollectorStore::Result<void> EtcdCollectorStore::shareRoster(const std::string& collectorInstance, const std::string& roster,
                                                            int ttlSeconds) {
    if (watching_.load() && !available_.load()) return std::unexpected(Failure{Failure::Kind::unavailable, "etcd cannot be reached"});
    // A new lease each time: the key outlives this collector by at most `ttlSeconds`, and
    // no keep-alive stream is needed (an old lease ends on its own, holding nothing).
    auto lease = client_.grantLease(ttlSeconds);
    if (!lease) return std::unexpected(unreachable(lease.error(), writeErrors_));
    auto written = client_.put(key("rosters/" + collectorInstance), roster, *lease);
    if (!written) return std::unexpected(unreachable(written.error(), writeErrors_));
    return {};
}

CollectorStore::Result<std::vector<std::string>> EtcdCollectorStore::peerRosters(const std::string& collectorInstance) {
    if (watching_.load() && !available_.load()) return std::unexpected(Failure{Failure::Kind::unavailable, "etcd cannot be reached"});
    const std::string prefix = key("rosters/");
    auto read = client_.range(prefix, etcdPrefixEnd(prefix));
    if (!read) return std::unexpected(unreachable(read.error(), readErrors_));
    std::vector<std::string> out;
    for (EtcdKeyValue& kv : read->kvs) {
        if (kv.key != prefix + collectorInstance) out.push_back(std::move(kv.value));
    }
    return out;
}

bool EtcdCollectorStore::pause(std::chrono::milliseconds duration) {
    std::unique_lock lock(stopMutex_);
    return !stopSignal_.wait_for(lock, duration, [this] { return stopping_; });
}

void EtcdCollectorStore::watch(std::function<void(Event)> notify) {
    if (watcher_.joinable()) return;
    watching_.store(true);
    watcher_ = std::thread([this, notify = std::move(notify)] { watchLoop(notify); });
}

// Watches the head (every change writes it) on a connection of its own; between events,
// reads the head now and then as a health check that also catches a change the stream
// missed. Told once when etcd goes and once when it is back.
void EtcdCollectorStore::watchLoop(std::function<void(Event)> notify) {
    EtcdClient client(location_.endpoints, timeout_);
    bool lost = false;
    auto backoff = std::chrono::milliseconds(250);
    const auto loseIt = [&](const std::string& why) {
        watchErrors_.fetch_add(1);
        if (lost) return;
        lost = true;
        available_.store(false);
        spdlog::error("collector: lost etcd ({}): {}; serving the last table read-only", location_.text(), why);
        notify({Event::Kind::lost, why});
    };
    while (!stoppingFlag_.load()) {
        auto head = client.range(key("head"));
        if (!head) {
            loseIt(head.error().message);
            if (!pause(backoff)) return;
            backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
            continue;
        }
        backoff = std::chrono::milliseconds(250);
        std::int64_t seen = head->kvs.empty() ? 0 : head->kvs.front().modRevision;
        // A call of the collector's own may have found etcd gone before this thread did.
        if (!available_.exchange(true) || lost) {
            lost = false;
            spdlog::info("collector: etcd ({}) answers again", location_.text());
            notify({Event::Kind::back, {}});
        } else {
            notify({Event::Kind::changed, {}}); // whatever happened before the watch began
        }
        int quiet = 0;
        std::string why;
        auto watched = client.watch(
            key("head"), {}, head->revision + 1,
            [&](std::int64_t, const std::vector<EtcdKeyValue>& events) {
                for (const EtcdKeyValue& kv : events) seen = std::max(seen, kv.modRevision);
                notify({Event::Kind::changed, {}});
                quiet = 0;
                return !stoppingFlag_.load();
            },
            [&] {
                if (stoppingFlag_.load()) return false;
                if (++quiet < kSlicesPerHealthCheck) return true;
                quiet = 0;
                EtcdClient probe(location_.endpoints, timeout_);
                auto now = probe.range(key("head"));
                if (!now) {
                    why = now.error().message;
                    return false;
                }
                if (!available_.exchange(true)) {
                    spdlog::info("collector: etcd ({}) answers again", location_.text());
                    notify({Event::Kind::back, {}});
                }
                const std::int64_t mod = now->kvs.empty() ? 0 : now->kvs.front().modRevision;
                if (mod != seen) { // the stream is behind: read it anyway
                    seen = mod;
                    notify({Event::Kind::changed, {}});
                }
                return true;
            },
            kWatchSlice);
        if (stoppingFlag_.load()) return;
        if (!why.empty()) {
            loseIt(why);
        } else if (!watched) {
            watchErrors_.fetch_add(1);
            spdlog::warn("collector: the etcd watch ended ({}); watching again", watched.error().message);
            if (!pause(std::chrono::milliseconds(100))) return;
        }
    }
}

} // namespace gatehouse::gateway
