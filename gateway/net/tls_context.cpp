#include "net/tls_context.h"

#include <boost/asio/ssl.hpp>
#include <fmt/format.h>

#include <stdexcept>

namespace gatehouse::gateway {
namespace asio = boost::asio;

std::shared_ptr<asio::ssl::context> makeServerTlsContext(const std::string& certFile, const std::string& keyFile) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    context->use_certificate_chain_file(certFile, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot load the certificate {}: {}", certFile, ec.message()));
    context->use_private_key_file(keyFile, asio::ssl::context::pem, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot load the private key {}: {}", keyFile, ec.message()));
    return context;
}

} // namespace gatehouse::gateway
