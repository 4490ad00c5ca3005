#include "http/chunked_decoder.h"

#include <fmt/format.h>

namespace gatehouse::http {
namespace {

bool isWhitespace(char c) {
    return c == ' ' || c == '\t';
}

// chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token /
// quoted-string (RFC 9112 §7.1.1). Extensions are never forwarded (the gateway writes
// its own chunks), but one it cannot read is a body two parsers could split apart.
bool validExtensions(std::string_view ext) {
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < ext.size() && isWhitespace(ext[i])) ++i;
    };
    const auto token = [&] {
        const std::size_t start = i;
        while (i < ext.size() && isTokenChar(ext[i])) ++i;
        return i > start;
    };
    while (true) {
        skipSpace();
        if (i == ext.size()) return ext.empty() || !isWhitespace(ext.back()); // BWS only before ';' or '='
        if (ext[i] != ';') return false;
        ++i;
        skipSpace();
        if (!token()) return false;
        skipSpace();
        if (i == ext.size() || ext[i] != '=') continue;
        ++i;
        skipSpace();
        if (i < ext.size() && ext[i] == '"') {
            ++i;
            bool closed = false;
            while (i < ext.size() && !closed) {
                const auto c = static_cast<unsigned char>(ext[i]);
                if (c == '"') {
                    closed = true;
                } else if (c == '\\') {
                    if (++i == ext.size()) return false;
                    const auto escaped = static_cast<unsigned char>(ext[i]);
                    if (escaped != '\t' && (escaped < 0x20 || escaped == 0x7f)) return false;
                } else if (c != '\t' && (c < 0x20 || c == 0x7f)) {
                    return false; // qdtext: HTAB, SP, visible ASCII but '"' and '\\', obs-text
                }
                ++i;
            }
            if (!closed) return false;
        } else if (!token()) {
            return false;
        }
    }
}

} // namespace

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
                // The CR of a line still waiting for its LF is not part of the line: the
                // same line is judged alike however the reads split it.
                const std::size_t pending = input.size() - pos - (input.back() == '\r' ? 1 : 0);
                if (pending > limits_.maxLine) return fail("chunk line too long");
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
                for (std::size_t i = colon + 1; i < line.size(); ++i) {
                    const auto c = static_cast<unsigned char>(line[i]);
                    if (c != '\t' && (c < 0x20 || c == 0x7f)) return fail("control character in a trailer field");
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
            if (digits < line.size() && line[digits] != ';' && !isWhitespace(line[digits])) {
                return fail(fmt::format("invalid chunk size '{}'", line.substr(0, 20)));
            }
            if (!validExtensions(line.substr(digits))) return fail("malformed chunk extension");
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
