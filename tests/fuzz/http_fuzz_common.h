#pragma once

// Shared by the request and response harnesses: the chunked decoder fed whole and in
// pieces, canonical serialisation of a head, and comparing two parsed heads.

#include "fuzz_support.h"

#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::fuzz {

using http::ChunkedDecoder;

struct ChunkedResult {
    bool done = false;
    bool failed = false;
    std::size_t consumed = 0;
    std::string payload;
    std::vector<std::string> chunks; // the payload slices of a whole-input decode, in order
    std::string error;
};

inline std::string describe(const ChunkedResult& r) {
    return fmt::format("done={} failed={} consumed={} payload=\"{}\" error='{}'", r.done, r.failed, r.consumed,
                       escaped(r.payload, 120), r.error);
}

// The decoder's contract (chunked_decoder.h): it consumes what it can, returns 0 with
// failed() set on an error, never more than it was given.
inline std::size_t checkedDecode(ChunkedDecoder& decoder, std::string_view input, std::vector<std::string_view>& payload) {
    const std::size_t before = payload.size();
    const std::size_t consumed = decoder.decode(input, payload);
    FUZZ_CHECK(consumed <= input.size(), fmt::format("consumed {} of {} bytes", consumed, input.size()));
    FUZZ_CHECK(!decoder.failed() || consumed == 0, fmt::format("failed ('{}') but consumed {}", decoder.error(), consumed));
    FUZZ_CHECK(!(decoder.failed() && decoder.done()), "both done and failed");
    for (std::size_t i = before; i < payload.size(); ++i) {
        const std::string_view slice = payload[i];
        FUZZ_CHECK(slice.data() >= input.data() && slice.data() + slice.size() <= input.data() + input.size(),
                   "a payload slice outside the input");
    }
    return consumed;
}

inline ChunkedResult decodeWhole(std::string_view input, ChunkedDecoder::Limits limits = {}) {
    ChunkedDecoder decoder(limits);
    std::vector<std::string_view> parts;
    ChunkedResult r;
    r.consumed = checkedDecode(decoder, input, parts);
    r.done = decoder.done();
    r.failed = decoder.failed();
    r.error = decoder.error();
    for (std::string_view p : parts) {
        r.payload.append(p);
        r.chunks.emplace_back(p);
    }
    return r;
}

// As a connection sees it: the bytes up to each cut arrive, the decoder consumes what it
// can, the rest stays in the buffer for the next read. `cuts` ascending, < input.size().
inline ChunkedResult decodeInPieces(std::string_view input, const std::vector<std::size_t>& cuts,
                                    ChunkedDecoder::Limits limits = {}) {
    ChunkedDecoder decoder(limits);
    ChunkedResult r;
    std::size_t consumed = 0;
    auto feed = [&](std::size_t upTo) {
        std::vector<std::string_view> parts;
        const std::string_view available = input.substr(consumed, upTo - consumed);
        consumed += checkedDecode(decoder, available, parts);
        for (std::string_view p : parts) r.payload.append(p);
    };
    for (std::size_t cut : cuts) {
        if (cut < consumed || decoder.failed() || decoder.done()) continue;
        feed(cut);
    }
    if (!decoder.failed() && !decoder.done()) feed(input.size());
    r.done = decoder.done();
    r.failed = decoder.failed();
    r.error = decoder.error();
    r.consumed = r.failed ? 0 : consumed;
    return r;
}

inline bool sameVerdict(const ChunkedResult& a, const ChunkedResult& b) {
    if (a.done != b.done || a.failed != b.failed) return false;
    if (a.failed) return true; // the payload before an error is never used
    return a.consumed == b.consumed && a.payload == b.payload;
}

// Where reads ending mid-line are interesting: just after each CR and LF (a line whose
// CR arrived but not its LF), plus one point derived from the input. At most `max`.
inline std::vector<std::size_t> interestingCuts(std::string_view input, std::size_t end, std::size_t max = 24) {
    std::vector<std::size_t> cuts;
    if (end == 0) return cuts;
    cuts.push_back(inputHash(input) % end);
    for (std::size_t i = 0; i + 1 < end && cuts.size() < max; ++i) {
        if (input[i] == '\r' || input[i] == '\n') cuts.push_back(i + 1);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

// The chunked decoder on `input`: in two pieces at a derived point, and in as many pieces
// as there are interesting cuts, the answer must be the one for the whole input. Done
// with the default limits, and again with the tightest limits the whole input still
// passes with, so that the limit checks on a partial line are exercised without
// kilobyte-long lines.
inline void checkChunkedSplits(std::string_view input) {
    const ChunkedResult whole = decodeWhole(input);
    const std::size_t end = whole.done ? whole.consumed : input.size();
    const std::vector<std::size_t> cuts = interestingCuts(input, end);
    if (cuts.empty()) return;
    const std::size_t twoPieces = cuts[inputHash(input) % cuts.size()];
    auto compare = [&](const ChunkedResult& one, const std::vector<std::size_t>& at, ChunkedDecoder::Limits limits,
                       const char* what) {
        const ChunkedResult split = decodeInPieces(input, at, limits);
        FUZZ_CHECK(sameVerdict(one, split),
                   fmt::format("chunked decoding depends on the split ({}, maxLine={}, maxTrailerBytes={}, cuts at {})\n"
                               "  whole:     {}\n  in pieces: {}\n  input: \"{}\"",
                               what, limits.maxLine, limits.maxTrailerBytes, fmt::join(at, ","), describe(one),
                               describe(split), escaped(input)));
    };
    compare(whole, {twoPieces}, {}, "two pieces");
    compare(whole, cuts, {}, "many pieces");
    if (!whole.done) return;

    // The smallest limits that still accept the whole input (the limits are monotone:
    // binary search), then the same comparisons at those limits.
    ChunkedDecoder::Limits tight;
    auto smallest = [&](std::size_t ChunkedDecoder::Limits::*member, std::size_t high) {
        std::size_t lo = 0, hi = high;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            ChunkedDecoder::Limits probe = tight;
            probe.*member = mid;
            if (decodeWhole(input, probe).done) hi = mid;
            else lo = mid + 1;
        }
        tight.*member = lo;
    };
    smallest(&ChunkedDecoder::Limits::maxLine, tight.maxLine);
    smallest(&ChunkedDecoder::Limits::maxTrailerBytes, tight.maxTrailerBytes);
    const ChunkedResult atTight = decodeWhole(input, tight);
    FUZZ_CHECK(atTight.done && atTight.payload == whole.payload, "the tight limits changed the payload");
    compare(atTight, {twoPieces}, tight, "two pieces, tight limits");
    compare(atTight, cuts, tight, "many pieces, tight limits");
}

// A chunked body for `chunks`, without extensions or trailers.
inline std::string rechunk(const std::vector<std::string>& chunks) {
    std::string out;
    for (const std::string& c : chunks) {
        if (c.empty()) continue;
        out += fmt::format("{:x}\r\n", c.size());
        out += c;
        out += "\r\n";
    }
    out += "0\r\n\r\n";
    return out;
}

inline std::string serializeFields(const http::Head& head) {
    std::string out;
    for (const http::HeaderField& f : head.fields) {
        out.append(f.name);
        out += ": ";
        out.append(f.value);
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

inline std::string describeFields(const http::Head& head) {
    std::string out;
    for (const http::HeaderField& f : head.fields) out += fmt::format("  \"{}\": \"{}\"\n", escaped(f.name), escaped(f.value));
    return out;
}

inline bool sameFields(const http::Head& a, const http::Head& b) {
    if (a.fields.size() != b.fields.size()) return false;
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].name != b.fields[i].name || a.fields[i].value != b.fields[i].value) return false;
    }
    return true;
}

// Head::combined exists so that a second Connection field cannot hide a token: a token
// is listed in the combined value exactly when one of the fields lists it.
inline void checkCombined(const http::Head& head) {
    for (std::string_view name : {"connection", "te", "upgrade"}) {
        const std::string combined = head.combined(name);
        for (std::string_view token : {"close", "keep-alive", "upgrade", "trailers", "h2c"}) {
            bool anyField = false;
            for (const http::HeaderField& f : head.fields) {
                if (http::equalsIgnoreCase(f.name, name) && http::listContains(f.value, token)) anyField = true;
            }
            FUZZ_CHECK(anyField == http::listContains(combined, token),
                       fmt::format("'{}' in {} fields: {} one by one, {} combined (\"{}\")", token, name, anyField, !anyField,
                                   escaped(combined)));
        }
    }
}

} // namespace gatehouse::fuzz
