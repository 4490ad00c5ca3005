#include "observe/trail.h"

#include "observe/trail_sink.h"
#include "store/sqlite.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <tuple>
#include <filesystem>
#include <limits>
#include <unordered_map>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

// One row per block of requests (trail_block.h); its id is the id of its first request,
// the others follow it. Nothing but the rowid is indexed: blocks are appended in order.
constexpr const char* kSchema = R"sql(
PRAGMA page_size = 16384;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS trail_blocks (
  id INTEGER PRIMARY KEY,
  records INTEGER NOT NULL,
  min_time_ms INTEGER NOT NULL,
  max_time_ms INTEGER NOT NULL,
  until_ms INTEGER NOT NULL,
  bloom BLOB NOT NULL,
  keys BLOB NOT NULL,
  details BLOB NOT NULL
);
)sql";

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A trail.db from before blocks (one row per request) is kept beside the new one, not
// converted: converting millions of rows would hold up the start.
std::expected<void, std::string> setAsideOldFormat(const std::string& file, std::optional<unsigned> group) {
    if (!std::filesystem::exists(file)) return {};
    auto db = openSqlite(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, group);
    if (!db) return std::unexpected(db.error());
    bool old = false;
    {
        SqliteStatement table(*db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'");
        old = table.row();
    }
    if (old) sqlite3_exec(*db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close(*db);
    if (!old) return {};
    std::error_code ec;
    const std::string aside = file + ".format1";
    std::filesystem::rename(file, aside, ec);
    if (ec) return std::unexpected(fmt::format("cannot move the old trail {} aside: {}", file, ec.message()));
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(file + suffix, ec);
    spdlog::warn("trail: {} held the trail in its old format (a row per request); it is kept as {} and a new trail starts",
                 file, aside);
    return {};
}

} // namespace

std::expected<std::unique_ptr<TrailWriter>, std::string> TrailWriter::open(const std::string& file, TrailSettings settings) {
    if (auto aside = setAsideOldFormat(file, settings.group); !aside) return std::unexpected(aside.error());
    auto db = openSqlite(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, settings.group);
    if (!db) return std::unexpected(db.error());
    if (std::string why; !execSql(*db, kSchema, why)) {
        sqlite3_close(*db);
        return std::unexpected(fmt::format("cannot set up {}: {}", file, why));
    }
    settings.blockRecords = std::max<std::size_t>(settings.blockRecords, 1);
    return std::unique_ptr<TrailWriter>(new TrailWriter(*db, settings));
}

TrailWriter::TrailWriter(sqlite3* db, TrailSettings settings) : db_(db), settings_(settings) {
    {
        SqliteStatement last(db_, "SELECT COALESCE(MAX(id + records), 1), COALESCE(SUM(records), 0), COALESCE(MAX(until_ms), 0) "
                                  "FROM trail_blocks");
        if (last.row()) {
            openId_ = last.integer(0);
            rows_ = last.integer(1);
            untilMs_ = last.integer(2);
        }
    }
    insert_ = std::make_unique<SqliteStatement>(
        db_, "INSERT OR REPLACE INTO trail_blocks (id, records, min_time_ms, max_time_ms, until_ms, bloom, keys, details) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    queue_.reserve(1 << 20);
    thread_ = std::thread([this] { run(); });
}

TrailWriter::~TrailWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    insert_.reset();
    sqlite3_close(db_);
}

bool TrailWriter::submit(const TrailEntry& entry) {
    {
        std::lock_guard lock(mutex_);
        ++submitted_;
        if (queueRecords_ >= settings_.queueCapacity || queue_.size() >= settings_.queueBytes) {
            ++done_;
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        trail::pack(entry, queue_);
        // The writer wakes by itself every batch interval; it is woken early only when a
        // block's worth has gathered: a notify per request would be a system call each.
        if (++queueRecords_ != settings_.blockRecords) return true;
    }
    wake_.notify_one();
    return true;
}

std::size_t TrailWriter::queued() const {
    std::lock_guard lock(mutex_);
    return queueRecords_;
}

void TrailWriter::flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = submitted_;
    flushWanted_ = true;
    wake_.notify_one();
    stored_.wait_for(lock, std::chrono::seconds(5), [&] { return done_ >= target; });
}

void TrailWriter::run() {
    std::string batch;
    auto lastAgePass = std::chrono::steady_clock::now();
    bool droppingReported = false;
    while (true) {
        std::size_t records = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, settings_.batchInterval,
                           [&] { return stopping_ || flushWanted_ || queueRecords_ >= settings_.blockRecords; });
            flushWanted_ = false;
            if (queueRecords_ == 0 && stopping_) break;
            batch.swap(queue_);
            records = queueRecords_;
            queueRecords_ = 0;
        }
        if (records > 0) {
            store(batch, records);
            if (settings_.sink) settings_.sink->offer(batch, records);
            std::lock_guard lock(mutex_);
            done_ += records;
        }
        // A burst leaves a large buffer behind; it goes back rather than stay the high-water mark.
        if (batch.capacity() > (8u << 20)) std::string().swap(batch);
        else batch.clear();
        stored_.notify_all();
        const std::uint64_t dropped = dropped_.load();
        if (dropped > 0 && !droppingReported) {
            spdlog::error("trail: the queue was full ({} records); {} record(s) dropped so far", settings_.queueCapacity, dropped);
            droppingReported = true;
        }
        std::lock_guard db(dbMutex_);
        retainByCount();
        if (std::chrono::steady_clock::now() - lastAgePass > std::chrono::seconds(10)) {
            retainByAge();
            lastAgePass = std::chrono::steady_clock::now();
        }
    }
    stored_.notify_all();
}

// Writes the open block as it is now: a new row, or the same row again, grown.
bool TrailWriter::writeOpenBlock() {
    const trail::BlockBuilder::Sealed block = builder_.encode();
    const std::int64_t untilMs = std::max(untilMs_, block.untilMs); // never decreases from one block to the next
    insert_->bind(1, openId_);
    insert_->bind(2, static_cast<std::int64_t>(block.records));
    insert_->bind(3, block.minTimeMs);
    insert_->bind(4, block.maxTimeMs);
    insert_->bind(5, untilMs);
    insert_->bindBlob(6, block.bloom);
    insert_->bindBlob(7, block.keys);
    insert_->bindBlob(8, block.details);
    const bool ok = insert_->done();
    insert_->reset();
    if (ok) untilMs_ = untilMs;
    return ok;
}

// The open block is done: the next request starts a new one.
void TrailWriter::closeOpenBlock() {
    openId_ += static_cast<std::int64_t>(builder_.size());
    builder_.clear();
    openedAt_.reset();
}

void TrailWriter::store(std::string_view batch, std::size_t records) {
    std::lock_guard db(dbMutex_);
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    bool ok = true;
    trail::Packed packed;
    while (ok && trail::unpack(batch, packed)) {
        if (!openedAt_) openedAt_ = std::chrono::steady_clock::now();
        builder_.add(packed);
        if (builder_.size() == settings_.blockRecords) {
            ok = writeOpenBlock();
            if (ok) closeOpenBlock();
        }
    }
    // What is left is written too, so that every request is in the trail within a batch
    // interval; the block stays open (rewritten, grown, by the next batches) until it is
    // full or as old as block_age: a quiet gateway still makes blocks of many requests.
    if (ok && builder_.size() > 0) {
        ok = writeOpenBlock();
        if (ok && std::chrono::steady_clock::now() - *openedAt_ >= settings_.blockAge) closeOpenBlock();
    }
    if (!ok || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        spdlog::error("trail: a batch of {} could not be stored: {}", records, sqlite3_errmsg(db_));
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        // The batch is lost (and counted); what earlier batches stored stays, and the next
        // request starts a block after it.
        builder_.clear();
        openedAt_.reset();
        SqliteStatement last(db_, "SELECT COALESCE(MAX(id + records), 1) FROM trail_blocks");
        openId_ = last.row() ? last.integer(0) : openId_;
        dropped_.fetch_add(records, std::memory_order_relaxed);
        return;
    }
    rows_.fetch_add(static_cast<std::int64_t>(records), std::memory_order_relaxed);
    written_.fetch_add(records, std::memory_order_relaxed);
}

void TrailWriter::applyRetention() {
    std::lock_guard db(dbMutex_);
    retainByCount();
    retainByAge();
}

// Oldest blocks first, while more than max_rows are stored: at most max_rows remain.
void TrailWriter::retainByCount() {
    const std::int64_t excess = rows_.load() - settings_.maxRows;
    if (excess > 0) dropOldest([&](std::int64_t removed, std::int64_t) { return removed < excess; });
}

// Oldest blocks first, while every request in them is older than max_age_hours.
void TrailWriter::retainByAge() {
    const std::int64_t cutoff = nowMs() - settings_.maxAgeHours * 3'600'000;
    dropOldest([&](std::int64_t, std::int64_t maxTimeMs) { return maxTimeMs < cutoff; });
}

// Drops closed blocks, oldest first, while `goes(requests dropped so far, the block's
// newest request time)` says so; never the open block.
void TrailWriter::dropOldest(const std::function<bool(std::int64_t, std::int64_t)>& goes) {
    std::int64_t lastId = -1, removed = 0;
    {
        SqliteStatement oldest(db_, "SELECT id, records, max_time_ms FROM trail_blocks WHERE id < ?1 ORDER BY id");
        oldest.bind(1, openId_);
        while (oldest.row() && goes(removed, oldest.integer(2))) {
            lastId = oldest.integer(0);
            removed += oldest.integer(1);
        }
    }
    if (lastId < 0) return;
    SqliteStatement drop(db_, "DELETE FROM trail_blocks WHERE id <= ?1");
    drop.bind(1, lastId);
    if (drop.done()) rows_.fetch_sub(removed);
}

std::expected<std::unique_ptr<TrailReader>, std::string> TrailReader::open(const std::string& file) {
    auto db = openSqlite(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (!db) return std::unexpected(db.error());
    // Blocks are read in place from the mapped file rather than copied through read().
    sqlite3_exec(*db, "PRAGMA mmap_size = 4294967296", nullptr, nullptr, nullptr);
    return std::unique_ptr<TrailReader>(new TrailReader(*db));
}

TrailReader::~TrailReader() {
    sqlite3_close(db_);
}

// Arms the time limit for one query: SQLite's progress handler interrupts a statement
// that runs past it (checked every 10,000 virtual machine steps, about a millisecond),
// and the loops over blocks ask outOfTime() between blocks.
class TrailReader::Clock {
public:
    explicit Clock(const TrailReader& reader) : reader_(reader) {
        reader_.interrupted_ = false;
        if (reader_.timeLimit_.count() == 0) return;
        reader_.deadline_ = std::chrono::steady_clock::now() + reader_.timeLimit_;
        sqlite3_progress_handler(reader_.db_, 10'000, &Clock::check, this);
    }
    ~Clock() {
        if (reader_.timeLimit_.count() != 0) sqlite3_progress_handler(reader_.db_, 0, nullptr, nullptr);
    }
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;

private:
    static int check(void* self) { return static_cast<Clock*>(self)->reader_.outOfTime() ? 1 : 0; }
    const TrailReader& reader_;
};

bool TrailReader::outOfTime() const {
    if (timeLimit_.count() == 0 || std::chrono::steady_clock::now() < deadline_) return false;
    interrupted_ = true;
    return true;
}

namespace {

// A block's place and span, read without its blobs.
struct BlockSpan {
    std::int64_t id = 0, records = 0, minTimeMs = 0, maxTimeMs = 0, untilMs = 0;
    // Whether any request in it can lie in [from, to); `past`: none in it or any older one can.
    bool overlaps(std::optional<std::int64_t> from, std::optional<std::int64_t> to) const {
        return !(to && minTimeMs >= *to) && !(from && maxTimeMs < *from);
    }
    bool past(std::optional<std::int64_t> from) const { return from && untilMs < *from; }
};

constexpr const char* kSpans = "SELECT id, records, min_time_ms, max_time_ms, until_ms FROM trail_blocks WHERE id < ?1 ORDER BY id DESC";

BlockSpan spanOf(const SqliteStatement& s) {
    return {s.integer(0), s.integer(1), s.integer(2), s.integer(3), s.integer(4)};
}

// One column's blob of a block, read in place through a statement prepared once per
// query; a blob stays valid until the next read.
class BlobReader {
public:
    BlobReader(sqlite3* db, const char* column) : statement_(db, fmt::format("SELECT {} FROM trail_blocks WHERE id = ?1", column)) {}
    std::string_view read(std::int64_t id) {
        statement_.reset();
        statement_.bind(1, id);
        return statement_.row() ? statement_.blob(0) : std::string_view();
    }

private:
    SqliteStatement statement_;
};

json::value orNull(std::string_view text) { return text.empty() ? json::value(nullptr) : json::value(json::string(text)); }

// One request as the API returns it.
json::object rowJson(std::int64_t id, const trail::BlockKeys& k, const trail::BlockDetails& d, std::size_t i) {
    json::array decisions;
    int mismatches = 0;
    for (const trail::Decision& f : d.decisions(i)) {
        mismatches += f.mismatch;
        decisions.push_back(json::object{{"name", f.name}, {"mode", config::filterModeName(f.mode)},
                                         {"decision", filters::decisionName(f.decision)}, {"reason", f.reason},
                                         {"us", f.micros}, {"default", f.isDefault}, {"mismatch", f.mismatch}});
    }
    const std::int64_t connect = d.connect.at(i), ttfb = d.ttfb.at(i); // stored +1: 0 is none
    json::object row;
    row["id"] = id;
    row["time_ms"] = k.time.at(i);
    row["request_id"] = d.requestId(i);
    row["method"] = d.method.at(i);
    row["host"] = d.host.at(i);
    row["path"] = d.path.at(i);
    row["service"] = orNull(k.service.at(i));
    row["route"] = orNull(k.route.at(i));
    row["destination"] = orNull(d.destination.at(i));
    row["status"] = k.status.at(i);
    row["termination"] = k.termination.at(i);
    row["duration_us"] = k.duration.at(i);
    row["filters_us"] = d.filtersUs.at(i);
    row["connect_us"] = connect == 0 ? json::value(nullptr) : json::value(connect - 1);
    row["ttfb_us"] = ttfb == 0 ? json::value(nullptr) : json::value(ttfb - 1);
    row["bytes_in"] = d.bytesIn.at(i);
    row["bytes_out"] = d.bytesOut.at(i);
    row["client_ip"] = k.client.at(i);
    row["user_id"] = orNull(k.user.at(i));
    row["filters"] = std::move(decisions);
    row["shadow_mismatches"] = mismatches;
    return row;
}

void reportDamaged(std::int64_t id, const std::string& why) {
    static std::atomic<int> reported{0};
    if (reported.fetch_add(1) < 10) spdlog::error("trail: block {} is damaged ({}); its requests are left out of answers", id, why);
}

// A dictionary filter on a block: the value's index there; nothing when the block does
// not hold it (the block is skipped without reading a row); any when no filter is set.
struct Wanted {
    bool set = false;
    std::optional<std::uint32_t> index;
    Wanted(const trail::DictionaryColumn& column, const std::string& value) : set(!value.empty()) {
        if (set) index = column.find(value);
    }
    bool impossible() const { return set && !index; }
    bool matches(const trail::DictionaryColumn& column, std::size_t row) const { return !set || column.index(row) == *index; }
};

} // namespace

std::string TrailReader::list(const Query& query) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    json::array records;
    json::value next = nullptr;
    SqliteStatement spans(db_, kSpans);
    spans.bind(1, query.cursor.value_or(std::numeric_limits<std::int64_t>::max()));
    BlobReader keysOf(db_, "keys"), detailsOf(db_, "details");
    while (next.is_null() && spans.row() && !outOfTime()) {
        const BlockSpan block = spanOf(spans);
        if (block.past(query.fromMs)) break;
        if (!block.overlaps(query.fromMs, query.toMs)) continue;
        auto keys = trail::BlockKeys::parse(keysOf.read(block.id));
        if (!keys) {
            reportDamaged(block.id, keys.error());
            continue;
        }
        const Wanted service(keys->service, query.service), route(keys->route, query.route),
            termination(keys->termination, query.termination), user(keys->user, query.user);
        if (service.impossible() || route.impossible() || termination.impossible() || user.impossible()) continue;
        std::optional<trail::BlockDetails> details;
        for (std::size_t i = keys->records; i-- > 0;) {
            const std::int64_t id = block.id + static_cast<std::int64_t>(i);
            if (query.cursor && id >= *query.cursor) continue;
            const std::int64_t status = keys->status.at(i), time = keys->time.at(i);
            if ((query.status && status != *query.status) ||
                (query.statusClass && (status < *query.statusClass * 100 || status >= *query.statusClass * 100 + 100)) ||
                (query.fromMs && time < *query.fromMs) || (query.toMs && time >= *query.toMs) || !service.matches(keys->service, i) ||
                !route.matches(keys->route, i) || !termination.matches(keys->termination, i) || !user.matches(keys->user, i)) {
                continue;
            }
            if (records.size() == query.limit) { // one more than asked: there is a next page
                next = records.back().as_object().at("id");
                break;
            }
            if (!details) {
                auto parsed = trail::BlockDetails::parse(detailsOf.read(block.id));
                if (!parsed || parsed->records != keys->records) {
                    reportDamaged(block.id, parsed ? "keys and details disagree" : parsed.error());
                    break;
                }
                details = std::move(*parsed);
            }
            records.push_back(rowJson(id, *keys, *details, i));
        }
    }
    return json::serialize(json::object{{"records", std::move(records)}, {"next_cursor", next}});
}

std::optional<std::string> TrailReader::byRequestId(const std::string& requestId) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    // Newest first, through each block's bloom filter: only a block that may hold the id
    // is opened (about one in a hundred that do not).
    SqliteStatement blooms(db_, "SELECT id, bloom FROM trail_blocks ORDER BY id DESC");
    BlobReader keysOf(db_, "keys"), detailsOf(db_, "details");
    while (blooms.row() && !outOfTime()) {
        if (!trail::bloomMayContain(blooms.blob(1), requestId)) continue;
        const std::int64_t id = blooms.integer(0);
        auto details = trail::BlockDetails::parse(detailsOf.read(id));
        if (!details) {
            reportDamaged(id, details.error());
            continue;
        }
        for (std::size_t i = details->records; i-- > 0;) {
            if (details->requestId(i) != requestId) continue;
            auto keys = trail::BlockKeys::parse(keysOf.read(id));
            if (!keys || keys->records != details->records) {
                reportDamaged(id, keys ? "keys and details disagree" : keys.error());
                break;
            }
            return json::serialize(rowJson(id + static_cast<std::int64_t>(i), *keys, *details, i));
        }
    }
    return std::nullopt;
}

namespace {

// Counts by key, merged block by block: a block counts into arrays indexed by its own
// dictionary, which then add into the totals by value, once per distinct value.
class Tally {
public:
    // Open addressing on a cheap hash: a summary adds every distinct value of every
    // block it reads (millions at a busy hour), so this is the summary's inner loop.
    void add(std::string_view key, std::int64_t count) {
        add(trail::valueHash(key), count, [&] { return key; });
    }
    // `h` is valueHash() of the key, as stored beside dictionary values; the key itself
    // is asked for only the first time. Values are told apart by their 64-bit hash alone
    // (two of a million distinct values collide with a chance of about 3 in 100 million).
    template <typename Key> void add(std::uint64_t h, std::int64_t count, Key&& key) {
        if ((used_ + 1) * 2 > slots_.size()) grow();
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& slot = slots_[i];
            if (slot.count == 0) {
                slot = {h, static_cast<std::uint32_t>(keys_.size()), count};
                keys_.emplace_back(key());
                ++used_;
                return;
            }
            if (slot.hash == h) {
                slot.count += count;
                return;
            }
        }
    }
    // Most first, then by key; at most `limit`.
    json::array top(std::size_t limit) const {
        std::vector<std::pair<std::string_view, std::int64_t>> items;
        for (const Slot& slot : slots_) {
            if (slot.count != 0) items.emplace_back(keys_[slot.key], slot.count);
        }
        auto order = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
        const std::size_t n = std::min(limit, items.size());
        std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(), order);
        json::array out;
        for (std::size_t i = 0; i < n; ++i) out.push_back(json::object{{"key", items[i].first}, {"count", items[i].second}});
        return out;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t key = 0;
        std::int64_t count = 0; // 0: empty (counts added are never 0)
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
        for (const Slot& slot : old) {
            if (slot.count == 0) continue;
            std::size_t i = slot.hash & (slots_.size() - 1);
            while (slots_[i].count != 0) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = slot;
        }
    }
    std::vector<Slot> slots_;
    std::vector<std::string> keys_;
    std::size_t used_ = 0;
};

// Calls f(row index) for each selected row, reading a fixed-width column with the width
// known at compile time: one loop per width, no branch per row.
template <typename F> void forEachIndex(const unsigned char* data, int width, const std::vector<std::uint32_t>& rows, F&& f) {
    auto loop = [&](auto w) {
        for (std::uint32_t row : rows) f(row, trail::readWidth(data + static_cast<std::size_t>(row) * w.value, w.value));
    };
    switch (width) {
    case 0: loop(std::integral_constant<int, 0>{}); break;
    case 1: loop(std::integral_constant<int, 1>{}); break;
    case 2: loop(std::integral_constant<int, 2>{}); break;
    case 4: loop(std::integral_constant<int, 4>{}); break;
    default: loop(std::integral_constant<int, 8>{}); break;
    }
}

// One block's counts by dictionary index, added to the totals once per distinct value
// of the block. Large domains (many services x many routes) go to a map.
class BlockCounts {
public:
    void reset(std::size_t domain) {
        domain_ = domain;
        dense_ = domain <= (1u << 16);
        if (dense_ && counts_.size() < domain) counts_.resize(domain, 0);
    }
    void add(std::size_t index) {
        if (dense_) ++counts_[index];
        else ++sparse_[index];
    }
    // Hands each (index, count) to `sink` and clears.
    template <typename Sink> void drain(Sink&& sink) {
        if (dense_) {
            for (std::size_t index = 0; index < domain_; ++index) {
                if (counts_[index] == 0) continue;
                sink(index, counts_[index]);
                counts_[index] = 0;
            }
        }
        for (const auto& [index, count] : sparse_) sink(index, count);
        sparse_.clear();
    }

private:
    bool dense_ = true;
    std::size_t domain_ = 0;
    std::vector<std::int64_t> counts_;
    std::unordered_map<std::size_t, std::int64_t> sparse_;
};

// Latency histogram: upper bounds in milliseconds; the last bucket is open.
constexpr std::int64_t kBoundsMs[] = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

std::size_t bucketOf(std::int64_t durationUs) {
    std::size_t i = 0;
    for (std::int64_t bound : kBoundsMs) i += durationUs >= bound * 1000; // no branch per bound
    return i;
}

} // namespace

namespace {

// A summary's counts, added block by block, column at a time: first the rows that
// count, then each column over those rows.
class Summary {
public:
    struct Filter {
        const std::string& service;
        std::optional<std::int64_t> fromMs, toMs;
        std::optional<int> statusClass;
    };
    explicit Summary(Filter filter) : filter_(filter) {}

    void addBlock(const BlockSpan& block, const trail::BlockKeys& keys) {
        const Wanted wanted(keys.service, filter_.service);
        if (wanted.impossible()) return;
        select(block, keys, wanted);
        total_ += static_cast<std::int64_t>(selected_.size());
        countNumbers(keys);
        countValues(keys, wanted);
    }

    std::string json() const {
        std::vector<std::pair<std::int64_t, std::int64_t>> codes;
        for (std::size_t code = 0; code < byStatus_.size(); ++code) {
            if (byStatus_[code] != 0) codes.emplace_back(static_cast<std::int64_t>(code), byStatus_[code]);
        }
        std::sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
        json::array statusCounts;
        for (const auto& [code, count] : codes) statusCounts.push_back(json::object{{"key", code}, {"count", count}});
        json::array histogram;
        for (std::size_t i = 0; i <= std::size(kBoundsMs); ++i) {
            histogram.push_back(json::object{{"le_ms", i < std::size(kBoundsMs) ? json::value(kBoundsMs[i]) : json::value(nullptr)},
                                             {"count", latency_[i]}});
        }
        return json::serialize(json::object{
            {"total", total_},
            {"by_status", std::move(statusCounts)},
            {"by_termination", terminations_.top(1000)},
            {"by_route", routes_.top(1000)},
            {"top_users", users_.top(10)},
            {"top_clients", clients_.top(10)},
            {"latency", std::move(histogram)},
        });
    }

private:
    void select(const BlockSpan& block, const trail::BlockKeys& keys, const Wanted& wanted) {
        every_.resize(keys.records);
        for (std::size_t i = 0; i < keys.records; ++i) every_[i] = static_cast<std::uint32_t>(i);
        if (wanted.set) {
            selected_.clear();
            const std::uint32_t index = *wanted.index;
            forEachIndex(keys.service.data(), keys.service.width(), every_, [&](std::uint32_t row, std::uint64_t v) {
                if (v == index) selected_.push_back(row);
            });
        } else {
            selected_ = every_;
        }
        const auto [from, to, statusClass] = std::tuple(filter_.fromMs, filter_.toMs, filter_.statusClass);
        const bool wholeBlock = !(from && block.minTimeMs < *from) && !(to && block.maxTimeMs >= *to);
        if (!statusClass && wholeBlock) return;
        std::erase_if(selected_, [&](std::uint32_t i) {
            const std::int64_t status = keys.status.at(i), time = keys.time.at(i);
            return (statusClass && (status < *statusClass * 100 || status >= *statusClass * 100 + 100)) ||
                   (!wholeBlock && ((from && time < *from) || (to && time >= *to)));
        });
    }

    void countNumbers(const trail::BlockKeys& keys) {
        const std::int64_t statusBase = keys.status.base, durationBase = keys.duration.base;
        forEachIndex(keys.status.data, keys.status.width, selected_, [&](std::uint32_t, std::uint64_t v) {
            ++byStatus_[static_cast<std::size_t>(std::clamp<std::int64_t>(statusBase + static_cast<std::int64_t>(v), 0, 999))];
        });
        forEachIndex(keys.duration.data, keys.duration.width, selected_,
                     [&](std::uint32_t, std::uint64_t v) { ++latency_[bucketOf(durationBase + static_cast<std::int64_t>(v))]; });
    }

    void countValues(const trail::BlockKeys& keys, const Wanted& wanted) {
        countInto(keys.termination, termination_);
        countInto(keys.user, user_);
        countInto(keys.client, client_);
        mergeInto(keys.termination, termination_, terminations_, false);
        mergeInto(keys.user, user_, users_, true); // no user: not authenticated
        mergeInto(keys.client, client_, clients_, false);
        const std::size_t routesPerService = keys.route.size();
        route_.reset(keys.service.size() * routesPerService);
        if (wanted.set) { // one service: the pair is its route
            const std::size_t base = *wanted.index * routesPerService;
            forEachIndex(keys.route.data(), keys.route.width(), selected_, [&](std::uint32_t, std::uint64_t v) {
                route_.add(base + std::min<std::uint64_t>(v, routesPerService - 1));
            });
        } else {
            for (std::uint32_t i : selected_) route_.add(keys.service.index(i) * routesPerService + keys.route.index(i));
        }
        route_.drain([&](std::size_t pair, std::int64_t n) {
            routes_.add(fmt::format("{} {}", keys.service.value(static_cast<std::uint32_t>(pair / routesPerService)),
                                    keys.route.value(static_cast<std::uint32_t>(pair % routesPerService))),
                        n);
        });
    }

    void countInto(const trail::DictionaryColumn& column, BlockCounts& counts) const {
        counts.reset(column.size());
        const std::uint32_t last = column.size() - 1;
        forEachIndex(column.data(), column.width(), selected_,
                     [&](std::uint32_t, std::uint64_t v) { counts.add(std::min<std::uint64_t>(v, last)); });
    }

    static void mergeInto(const trail::DictionaryColumn& column, BlockCounts& counts, Tally& tally, bool skipEmpty) {
        static const std::uint64_t emptyHash = trail::valueHash({});
        counts.drain([&](std::size_t i, std::int64_t n) {
            const auto index = static_cast<std::uint32_t>(i);
            if (skipEmpty && column.hash(index) == emptyHash) return;
            tally.add(column.hash(index), n, [&] { return column.value(index); });
        });
    }

    Filter filter_;
    std::int64_t total_ = 0;
    std::vector<std::int64_t> byStatus_ = std::vector<std::int64_t>(1000, 0);
    std::vector<std::int64_t> latency_ = std::vector<std::int64_t>(std::size(kBoundsMs) + 1, 0);
    Tally terminations_, routes_, users_, clients_;
    BlockCounts termination_, user_, client_, route_;
    std::vector<std::uint32_t> selected_, every_;
};

} // namespace

std::string TrailReader::summary(const std::string& service, std::optional<std::int64_t> fromMs,
                                 std::optional<std::int64_t> toMs, std::optional<int> statusClass) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    Summary summary({service, fromMs, toMs, statusClass});
    SqliteStatement spans(db_, "SELECT id, records, min_time_ms, max_time_ms, until_ms, keys FROM trail_blocks ORDER BY id DESC");
    while (spans.row() && !outOfTime()) {
        const BlockSpan block = spanOf(spans);
        if (block.past(fromMs)) break;
        if (!block.overlaps(fromMs, toMs)) continue;
        auto keys = trail::BlockKeys::parse(spans.blob(5));
        if (keys) summary.addBlock(block, *keys);
        else reportDamaged(block.id, keys.error());
    }
    return summary.json();
}

} // namespace gatehouse::gateway
