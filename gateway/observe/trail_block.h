#pragma once

#include "observe/trail_record.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The trail's two encodings, both pure (no SQLite, no I/O) and tested on bytes:
// - the queue's: a request packed into one contiguous run of bytes by the request path
//   (no allocation per field; the queue is one buffer);
// - the store's: requests in blocks of up to a few thousand, column by column, strings
//   in a dictionary per block (a service name is stored once per block, not per row),
//   so that a block appends as one row and a summary reads only the columns it counts
//   (docs/trail.md).
namespace gatehouse::gateway::trail {

// ---- The queue ----

// Appends `entry` to `out` as one packed record (a length, then its fields).
void pack(const TrailEntry& entry, std::string& out);

// One decision as stored: views into a packed record or a block.
struct Decision {
    std::string_view name;
    config::FilterMode mode = config::FilterMode::enforce;
    filters::Decision decision = filters::Decision::allow;
    std::string_view reason;
    std::uint32_t micros = 0;
    bool isDefault = false;
    bool mismatch = false;
};

// A packed record read back (views into the buffer).
struct Packed {
    TrailEntry entry;                 // `filters` is empty: decisions are in `decisions`
    std::vector<Decision> decisions;
};
// Reads the next packed record from `buffer` (advancing it); false at the end.
bool unpack(std::string_view& buffer, Packed& out);

// ---- The store ----

// A block's columns, appended one request at a time, then sealed into blobs.
class BlockBuilder {
public:
    void add(const Packed& record);
    std::size_t size() const { return count_; }

    struct Sealed {
        std::uint32_t records = 0;
        std::int64_t minTimeMs = 0, maxTimeMs = 0;
        std::int64_t untilMs = 0;  // no request in the block ended after this
        std::string bloom;         // request ids (bloom filter)
        std::string keys;          // what lists filter on and summaries count
        std::string details;       // the rest of each request
    };
    Sealed encode() const; // the block as it is now (it may grow further)
    // What a summary of the whole block counts, per (service, status class): written
    // once, when the block is full or closed by age (BlockSums reads it).
    std::string encodeSums() const;
    void clear();          // starts a new block

private:
    // Strings stored once per block; each row holds an index.
    class Dictionary {
    public:
        std::uint32_t add(std::string_view value);
        void encode(std::string& out) const;
        void clear();
        std::uint32_t size() const { return static_cast<std::uint32_t>(values_.size()); }
        const std::vector<std::uint32_t>& rows() const { return rows_; } // each row's index
    private:
        struct Hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
        };
        std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
        std::vector<const std::string*> values_;
        std::vector<std::uint32_t> rows_;
        std::string last_; // the previous row's value: most rows repeat it
        std::uint32_t lastIndex_ = 0;
        bool hasLast_ = false;
    };
    struct Integers {
        std::vector<std::int64_t> rows;
        void encode(std::string& out) const;
    };

    std::size_t count_ = 0;
    Integers time_, status_, duration_, filtersUs_, connect_, ttfb_, bytesIn_, bytesOut_;
    Dictionary service_, route_, termination_, user_, client_, method_, host_, path_, destination_, decisionSet_, protocol_;
    std::string requestIds_;               // each: a length byte, then the id
    std::vector<std::uint64_t> idHashes_;  // for the bloom filter
    std::string micros_;                   // per row: the decisions' µs, as varints
    std::int64_t untilMs_ = 0;
};

// The latency histogram of summaries: upper bounds in milliseconds; the last bucket is
// open. Stored in block sums, so fixed.
inline constexpr std::array<std::int64_t, 12> kLatencyBoundsMs = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
inline constexpr std::size_t kLatencyBuckets = kLatencyBoundsMs.size() + 1;
inline std::size_t latencyBucket(std::int64_t durationUs) {
    std::size_t i = 0;
    for (std::int64_t bound : kLatencyBoundsMs) i += durationUs >= bound * 1000; // no branch per bound
    return i;
}
// A status code as summaries count it, and its class (2 for 2xx; 0 for no status).
inline std::int64_t summaryStatus(std::int64_t status) { return status < 0 ? 0 : status > 999 ? 999 : status; }
inline int statusClassOf(std::int64_t status) { return static_cast<int>(summaryStatus(status) / 100); }

// The hash stored with each dictionary value (stable: it is stored).
std::uint64_t valueHash(std::string_view value);

// The request id hash the bloom filter uses (stable: it is stored).
std::uint64_t hashRequestId(std::string_view id);
bool bloomMayContain(std::string_view bloom, std::string_view requestId);

// Reads one little-endian value of `width` bytes (0: always 0).
inline std::uint64_t readWidth(const unsigned char* p, int width) {
    std::uint64_t v = 0;
    switch (width) {
    case 1: return p[0];
    case 2: { std::uint16_t x; std::memcpy(&x, p, 2); return x; }
    case 4: { std::uint32_t x; std::memcpy(&x, p, 4); return x; }
    case 8: std::memcpy(&v, p, 8); return v;
    default: return 0;
    }
}

// A fixed-width column read in place.
struct IntegerColumn {
    std::int64_t base = 0;
    int width = 0; // bytes per row: 0, 1, 2, 4 or 8
    const unsigned char* data = nullptr;
    std::int64_t at(std::size_t row) const {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(base) + readWidth(data + row * static_cast<std::size_t>(width), width));
    }
};

// A dictionary column read in place: each row's index is read directly; the values are
// split out only when asked for (a summary of a quiet service never needs most of them).
class DictionaryColumn {
public:
    std::uint32_t size() const { return count_; }
    // Damaged indices read as the last value rather than past the dictionary.
    std::uint32_t index(std::size_t row) const {
        const auto raw = static_cast<std::uint32_t>(readWidth(data_ + row * static_cast<std::size_t>(width_), width_));
        return raw < count_ ? raw : count_ - 1;
    }
    std::string_view value(std::uint32_t index) const;
    std::string_view at(std::size_t row) const { return value(index(row)); }
    std::optional<std::uint32_t> find(std::string_view value) const;
    // valueHash() of each value, stored beside it: a summary merges counts from block
    // to block by these without hashing strings again.
    std::uint64_t hash(std::uint32_t index) const {
        std::uint64_t h;
        std::memcpy(&h, hashes_ + static_cast<std::size_t>(index) * 8, 8);
        return h;
    }
    int width() const { return width_; }
    const unsigned char* data() const { return data_; }

    static std::expected<DictionaryColumn, std::string> parse(std::string_view blob, std::size_t records);

private:
    void split() const;
    std::uint32_t count_ = 0;
    std::string_view valueBytes_; // each value: a varint length, then its bytes
    int width_ = 0;
    const unsigned char* data_ = nullptr;
    const char* hashes_ = nullptr;
    mutable std::vector<std::string_view> values_;
    mutable bool split_ = false;
};

// The keys of a sealed block, read in place (views into the blob).
struct BlockKeys {
    std::size_t records = 0;
    IntegerColumn time, status, duration;
    DictionaryColumn service, route, termination, user, client;
    static std::expected<BlockKeys, std::string> parse(std::string_view blob);
};

// A sealed block's counts per (service, status class), read in place: what a summary of
// the whole block adds without reading its rows. Indices refer to the block's keys'
// dictionaries; parse() checks them against those.
class BlockSums {
public:
    // Counts by dictionary index, fixed-width arrays side by side.
    struct Counts {
        std::uint32_t size = 0;
        int indexWidth = 0, countWidth = 0;
        const unsigned char* indices = nullptr;
        const unsigned char* counts = nullptr;
        std::uint32_t index(std::size_t i) const { return static_cast<std::uint32_t>(readWidth(indices + i * static_cast<std::size_t>(indexWidth), indexWidth)); }
        std::uint32_t count(std::size_t i) const { return static_cast<std::uint32_t>(readWidth(counts + i * static_cast<std::size_t>(countWidth), countWidth)); }
    };
    struct Group {
        std::uint32_t service = 0;
        int statusClass = 0;
        std::uint32_t total = 0;
        std::vector<std::pair<std::int64_t, std::uint32_t>> statuses; // (code, count)
        std::array<std::uint32_t, kLatencyBuckets> latency{};
        Counts route, termination, user, client;
    };
    std::vector<Group> groups;

    static std::expected<BlockSums, std::string> parse(std::string_view blob, const BlockKeys& keys);
};

// The rest of a sealed block.
struct BlockDetails {
    std::size_t records = 0;
    IntegerColumn filtersUs, connect, ttfb, bytesIn, bytesOut;
    DictionaryColumn method, host, path, destination, decisionSets;
    std::optional<DictionaryColumn> protocol; // absent in blocks written before it: HTTP/1.1
    std::vector<std::string_view> idBytes; // as stored: the gateway's hex ids packed two digits a byte
    std::vector<bool> idIsHex;
    std::vector<std::uint32_t> microsOffsets; // row -> its decisions' µs in `micros`
    std::string_view micros;
    static std::expected<BlockDetails, std::string> parse(std::string_view blob);
    std::string requestId(std::size_t row) const;
    // The decisions of one row (they refer to the blob).
    std::vector<Decision> decisions(std::size_t row) const;
};

} // namespace gatehouse::gateway::trail
