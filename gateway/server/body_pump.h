#pragma once

#include "http/forwarding.h"
#include "net/timed_socket.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// Reads are this large for bodies and responses: they move in few system calls.
inline constexpr std::size_t kBodyReadChunk = 64 * 1024;

// What a buffer holds, as text (valid until its next prepare).
inline std::string_view bufferView(const boost::beast::flat_buffer& buffer) {
    const auto data = buffer.data();
    return {static_cast<const char*>(data.data()), data.size()};
}

// One gathered write: `prefix` (a head not sent yet), the body pieces (as one chunk when
// `chunked`), then `suffix` (the last chunk). Fewer writes, fewer system calls and
// packets: a small response leaves in one.
boost::asio::awaitable<boost::system::error_code> writePieces(TimedSocket& socket, Clock::time_point deadline, std::string_view prefix,
                                                              const std::vector<std::string_view>& pieces, bool chunked,
                                                              std::string_view suffix = {});

// How a body pump ended, and what it moved.
struct Pumped {
    enum class Status { complete, readFailed, writeFailed, badFraming, tooLarge };
    Status status = Status::complete;
    boost::system::error_code readError;
    std::uint64_t bytesRead = 0;    // of the body as framed, taken from the buffer
    std::uint64_t bytesWritten = 0; // the prefix and the payload
};

// Moves one body from `from` to `to` as it arrives, in either direction (a request body
// upstream, a response body to the client): at most one read buffer in memory whatever
// its size. `buffer` holds what was already read from `from`. `prefix` (a head not sent
// yet) leaves with the first piece; the body is re-chunked when `chunkedOut`. Every
// read and write has `timeout`.
boost::asio::awaitable<Pumped> pumpBody(TimedSocket& from, boost::beast::flat_buffer& buffer, TimedSocket& to,
                                        http::BodyCutter& cutter, std::string_view prefix, bool chunkedOut, Watchdog& watchdog,
                                        std::chrono::milliseconds timeout);

} // namespace gatehouse::gateway
