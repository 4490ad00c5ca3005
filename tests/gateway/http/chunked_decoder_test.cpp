#include "http/chunked_decoder.h"

#include <gtest/gtest.h>

namespace gatehouse::http {
namespace {

// Feeds `wire` in pieces of `step` bytes, as a socket would deliver it.
std::string decodeAll(const std::string& wire, std::size_t step, ChunkedDecoder& decoder, std::size_t* leftover = nullptr) {
    std::string buffer;
    std::string body;
    std::size_t fed = 0;
    while (!decoder.done() && !decoder.failed() && fed < wire.size()) {
        buffer += wire.substr(fed, step);
        fed += std::min(step, wire.size() - fed);
        std::vector<std::string_view> payload;
        const std::size_t used = decoder.decode(buffer, payload);
        for (auto piece : payload) body += piece;
        buffer.erase(0, used);
    }
    if (leftover) *leftover = buffer.size() + (wire.size() - fed);
    return body;
}

TEST(ChunkedDecoder, DecodesInAnyPieces) {
    const std::string wire = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
    for (std::size_t step : {1u, 2u, 3u, 7u, 100u}) {
        ChunkedDecoder decoder;
        std::size_t leftover = 0;
        EXPECT_EQ(decodeAll(wire, step, decoder, &leftover), "hello, world") << step;
        EXPECT_TRUE(decoder.done()) << decoder.error();
        EXPECT_EQ(leftover, 4u) << step; // "NEXT" belongs to the next message
    }
}

TEST(ChunkedDecoder, RefusesBadSizesAndLineEndings) {
    for (const char* wire : {"+5\r\nhello\r\n0\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n",
                             " 5\r\nhello\r\n0\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n",
                             "5\r\nhelloXX0\r\n\r\n", "g\r\n", "\r\n", "ffffffffffffffff\r\n", "5\r\nhello\r\n0\r\nbad trailer\r\n\r\n"}) {
        ChunkedDecoder decoder;
        decodeAll(wire, 100, decoder);
        EXPECT_TRUE(decoder.failed()) << wire;
    }
}

TEST(ChunkedDecoder, ExtensionsFollowTheirGrammar) {
    for (const std::string& ext : std::initializer_list<std::string>{"", ";a", ";a=b", ";a=b;c", " ;a", "; a = b", ";a=\"\"", ";a=\"x y;z\\\"\"", ";a=\"\x80\""}) {
        ChunkedDecoder decoder;
        EXPECT_EQ(decodeAll("5" + ext + "\r\nhello\r\n0\r\n\r\n", 100, decoder), "hello") << ext;
        EXPECT_TRUE(decoder.done()) << ext << ": " << decoder.error();
    }
    for (const std::string& ext : std::initializer_list<std::string>{";", ";;", ";=b", ";a=", ";a=b c", ";a b", ";a=\"x", ";a=\"x\\", std::string(";a\0b", 5),
                                  ";a=\"\x01\"", ";a\x7f", "; ", ";a ", ";a=b ", "x", ";a=(b)", ";a=\"x\"y"}) {
        ChunkedDecoder decoder;
        decodeAll("5" + ext + "\r\nhello\r\n0\r\n\r\n", 100, decoder);
        EXPECT_TRUE(decoder.failed()) << ext;
    }
}

TEST(ChunkedDecoder, RefusesControlCharactersInTrailers) {
    ChunkedDecoder decoder;
    decodeAll(std::string("0\r\nX-T: a\0b\r\n\r\n", 16), 100, decoder);
    EXPECT_TRUE(decoder.failed());
}

TEST(ChunkedDecoder, ALineOfTheLimitPassesWhereverTheReadEnds) {
    const std::string line = "5;" + std::string(14, 'x'); // 16 bytes: exactly maxLine
    for (std::size_t step : {1u, 17u, 100u}) {
        ChunkedDecoder decoder({.maxLine = 16, .maxTrailerBytes = 64});
        EXPECT_EQ(decodeAll(line + "\r\nhello\r\n0\r\n\r\n", step, decoder), "hello") << step << ": " << decoder.error();
    }
}

TEST(ChunkedDecoder, BoundsLineLength) {
    ChunkedDecoder decoder({.maxLine = 16, .maxTrailerBytes = 64});
    decodeAll("5;" + std::string(100, 'x'), 1000, decoder);
    EXPECT_TRUE(decoder.failed());
}

} // namespace
} // namespace gatehouse::http
