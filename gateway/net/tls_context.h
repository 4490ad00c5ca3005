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

// A TLS client context (TLS 1.2 and later) that verifies peers against `caFile` (empty:
// the system's CAs) and presents certFile/keyFile when they are given (mTLS). Throws as
// makeServerTlsContext does.
std::shared_ptr<boost::asio::ssl::context> makeClientTlsContext(const std::string& caFile, const std::string& certFile,
                                                                const std::string& keyFile);

} // namespace gatehouse::gateway
