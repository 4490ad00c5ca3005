#pragma once

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace gatehouse::gateway {

// A TLS server context (TLS 1.2 and later) with a PEM certificate chain and key.
// Throws std::runtime_error naming the file that could not be loaded (start-up only).
std::shared_ptr<boost::asio::ssl::context> makeServerTlsContext(const std::string& certFile, const std::string& keyFile);

// Lets clients choose the application protocol by ALPN (RFC 7301): "h2" when they offer
// it and `http2` is true, else "http/1.1"; a client that offers neither gets no ALPN and
// speaks HTTP/1.1, as before ALPN.
void offerAlpn(boost::asio::ssl::context& context, bool http2);

// A TLS client context (TLS 1.2 and later) that verifies peers against `caFile` (empty:
// the system's CAs) and presents certFile/keyFile when they are given (mTLS). Throws as
// makeServerTlsContext does.
std::shared_ptr<boost::asio::ssl::context> makeClientTlsContext(const std::string& caFile, const std::string& certFile,
                                                                const std::string& keyFile);

} // namespace gatehouse::gateway
