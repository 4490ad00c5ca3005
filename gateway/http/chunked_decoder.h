#pragma once

#include "http/http_head.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace gatehouse::http {

// Decodes a chunked body (RFC 9112 §7.1) strictly: chunk sizes are plain hex (no sign,
// no "0x", at most 15 digits), every line ends with CRLF, extensions must follow their
// grammar (token or quoted-string values, no control characters) and are then skipped,
// trailer fields are checked and dropped. Decoding is incremental: feed it what
// has arrived, it consumes whole lines and data and says what it consumed.
class ChunkedDecoder {
public:
    struct Limits {
        std::size_t maxLine = 4096;         // chunk-size line with extensions
        std::size_t maxTrailerBytes = 16384;
    };

    ChunkedDecoder() = default;
    explicit ChunkedDecoder(Limits limits) : limits_(limits) {}

    // Appends payload slices (views into `input`) to `payload` and returns the bytes
    // consumed; the rest must be fed again with more data behind it. Returns 0 with
    // failed() set on a framing error.
    std::size_t decode(std::string_view input, std::vector<std::string_view>& payload);

    bool done() const { return state_ == State::done; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }

private:
    enum class State { size, data, dataEnd, trailer, done };
    std::size_t fail(std::string message) {
        error_ = std::move(message);
        return 0;
    }

    Limits limits_;
    State state_ = State::size;
    std::uint64_t remaining_ = 0;
    std::size_t trailerBytes_ = 0;
    std::string error_;
};

} // namespace gatehouse::http
