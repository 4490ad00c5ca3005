// Query strings of the JSON APIs (the admin API and the route collector): queryValue,
// hasQueryKey, apiUnknownParameter and printable (gateway/net/api_http.h), and
// urlDecode (gateway/http/http_head.h), which the admin API applies to
// ?service=, ?route=, ?user=, ?method=, ?host=, ?path=. The input is the query: what
// follows '?' in the request target.
//
// The handlers' own number parsing (?wait=, ?revision=, ?limit=, ?cursor=, ?from=...)
// is private to AdminApi and CollectorApi (anonymous-namespace helpers and lambdas in
// coroutines over SQLite stores) and is not reached from here.
//
// Invariants (abort on violation): no crash or undefined behaviour; queryValue and
// hasQueryKey agree with a plain reading of "k=v&k=v" (first occurrence wins, a key
// without '=' has an empty value); apiUnknownParameter refuses exactly when a non-empty
// key is not a known one, with a 400 whose body is JSON naming that key; printable
// output has no control characters and is bounded; urlDecode never grows its input
// and undoes percent-encoding of any bytes.
#include "fuzz_support.h"

#include "net/api_http.h"
#include "http/http_head.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <vector>

using namespace gatehouse;
using namespace gatehouse::fuzz;
namespace json = boost::json;

namespace {

struct Pair {
    std::string_view key;
    std::string_view value;
    bool hasEquals = false;
};

// The reference reading of a query string.
std::vector<Pair> pairsOf(std::string_view query) {
    std::vector<Pair> out;
    if (query.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t amp = query.find('&', start);
        const std::string_view pair = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        const std::size_t eq = pair.find('=');
        out.push_back({pair.substr(0, eq), eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                       eq != std::string_view::npos});
        if (amp == std::string_view::npos || amp + 1 == query.size()) break;
        start = amp + 1;
    }
    return out;
}

bool isTargetText(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f; // what parseRequestHead lets into a target
    });
}

std::string percentEncodeAll(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
    }
    return out;
}

void checkUrlDecode(std::string_view text) {
    const std::optional<std::string> decoded = http::urlDecode(text);
    if (!decoded) {
        FUZZ_CHECK(text.find('%') != std::string_view::npos, fmt::format("'{}' refused without a '%'", escaped(text)));
        return;
    }
    FUZZ_CHECK(decoded->size() <= text.size(), "urlDecode grew its input");
    if (text.find_first_of("%+") == std::string_view::npos) FUZZ_CHECK(*decoded == text, "urlDecode changed plain text");
    const std::optional<std::string> again = http::urlDecode(percentEncodeAll(*decoded));
    FUZZ_CHECK(again && *again == *decoded, fmt::format("percent-encoding of \"{}\" does not decode back", escaped(*decoded)));
}

void checkUnknownParameter(std::string_view query, const std::vector<Pair>& pairs, std::initializer_list<std::string_view> known) {
    const std::optional<gateway::ApiResponse> refusal = gateway::apiUnknownParameter(query, known);
    const auto firstUnknown = std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) {
        return !p.key.empty() && std::find(known.begin(), known.end(), p.key) == known.end();
    });
    FUZZ_CHECK(refusal.has_value() == (firstUnknown != pairs.end()),
               fmt::format("apiUnknownParameter {} \"{}\"", refusal ? "refuses" : "accepts", escaped(query)));
    if (!refusal) return;
    FUZZ_CHECK(refusal->status == 400, fmt::format("status {}", refusal->status));
    if (!isTargetText(query)) return; // not a query a client can send: the body may not be UTF-8
    boost::system::error_code ec;
    const json::value body = json::parse(refusal->body, ec);
    FUZZ_CHECK(!ec && body.is_object(), fmt::format("the 400 body is not JSON ({}): {}", ec.message(), escaped(refusal->body)));
    const json::value* id = body.as_object().if_contains("id");
    const json::value* message = body.as_object().if_contains("message");
    FUZZ_CHECK(id && id->is_string() && id->as_string() == "bad_request", "the 400 has another id");
    FUZZ_CHECK(message && message->is_string() &&
                   std::string_view(message->as_string()).find(gateway::printable(firstUnknown->key)) != std::string_view::npos,
               fmt::format("the 400 does not name '{}': {}", escaped(firstUnknown->key), escaped(refusal->body)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view query = text(data, size);
    const std::vector<Pair> pairs = pairsOf(query);

    // Every key present, and those the APIs read.
    std::set<std::string_view> keys{"wait", "revision", "dry_run", "limit", "cursor", "from", "to", "service", "route",
                                    "status", "status_class", "termination", "user", "method", "host", "path", "state",
                                    "window", ""};
    for (const Pair& p : pairs) {
        if (keys.size() > 40) break;
        keys.insert(p.key);
    }
    for (std::string_view key : keys) {
        const auto first = std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) { return p.key == key; });
        const bool present = first != pairs.end();
        FUZZ_CHECK(gateway::hasQueryKey(query, key) == present,
                   fmt::format("hasQueryKey(\"{}\", \"{}\") is {}", escaped(query), escaped(key), !present));
        const std::string value = gateway::queryValue(query, key);
        FUZZ_CHECK(value == (present ? first->value : std::string_view()),
                   fmt::format("queryValue(\"{}\", \"{}\") is \"{}\", not \"{}\"", escaped(query), escaped(key), escaped(value),
                               present ? escaped(first->value) : std::string()));
        checkUrlDecode(value);
    }

    // What the collector's endpoints and the admin API's trail accept.
    checkUnknownParameter(query, pairs, {"wait"});
    checkUnknownParameter(query, pairs, {"revision", "dry_run"});
    checkUnknownParameter(query, pairs, {});
    checkUnknownParameter(query, pairs, {"service", "route", "status", "status_class", "termination", "user", "from", "to",
                                         "limit", "cursor"});

    const std::string shown = gateway::printable(query);
    FUZZ_CHECK(shown.size() <= 200 * 4, fmt::format("printable gave {} bytes", shown.size()));
    FUZZ_CHECK(std::none_of(shown.begin(), shown.end(),
                            [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }),
               "printable left a control character");

    checkUrlDecode(query);
    return 0;
}
