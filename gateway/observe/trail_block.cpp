#include "observe/trail_block.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <span>

namespace gatehouse::gateway::trail {

namespace {

// ---- Little-endian bytes and varints ----

void putVarint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

std::size_t varintSize(std::uint64_t value) {
    std::size_t n = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++n;
    }
    return n;
}

void putBytes(std::string& out, std::string_view bytes) {
    putVarint(out, bytes.size());
    out.append(bytes);
}

template <typename T> void putFixed(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

// Reads what putVarint/putBytes wrote; every read is bounds-checked, and a reader that
// ran out stays failed (a damaged block is refused, never read past its end).
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= bytes_.size()) return fail();
            const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        return fail();
    }
    std::string_view bytes(std::size_t n) {
        if (failed_ || n > bytes_.size() - pos_) {
            fail();
            return {};
        }
        std::string_view out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    std::string_view sized() { return bytes(static_cast<std::size_t>(std::min<std::uint64_t>(varint(), bytes_.size()))); }
    std::uint8_t byte() { return static_cast<std::uint8_t>(bytes(1).empty() ? 0 : static_cast<unsigned char>(bytes_[pos_ - 1])); }
    bool failed() const { return failed_; }
    bool atEnd() const { return pos_ == bytes_.size(); }
    std::size_t position() const { return pos_; }

private:
    std::uint64_t fail() {
        failed_ = true;
        pos_ = bytes_.size();
        return 0;
    }
    std::string_view bytes_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

int widthFor(std::uint64_t range) {
    if (range == 0) return 0;
    if (range <= 0xff) return 1;
    if (range <= 0xffff) return 2;
    if (range <= 0xffffffffULL) return 4;
    return 8;
}

void putWidth(std::string& out, std::uint64_t value, int width) {
    switch (width) {
    case 1: out.push_back(static_cast<char>(value)); break;
    case 2: putFixed(out, static_cast<std::uint16_t>(value)); break;
    case 4: putFixed(out, static_cast<std::uint32_t>(value)); break;
    case 8: putFixed(out, value); break;
    default: break;
    }
}

bool validWidth(std::uint8_t width) { return width == 0 || width == 1 || width == 2 || width == 4 || width == 8; }

std::expected<IntegerColumn, std::string> parseIntegers(std::string_view blob, std::size_t records) {
    Reader r(blob);
    IntegerColumn column;
    column.base = unzigzag(r.varint());
    const std::uint8_t width = r.byte();
    if (r.failed() || !validWidth(width)) return std::unexpected("a damaged integer column");
    column.width = width;
    const std::string_view data = r.bytes(records * width);
    if (r.failed() || !r.atEnd()) return std::unexpected("an integer column of the wrong length");
    column.data = reinterpret_cast<const unsigned char*>(data.data());
    return column;
}

// A blob: a format byte, the row count, then each column as a sized run of bytes.
constexpr std::uint8_t kFormat = 1;

struct Columns {
    std::size_t records = 0;
    std::vector<std::string_view> columns;
};

// `expected`: the column count; `newest`: the count of the newest layout, which appends
// columns to the older one.
std::expected<Columns, std::string> splitBlob(std::string_view blob, std::size_t expected, std::size_t newest = 0) {
    Reader r(blob);
    if (r.byte() != kFormat) return std::unexpected("an unknown block format");
    Columns out;
    out.records = static_cast<std::size_t>(r.varint());
    const std::uint64_t count = r.varint();
    const bool known = count == expected || (newest != 0 && count >= expected && count <= newest);
    if (r.failed() || !known || out.records > blob.size() * 8 + 1) return std::unexpected("a damaged block");
    for (std::uint64_t i = 0; i < count; ++i) out.columns.push_back(r.sized());
    if (r.failed() || !r.atEnd()) return std::unexpected("a damaged block");
    return out;
}

// A blob's first columns: its integer columns in order, then its dictionaries.
std::expected<void, std::string> parseColumns(const Columns& split, std::initializer_list<IntegerColumn*> integers,
                                              std::initializer_list<DictionaryColumn*> dictionaries) {
    std::size_t i = 0;
    for (IntegerColumn* out : integers) {
        auto column = parseIntegers(split.columns[i++], split.records);
        if (!column) return std::unexpected(column.error());
        *out = *column;
    }
    for (DictionaryColumn* out : dictionaries) {
        auto column = DictionaryColumn::parse(split.columns[i++], split.records);
        if (!column) return std::unexpected(column.error());
        *out = std::move(*column);
    }
    return {};
}

void startBlob(std::string& out, std::size_t records, std::size_t columns) {
    out.push_back(static_cast<char>(kFormat));
    putVarint(out, records);
    putVarint(out, columns);
}

// Each column goes into `scratch` first, then in sized form into the blob.
template <typename Encode> void addColumn(std::string& blob, std::string& scratch, Encode&& encode) {
    scratch.clear();
    encode(scratch);
    putBytes(blob, scratch);
}

bool isLowerHex(std::string_view id) {
    if (id.empty() || id.size() % 2 != 0 || id.size() > 254) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr int kBloomHashes = 7;
constexpr std::size_t kBloomBitsPerId = 10; // ~1 % false positives

// The queue's fixed part of a record, copied as it is (same process, same layout).
struct PackedHead {
    std::int64_t timeMs, durationUs, filtersUs, connectUs, ttfbUs;
    std::uint64_t bytesIn, bytesOut;
    std::int32_t status;
    std::uint32_t decisions;
    std::uint32_t lengths[11];
};
struct PackedDecision {
    std::uint32_t micros;
    std::uint32_t nameLength, reasonLength;
    std::uint8_t mode, decision, isDefault, mismatch;
};

} // namespace

// ---- The queue ----

void pack(const TrailEntry& e, std::string& out) {
    const std::string_view strings[11] = {e.requestId, e.method,      e.host,        e.path,     e.service, e.route,
                                          e.destination, e.termination, e.clientIp, e.userId, e.protocol};
    std::size_t size = sizeof(PackedHead);
    for (std::string_view s : strings) size += s.size();
    for (const filters::FilterRecord& f : e.filters) size += sizeof(PackedDecision) + f.name.size() + f.reason.size();
    putFixed(out, static_cast<std::uint32_t>(size));
    PackedHead head{e.timeMs, e.durationUs, e.filtersUs, e.connectUs, e.ttfbUs, e.bytesIn, e.bytesOut, e.status,
                    static_cast<std::uint32_t>(e.filters.size()), {}};
    for (int i = 0; i < 11; ++i) head.lengths[i] = static_cast<std::uint32_t>(strings[i].size());
    putFixed(out, head);
    for (std::string_view s : strings) out.append(s);
    for (const filters::FilterRecord& f : e.filters) {
        const PackedDecision d{f.micros, static_cast<std::uint32_t>(f.name.size()), static_cast<std::uint32_t>(f.reason.size()),
                               static_cast<std::uint8_t>(f.mode), static_cast<std::uint8_t>(f.decision), f.isDefault, f.mismatch};
        putFixed(out, d);
        out.append(f.name);
        out.append(f.reason);
    }
}

bool unpack(std::string_view& buffer, Packed& out) {
    std::uint32_t size = 0;
    if (buffer.size() < sizeof(size)) return false;
    std::memcpy(&size, buffer.data(), sizeof(size));
    if (buffer.size() - sizeof(size) < size || size < sizeof(PackedHead)) return false;
    std::string_view record = buffer.substr(sizeof(size), size);
    buffer.remove_prefix(sizeof(size) + size);
    PackedHead head;
    std::memcpy(&head, record.data(), sizeof(head));
    record.remove_prefix(sizeof(head));
    std::string_view strings[11];
    for (int i = 0; i < 11; ++i) {
        strings[i] = record.substr(0, head.lengths[i]);
        record.remove_prefix(strings[i].size());
    }
    TrailEntry& e = out.entry;
    e = TrailEntry{head.timeMs, strings[0], strings[1], strings[2], strings[3], strings[4], strings[5], strings[6], head.status,
                   strings[7], head.durationUs, head.filtersUs, head.connectUs, head.ttfbUs, head.bytesIn, head.bytesOut,
                   strings[8], strings[9], {}, strings[10]};
    out.decisions.clear();
    for (std::uint32_t i = 0; i < head.decisions && record.size() >= sizeof(PackedDecision); ++i) {
        PackedDecision d;
        std::memcpy(&d, record.data(), sizeof(d));
        record.remove_prefix(sizeof(d));
        Decision decision;
        decision.name = record.substr(0, d.nameLength);
        record.remove_prefix(decision.name.size());
        decision.reason = record.substr(0, d.reasonLength);
        record.remove_prefix(decision.reason.size());
        decision.mode = static_cast<config::FilterMode>(d.mode);
        decision.decision = static_cast<filters::Decision>(d.decision);
        decision.micros = d.micros;
        decision.isDefault = d.isDefault;
        decision.mismatch = d.mismatch;
        out.decisions.push_back(decision);
    }
    return true;
}

// ---- Building a block ----

std::uint32_t BlockBuilder::Dictionary::add(std::string_view value) {
    if (!(hasLast_ && value == last_)) {
        auto it = index_.find(value);
        if (it == index_.end()) {
            it = index_.emplace(std::string(value), static_cast<std::uint32_t>(values_.size())).first;
            values_.push_back(&it->first);
        }
        last_.assign(value);
        lastIndex_ = it->second;
        hasLast_ = true;
    }
    rows_.push_back(lastIndex_);
    return lastIndex_;
}

void BlockBuilder::Dictionary::encode(std::string& out) const {
    putVarint(out, values_.size());
    std::size_t bytes = 0;
    for (const std::string* value : values_) bytes += varintSize(value->size()) + value->size();
    putVarint(out, bytes); // so that a reader can step over the values without reading them
    for (const std::string* value : values_) putBytes(out, *value);
    const int width = values_.size() <= 1 ? 0 : widthFor(values_.size() - 1);
    out.push_back(static_cast<char>(width));
    for (std::uint32_t row : rows_) putWidth(out, row, width);
    for (const std::string* value : values_) putFixed(out, valueHash(*value));
}

void BlockBuilder::Dictionary::clear() {
    index_.clear();
    values_.clear();
    rows_.clear();
    hasLast_ = false;
}

void BlockBuilder::Integers::encode(std::string& out) const {
    const auto [low, high] = rows.empty() ? std::pair<std::int64_t, std::int64_t>{0, 0}
                                          : std::pair{*std::min_element(rows.begin(), rows.end()),
                                                      *std::max_element(rows.begin(), rows.end())};
    putVarint(out, zigzag(low));
    const int width = widthFor(static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low));
    out.push_back(static_cast<char>(width));
    for (std::int64_t v : rows) putWidth(out, static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(low), width);
}

void BlockBuilder::add(const Packed& record) {
    const TrailEntry& e = record.entry;
    ++count_;
    time_.rows.push_back(e.timeMs);
    status_.rows.push_back(e.status);
    duration_.rows.push_back(e.durationUs);
    filtersUs_.rows.push_back(e.filtersUs);
    connect_.rows.push_back(e.connectUs + 1); // -1 (none) stored as 0
    ttfb_.rows.push_back(e.ttfbUs + 1);
    bytesIn_.rows.push_back(static_cast<std::int64_t>(e.bytesIn));
    bytesOut_.rows.push_back(static_cast<std::int64_t>(e.bytesOut));
    service_.add(e.service);
    route_.add(e.route);
    termination_.add(e.termination);
    user_.add(e.userId);
    client_.add(e.clientIp);
    method_.add(e.method);
    host_.add(e.host);
    path_.add(e.path);
    destination_.add(e.destination);
    protocol_.add(e.protocol);
    // The decisions without their timings: the same few sets recur on every row.
    thread_local std::string set;
    set.clear();
    putVarint(set, record.decisions.size());
    for (const Decision& d : record.decisions) {
        putBytes(set, d.name);
        set.push_back(static_cast<char>(d.mode));
        set.push_back(static_cast<char>(d.decision));
        set.push_back(static_cast<char>(d.isDefault | (d.mismatch << 1)));
        putBytes(set, d.reason);
        putVarint(micros_, d.micros);
    }
    decisionSet_.add(set);
    if (isLowerHex(e.requestId)) { // the gateway's own ids: half the bytes
        putVarint(requestIds_, e.requestId.size() * 2 + 1);
        for (std::size_t i = 0; i < e.requestId.size(); i += 2) {
            requestIds_.push_back(static_cast<char>(hexValue(e.requestId[i]) << 4 | hexValue(e.requestId[i + 1])));
        }
    } else {
        putVarint(requestIds_, e.requestId.size() * 2);
        requestIds_.append(e.requestId);
    }
    idHashes_.push_back(hashRequestId(e.requestId));
    untilMs_ = std::max(untilMs_, e.timeMs + (std::max<std::int64_t>(e.durationUs, 0) + 999) / 1000 + 1);
}

BlockBuilder::Sealed BlockBuilder::encode() const {
    Sealed out;
    out.records = static_cast<std::uint32_t>(count_);
    if (count_ > 0) {
        out.minTimeMs = *std::min_element(time_.rows.begin(), time_.rows.end());
        out.maxTimeMs = *std::max_element(time_.rows.begin(), time_.rows.end());
    }
    out.untilMs = untilMs_;

    const std::size_t bits = std::max<std::size_t>(64, (count_ * kBloomBitsPerId + 63) / 64 * 64);
    std::string filter(bits / 8, '\0');
    for (std::uint64_t h : idHashes_) {
        const std::uint64_t h2 = mix(h) | 1;
        for (int i = 0; i < kBloomHashes; ++i) {
            const std::uint64_t bit = (h + static_cast<std::uint64_t>(i) * h2) % bits;
            filter[bit / 8] = static_cast<char>(filter[bit / 8] | (1 << (bit % 8)));
        }
    }
    putVarint(out.bloom, bits);
    out.bloom.push_back(static_cast<char>(kBloomHashes));
    out.bloom += filter;

    std::string scratch;
    startBlob(out.keys, count_, 8);
    for (const Integers* column : {&time_, &status_, &duration_}) addColumn(out.keys, scratch, [&](std::string& s) { column->encode(s); });
    for (const Dictionary* column : {&service_, &route_, &termination_, &user_, &client_}) {
        addColumn(out.keys, scratch, [&](std::string& s) { column->encode(s); });
    }
    startBlob(out.details, count_, 13);
    for (const Integers* column : {&filtersUs_, &connect_, &ttfb_, &bytesIn_, &bytesOut_}) {
        addColumn(out.details, scratch, [&](std::string& s) { column->encode(s); });
    }
    for (const Dictionary* column : {&method_, &host_, &path_, &destination_, &decisionSet_}) {
        addColumn(out.details, scratch, [&](std::string& s) { column->encode(s); });
    }
    putBytes(out.details, requestIds_);
    putBytes(out.details, micros_);
    addColumn(out.details, scratch, [&](std::string& s) { protocol_.encode(s); }); // last: blocks from before it have 12
    return out;
}

namespace {

constexpr std::uint8_t kSumsFormat = 1;

// One column's counts over some rows, by dictionary index, in the order first seen.
class IndexCounts {
public:
    void count(const std::vector<std::uint32_t>& column, std::span<const std::uint32_t> rows, std::size_t domain) {
        if (counts_.size() < domain) counts_.resize(domain, 0);
        seen_.clear();
        for (std::uint32_t row : rows) {
            const std::uint32_t index = column[row];
            if (counts_[index]++ == 0) seen_.push_back(index);
        }
    }
    // As BlockSums::Counts reads it; clears the counts.
    void encode(std::string& out, std::size_t domain, std::size_t records) {
        const int indexWidth = domain <= 1 ? 0 : widthFor(domain - 1);
        const int countWidth = widthFor(records);
        putVarint(out, seen_.size());
        out.push_back(static_cast<char>(indexWidth));
        out.push_back(static_cast<char>(countWidth));
        for (std::uint32_t index : seen_) putWidth(out, index, indexWidth);
        for (std::uint32_t index : seen_) {
            putWidth(out, counts_[index], countWidth);
            counts_[index] = 0;
        }
    }
    const std::vector<std::uint32_t>& seen() const { return seen_; }
    std::uint32_t at(std::uint32_t index) const { return counts_[index]; }

private:
    std::vector<std::uint32_t> counts_, seen_;
};

} // namespace

// Groups rows by (service, status class), in the order first seen; each group: its
// service, class and total, its status codes, latency histogram, and the counts of
// routes, terminations, users and clients.
std::string BlockBuilder::encodeSums() const {
    std::string out;
    out.push_back(static_cast<char>(kSumsFormat));
    const std::vector<std::uint32_t>& services = service_.rows();
    std::vector<std::uint32_t> groupOfKey(static_cast<std::size_t>(service_.size()) * 10, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> keys, rowGroup(count_), sizes;
    for (std::size_t row = 0; row < count_; ++row) {
        const std::uint32_t key = services[row] * 10 + static_cast<std::uint32_t>(statusClassOf(status_.rows[row]));
        if (groupOfKey[key] == std::numeric_limits<std::uint32_t>::max()) {
            groupOfKey[key] = static_cast<std::uint32_t>(keys.size());
            keys.push_back(key);
            sizes.push_back(0);
        }
        rowGroup[row] = groupOfKey[key];
        ++sizes[rowGroup[row]];
    }
    std::vector<std::uint32_t> start(keys.size() + 1, 0), byGroup(count_);
    for (std::size_t g = 0; g < keys.size(); ++g) start[g + 1] = start[g] + sizes[g];
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t row = 0; row < count_; ++row) byGroup[next[rowGroup[row]]++] = static_cast<std::uint32_t>(row);

    putVarint(out, keys.size());
    IndexCounts counts;
    std::vector<std::uint32_t> codes(1000, 0);
    for (std::size_t g = 0; g < keys.size(); ++g) {
        const std::span<const std::uint32_t> rows(byGroup.data() + start[g], sizes[g]);
        putVarint(out, keys[g] / 10);
        out.push_back(static_cast<char>(keys[g] % 10));
        putVarint(out, rows.size());
        std::vector<std::uint32_t> seenCodes;
        std::array<std::uint64_t, kLatencyBuckets> latency{};
        for (std::uint32_t row : rows) {
            const auto code = static_cast<std::size_t>(summaryStatus(status_.rows[row]));
            if (codes[code]++ == 0) seenCodes.push_back(static_cast<std::uint32_t>(code));
            ++latency[latencyBucket(duration_.rows[row])];
        }
        putVarint(out, seenCodes.size());
        for (std::uint32_t code : seenCodes) {
            putVarint(out, code);
            putVarint(out, codes[code]);
            codes[code] = 0;
        }
        for (std::uint64_t n : latency) putVarint(out, n);
        for (const Dictionary* column : {&route_, &termination_, &user_, &client_}) {
            counts.count(column->rows(), rows, column->size());
            counts.encode(out, column->size(), count_);
        }
    }
    return out;
}

void BlockBuilder::clear() {
    count_ = 0;
    for (Integers* column : {&time_, &status_, &duration_, &filtersUs_, &connect_, &ttfb_, &bytesIn_, &bytesOut_}) column->rows.clear();
    for (Dictionary* column :
         {&service_, &route_, &termination_, &user_, &client_, &method_, &host_, &path_, &destination_, &decisionSet_, &protocol_}) {
        column->clear();
    }
    requestIds_.clear();
    idHashes_.clear();
    micros_.clear();
    untilMs_ = 0;
}

// ---- Reading a block ----

std::uint64_t valueHash(std::string_view s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + i, 8);
        h = (h ^ v) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i); // an empty view may have no data at all
    h = (h ^ tail) * 0x94d049bb133111ebULL;
    return h ^ (h >> 29);
}

std::uint64_t hashRequestId(std::string_view id) {
    std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a, then mixed
    for (char c : id) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return mix(h);
}

bool bloomMayContain(std::string_view bloom, std::string_view requestId) {
    Reader r(bloom);
    const std::uint64_t bits = r.varint();
    const int hashes = r.byte();
    const std::string_view filter = r.bytes(static_cast<std::size_t>(bits / 8));
    if (r.failed() || bits == 0 || bits % 8 != 0) return true; // cannot rule it out: look inside
    const std::uint64_t h = hashRequestId(requestId);
    const std::uint64_t h2 = mix(h) | 1;
    for (int i = 0; i < hashes; ++i) {
        const std::uint64_t bit = (h + static_cast<std::uint64_t>(i) * h2) % bits;
        if ((static_cast<unsigned char>(filter[bit / 8]) & (1 << (bit % 8))) == 0) return false;
    }
    return true;
}

std::expected<DictionaryColumn, std::string> DictionaryColumn::parse(std::string_view blob, std::size_t records) {
    Reader r(blob);
    DictionaryColumn column;
    const std::uint64_t count = r.varint();
    column.valueBytes_ = r.sized();
    const std::uint8_t width = r.byte();
    if (r.failed() || count > column.valueBytes_.size() || !validWidth(width) || width == 8) return std::unexpected("a damaged dictionary");
    column.count_ = static_cast<std::uint32_t>(count);
    column.width_ = width;
    const std::string_view data = r.bytes(records * width);
    const std::string_view hashes = r.bytes(static_cast<std::size_t>(count) * 8);
    if (r.failed() || !r.atEnd()) return std::unexpected("a dictionary column of the wrong length");
    if (records > 0 && count == 0) return std::unexpected("a dictionary without values");
    column.data_ = reinterpret_cast<const unsigned char*>(data.data());
    column.hashes_ = hashes.data();
    return column;
}

void DictionaryColumn::split() const {
    split_ = true;
    values_.reserve(count_);
    Reader r(valueBytes_);
    for (std::uint32_t i = 0; i < count_; ++i) values_.push_back(r.sized()); // a damaged value reads as ""
}

std::string_view DictionaryColumn::value(std::uint32_t index) const {
    if (!split_) split();
    return index < values_.size() ? values_[index] : std::string_view();
}

std::optional<std::uint32_t> DictionaryColumn::find(std::string_view wanted) const {
    if (split_) {
        for (std::uint32_t i = 0; i < values_.size(); ++i) {
            if (values_[i] == wanted) return i;
        }
        return std::nullopt;
    }
    Reader r(valueBytes_);
    for (std::uint32_t i = 0; i < count_ && !r.failed(); ++i) {
        if (r.sized() == wanted) return i;
    }
    return std::nullopt;
}

std::expected<BlockKeys, std::string> BlockKeys::parse(std::string_view blob) {
    auto split = splitBlob(blob, 8);
    if (!split) return std::unexpected(split.error());
    BlockKeys keys;
    keys.records = split->records;
    auto parsed = parseColumns(*split, {&keys.time, &keys.status, &keys.duration},
                               {&keys.service, &keys.route, &keys.termination, &keys.user, &keys.client});
    if (!parsed) return std::unexpected(parsed.error());
    return keys;
}

std::expected<BlockSums, std::string> BlockSums::parse(std::string_view blob, const BlockKeys& keys) {
    Reader r(blob);
    if (r.byte() != kSumsFormat) return std::unexpected("an unknown sums format");
    const std::uint64_t groups = r.varint();
    if (r.failed() || groups > keys.records) return std::unexpected("damaged sums");
    BlockSums sums;
    sums.groups.resize(static_cast<std::size_t>(groups));
    std::uint64_t total = 0;
    auto counts = [&](Counts& c, const DictionaryColumn& column) {
        const std::uint64_t size = r.varint();
        const std::uint8_t indexWidth = r.byte(), countWidth = r.byte();
        if (r.failed() || size > column.size() || !validWidth(indexWidth) || !validWidth(countWidth)) return false;
        c.size = static_cast<std::uint32_t>(size);
        c.indexWidth = indexWidth;
        c.countWidth = countWidth;
        c.indices = reinterpret_cast<const unsigned char*>(r.bytes(c.size * indexWidth).data());
        c.counts = reinterpret_cast<const unsigned char*>(r.bytes(c.size * countWidth).data());
        return !r.failed();
    };
    for (Group& g : sums.groups) {
        const std::uint64_t service = r.varint();
        const std::uint8_t statusClass = r.byte();
        const std::uint64_t records = r.varint(), statuses = r.varint();
        if (r.failed() || service >= keys.service.size() || statusClass > 9 || records > keys.records || statuses > 1000) {
            return std::unexpected("damaged sums");
        }
        g.service = static_cast<std::uint32_t>(service);
        g.statusClass = statusClass;
        g.total = static_cast<std::uint32_t>(records);
        for (std::uint64_t i = 0; i < statuses; ++i) {
            const std::uint64_t code = r.varint(), n = r.varint();
            if (code > 999 || n > records) return std::unexpected("damaged sums");
            g.statuses.emplace_back(static_cast<std::int64_t>(code), static_cast<std::uint32_t>(n));
        }
        for (std::uint32_t& n : g.latency) {
            const std::uint64_t v = r.varint();
            if (v > records) return std::unexpected("damaged sums");
            n = static_cast<std::uint32_t>(v);
        }
        if (!counts(g.route, keys.route) || !counts(g.termination, keys.termination) || !counts(g.user, keys.user) ||
            !counts(g.client, keys.client)) {
            return std::unexpected("damaged sums");
        }
        total += records;
    }
    if (r.failed() || !r.atEnd() || total != keys.records) return std::unexpected("sums that disagree with the block");
    return sums;
}

std::expected<BlockDetails, std::string> BlockDetails::parse(std::string_view blob) {
    auto split = splitBlob(blob, 12, 13);
    if (!split) return std::unexpected(split.error());
    BlockDetails details;
    details.records = split->records;
    auto parsed = parseColumns(*split, {&details.filtersUs, &details.connect, &details.ttfb, &details.bytesIn, &details.bytesOut},
                               {&details.method, &details.host, &details.path, &details.destination, &details.decisionSets});
    if (!parsed) return std::unexpected(parsed.error());
    Reader ids(split->columns[10]);
    details.idBytes.reserve(details.records);
    for (std::size_t row = 0; row < details.records && !ids.failed(); ++row) {
        const std::uint64_t tag = ids.varint();
        details.idBytes.push_back(ids.bytes(static_cast<std::size_t>(tag & 1 ? tag / 4 : tag / 2)));
        details.idIsHex.push_back(tag & 1);
    }
    if (ids.failed() || !ids.atEnd()) return std::unexpected("a damaged request id column");
    // Each row's µs follow its decision set's count.
    std::vector<std::size_t> setSizes;
    for (std::uint32_t i = 0; i < details.decisionSets.size(); ++i) {
        const std::string_view set = details.decisionSets.value(i);
        Reader r(set);
        setSizes.push_back(static_cast<std::size_t>(r.varint()));
        if (r.failed()) return std::unexpected("a damaged decision set");
    }
    if (split->columns.size() > 12) {
        auto protocol = DictionaryColumn::parse(split->columns[12], split->records);
        if (!protocol) return std::unexpected(protocol.error());
        details.protocol = std::move(*protocol);
    }
    details.micros = split->columns[11];
    Reader micros(details.micros);
    for (std::size_t row = 0; row < details.records; ++row) {
        details.microsOffsets.push_back(static_cast<std::uint32_t>(micros.position()));
        for (std::size_t i = 0; i < setSizes[details.decisionSets.index(row)] && !micros.failed(); ++i) micros.varint();
        if (micros.failed()) return std::unexpected("a damaged timing column");
    }
    return details;
}

} // namespace gatehouse::gateway::trail

namespace gatehouse::gateway::trail {

std::string BlockDetails::requestId(std::size_t row) const {
    const std::string_view bytes = idBytes[row];
    if (!idIsHex[row]) return std::string(bytes);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    id.reserve(bytes.size() * 2);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        id.push_back(kHex[b >> 4]);
        id.push_back(kHex[b & 0xf]);
    }
    return id;
}

std::vector<Decision> BlockDetails::decisions(std::size_t row) const {
    std::vector<Decision> out;
    Reader set(decisionSets.at(row));
    Reader timing(micros.substr(microsOffsets[row]));
    const std::uint64_t count = set.varint();
    for (std::uint64_t i = 0; i < count && !set.failed(); ++i) {
        Decision d;
        d.name = set.sized();
        const std::uint8_t mode = set.byte(), decision = set.byte();
        d.mode = mode == 1 ? config::FilterMode::shadow : config::FilterMode::enforce;
        d.decision = decision <= 3 ? static_cast<filters::Decision>(decision) : filters::Decision::error;
        const std::uint8_t flags = set.byte();
        d.isDefault = flags & 1;
        d.mismatch = flags & 2;
        d.reason = set.sized();
        d.micros = static_cast<std::uint32_t>(timing.varint());
        if (!set.failed()) out.push_back(d);
    }
    return out;
}

} // namespace gatehouse::gateway::trail
