#pragma once

#include "filters/filter.h"

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gatehouse::gateway::filters {

// Introspection results by credential, bounded (least recently used goes first) and
// shared by every worker. Keys are SHA-256 digests: the cache never holds a token.
class TokenCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        bool active = false;
        Identity identity;
        Clock::time_point expires;
    };

    explicit TokenCache(std::size_t capacity) : capacity_(capacity) {}
    std::optional<Entry> find(const std::string& key, Clock::time_point now);
    void put(const std::string& key, Entry entry);
    std::size_t size() const;

private:
    using List = std::list<std::pair<std::string, Entry>>;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    List order_; // most recent first
    std::unordered_map<std::string, List::iterator> index_;
};

// SHA-256 of `text` (raw bytes) and its first 16 bytes in hex (a loggable credential id).
std::string sha256(std::string_view text);
std::string credentialId(std::string_view text);

} // namespace gatehouse::gateway::filters
