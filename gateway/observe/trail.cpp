#include "observe/trail.h"

#include "store/sqlite.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>

namespace gatehouse::gateway {
namespace json = boost::json;

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  host TEXT NOT NULL,
  path TEXT NOT NULL,
  service TEXT,
  route TEXT,
  destination TEXT,
  status INTEGER NOT NULL,
  termination TEXT NOT NULL,
  duration_us INTEGER NOT NULL,
  filters_us INTEGER NOT NULL,
  connect_us INTEGER,
  ttfb_us INTEGER,
  bytes_in INTEGER NOT NULL,
  bytes_out INTEGER NOT NULL,
  client_ip TEXT NOT NULL,
  user_id TEXT,
  filters TEXT NOT NULL,
  shadow_mismatches INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_time ON requests(time_ms);
CREATE INDEX IF NOT EXISTS requests_service ON requests(service, id);
CREATE INDEX IF NOT EXISTS requests_request_id ON requests(request_id);
)sql";

void appendJsonString(std::string& out, std::string_view text) {
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

// The decisions as a JSON array, written by hand: this runs for every row the writer
// stores, and a DOM per row cost more than the insert.
void filtersJson(const std::vector<filters::FilterRecord>& records, std::string& out) {
    out.clear(); // not assign("["): a literal assignment trips GCC 12 -Wrestrict at -O3
    out.push_back('[');
    for (const filters::FilterRecord& r : records) {
        if (out.size() > 1) out += ',';
        out += "{\"name\":";
        appendJsonString(out, r.name);
        fmt::format_to(std::back_inserter(out), ",\"mode\":\"{}\",\"decision\":\"{}\",\"reason\":", config::filterModeName(r.mode),
                       filters::decisionName(r.decision));
        appendJsonString(out, r.reason);
        fmt::format_to(std::back_inserter(out), ",\"us\":{},\"default\":{},\"mismatch\":{}}}", r.micros, r.isDefault, r.mismatch);
    }
    out += ']';
}

json::value column(sqlite3_stmt* stmt, int index) {
    switch (sqlite3_column_type(stmt, index)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt, index);
    case SQLITE_NULL: return nullptr;
    default: return json::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, index)));
    }
}

// One row as the API returns it.
json::object rowJson(sqlite3_stmt* stmt) {
    static constexpr const char* kNames[] = {"id", "time_ms", "request_id", "method", "host", "path", "service", "route",
                                             "destination", "status", "termination", "duration_us", "filters_us",
                                             "connect_us", "ttfb_us", "bytes_in", "bytes_out", "client_ip", "user_id",
                                             "filters", "shadow_mismatches"};
    json::object row;
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i) row[kNames[i]] = column(stmt, i);
    boost::system::error_code ec;
    json::value filters = json::parse(row["filters"].as_string(), ec);
    row["filters"] = ec ? json::value(json::array{}) : std::move(filters);
    return row;
}

constexpr const char* kColumns = "id, time_ms, request_id, method, host, path, service, route, destination, status, termination, "
                                 "duration_us, filters_us, connect_us, ttfb_us, bytes_in, bytes_out, client_ip, user_id, filters, "
                                 "shadow_mismatches";

} // namespace

std::expected<std::unique_ptr<TrailWriter>, std::string> TrailWriter::open(const std::string& file, TrailSettings settings) {
    auto db = openSqlite(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, settings.group);
    if (!db) return std::unexpected(db.error());
    if (std::string why; !execSql(*db, kSchema, why)) {
        sqlite3_close(*db);
        return std::unexpected(fmt::format("cannot set up {}: {}", file, why));
    }
    return std::unique_ptr<TrailWriter>(new TrailWriter(*db, settings));
}

TrailWriter::TrailWriter(sqlite3* db, TrailSettings settings) : db_(db), settings_(settings) {
    queue_.reserve(1024);
    thread_ = std::thread([this] { run(); });
}

TrailWriter::~TrailWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_close(db_);
}

bool TrailWriter::submit(TrailRecord record) {
    {
        std::lock_guard lock(mutex_);
        ++submitted_;
        if (queue_.size() >= settings_.queueCapacity) {
            ++done_;
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        queue_.push_back(std::move(record));
        // The writer wakes by itself every 100 ms; it is woken early only when a batch is
        // big: a notify per request would be a system call per request.
        if (queue_.size() != kBatchWakeUp) return true;
    }
    wake_.notify_one();
    return true;
}

std::size_t TrailWriter::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void TrailWriter::flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = submitted_;
    flushWanted_ = true;
    wake_.notify_one();
    stored_.wait_for(lock, std::chrono::seconds(5), [&] { return done_ >= target; });
}

void TrailWriter::run() {
    std::vector<TrailRecord> batch;
    auto lastRetention = std::chrono::steady_clock::now();
    bool droppingReported = false;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            // Batches: up to 100 ms of requests (or kBatchWakeUp of them) in one transaction.
            wake_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stopping_ || flushWanted_ || queue_.size() >= kBatchWakeUp; });
            flushWanted_ = false;
            if (queue_.empty() && stopping_) break;
            batch.swap(queue_);
        }
        if (!batch.empty()) {
            store(batch);
            std::lock_guard lock(mutex_);
            done_ += batch.size();
            batch.clear();
        }
        stored_.notify_all();
        const std::uint64_t dropped = dropped_.load();
        if (dropped > 0 && !droppingReported) {
            spdlog::error("trail: the queue was full ({} records); {} record(s) dropped so far", settings_.queueCapacity, dropped);
            droppingReported = true;
        }
        if (std::chrono::steady_clock::now() - lastRetention > std::chrono::seconds(10)) {
            applyRetention();
            lastRetention = std::chrono::steady_clock::now();
        }
    }
    stored_.notify_all();
}

void TrailWriter::store(std::vector<TrailRecord>& batch) {
    std::lock_guard db(dbMutex_);
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    SqliteStatement insert(db_, fmt::format("INSERT INTO requests ({}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                      "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                                      kColumns));
    std::uint64_t stored = 0;
    std::string decisions;
    for (const TrailRecord& r : batch) {
        int mismatches = 0;
        for (const filters::FilterRecord& f : r.filters) mismatches += f.mismatch;
        insert.bind(1, r.timeMs);
        insert.bindView(2, r.requestId);
        insert.bindView(3, r.method);
        insert.bindView(4, r.host);
        insert.bindView(5, r.path);
        insert.textOrNull(6, r.service);
        insert.textOrNull(7, r.route);
        insert.textOrNull(8, r.destination);
        insert.bind(9, r.status);
        insert.bindView(10, r.termination);
        insert.bind(11, r.durationUs);
        insert.bind(12, r.filtersUs);
        insert.integerOrNull(13, r.connectUs);
        insert.integerOrNull(14, r.ttfbUs);
        insert.bind(15, static_cast<std::int64_t>(r.bytesIn));
        insert.bind(16, static_cast<std::int64_t>(r.bytesOut));
        insert.bindView(17, r.clientIp);
        insert.textOrNull(18, r.userId);
        filtersJson(r.filters, decisions);
        insert.bindView(19, decisions);
        insert.bind(20, mismatches);
        if (sqlite3_step(insert.get()) == SQLITE_DONE) ++stored;
        sqlite3_reset(insert.get());
    }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        spdlog::error("trail: a batch of {} could not be stored: {}", batch.size(), sqlite3_errmsg(db_));
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        dropped_.fetch_add(batch.size(), std::memory_order_relaxed);
        return;
    }
    written_.fetch_add(stored, std::memory_order_relaxed);
}

void TrailWriter::applyRetention() {
    std::lock_guard db(dbMutex_);
    const std::int64_t cutoff =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
        settings_.maxAgeHours * 3'600'000;
    // Old rows go in slices of at most 20,000 per pass (a pass every 10 s), so that
    // retention never holds the writer, and the queue behind it, for long.
    SqliteStatement byAge(db_, "DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE time_ms < ?1 ORDER BY id LIMIT 20000)");
    byAge.bind(1, cutoff);
    sqlite3_step(byAge.get());
    SqliteStatement byCount(db_, "DELETE FROM requests WHERE id < MIN((SELECT MAX(id) FROM requests) - ?1 + 1, "
                           "(SELECT MIN(id) FROM requests) + 20000)");
    byCount.bind(1, settings_.maxRows);
    sqlite3_step(byCount.get());
}

std::expected<std::unique_ptr<TrailReader>, std::string> TrailReader::open(const std::string& file) {
    auto db = openSqlite(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (!db) return std::unexpected(db.error());
    return std::unique_ptr<TrailReader>(new TrailReader(*db));
}

TrailReader::~TrailReader() {
    sqlite3_close(db_);
}

// Interrupts the statement running on the reader's connection once the time limit has
// passed (checked every 10,000 virtual machine steps, about a millisecond).
class TrailReader::Clock {
public:
    explicit Clock(const TrailReader& reader) : reader_(reader) {
        reader_.interrupted_ = false;
        if (reader_.timeLimit_.count() == 0) return;
        deadline_ = std::chrono::steady_clock::now() + reader_.timeLimit_;
        sqlite3_progress_handler(reader_.db_, 10'000, &Clock::check, this);
    }
    ~Clock() {
        if (reader_.timeLimit_.count() != 0) sqlite3_progress_handler(reader_.db_, 0, nullptr, nullptr);
    }
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;

private:
    static int check(void* self) {
        auto* clock = static_cast<Clock*>(self);
        if (std::chrono::steady_clock::now() < clock->deadline_) return 0;
        clock->reader_.interrupted_ = true;
        return 1; // the statement ends with SQLITE_INTERRUPT
    }
    const TrailReader& reader_;
    std::chrono::steady_clock::time_point deadline_{};
};

std::string TrailReader::list(const Query& query) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    std::string where = "1";
    std::vector<std::pair<bool, std::string>> params; // (is integer, value)
    auto add = [&](const std::string& condition, std::string value, bool integer) {
        where += " AND " + condition + " ?" + std::to_string(params.size() + 1);
        params.emplace_back(integer, std::move(value));
    };
    if (!query.service.empty()) add("service =", query.service, false);
    if (!query.route.empty()) add("route =", query.route, false);
    if (!query.termination.empty()) add("termination =", query.termination, false);
    if (!query.user.empty()) add("user_id =", query.user, false);
    if (query.status) add("status =", std::to_string(*query.status), true);
    if (query.statusClass) {
        add("status >=", std::to_string(*query.statusClass * 100), true);
        add("status <", std::to_string(*query.statusClass * 100 + 100), true);
    }
    if (query.fromMs) add("time_ms >=", std::to_string(*query.fromMs), true);
    if (query.toMs) add("time_ms <", std::to_string(*query.toMs), true);
    if (query.cursor) add("id <", std::to_string(*query.cursor), true);
    SqliteStatement select(db_, fmt::format("SELECT {} FROM requests WHERE {} ORDER BY id DESC LIMIT {}", kColumns, where, query.limit + 1));
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].first) select.bind(static_cast<int>(i + 1), std::stoll(params[i].second));
        else select.bindView(static_cast<int>(i + 1), params[i].second);
    }
    json::array records;
    json::value next = nullptr;
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        if (records.size() == query.limit) { // one more than asked: there is a next page
            next = records.back().as_object().at("id");
            break;
        }
        records.push_back(rowJson(select.get()));
    }
    return json::serialize(json::object{{"records", std::move(records)}, {"next_cursor", next}});
}

std::optional<std::string> TrailReader::byRequestId(const std::string& requestId) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    SqliteStatement select(db_, fmt::format("SELECT {} FROM requests WHERE request_id = ?1 ORDER BY id DESC LIMIT 1", kColumns));
    select.bindView(1, requestId);
    if (sqlite3_step(select.get()) != SQLITE_ROW) return std::nullopt;
    return json::serialize(rowJson(select.get()));
}

std::string TrailReader::summary(const std::string& service, std::optional<std::int64_t> fromMs,
                                 std::optional<std::int64_t> toMs, std::optional<int> statusClass) const {
    std::lock_guard lock(mutex_);
    const Clock clock(*this);
    std::string where = "1";
    if (!service.empty()) where += " AND service = ?1";
    if (fromMs) where += " AND time_ms >= ?2";
    if (toMs) where += " AND time_ms < ?3";
    if (statusClass) where += " AND status >= ?4 AND status < ?4 + 100";
    auto run = [&](const std::string& select, auto&& onRow) {
        SqliteStatement statement(db_, select);
        if (!service.empty()) statement.bindView(1, service);
        if (fromMs) statement.bind(2, *fromMs);
        if (toMs) statement.bind(3, *toMs);
        if (statusClass) statement.bind(4, std::int64_t{*statusClass} * 100);
        while (sqlite3_step(statement.get()) == SQLITE_ROW) onRow(statement.get());
    };
    auto counts = [&](const std::string& expression, const std::string& extra = "", int limit = 1000) {
        json::array out;
        run(fmt::format("SELECT {0}, COUNT(*) FROM requests WHERE {1} {2} GROUP BY {0} ORDER BY COUNT(*) DESC LIMIT {3}",
                        expression, where, extra, limit),
            [&](sqlite3_stmt* stmt) { out.push_back(json::object{{"key", column(stmt, 0)}, {"count", sqlite3_column_int64(stmt, 1)}}); });
        return out;
    };
    std::int64_t total = 0;
    run(fmt::format("SELECT COUNT(*) FROM requests WHERE {}", where), [&](sqlite3_stmt* stmt) { total = sqlite3_column_int64(stmt, 0); });
    // Latency histogram: upper bounds in milliseconds; the last bucket is open.
    static constexpr std::int64_t kBoundsMs[] = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    std::string bucket = "CASE";
    for (std::size_t i = 0; i < std::size(kBoundsMs); ++i) bucket += fmt::format(" WHEN duration_us < {} THEN {}", kBoundsMs[i] * 1000, i);
    bucket += fmt::format(" ELSE {} END", std::size(kBoundsMs));
    std::vector<std::int64_t> histogram(std::size(kBoundsMs) + 1, 0);
    run(fmt::format("SELECT {}, COUNT(*) FROM requests WHERE {} GROUP BY 1", bucket, where),
        [&](sqlite3_stmt* stmt) { histogram[static_cast<std::size_t>(sqlite3_column_int64(stmt, 0))] = sqlite3_column_int64(stmt, 1); });
    json::array latency;
    for (std::size_t i = 0; i <= std::size(kBoundsMs); ++i) {
        latency.push_back(json::object{{"le_ms", i < std::size(kBoundsMs) ? json::value(kBoundsMs[i]) : json::value(nullptr)},
                                       {"count", histogram[i]}});
    }
    return json::serialize(json::object{
        {"total", total},
        {"by_status", counts("status")},
        {"by_termination", counts("termination")},
        {"by_route", counts("COALESCE(service, '') || ' ' || COALESCE(route, '')")},
        {"top_users", counts("user_id", "AND user_id IS NOT NULL", 10)},
        {"top_clients", counts("client_ip", "", 10)},
        {"latency", std::move(latency)},
    });
}

} // namespace gatehouse::gateway
