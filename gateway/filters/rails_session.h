#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::gateway::filters {

// How a Rails app encrypts its session cookie (docs/ruby-compat.md): the key is
// PBKDF2(secret_key_base, salt, iterations, digest) — SHA1 in Rails 5.2–6.1, SHA256 in
// 7.x — the cipher AES-256-GCM, the payload serialized as JSON, Ruby Marshal, or
// either (hybrid: Marshal read, JSON written).
struct RailsSessionSettings {
    enum class Digest { sha1, sha256 };
    enum class Serializer { json, marshal, hybrid };
    std::string secretKeyBase; // never logged
    Digest digest = Digest::sha1;
    Serializer serializer = Serializer::json;
    std::string salt = "authenticated encrypted cookie";
    int iterations = 1000;
    std::string userKey = "user_id"; // or Devise's "warden.user.user.key" ([[id], salt])
};

// Decrypts and reads Rails encrypted cookies. The key is derived once; decoding is
// pure and never throws: every way a cookie can be wrong is an error in words.
class RailsCookieDecoder {
public:
    explicit RailsCookieDecoder(const RailsSessionSettings& settings);

    // `value` as the Cookie field carries it (URL-escaped). The session as JSON
    // (Marshal is mapped: symbols and strings become strings, bignums decimal strings).
    std::expected<boost::json::value, std::string> decode(std::string_view value, std::string_view cookieName,
                                                          std::chrono::system_clock::time_point now) const;
    // The user id under the configured key: an integer or string, or Devise's [[id], salt].
    std::optional<std::string> userId(const boost::json::value& session) const;

private:
    std::string key_; // 32 bytes
    RailsSessionSettings settings_;
};

// Ruby Marshal 4.8, the subset sessions use: nil, true, false, Integer (incl. bignum),
// Float, String (with encoding ivars), Symbol and symlinks, Array, Hash, object links.
// Anything else (objects, classes, user types, structs, regexps, cycles) is refused,
// never instantiated.
std::expected<boost::json::value, std::string> readRubyMarshal(std::string_view bytes);

} // namespace gatehouse::gateway::filters
