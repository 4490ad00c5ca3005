#include "net/tls_context.h"

#include <boost/asio/ssl.hpp>
#include <fmt/format.h>

#include <stdexcept>

namespace gatehouse::gateway {
namespace asio = boost::asio;

namespace {

std::shared_ptr<asio::ssl::context> makeContext(asio::ssl::context::method method) {
    auto context = std::make_shared<asio::ssl::context>(method);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    return context;
}

// Loads one PEM file into a context, saying which file failed.
template <typename Load>
void loadFile(const char* what, const std::string& file, Load load) {
    boost::system::error_code ec;
    load(ec);
    if (ec) throw std::runtime_error(fmt::format("cannot load the {} {}: {}", what, file, ec.message()));
}

} // namespace

std::shared_ptr<asio::ssl::context> makeServerTlsContext(const std::string& certFile, const std::string& keyFile) {
    auto context = makeContext(asio::ssl::context::tls_server);
    loadFile("certificate", certFile, [&](auto& ec) { context->use_certificate_chain_file(certFile, ec); });
    loadFile("private key", keyFile, [&](auto& ec) { context->use_private_key_file(keyFile, asio::ssl::context::pem, ec); });
    return context;
}

namespace {

// The wire form of ALPN lists: each name after its length.
constexpr unsigned char kHttp2First[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
constexpr unsigned char kHttp1Only[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

int selectAlpn(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* offered, unsigned int offeredLength,
               void* http2) {
    const bool h2 = http2 != nullptr;
    unsigned char* chosen = nullptr;
    const int found = SSL_select_next_proto(&chosen, outLength, h2 ? kHttp2First : kHttp1Only,
                                            h2 ? sizeof kHttp2First : sizeof kHttp1Only, offered, offeredLength);
    if (found != OPENSSL_NPN_NEGOTIATED) return SSL_TLSEXT_ERR_NOACK; // nothing in common: no ALPN, HTTP/1.1
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

} // namespace

void offerAlpn(asio::ssl::context& context, bool http2) {
    // The flag is the callback's argument: any non-null pointer says "h2 too".
    static int enabled = 1;
    SSL_CTX_set_alpn_select_cb(context.native_handle(), selectAlpn, http2 ? &enabled : nullptr);
}

std::shared_ptr<asio::ssl::context> makeClientTlsContext(const std::string& caFile, const std::string& certFile,
                                                         const std::string& keyFile) {
    auto context = makeContext(asio::ssl::context::tls_client);
    context->set_verify_mode(asio::ssl::verify_peer);
    if (!caFile.empty()) {
        loadFile("CA file", caFile, [&](auto& ec) { context->load_verify_file(caFile, ec); });
    } else {
        context->set_default_verify_paths();
    }
    if (!certFile.empty()) {
        loadFile("client certificate", certFile, [&](auto& ec) { context->use_certificate_chain_file(certFile, ec); });
        loadFile("client private key", keyFile, [&](auto& ec) { context->use_private_key_file(keyFile, asio::ssl::context::pem, ec); });
    }
    return context;
}

} // namespace gatehouse::gateway
