// Properties of the framing layer on many random and mutated inputs (under ASan in CI,
// so a read past a buffer fails the run): parsing never crashes, a head parsed in
// pieces gives the same answer as parsed whole, and the chunked decoder's output does
// not depend on how the bytes were split.
#include "http/chunked_decoder.h"
#include "http/http_head.h"

#include <gtest/gtest.h>

#include <random>

namespace gatehouse::http {
namespace {

const std::vector<std::string> kSeeds = {
    "GET /v2/droplets?page=2 HTTP/1.1\r\nHost: api.example.com\r\nAccept: */*\r\n\r\n",
    "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
};

std::string mutate(std::string text, std::mt19937& rng) {
    using namespace std::string_literals;
    static const std::string kAlphabet = "\r\n :\t\0\x7f/?#%-+0123456789aAzZ;,\""s; // NUL included
    const int edits = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
        const char c = kAlphabet[std::uniform_int_distribution<std::size_t>(0, kAlphabet.size() - 1)(rng)];
        switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: text.erase(at, 1); break;
        }
    }
    return text;
}

TEST(FramingProperties, HeadsParseTheSameWholeOrInPieces) {
    std::mt19937 rng(20261126);
    const HeadLimits limits{512, 256, 16};
    std::size_t complete = 0;
    std::size_t errors = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string text = mutate(kSeeds[static_cast<std::size_t>(i) % kSeeds.size()], rng);
        RequestHead whole;
        HeadError wholeError;
        const ParseStatus status = parseRequestHead(text, limits, whole, wholeError);
        complete += status == ParseStatus::complete;
        errors += status == ParseStatus::error;
        if (status == ParseStatus::complete) {
            ASSERT_LE(whole.size, text.size());
            HeadError framingError;
            (void)requestFraming(whole, framingError); // must not crash either way
        }
        // Every prefix is either incomplete or already decided the same way.
        for (std::size_t cut = 0; cut < text.size(); ++cut) {
            RequestHead part;
            HeadError partError;
            const ParseStatus partial = parseRequestHead(std::string_view(text).substr(0, cut), limits, part, partError);
            if (partial == ParseStatus::complete) {
                ASSERT_EQ(status, ParseStatus::complete) << text;
                ASSERT_EQ(part.size, whole.size) << text;
            } else if (partial == ParseStatus::error) {
                ASSERT_EQ(status, ParseStatus::error) << "prefix " << cut << " of " << text;
                ASSERT_EQ(partError.status, wholeError.status) << text;
            }
        }
    }
    // The mutations must reach both outcomes, or the property says little.
    EXPECT_GT(complete, 1000u);
    EXPECT_GT(errors, 1000u);
}

TEST(FramingProperties, ChunkedDecodingDoesNotDependOnTheSplit) {
    std::mt19937 rng(7);
    const std::vector<std::string> seeds = {"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\nT: v\r\n\r\n", "0\r\n\r\n",
                                            "a\r\n0123456789\r\n1\r\nx\r\n0\r\n\r\n"};
    std::size_t decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string wire = i % 3 == 0 ? seeds[static_cast<std::size_t>(i) % seeds.size()]
                                            : mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        auto run = [&](std::size_t step, std::string& body) {
            ChunkedDecoder decoder;
            std::string buffer;
            std::size_t fed = 0;
            while (!decoder.done() && !decoder.failed() && fed < wire.size()) {
                const std::size_t n = std::min(step, wire.size() - fed);
                buffer.append(wire, fed, n);
                fed += n;
                std::vector<std::string_view> pieces;
                const std::size_t used = decoder.decode(buffer, pieces);
                for (auto piece : pieces) body += piece;
                buffer.erase(0, used);
            }
            return std::pair{decoder.done(), decoder.failed()};
        };
        std::string whole;
        const auto wholeResult = run(wire.size() + 1, whole);
        decoded += wholeResult.first;
        const std::size_t step = std::uniform_int_distribution<std::size_t>(1, 7)(rng);
        std::string pieces;
        const auto piecesResult = run(step, pieces);
        ASSERT_EQ(wholeResult, piecesResult) << wire << " step " << step;
        if (wholeResult.first) {
            ASSERT_EQ(whole, pieces) << wire;
        }
    }
    EXPECT_GT(decoded, 5000u);
}

} // namespace
} // namespace gatehouse::http
