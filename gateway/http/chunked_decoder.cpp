#include "http/chunked_decoder.h"

#include <fmt/format.h>

namespace gatehouse::http {
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::size_t ChunkedDecoder::decode(std::string_view input, std::vector<std::string_view>& payload) {
    if (failed()) return 0;
    std::size_t pos = 0;
    while (pos < input.size() && state_ != State::done) {
        switch (state_) {
        case State::size:
        case State::trailer: {
            const std::size_t lf = input.find('\n', pos);
            if (lf == std::string_view::npos) {
                if (input.size() - pos > limits_.maxLine) return fail("chunk line too long");
                return pos; // wait for the rest of the line
            }
            if (lf == pos || input[lf - 1] != '\r') return fail("chunk line does not end with CRLF");
            const std::string_view line = input.substr(pos, lf - 1 - pos);
            if (line.find('\r') != std::string_view::npos) return fail("bare CR in a chunk line");
            if (line.size() > limits_.maxLine) return fail("chunk line too long");
            pos = lf + 1;
            if (state_ == State::trailer) {
                if (line.empty()) {
                    state_ = State::done;
                    break;
                }
                trailerBytes_ += line.size() + 2;
                if (trailerBytes_ > limits_.maxTrailerBytes) return fail("trailer fields too large");
                const std::size_t colon = line.find(':');
                if (colon == 0 || colon == std::string_view::npos) return fail("malformed trailer field");
                for (std::size_t i = 0; i < colon; ++i) {
                    if (!isTokenChar(line[i])) return fail("malformed trailer field name");
                }
                break;
            }
            std::size_t digits = 0;
            std::uint64_t size = 0;
            while (digits < line.size() && hexValue(line[digits]) >= 0) {
                if (digits == 15) return fail("chunk size too large");
                size = size * 16 + static_cast<std::uint64_t>(hexValue(line[digits]));
                ++digits;
            }
            if (digits == 0) return fail(fmt::format("invalid chunk size '{}'", line.substr(0, 20)));
            if (digits < line.size() && line[digits] != ';') {
                return fail(fmt::format("invalid chunk size '{}'", line.substr(0, 20)));
            }
            remaining_ = size;
            state_ = size == 0 ? State::trailer : State::data;
            break;
        }
        case State::data: {
            const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size() - pos));
            payload.push_back(input.substr(pos, take));
            pos += take;
            remaining_ -= take;
            if (remaining_ == 0) state_ = State::dataEnd;
            break;
        }
        case State::dataEnd:
            if (input.size() - pos < 2) return pos;
            if (input[pos] != '\r' || input[pos + 1] != '\n') return fail("chunk data not followed by CRLF");
            pos += 2;
            state_ = State::size;
            break;
        case State::done: break;
        }
    }
    return pos;
}

} // namespace gatehouse::http
