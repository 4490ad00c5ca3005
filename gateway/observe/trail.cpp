#include "observe/trail.h"

#include "observe/trail_sink.h"
#include "store/sqlite.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <tuple>
#include <filesystem>
#include <limits>
#include <span>
#include <unordered_map>

namespace gatehouse::gateway {

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
  details BLOB NOT NULL,
  sums BLOB
);
)sql";

// `sums` (a closed block's counts for summaries) came after the first block format.
bool hasSums(sqlite3* db) {
    SqliteStatement column(db, "SELECT 1 FROM pragma_table_info('trail_blocks') WHERE name = 'sums'");
    return column.row();
}

// A trail without the column gains it; its older blocks stay without sums.
std::expected<void, std::string> addSumsColumn(sqlite3* db) {
    if (hasSums(db)) return {};
    return execSql(db, "ALTER TABLE trail_blocks ADD COLUMN sums BLOB");
}

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
    auto set = execSql(*db, kSchema);
    if (set) set = addSumsColumn(*db);
    if (!set) {
        sqlite3_close(*db);
        return std::unexpected(fmt::format("cannot set up {}: {}", file, set.error()));
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
        db_, "INSERT OR REPLACE INTO trail_blocks (id, records, min_time_ms, max_time_ms, until_ms, bloom, keys, details, sums) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
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
    // The open block will not grow again (the next start begins a new one): its sums.
    if (builder_.size() > 0) {
        std::lock_guard db(dbMutex_);
        if (writeOpenBlock(true)) closeOpenBlock();
    }
    stored_.notify_all();
}

// Writes the open block as it is now: a new row, or the same row again, grown. Its last
// write (`closing`) adds its sums; an open block is summarised from its rows.
bool TrailWriter::writeOpenBlock(bool closing) {
    const trail::BlockBuilder::Sealed block = builder_.encode();
    const std::string sums = closing ? builder_.encodeSums() : std::string();
    const std::int64_t untilMs = std::max(untilMs_, block.untilMs); // never decreases from one block to the next
    insert_->bind(1, openId_);
    insert_->bind(2, static_cast<std::int64_t>(block.records));
    insert_->bind(3, block.minTimeMs);
    insert_->bind(4, block.maxTimeMs);
    insert_->bind(5, untilMs);
    insert_->bindBlob(6, block.bloom);
    insert_->bindBlob(7, block.keys);
    insert_->bindBlob(8, block.details);
    if (closing) insert_->bindBlob(9, sums);
    else insert_->bindNull(9);
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
    bool ok = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    trail::Packed packed;
    while (ok && trail::unpack(batch, packed)) {
        if (!openedAt_) openedAt_ = std::chrono::steady_clock::now();
        builder_.add(packed);
        if (builder_.size() == settings_.blockRecords) {
            ok = writeOpenBlock(true);
            if (ok) closeOpenBlock();
        }
    }
    // What is left is written too, so that every request is in the trail within a batch
    // interval; the block stays open (rewritten, grown, by the next batches) until it is
    // full or as old as block_age: a quiet gateway still makes blocks of many requests.
    if (ok && builder_.size() > 0) {
        const bool aged = std::chrono::steady_clock::now() - *openedAt_ >= settings_.blockAge;
        ok = writeOpenBlock(aged);
        if (ok && aged) closeOpenBlock();
    }
    if (!ok || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        spdlog::error("trail: a batch of {} could not be stored: {}", records, sqlite3_errmsg(db_));
        (void)sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); // nothing to undo when BEGIN failed
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
    (void)sqlite3_exec(*db, "PRAGMA mmap_size = 4294967296", nullptr, nullptr, nullptr); // speed only: reads work without it
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

// One request as the reader returns it.
TrailRow rowOf(std::int64_t id, const trail::BlockKeys& k, const trail::BlockDetails& d, std::size_t i) {
    TrailRow row;
    row.id = id;
    for (const trail::Decision& f : d.decisions(i)) {
        row.decisions.push_back({std::string(f.name), f.mode, f.decision, std::string(f.reason), f.micros, f.isDefault, f.mismatch});
    }
    TrailRecord& r = row.record;
    r.timeMs = k.time.at(i);
    r.requestId = d.requestId(i);
    r.method = d.method.at(i);
    r.host = d.host.at(i);
    r.path = d.path.at(i);
    r.service = k.service.at(i);
    r.route = k.route.at(i);
    r.destination = d.destination.at(i);
    r.protocol = d.protocol ? std::string(d.protocol->at(i)) : std::string("HTTP/1.1");
    r.status = static_cast<int>(k.status.at(i));
    r.termination = k.termination.at(i);
    r.durationUs = k.duration.at(i);
    r.filtersUs = d.filtersUs.at(i);
    r.connectUs = d.connect.at(i) - 1; // stored +1: 0 is none
    r.ttfbUs = d.ttfb.at(i) - 1;
    r.bytesIn = static_cast<std::uint64_t>(d.bytesIn.at(i));
    r.bytesOut = static_cast<std::uint64_t>(d.bytesOut.at(i));
    r.clientIp = k.client.at(i);
    r.userId = k.user.at(i);
    return row;
}

void reportDamaged(std::int64_t id, const std::string& why) {
    static std::atomic<int> reported{0};
    if (reported.fetch_add(1) < 10) spdlog::error("trail: block {} is damaged ({}); its requests are left out of answers", id, why);
}

void reportDamagedSums(std::int64_t id, const std::string& why) {
    static std::atomic<int> reported{0};
    if (reported.fetch_add(1) < 10) spdlog::error("trail: block {} has {}; summaries count its rows instead", id, why);
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

TrailPage TrailReader::list(const Query& query) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    TrailPage page;
    std::vector<TrailRow>& records = page.records;
    bool more = false;
    SqliteStatement spans(db_, kSpans);
    spans.bind(1, query.cursor.value_or(std::numeric_limits<std::int64_t>::max()));
    BlobReader keysOf(db_, "keys"), detailsOf(db_, "details");
    while (!more && spans.row() && !outOfTime()) {
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
                more = true;
                if (!records.empty()) page.nextCursor = records.back().id;
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
            records.push_back(rowOf(id, *keys, *details, i));
        }
    }
    return page;
}

std::optional<TrailRow> TrailReader::byRequestId(const std::string& requestId) const {
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
            return rowOf(id + static_cast<std::int64_t>(i), *keys, *details, i);
        }
    }
    return std::nullopt;
}

namespace {

// Counts by key, merged block by block: a block counts into arrays indexed by its own
// dictionary, which then add into the totals by value, once per distinct value.
class Tally {
public:
    // One distinct value of a block: its stored valueHash() and how often it occurred.
    struct Pending {
        std::uint64_t hash;
        std::int64_t count;
        std::uint32_t index; // in the block's dictionary, to ask for the value on first sight
    };

    void add(std::string_view key, std::int64_t count) {
        const Pending one{trail::valueHash(key), count, 0};
        addAll(std::span(&one, 1), [&](std::uint32_t) { return key; });
    }
    // Open addressing on the stored hash: a summary adds every distinct value of every
    // block it reads (millions in a busy hour) into a table larger than the first-level
    // cache, so the slots of the next values are fetched while this one is added. Values
    // are told apart by their 64-bit hash alone (two of a million distinct values collide
    // with a chance of about 3 in 100 million). `keyOf(index)` is asked once per new value.
    template <typename KeyOf> void addAll(std::span<const Pending> values, KeyOf&& keyOf) {
        while ((used_ + values.size() + 1) * 2 > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        constexpr std::size_t kAhead = 8;
        for (std::size_t j = 0; j < values.size(); ++j) {
            if (j + kAhead < values.size()) __builtin_prefetch(&slots_[values[j + kAhead].hash & mask]);
            const Pending& value = values[j];
            for (std::size_t i = value.hash & mask;; i = (i + 1) & mask) {
                Slot& slot = slots_[i];
                if (slot.count == 0) {
                    slot = {value.hash, value.count};
                    keyAt_[i] = static_cast<std::uint32_t>(keys_.size());
                    keys_.emplace_back(keyOf(value.index));
                    ++used_;
                    break;
                }
                if (slot.hash == value.hash) {
                    slot.count += value.count;
                    break;
                }
            }
        }
    }
    // Most first, then by key; at most `limit`.
    std::vector<TrailSummary::Count> top(std::size_t limit) const {
        std::vector<std::pair<std::string_view, std::int64_t>> items;
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].count != 0) items.emplace_back(keys_[keyAt_[i]], slots_[i].count);
        }
        auto order = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
        const std::size_t n = std::min(limit, items.size());
        std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(), order);
        std::vector<TrailSummary::Count> out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) out.push_back({std::string(items[i].first), items[i].second});
        return out;
    }

private:
    // 16 bytes: what the inner loop touches. Which key a slot holds is kept apart, read
    // only when a value is new and for the answer.
    struct Slot {
        std::uint64_t hash = 0;
        std::int64_t count = 0; // 0: empty (counts added are never 0)
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        std::vector<std::uint32_t> oldKeys = std::move(keyAt_);
        slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
        keyAt_.assign(slots_.size(), 0);
        for (std::size_t j = 0; j < old.size(); ++j) {
            if (old[j].count == 0) continue;
            std::size_t i = old[j].hash & (slots_.size() - 1);
            while (slots_[i].count != 0) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = old[j];
            keyAt_[i] = oldKeys[j];
        }
    }
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> keyAt_;
    std::vector<std::string> keys_;
    std::size_t used_ = 0;
};

// Calls f(row, value) for every row of a fixed-width column, the width known at
// compile time: one loop per width, no branch per row.
template <typename F> void forEachRow(const unsigned char* data, int width, std::size_t rows, F&& f) {
    auto loop = [&](auto w) {
        for (std::size_t row = 0; row < rows; ++row) {
            f(static_cast<std::uint32_t>(row), trail::readWidth(data + row * w.value, w.value));
        }
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
// of the block.
class BlockCounts {
public:
    // What the counting loop keeps in registers: the arrays and how many distinct
    // indices it has seen. Each index is remembered the first time it is counted,
    // without a branch (a column of nearly unique users is new on every other row).
    struct Cursor {
        std::uint32_t* counts;
        std::uint32_t* seen;
        std::size_t distinct;
        void add(std::uint32_t index) {
            seen[distinct] = index;
            distinct += counts[index]++ == 0;
        }
        void add(std::uint32_t index, std::uint32_t n) { // n > 0
            seen[distinct] = index;
            distinct += counts[index] == 0;
            counts[index] += n;
        }
    };
    Cursor start(std::size_t domain) {
        domain_ = static_cast<std::uint32_t>(domain);
        if (counts_.size() < domain) counts_.resize(domain, 0);
        if (seen_.size() < domain + 1) seen_.resize(domain + 1); // add() writes one past the last index seen
        return {counts_.data(), seen_.data(), 0};
    }
    void finish(const Cursor& cursor) { distinct_ = cursor.distinct; }
    std::uint32_t domain() const { return domain_; }
    // Hands each (index, count) to `sink`, in the order first counted, and clears.
    template <typename Sink> void drain(Sink&& sink) {
        for (std::size_t i = 0; i < distinct_; ++i) {
            const std::uint32_t index = seen_[i];
            sink(index, static_cast<std::int64_t>(counts_[index]));
            counts_[index] = 0;
        }
        distinct_ = 0;
    }

private:
    std::size_t distinct_ = 0;
    std::uint32_t domain_ = 0;
    std::vector<std::uint32_t> counts_; // a block has at most 2^32 - 1 rows
    std::vector<std::uint32_t> seen_;   // the first `distinct_` are the indices counted
};

} // namespace

namespace {

// A summary's counts, added block by block. A whole block (inside the time window) is
// added from its sums, counted when it was written (per service and status class); the
// open block and blocks cut by the window are counted from their rows, column by
// column over the rows selected. Either way a block's counts go into arrays indexed by
// its dictionaries, then into the totals once per distinct value.
class Summary {
public:
    struct Filter {
        const std::string& service;
        std::optional<std::int64_t> fromMs, toMs;
        std::optional<int> statusClass;
    };
    explicit Summary(Filter filter) : filter_(filter) {}

    void addBlock(const BlockSpan& block, const trail::BlockKeys& keys, const trail::BlockSums* sums) {
        const Wanted wanted(keys.service, filter_.service);
        if (wanted.impossible()) return;
        Cursors cursors = startCounting(keys, wanted);
        if (sums && whole(block)) {
            addSums(*sums, wanted, cursors);
        } else {
            select(block, keys, wanted);
            total_ += static_cast<std::int64_t>(selected_.size());
            countRows(keys, wanted, cursors);
        }
        finishCounting(cursors);
        mergeValues(keys, wanted);
    }

    TrailSummary result() const {
        TrailSummary out;
        out.total = total_;
        for (std::size_t code = 0; code < byStatus_.size(); ++code) {
            if (byStatus_[code] != 0) out.byStatus.emplace_back(static_cast<std::int64_t>(code), byStatus_[code]);
        }
        std::sort(out.byStatus.begin(), out.byStatus.end(),
                  [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
        out.byTermination = terminations_.top(1000);
        out.byRoute = routes_.top(1000);
        out.topUsers = users_.top(10);
        out.topClients = clients_.top(10);
        std::copy(latency_.begin(), latency_.end(), out.latency.begin());
        return out;
    }

private:
    // What the counting loops keep in registers.
    struct Cursors {
        BlockCounts::Cursor termination, user, client, route;
        std::size_t routesPerService = 0;
        bool densePairs = true;
    };

    // One service: a route's pair is its route. All services: (service, route), in an
    // array while services x routes of the block's dictionaries is small, else a map.
    Cursors startCounting(const trail::BlockKeys& keys, const Wanted& wanted) {
        const std::size_t routesPerService = keys.route.size();
        const std::size_t pairs = wanted.set ? routesPerService : keys.service.size() * routesPerService;
        const bool densePairs = pairs <= kDensePairs;
        return {termination_.start(keys.termination.size()), user_.start(keys.user.size()), client_.start(keys.client.size()),
                route_.start(densePairs ? pairs : 0), routesPerService, densePairs};
    }

    void finishCounting(const Cursors& cursors) {
        termination_.finish(cursors.termination);
        user_.finish(cursors.user);
        client_.finish(cursors.client);
        route_.finish(cursors.route);
    }

    bool whole(const BlockSpan& block) const {
        return !(filter_.fromMs && block.minTimeMs < *filter_.fromMs) && !(filter_.toMs && block.maxTimeMs >= *filter_.toMs);
    }

    void addSums(const trail::BlockSums& sums, const Wanted& wanted, Cursors& c) {
        for (const trail::BlockSums::Group& group : sums.groups) {
            if ((wanted.set && group.service != *wanted.index) || (filter_.statusClass && group.statusClass != *filter_.statusClass)) continue;
            total_ += group.total;
            for (const auto& [code, n] : group.statuses) byStatus_[static_cast<std::size_t>(code)] += n;
            for (std::size_t i = 0; i < trail::kLatencyBuckets; ++i) latency_[i] += group.latency[i];
            addCounts(group.termination, c.termination, termination_.domain());
            addCounts(group.user, c.user, user_.domain());
            addCounts(group.client, c.client, client_.domain());
            const std::size_t base = wanted.set ? 0 : group.service * c.routesPerService;
            for (std::size_t i = 0; i < group.route.size; ++i) {
                const std::uint32_t n = group.route.count(i);
                const std::size_t pair = base + std::min<std::size_t>(group.route.index(i), c.routesPerService - 1);
                if (n == 0) continue; // only in damaged sums
                if (c.densePairs) c.route.add(static_cast<std::uint32_t>(pair), n);
                else sparsePairs_[pair] += n;
            }
        }
    }

    // Indices past the dictionary (damaged sums) count as its last value, as rows do.
    static void addCounts(const trail::BlockSums::Counts& counts, BlockCounts::Cursor& cursor, std::uint32_t domain) {
        for (std::size_t i = 0; i < counts.size; ++i) {
            const std::uint32_t n = counts.count(i);
            if (n != 0) cursor.add(std::min(counts.index(i), domain - 1), n);
        }
    }

    void select(const BlockSpan& block, const trail::BlockKeys& keys, const Wanted& wanted) {
        // Without a branch per row: a busy service is every other row, and a branch on
        // it is mispredicted half the time.
        selected_.resize(keys.records);
        std::size_t n = 0;
        if (wanted.set) {
            const std::uint32_t index = *wanted.index;
            forEachRow(keys.service.data(), keys.service.width(), keys.records, [&](std::uint32_t row, std::uint64_t v) {
                selected_[n] = row;
                n += v == index;
            });
        } else {
            for (; n < keys.records; ++n) selected_[n] = static_cast<std::uint32_t>(n);
        }
        selected_.resize(n);
        const auto [from, to, statusClass] = std::tuple(filter_.fromMs, filter_.toMs, filter_.statusClass);
        const bool wholeBlock = whole(block);
        if (!statusClass && wholeBlock) return;
        std::erase_if(selected_, [&](std::uint32_t i) {
            const std::int64_t status = keys.status.at(i), time = keys.time.at(i);
            return (statusClass && trail::statusClassOf(status) != *statusClass) ||
                   (!wholeBlock && ((from && time < *from) || (to && time >= *to)));
        });
    }

    // Every column in one pass over the selected rows: each count is a chain of
    // increments to the same few cells, and counted side by side the chains overlap.
    void countRows(const trail::BlockKeys& keys, const Wanted& wanted, Cursors& c) {
        const std::int64_t statusBase = keys.status.base, durationBase = keys.duration.base;
        const unsigned char *status = keys.status.data, *duration = keys.duration.data;
        const int statusWidth = keys.status.width, durationWidth = keys.duration.width;
        std::int64_t* byStatus = byStatus_.data();
        std::int64_t* latency = latency_.data();
        for (const std::uint32_t row : selected_) {
            const auto code = statusBase + static_cast<std::int64_t>(trail::readWidth(status + row * statusWidth, statusWidth));
            ++byStatus[trail::summaryStatus(code)];
            ++latency[trail::latencyBucket(durationBase + static_cast<std::int64_t>(trail::readWidth(duration + row * durationWidth, durationWidth)))];
            c.termination.add(keys.termination.index(row));
            c.user.add(keys.user.index(row));
            c.client.add(keys.client.index(row));
            if (c.densePairs) c.route.add(static_cast<std::uint32_t>((wanted.set ? 0 : keys.service.index(row) * c.routesPerService) + keys.route.index(row)));
        }
        if (!c.densePairs) {
            for (const std::uint32_t row : selected_) ++sparsePairs_[keys.service.index(row) * c.routesPerService + keys.route.index(row)];
        }
    }

    // `wanted` set: route pairs were counted by route alone, all of its service.
    void mergeValues(const trail::BlockKeys& keys, const Wanted& wanted) {
        mergeInto(keys.termination, termination_, terminations_, false);
        mergeInto(keys.user, user_, users_, true); // no user: not authenticated
        mergeInto(keys.client, client_, clients_, false);
        const std::size_t routesPerService = keys.route.size();
        const auto addPair = [&](std::size_t pair, std::int64_t n) {
            const auto service = wanted.set ? *wanted.index : static_cast<std::uint32_t>(pair / routesPerService);
            routes_.add(fmt::format("{} {}", keys.service.value(service), keys.route.value(static_cast<std::uint32_t>(pair % routesPerService))), n);
        };
        route_.drain(addPair);
        for (const auto& [pair, n] : sparsePairs_) addPair(pair, n);
        sparsePairs_.clear();
    }

    void mergeInto(const trail::DictionaryColumn& column, BlockCounts& counts, Tally& tally, bool skipEmpty) {
        static const std::uint64_t emptyHash = trail::valueHash({});
        pending_.clear();
        counts.drain([&](std::size_t i, std::int64_t n) {
            const auto index = static_cast<std::uint32_t>(i);
            const std::uint64_t h = column.hash(index);
            if (skipEmpty && h == emptyHash) return;
            pending_.push_back({h, n, index});
        });
        tally.addAll(pending_, [&](std::uint32_t index) { return column.value(index); });
    }

    static constexpr std::size_t kDensePairs = 1u << 20;
    Filter filter_;
    std::int64_t total_ = 0;
    std::vector<std::int64_t> byStatus_ = std::vector<std::int64_t>(1000, 0);
    std::vector<std::int64_t> latency_ = std::vector<std::int64_t>(trail::kLatencyBuckets, 0);
    Tally terminations_, routes_, users_, clients_;
    BlockCounts termination_, user_, client_, route_;
    std::unordered_map<std::size_t, std::int64_t> sparsePairs_;
    std::vector<std::uint32_t> selected_;
    std::vector<Tally::Pending> pending_;
};

} // namespace

TrailSummary TrailReader::summary(const std::string& service, std::optional<std::int64_t> fromMs,
                                 std::optional<std::int64_t> toMs, std::optional<int> statusClass) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    Summary summary({service, fromMs, toMs, statusClass});
    // A trail written before blocks had sums has no such column; its blocks count by rows.
    SqliteStatement spans(db_, fmt::format("SELECT id, records, min_time_ms, max_time_ms, until_ms, keys, {} FROM trail_blocks "
                                           "ORDER BY id DESC", hasSums(db_) ? "sums" : "NULL"));
    while (spans.row() && !outOfTime()) {
        const BlockSpan block = spanOf(spans);
        if (block.past(fromMs)) break;
        if (!block.overlaps(fromMs, toMs)) continue;
        auto keys = trail::BlockKeys::parse(spans.blob(5));
        if (!keys) {
            reportDamaged(block.id, keys.error());
            continue;
        }
        std::optional<trail::BlockSums> sums;
        if (!spans.isNull(6)) {
            auto parsed = trail::BlockSums::parse(spans.blob(6), *keys);
            if (parsed) sums = std::move(*parsed);
            else reportDamagedSums(block.id, parsed.error());
        }
        summary.addBlock(block, *keys, sums ? &*sums : nullptr);
    }
    return summary.result();
}

} // namespace gatehouse::gateway
