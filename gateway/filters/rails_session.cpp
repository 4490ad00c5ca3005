#include "filters/rails_session.h"

#include "common/text_util.h"

#include "http/http_head.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <vector>

namespace gatehouse::gateway::filters {
namespace json = boost::json;

namespace {

// Strict base64 (RFC 4648, padding required), as Ruby's Base64.strict_decode64.
std::optional<std::string> base64Decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::string out(text.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    for (char c : text) { // EVP_DecodeBlock skips whitespace; strict decoding does not
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return std::nullopt;
    }
    std::size_t padding = 0;
    if (text.back() == '=') ++padding;
    if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
    if (text.substr(0, text.size() - padding).find('=') != std::string_view::npos) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

// The Marshal reader: a cursor over the bytes, the symbol and object tables, limits.
class MarshalReader {
public:
    explicit MarshalReader(std::string_view bytes) : data_(bytes) {}

    std::expected<json::value, std::string> readDocument() {
        if (data_.size() < 2 || data_[0] != '\x04' || data_[1] != '\x08') return fail("not Ruby Marshal 4.8");
        pos_ = 2;
        auto value = read(0);
        if (!value) return value;
        if (pos_ != data_.size()) return fail("bytes after the value");
        return value;
    }

private:
    std::unexpected<std::string> fail(std::string why) const {
        return std::unexpected(fmt::format("marshal: {} (at byte {})", why, pos_));
    }

    bool byte(unsigned char& out) {
        if (pos_ >= data_.size()) return false;
        out = static_cast<unsigned char>(data_[pos_++]);
        return true;
    }

    // Ruby's w_long: small values in one byte, larger in 1-4 little-endian bytes.
    bool packedInt(std::int64_t& out) {
        unsigned char c0 = 0;
        if (!byte(c0)) return false;
        const auto c = static_cast<signed char>(c0);
        if (c == 0) {
            out = 0;
        } else if (c >= 5) {
            out = c - 5;
        } else if (c <= -5) {
            out = c + 5;
        } else if (c > 0) {
            out = 0;
            for (int i = 0; i < c; ++i) {
                unsigned char b = 0;
                if (!byte(b)) return false;
                out |= static_cast<std::int64_t>(b) << (8 * i);
            }
        } else {
            out = -1;
            for (int i = 0; i < -c; ++i) {
                unsigned char b = 0;
                if (!byte(b)) return false;
                out &= ~(static_cast<std::int64_t>(0xff) << (8 * i));
                out |= static_cast<std::int64_t>(b) << (8 * i);
            }
        }
        return true;
    }

    bool bytes(std::string_view& out) {
        std::int64_t length = 0;
        if (!packedInt(length) || length < 0 || static_cast<std::uint64_t>(length) > data_.size() - pos_) return false;
        out = data_.substr(pos_, static_cast<std::size_t>(length));
        pos_ += static_cast<std::size_t>(length);
        return true;
    }

    // `depth`: how deep the symbol sits; its instance variables count one deeper.
    std::expected<std::string, std::string> symbol(int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        unsigned char type = 0;
        if (!byte(type)) return fail("truncated");
        if (type == ':') {
            std::string_view name;
            if (!bytes(name)) return fail("truncated symbol");
            symbols_.emplace_back(name);
            return std::string(name);
        }
        if (type == ';') {
            std::int64_t index = 0;
            if (!packedInt(index) || index < 0 || static_cast<std::size_t>(index) >= symbols_.size()) return fail("bad symbol link");
            return symbols_[static_cast<std::size_t>(index)];
        }
        if (type == 'I') { // a symbol with an encoding: the ivars are read and dropped
            auto name = symbol(depth + 1);
            if (!name) return name;
            if (auto ivars = skipIvars(depth + 1); !ivars) return std::unexpected(ivars.error());
            return name;
        }
        return fail(fmt::format("expected a symbol, found type '{}'", static_cast<char>(type)));
    }

    // Reads and drops instance variables; the first failure says why.
    std::expected<void, std::string> skipIvars(int depth) {
        std::int64_t count = 0;
        if (!packedInt(count) || count < 0 || count > 16) return fail("bad instance variables");
        for (std::int64_t i = 0; i < count; ++i) {
            if (auto name = symbol(depth + 1); !name) return std::unexpected(name.error());
            if (auto value = read(depth + 1); !value) return std::unexpected(value.error());
        }
        return {};
    }

    std::size_t remember() {
        objects_.emplace_back(); // filled once read: a link to an unfinished object is a cycle
        complete_.push_back(false);
        sizes_.push_back(values_); // the count before its contents; its size once settled
        return objects_.size() - 1;
    }
    void settle(std::size_t index, const json::value& value) {
        objects_[index] = value;
        complete_[index] = true;
        sizes_[index] = values_ - sizes_[index] + 1; // itself and everything in it, links expanded
    }

    static std::string bignumDecimal(std::string_view littleEndian, bool negative) {
        std::vector<unsigned char> digits(littleEndian.rbegin(), littleEndian.rend()); // big-endian bytes
        std::string decimal;
        while (!digits.empty()) { // repeated division by 10
            unsigned remainder = 0;
            std::vector<unsigned char> quotient;
            for (unsigned char d : digits) {
                const unsigned current = remainder * 256 + d;
                if (!quotient.empty() || current / 10) quotient.push_back(static_cast<unsigned char>(current / 10));
                remainder = current % 10;
            }
            decimal.push_back(static_cast<char>('0' + remainder)); // least significant first
            digits = std::move(quotient);
        }
        if (decimal.empty()) decimal.push_back('0');
        if (negative && decimal != "0") decimal.push_back('-');
        // Built backwards and reversed: inserting at the front trips a GCC 12 -Wrestrict false positive.
        std::reverse(decimal.begin(), decimal.end());
        return decimal;
    }

    std::expected<json::value, std::string> read(int depth) {
        if (depth > kMaxDepth) return fail("nested too deeply");
        if (++values_ > kMaxValues) return fail("too many values");
        unsigned char type = 0;
        if (!byte(type)) return fail("truncated");
        switch (type) {
        case '0': return json::value(nullptr);
        case 'T': return json::value(true);
        case 'F': return json::value(false);
        case 'i': {
            std::int64_t n = 0;
            if (!packedInt(n)) return fail("truncated integer");
            return json::value(n);
        }
        case 'l': {
            const std::size_t index = remember();
            unsigned char sign = 0;
            std::int64_t shorts = 0;
            if (!byte(sign) || (sign != '+' && sign != '-') || !packedInt(shorts) || shorts < 0 || shorts > 64 ||
                static_cast<std::uint64_t>(shorts) * 2 > data_.size() - pos_) {
                return fail("bad bignum");
            }
            const std::string_view raw = data_.substr(pos_, static_cast<std::size_t>(shorts) * 2);
            pos_ += raw.size();
            json::value value(bignumDecimal(raw, sign == '-'));
            settle(index, value);
            return value;
        }
        case 'f': {
            const std::size_t index = remember();
            std::string_view text;
            if (!bytes(text)) return fail("truncated float");
            double number = 0;
            if (text == "inf") number = HUGE_VAL;
            else if (text == "-inf") number = -HUGE_VAL;
            else if (text == "nan") number = std::nan("");
            else {
                const std::string copy(text);
                char* end = nullptr;
                number = std::strtod(copy.c_str(), &end);
                if (copy.empty() || end != copy.c_str() + copy.size()) return fail("bad float");
            }
            json::value value(number);
            settle(index, value);
            return value;
        }
        case '"': {
            const std::size_t index = remember();
            std::string_view text;
            if (!bytes(text)) return fail("truncated string");
            json::value value;
            value.emplace_string() = text; // (braces would make an array of one)
            settle(index, value);
            return value;
        }
        case ':':
        case ';':
            --pos_;
            if (auto name = symbol(depth)) return json::value(json::string(*name));
            else return std::unexpected(name.error());
        case 'I': { // an object with instance variables: for strings, their encoding
            unsigned char inner = 0;
            if (pos_ >= data_.size()) return fail("truncated");
            inner = static_cast<unsigned char>(data_[pos_]);
            if (inner != '"' && inner != ':') return fail(fmt::format("instance variables on type '{}' are not read", static_cast<char>(inner)));
            auto value = read(depth + 1);
            if (!value) return value;
            if (auto ivars = skipIvars(depth); !ivars) return std::unexpected(ivars.error());
            return value;
        }
        case '[': {
            const std::size_t index = remember();
            std::int64_t count = 0;
            if (!packedInt(count) || count < 0 || static_cast<std::uint64_t>(count) > data_.size() - pos_) return fail("bad array");
            json::array items;
            for (std::int64_t i = 0; i < count; ++i) {
                auto item = read(depth + 1);
                if (!item) return item;
                items.push_back(std::move(*item));
            }
            json::value value(std::move(items));
            settle(index, value);
            return value;
        }
        case '{': {
            const std::size_t index = remember();
            std::int64_t count = 0;
            if (!packedInt(count) || count < 0 || static_cast<std::uint64_t>(count) * 2 > data_.size() - pos_) return fail("bad hash");
            json::object members;
            for (std::int64_t i = 0; i < count; ++i) {
                auto key = read(depth + 1);
                if (!key) return key;
                auto item = read(depth + 1);
                if (!item) return item;
                std::string name;
                if (key->is_string()) name = std::string(key->as_string());
                else if (key->is_int64()) name = std::to_string(key->as_int64());
                else return fail("a hash key that is not a string, symbol or integer");
                members[name] = std::move(*item);
            }
            json::value value(std::move(members));
            settle(index, value);
            return value;
        }
        case '@': {
            std::int64_t link = 0;
            if (!packedInt(link) || link < 0 || static_cast<std::size_t>(link) >= objects_.size()) return fail("bad object link");
            if (!complete_[static_cast<std::size_t>(link)]) return fail("an object that contains itself");
            // A link is a copy of what it points to: counted as such, or a few hundred bytes
            // of links to links would expand to 2^n values.
            values_ += sizes_[static_cast<std::size_t>(link)];
            if (values_ > kMaxValues) return fail("too many values once object links are expanded");
            return objects_[static_cast<std::size_t>(link)];
        }
        default:
            return fail(fmt::format("type '{}' is not read (objects, classes and user types never are)",
                                    std::isprint(type) ? static_cast<char>(type) : '?'));
        }
    }

    std::string_view data_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
    std::vector<std::string> symbols_;
    std::vector<json::value> objects_;
    std::vector<bool> complete_;
    std::vector<std::size_t> sizes_; // values in each remembered object, links expanded
    static constexpr int kMaxDepth = 32;
    static constexpr std::size_t kMaxValues = 100'000;
};

std::expected<json::value, std::string> parseJsonPayload(std::string_view text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) return std::unexpected(fmt::format("not JSON ({})", ec.message()));
    return value;
}

} // namespace

std::expected<json::value, std::string> readRubyMarshal(std::string_view bytes) {
    return MarshalReader(bytes).readDocument();
}

RailsCookieDecoder::RailsCookieDecoder(const RailsSessionSettings& settings) : settings_(settings) {
    key_.resize(32);
    PKCS5_PBKDF2_HMAC(settings.secretKeyBase.data(), static_cast<int>(settings.secretKeyBase.size()),
                      reinterpret_cast<const unsigned char*>(settings.salt.data()), static_cast<int>(settings.salt.size()),
                      settings.iterations, settings.digest == RailsSessionSettings::Digest::sha256 ? EVP_sha256() : EVP_sha1(),
                      static_cast<int>(key_.size()), reinterpret_cast<unsigned char*>(key_.data()));
    settings_.secretKeyBase.clear(); // only the derived key is kept
}

std::expected<json::value, std::string> RailsCookieDecoder::decode(std::string_view value, std::string_view cookieName,
                                                                   std::chrono::system_clock::time_point now) const {
    if (value.size() > 8192) return std::unexpected("larger than a cookie can be");
    const std::optional<std::string> unescaped = http::urlDecode(value);
    if (!unescaped) return std::unexpected("bad URL escaping");
    const std::string_view text = *unescaped;
    const std::size_t first = text.find("--");
    const std::size_t second = first == std::string_view::npos ? first : text.find("--", first + 2);
    if (second == std::string_view::npos || text.find("--", second + 2) != std::string_view::npos) {
        return std::unexpected("not data--iv--tag");
    }
    const auto data = base64Decode(text.substr(0, first));
    const auto iv = base64Decode(text.substr(first + 2, second - first - 2));
    const auto tag = base64Decode(text.substr(second + 2));
    if (!data || !iv || !tag) return std::unexpected("bad base64");
    if (iv->size() != 12 || tag->size() != 16) return std::unexpected("wrong IV or tag length");

    // AES-256-GCM, empty additional data (ActiveSupport::MessageEncryptor).
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string plain(data->size() + 16, '\0');
    int length = 0;
    int finalLength = 0;
    const bool ok =
        EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1 &&
        EVP_DecryptInit_ex(context.get(), nullptr, nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                           reinterpret_cast<const unsigned char*>(iv->data())) == 1 &&
        EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                          reinterpret_cast<const unsigned char*>(data->data()), static_cast<int>(data->size())) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, 16, const_cast<char*>(tag->data())) == 1 &&
        EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + length, &finalLength) == 1;
    if (!ok) return std::unexpected("does not decrypt with this key (tampered, or another secret_key_base)");
    plain.resize(static_cast<std::size_t>(length + finalLength));

    // The metadata envelope (Rails 6+): purpose and expiry around the serialized value.
    std::string payload = plain;
    boost::system::error_code ec;
    const json::value envelope = json::parse(plain, ec);
    const json::object* rails = !ec && envelope.is_object() && envelope.as_object().contains("_rails")
                                    ? envelope.as_object().at("_rails").if_object()
                                    : nullptr;
    if (rails) {
        const json::value* message = rails->if_contains("message");
        const json::value* purpose = rails->if_contains("pur");
        const json::value* expiry = rails->if_contains("exp");
        const std::string wanted = fmt::format("cookie.{}", cookieName);
        if (!purpose || !purpose->is_string() || purpose->as_string() != wanted) {
            return std::unexpected(fmt::format("minted for another purpose ({})",
                                               purpose && purpose->is_string() ? std::string(purpose->as_string()) : "none"));
        }
        if (expiry && !expiry->is_null()) {
            const auto at = expiry->is_string() ? parseIso8601(expiry->as_string()) : std::nullopt;
            if (!at) return std::unexpected("unreadable expiry");
            if (*at <= now) return std::unexpected("expired");
        }
        const auto decoded = message && message->is_string() ? base64Decode(message->as_string()) : std::nullopt;
        if (!decoded) return std::unexpected("envelope without a message");
        payload = *decoded;
    }
    using Serializer = RailsSessionSettings::Serializer;
    const bool marshal = payload.size() >= 2 && payload[0] == '\x04' && payload[1] == '\x08';
    switch (settings_.serializer) {
    case Serializer::json: return parseJsonPayload(payload);
    case Serializer::marshal: return readRubyMarshal(payload);
    case Serializer::hybrid: return marshal ? readRubyMarshal(payload) : parseJsonPayload(payload);
    }
    return std::unexpected("unknown serializer");
}

std::optional<std::string> RailsCookieDecoder::userId(const json::value& session) const {
    const json::object* object = session.if_object();
    const json::value* value = object ? object->if_contains(settings_.userKey) : nullptr;
    if (!value) return std::nullopt;
    // Devise (Warden): [[id], salt].
    if (value->is_array() && !value->as_array().empty() && value->as_array()[0].is_array() &&
        !value->as_array()[0].as_array().empty()) {
        value = &value->as_array()[0].as_array()[0];
    }
    if (value->is_int64()) return std::to_string(value->as_int64());
    if (value->is_uint64()) return std::to_string(value->as_uint64());
    if (value->is_string() && !value->as_string().empty()) return std::string(value->as_string());
    return std::nullopt;
}

} // namespace gatehouse::gateway::filters
