#include "filters/token_cache.h"

#include <openssl/evp.h>

namespace gatehouse::gateway::filters {

std::optional<TokenCache::Entry> TokenCache::find(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (it->second->second.expires <= now) {
        order_.erase(it->second);
        index_.erase(it);
        return std::nullopt;
    }
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

void TokenCache::put(const std::string& key, Entry entry) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
        it->second->second = std::move(entry);
        order_.splice(order_.begin(), order_, it->second);
        return;
    }
    order_.emplace_front(key, std::move(entry));
    index_.emplace(key, order_.begin());
    while (index_.size() > capacity_) {
        index_.erase(order_.back().first);
        order_.pop_back();
    }
}

std::size_t TokenCache::size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

std::string sha256(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string credentialId(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string digest = sha256(text);
    std::string out;
    for (std::size_t i = 0; i < 16; ++i) {
        out += kHex[static_cast<unsigned char>(digest[i]) >> 4];
        out += kHex[static_cast<unsigned char>(digest[i]) & 0xf];
    }
    return out;
}

} // namespace gatehouse::gateway::filters
