// Rails encrypted session cookies: RailsCookieDecoder::decode (gateway/filters/
// rails_session.h), the string a client sends in its Cookie field, through URL
// decoding, "data--iv--tag", strict base64, AES-256-GCM, the Rails 6+ metadata
// envelope and the JSON or Marshal payload, then userId.
//
// A fuzzer cannot forge AES-GCM, so the first byte of the input chooses what the rest
// is (and which serializer the decoder is configured with):
//   mode 0  the cookie value itself, as sent: everything before decryption;
//   mode 1  a payload the harness encrypts as Rails does (no envelope);
//   mode 2  a payload the harness wraps in an envelope {"_rails": {"message", "exp",
//           "pur"}} and encrypts;
//   mode 3  an envelope (any JSON) the harness encrypts.
// Invariants (abort on violation): no crash, leak or undefined behaviour; a cookie the
// harness minted with the decoder's key always decrypts (no "bad base64", "does not
// decrypt"...: the two sides agree on the format); without an envelope, the decoded
// session is exactly what the serializer's reader makes of the payload; a user id is
// never empty.
#include "fuzz_support.h"

#include "filters/rails_session.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>

using namespace gatehouse;
using namespace gatehouse::fuzz;
namespace json = boost::json;
using gateway::filters::RailsCookieDecoder;
using gateway::filters::RailsSessionSettings;

namespace {

constexpr const char* kSecretKeyBase = "fuzz-secret-key-base-00112233445566778899aabbccddeeff";
constexpr const char* kCookieName = "_app_session";

RailsSessionSettings settingsFor(RailsSessionSettings::Serializer serializer) {
    RailsSessionSettings s;
    s.secretKeyBase = kSecretKeyBase;
    s.digest = RailsSessionSettings::Digest::sha256;
    s.serializer = serializer;
    return s;
}

const RailsCookieDecoder& decoderFor(int serializer) {
    using S = RailsSessionSettings::Serializer;
    static const RailsCookieDecoder json(settingsFor(S::json));
    static const RailsCookieDecoder marshal(settingsFor(S::marshal));
    static const RailsCookieDecoder hybrid(settingsFor(S::hybrid));
    return serializer == 0 ? json : serializer == 1 ? marshal : hybrid;
}

const std::array<unsigned char, 32>& key() {
    static const std::array<unsigned char, 32> k = [] {
        const RailsSessionSettings s = settingsFor(RailsSessionSettings::Serializer::json);
        std::array<unsigned char, 32> out{};
        PKCS5_PBKDF2_HMAC(s.secretKeyBase.data(), static_cast<int>(s.secretKeyBase.size()),
                          reinterpret_cast<const unsigned char*>(s.salt.data()), static_cast<int>(s.salt.size()), s.iterations,
                          EVP_sha256(), static_cast<int>(out.size()), out.data());
        return out;
    }();
    return k;
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// As Rack::Utils.escape leaves a base64 cookie: '+', '/' and '=' percent-encoded.
std::string escapeCookie(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '+') out += "%2B";
        else if (c == '/') out += "%2F";
        else if (c == '=') out += "%3D";
        else out += c;
    }
    return out;
}

// ActiveSupport::MessageEncryptor with AES-256-GCM: base64(data)--base64(iv)--base64(tag).
std::string encrypt(std::string_view plain, std::uint32_t ivSeed) {
    std::array<unsigned char, 12> iv{};
    for (std::size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<unsigned char>(ivSeed >> (8 * (i % 4)));
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string data(plain.size() + 16, '\0');
    std::array<unsigned char, 16> tag{};
    int length = 0;
    int finalLength = 0;
    const bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1 &&
                    EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key().data(), iv.data()) == 1 &&
                    EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(data.data()), &length,
                                      reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) == 1 &&
                    EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(data.data()) + length, &finalLength) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
    FUZZ_CHECK(ok, "OpenSSL could not encrypt");
    data.resize(static_cast<std::size_t>(length + finalLength));
    const std::string ivText(reinterpret_cast<const char*>(iv.data()), iv.size());
    const std::string tagText(reinterpret_cast<const char*>(tag.data()), tag.size());
    return escapeCookie(base64(data) + "--" + base64(ivText) + "--" + base64(tagText));
}

bool isEnvelope(std::string_view payload) {
    boost::system::error_code ec;
    const json::value v = json::parse(json::string_view(payload.data(), payload.size()), ec);
    return !ec && v.is_object() && v.as_object().contains("_rails");
}

// What the decoder must give for a payload without an envelope.
std::expected<json::value, std::string> expectedSession(std::string_view payload, int serializer) {
    const bool marshal = payload.size() >= 2 && payload[0] == '\x04' && payload[1] == '\x08';
    if (serializer == 1 || (serializer == 2 && marshal)) return gateway::filters::readRubyMarshal(payload);
    boost::system::error_code ec;
    json::value v = json::parse(json::string_view(payload.data(), payload.size()), ec);
    if (ec) return std::unexpected(ec.message());
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int mode = data[0] % 4;
    const int serializer = (data[0] / 4) % 3;
    const std::string_view rest = text(data + 1, size - 1);
    if (mode != 0 && rest.empty()) return 0; // Rails never serializes a session to nothing
    // 2026-01-01T00:00:00Z: envelopes can be current or expired.
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600));
    const RailsCookieDecoder& decoder = decoderFor(serializer);

    std::string cookie;
    switch (mode) {
    case 0: cookie = std::string(rest); break;
    case 1:
    case 3: cookie = encrypt(rest, inputHash(rest)); break;
    case 2: {
        // The expiry: none, or one of a few instants around `now`, chosen by the payload.
        const std::uint32_t h = inputHash(rest);
        static const char* const kExpiries[] = {nullptr, "2030-05-01T10:20:30.456Z", "2020-01-01T00:00:00.000Z",
                                                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01.000Z"};
        const char* expiry = kExpiries[h % 5];
        json::object rails{{"message", base64(rest)},
                           {"exp", expiry ? json::value(expiry) : json::value(nullptr)},
                           {"pur", (h / 5) % 7 == 0 ? "cookie.other" : "cookie._app_session"}};
        cookie = encrypt(json::serialize(json::object{{"_rails", std::move(rails)}}), h);
        break;
    }
    }

    const auto session = decoder.decode(cookie, kCookieName, now);
    if (mode != 0 && cookie.size() <= 8192) {
        const std::string why = session ? std::string() : session.error();
        for (const char* refusal : {"bad URL escaping", "not data--iv--tag", "bad base64", "wrong IV or tag length",
                                    "does not decrypt", "larger than a cookie"}) {
            FUZZ_CHECK(why.find(refusal) == std::string::npos,
                       fmt::format("a cookie minted with the decoder's key is refused: {}\n  cookie: {}", why, escaped(cookie)));
        }
    }
    if (mode == 1 && cookie.size() <= 8192 && !isEnvelope(rest)) {
        const auto direct = expectedSession(rest, serializer);
        FUZZ_CHECK(session.has_value() == direct.has_value() && (!session || *session == *direct),
                   fmt::format("the cookie's session is not what the serializer reads from its payload: {} vs {}",
                               session ? json::serialize(*session).substr(0, 200) : session.error(),
                               direct ? json::serialize(*direct).substr(0, 200) : direct.error()));
    }
    if (session) {
        if (const auto id = decoder.userId(*session)) FUZZ_CHECK(!id->empty(), "an empty user id");
    }
    return 0;
}
