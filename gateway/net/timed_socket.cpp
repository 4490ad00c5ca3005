#include "net/timed_socket.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <vector>

namespace gatehouse::gateway {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kToken = asio::as_tuple(asio::use_awaitable);
} // namespace

struct TimedSocket::Tls {
    Tls(tcp::socket& socket, asio::ssl::context& context) : stream(socket, context) {}
    asio::ssl::stream<tcp::socket&> stream;
};

std::string_view TimedSocket::alpn() const {
    if (!tls_) return {};
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(tls_->stream.native_handle(), &data, &length);
    return data ? std::string_view(reinterpret_cast<const char*>(data), length) : std::string_view();
}

Watchdog::Watchdog(asio::io_context& io, std::chrono::milliseconds tick) : timer_(io), tick_(tick) {
    schedule();
}

Watchdog::~Watchdog() {
    registry_->alive = false;
}

void Watchdog::cancelAll() {
    const std::vector<TimedSocket*> sockets(registry_->sockets.begin(), registry_->sockets.end());
    for (TimedSocket* socket : sockets) {
        if (registry_->sockets.count(socket)) socket->cancel();
    }
}

void Watchdog::schedule() {
    timer_.expires_after(tick_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return; // the loop is going away
        const Clock::time_point now = Clock::now();
        now_ = now;
        // Copy: cancelling may complete operations whose coroutines end and deregister.
        const std::vector<TimedSocket*> sockets(registry_->sockets.begin(), registry_->sockets.end());
        for (TimedSocket* socket : sockets) {
            if (registry_->sockets.count(socket)) socket->expireIfDue(now);
        }
        schedule();
    });
}

TimedSocket::TimedSocket(asio::io_context& io, Watchdog& watchdog) : socket_(io), registry_(watchdog.registry()) {
    registry_->sockets.insert(this);
}

TimedSocket::TimedSocket(tcp::socket socket, Watchdog& watchdog)
    : socket_(std::move(socket)), registry_(watchdog.registry()) {
    registry_->sockets.insert(this);
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
}

TimedSocket::~TimedSocket() {
    registry_->sockets.erase(this);
}

void TimedSocket::cancel() {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
}

asio::awaitable<void> TimedSocket::handshake(asio::ssl::context& context, bool asServer, const std::string& serverName,
                                             Clock::time_point deadline, boost::system::error_code& ec) {
    tls_ = std::make_unique<Tls>(socket_, context);
    if (!asServer) {
        boost::system::error_code parseError;
        asio::ip::make_address(serverName, parseError);
        if (parseError) SSL_set_tlsext_host_name(tls_->stream.native_handle(), serverName.c_str()); // SNI: names only
        tls_->stream.set_verify_callback(asio::ssl::host_name_verification(serverName));
    }
    deadline_ = deadline;
    timedOut_ = false;
    auto [error] = co_await tls_->stream.async_handshake(asServer ? asio::ssl::stream_base::server : asio::ssl::stream_base::client,
                                                         kToken);
    ec = error;
    finish(ec);
}

void TimedSocket::expireIfDue(Clock::time_point now) {
    if (deadline_ > now) return;
    // The deadline stays until the operation finishes: a composed operation (a write in
    // several steps, a TLS record) whose current step was already complete when this
    // ran is cancelled again at its next step, on the next tick.
    timedOut_ = true;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
}

void TimedSocket::finish(boost::system::error_code& ec) {
    deadline_ = Clock::time_point::max();
    if (ec == asio::error::operation_aborted && timedOut_) ec = asio::error::timed_out;
    timedOut_ = false;
}

asio::awaitable<std::size_t> TimedSocket::readSome(asio::mutable_buffer buffer, Clock::time_point deadline,
                                                   boost::system::error_code& ec) {
    deadline_ = deadline;
    timedOut_ = false;
    auto [error, n] = tls_ ? co_await tls_->stream.async_read_some(buffer, kToken)
                           : co_await socket_.async_read_some(buffer, kToken);
    ec = error;
    finish(ec);
    co_return n;
}

asio::awaitable<void> TimedSocket::writeAll(std::span<const asio::const_buffer> buffers, Clock::time_point deadline,
                                            boost::system::error_code& ec) {
    if (tls_) { // the TLS engine needs its own writes; no non-blocking shortcut
        deadline_ = deadline;
        timedOut_ = false;
        auto [error, n] = co_await asio::async_write(tls_->stream, buffers, kToken);
        ec = error;
        finish(ec);
        co_return;
    }
    const std::size_t total = asio::buffer_size(buffers);
    std::size_t written = socket_.write_some(buffers, ec); // non-blocking: usually all of it
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) co_return;
    if (!ec && written == total) co_return;
    rest_.clear();
    for (const asio::const_buffer& b : buffers) {
        if (written >= b.size()) {
            written -= b.size();
            continue;
        }
        rest_.push_back(asio::buffer(b + written));
        written = 0;
    }
    deadline_ = deadline;
    timedOut_ = false;
    auto [error, n] = co_await asio::async_write(socket_, rest_, kToken);
    ec = error;
    finish(ec);
}

asio::awaitable<void> TimedSocket::connect(const tcp::resolver::results_type& endpoints, Clock::time_point deadline,
                                           boost::system::error_code& ec,
                                           const std::function<bool(const tcp::endpoint&)>& allowed) {
    deadline_ = deadline;
    timedOut_ = false;
    const auto condition = [&](const boost::system::error_code&, const tcp::endpoint& next) { return !allowed || allowed(next); };
    auto [error, endpoint] = co_await asio::async_connect(socket_, endpoints, condition, kToken);
    ec = error;
    finish(ec);
    if (!ec) socket_.non_blocking(true, ec);
}

void TimedSocket::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

} // namespace gatehouse::gateway
