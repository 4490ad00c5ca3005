#include "server/body_pump.h"

#include <boost/asio/buffer.hpp>
#include <boost/container/small_vector.hpp>
#include <fmt/format.h>

namespace gatehouse::gateway {
namespace asio = boost::asio;

namespace {


} // namespace

asio::awaitable<boost::system::error_code> writePieces(TimedSocket& socket, Clock::time_point deadline, std::string_view prefix,
                                                       const std::vector<std::string_view>& pieces, bool chunked, std::string_view suffix) {
    std::size_t total = 0;
    for (std::string_view piece : pieces) total += piece.size();
    boost::container::small_vector<asio::const_buffer, 8> buffers;
    if (!prefix.empty()) buffers.emplace_back(prefix.data(), prefix.size());
    std::string chunkHeader;
    if (total > 0) {
        if (chunked) {
            chunkHeader = fmt::format("{:x}\r\n", total);
            buffers.emplace_back(chunkHeader.data(), chunkHeader.size());
        }
        for (std::string_view piece : pieces) {
            if (!piece.empty()) buffers.emplace_back(piece.data(), piece.size());
        }
        if (chunked) buffers.emplace_back("\r\n", 2);
    }
    if (!suffix.empty()) buffers.emplace_back(suffix.data(), suffix.size());
    boost::system::error_code ec;
    if (!buffers.empty()) co_await socket.writeAll(buffers, deadline, ec);
    co_return ec;
}

asio::awaitable<Pumped> pumpBody(TimedSocket& from, boost::beast::flat_buffer& buffer, TimedSocket& to, http::BodyCutter& cutter,
                                 std::string_view prefix, bool chunkedOut, Watchdog& watchdog, std::chrono::milliseconds timeout) {
    using Cut = http::BodyCutter::Status;
    Pumped result;
    std::vector<std::string_view> pieces;
    while (true) {
        pieces.clear();
        const http::BodyCutter::Step step = cutter.next(bufferView(buffer), pieces);
        if (step.status == Cut::badFraming || step.status == Cut::tooLarge) {
            result.status = step.status == Cut::badFraming ? Pumped::Status::badFraming : Pumped::Status::tooLarge;
            co_return result;
        }
        const bool complete = step.status == Cut::complete;
        const std::string_view suffix = complete && chunkedOut ? "0\r\n\r\n" : "";
        const boost::system::error_code written = co_await writePieces(to, watchdog.now() + timeout, prefix, pieces, chunkedOut, suffix);
        if (written) {
            result.status = Pumped::Status::writeFailed;
            co_return result;
        }
        result.bytesWritten += prefix.size();
        for (std::string_view piece : pieces) result.bytesWritten += piece.size();
        prefix = {};
        result.bytesRead += step.used;
        buffer.consume(step.used);
        if (complete) co_return result;
        boost::system::error_code ec;
        const std::size_t n = co_await from.readSome(buffer.prepare(kBodyReadChunk), watchdog.now() + timeout, ec);
        if (ec && cutter.endsAtClose() && ec == asio::error::eof) { // the close is the body's end
            if (chunkedOut) {
                const boost::system::error_code last = co_await writePieces(to, watchdog.now() + timeout, {}, {}, false, "0\r\n\r\n");
                if (last) result.status = Pumped::Status::writeFailed;
            }
            co_return result;
        }
        if (ec) {
            result.status = Pumped::Status::readFailed;
            result.readError = ec;
            co_return result;
        }
        buffer.commit(n);
    }
}

} // namespace gatehouse::gateway
