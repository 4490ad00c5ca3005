// Rails cookies and Ruby Marshal without Ruby: fixed blobs (made once with `ruby -e
// 'print Marshal.dump(...)'`, Ruby 3.1), refusals, and a fuzz-style run of random and
// mutated inputs that must never crash (the asan preset runs it too). The cookies Rails
// itself mints are checked in tests/gateway/ruby_compat_test.cpp.
#include "filters/rails_session.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <random>

namespace gatehouse::gateway::filters {
namespace {
namespace json = boost::json;

std::string fromHex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}

// {"user_id" => 42, :sym => :sym, "s" => "café", "b" => "\xff".b, "n" => nil, "t" => true,
//  "f" => false, "big" => 2**70, "neg" => -(2**65), "fl" => 1.5,
//  "arr" => [1, -300, 70000, -70000, 2**31], "nested" => {"a" => [[7], "salt"]}, "x" => s, "y" => s}
// where s = "shared" (the second is an object link).
const std::string kSession = fromHex(
    "04087b1349220c757365725f6964063a064554692f3a0873796d3b0649220673063b005449220a636166c3a9063b005449220662063b00542206ff"
    "4922066e063b00543049220674063b00545449220666063b005446492208626967063b00546c2b0a000000000000000040004922086e6567063b"
    "00546c2d0a00000000000000000200492207666c063b00546608312e35492208617272063b00545b0a690669fed4fe690370110169fd90eefe6c2b"
    "070000008049220b6e6573746564063b00547b0649220661063b00545b075b06690c49220973616c74063b005449220678063b005449220b7368"
    "61726564063b005449220679063b0054401e");

TEST(RubyMarshal, ReadsTheSubsetSessionsUse) {
    auto value = readRubyMarshal(kSession);
    ASSERT_TRUE(value) << value.error();
    const json::object& session = value->as_object();
    EXPECT_EQ(session.at("user_id"), 42);
    EXPECT_EQ(session.at("sym"), "sym");
    EXPECT_EQ(session.at("s"), "caf\xc3\xa9");
    EXPECT_EQ(session.at("b").as_string().size(), 1u);
    EXPECT_TRUE(session.at("n").is_null());
    EXPECT_EQ(session.at("t"), true);
    EXPECT_EQ(session.at("f"), false);
    EXPECT_EQ(session.at("big"), "1180591620717411303424");
    EXPECT_EQ(session.at("neg"), "-36893488147419103232");
    EXPECT_EQ(session.at("fl"), 1.5);
    EXPECT_EQ(session.at("arr"), json::parse("[1, -300, 70000, -70000, \"2147483648\"]"));
    EXPECT_EQ(session.at("nested"), json::parse(R"({"a": [[7], "salt"]})"));
    EXPECT_EQ(session.at("x"), "shared");
    EXPECT_EQ(session.at("y"), "shared"); // through an object link
}

TEST(RubyMarshal, RefusesWhatSessionsDoNotHold) {
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"", "not Ruby Marshal 4.8"},
        {fromHex("0409"), "not Ruby Marshal 4.8"},
        // Object.new: 'o' type
        {fromHex("04086f3a0b4f626a65637400"), "type 'o' is not read"},
        // a Struct, a class reference, a user-marshalled object
        {fromHex("0408533a0653"), "type 'S' is not read"},
        {fromHex("0408630b4f626a656374"), "type 'c' is not read"},
        {fromHex("040855"), "type 'U' is not read"},
        {fromHex("04085b0740"), "bad array"}, // two items announced, one byte left
        {fromHex("04085b06"), "bad array"},
        {fromHex("04085b06400000"), "an object that contains itself"}, // a = []; a << a
        {fromHex("0408692f00"), "bytes after the value"},
        {fromHex("04087b065b006906"), "a hash key that is not a string, symbol or integer"}, // {[] => 1}
    };
    for (const auto& [bytes, why] : refused) {
        auto value = readRubyMarshal(bytes);
        ASSERT_FALSE(value) << why;
        EXPECT_NE(value.error().find(why), std::string::npos) << value.error();
    }
    // Deep nesting is bounded.
    std::string deep = "\x04\x08";
    for (int i = 0; i < 100; ++i) deep += "[\x06";
    deep += "0";
    auto nested = readRubyMarshal(deep);
    ASSERT_FALSE(nested);
    EXPECT_NE(nested.error().find("nested too deeply"), std::string::npos);
}

// a0 = ["x"]; a(k) = [a(k-1), a(k-1)] written once and linked once: 2^k values from a
// few bytes per level.
std::string doublingLinks(int levels) {
    std::string bytes = "\x04\x08";
    for (int level = 0; level < levels; ++level) bytes += "[\x07"; // two items each
    bytes += "\"\x06x";                                            // the innermost: a string
    for (int level = levels - 1; level >= 0; --level) {
        bytes += '@';
        bytes += static_cast<char>(level + 1 + 5); // link to the first item: object number level + 1
    }
    return bytes;
}

TEST(RubyMarshal, ObjectLinksAndInstanceVariablesAreBounded) {
    auto small = readRubyMarshal(doublingLinks(3));
    ASSERT_TRUE(small) << small.error();
    EXPECT_EQ(boost::json::serialize(*small), R"([[["x","x"],["x","x"]],[["x","x"],["x","x"]]])");
    auto bomb = readRubyMarshal(doublingLinks(30)); // 2^30 values if expanded
    ASSERT_FALSE(bomb);
    EXPECT_NE(bomb.error().find("too many values once object links are expanded"), std::string::npos) << bomb.error();
    // Symbols with instance variables whose names are symbols with instance variables...:
    // still counted as nesting.
    std::string nested = ":\x06" "a";
    for (int i = 0; i < 100; ++i) nested = "I:\x06" "a\x06" + nested + "0";
    auto deep = readRubyMarshal("\x04\x08" + nested);
    ASSERT_FALSE(deep);
    EXPECT_NE(deep.error().find("nested too deeply"), std::string::npos) << deep.error();
}

TEST(RailsCookies, BrokenCookiesAreRefusedWithAReason) {
    RailsSessionSettings settings;
    settings.secretKeyBase = std::string(128, 'k');
    const RailsCookieDecoder decoder(settings);
    const auto now = std::chrono::system_clock::now();
    EXPECT_EQ(decoder.decode("", "_s", now).error(), "not data--iv--tag");
    EXPECT_EQ(decoder.decode("abc--def", "_s", now).error(), "not data--iv--tag");
    EXPECT_EQ(decoder.decode("a--b--c--d", "_s", now).error(), "not data--iv--tag");
    EXPECT_EQ(decoder.decode("abc*--AAAAAAAAAAAAAAAA--AAAAAAAAAAAAAAAAAAAAAA==", "_s", now).error(), "bad base64");
    EXPECT_EQ(decoder.decode("QUJD--QUJD--QUJD", "_s", now).error(), "wrong IV or tag length");
    EXPECT_EQ(decoder.decode("QUJD--AAAAAAAAAAAAAAAA--AAAAAAAAAAAAAAAAAAAAAA==", "_s", now).error(),
              "does not decrypt with this key (tampered, or another secret_key_base)");
    EXPECT_EQ(decoder.decode("%zz", "_s", now).error(), "bad URL escaping");
}

TEST(RailsCookies, DeviseAndPlainUserKeys) {
    RailsSessionSettings settings;
    settings.secretKeyBase = "x";
    settings.userKey = "warden.user.user.key";
    const RailsCookieDecoder devise(settings);
    EXPECT_EQ(devise.userId(json::parse(R"({"warden.user.user.key": [[42], "salt"]})")), "42");
    EXPECT_EQ(devise.userId(json::parse(R"({"warden.user.user.key": [["uuid-7"], "salt"]})")), "uuid-7");
    EXPECT_FALSE(devise.userId(json::parse(R"({"warden.user.user.key": [[], "salt"]})")));
    EXPECT_FALSE(devise.userId(json::parse(R"({"user_id": 1})")));
    settings.userKey = "user_id";
    const RailsCookieDecoder plain(settings);
    EXPECT_EQ(plain.userId(json::parse(R"({"user_id": 42})")), "42");
    EXPECT_EQ(plain.userId(json::parse(R"({"user_id": "42"})")), "42");
    EXPECT_FALSE(plain.userId(json::parse(R"({"user_id": null})")));
    EXPECT_FALSE(plain.userId(json::parse("[]")));
}

// Thousands of random and mutated inputs: any answer is fine, a crash or a hang is not.
TEST(RubyMarshal, SurvivesRandomAndMutatedInput) {
    std::mt19937 rng(20261126);
    std::size_t accepted = 0;
    for (int i = 0; i < 20'000; ++i) {
        std::string blob = kSession;
        const int mutations = 1 + static_cast<int>(rng() % 8);
        for (int m = 0; m < mutations; ++m) {
            const std::size_t at = rng() % blob.size();
            switch (rng() % 4) {
            case 0: blob[at] = static_cast<char>(rng()); break;
            case 1: blob.erase(at, 1 + rng() % 8); break;
            case 2: blob.insert(at, 1, static_cast<char>(rng())); break;
            case 3: blob.resize(at); break;
            }
            if (blob.empty()) blob = "\x04\x08";
        }
        accepted += readRubyMarshal(blob).has_value();
        std::string noise(rng() % 64, '\0');
        for (char& c : noise) c = static_cast<char>(rng());
        readRubyMarshal("\x04\x08" + noise);
    }
    EXPECT_LT(accepted, 20'000u); // most mutations are refused; none crashed to get here
}

TEST(RailsCookies, SurviveRandomCookies) {
    RailsSessionSettings settings;
    settings.secretKeyBase = std::string(64, 's');
    settings.serializer = RailsSessionSettings::Serializer::hybrid;
    const RailsCookieDecoder decoder(settings);
    std::mt19937 rng(7);
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-%";
    std::size_t accepted = 0;
    for (int i = 0; i < 5'000; ++i) {
        std::string cookie;
        const std::size_t length = rng() % 200;
        for (std::size_t c = 0; c < length; ++c) cookie += kAlphabet[rng() % (sizeof kAlphabet - 1)];
        if (rng() % 2) cookie = cookie.substr(0, cookie.size() / 3) + "--" + cookie.substr(cookie.size() / 3);
        accepted += decoder.decode(cookie, "_s", std::chrono::system_clock::now()).has_value();
    }
    EXPECT_EQ(accepted, 0u); // without the key nothing authenticates
}

} // namespace
} // namespace gatehouse::gateway::filters
