#pragma once

#include "http/http_head.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::http {

// The WebSocket opening handshake (RFC 6455 §4) as the gateway checks it, without I/O.
// A request that asks for another protocol (h2c, TLS/1.0) is not an upgrade here: its
// Upgrade field is dropped as hop-by-hop and it is proxied as plain HTTP, as before.

// A valid client handshake: what the gateway needs to check the service's answer.
struct WebSocketRequest {
    std::string key; // Sec-WebSocket-Key, as sent
};

// Why a handshake is refused: 400, or 426 with `fields` naming the version spoken.
struct UpgradeRefusal {
    int status = 400;
    std::string reason;
    std::string fields; // "Name: value\r\n" lines for the answer
};

// Nothing: not a WebSocket upgrade (Upgrade does not name websocket, or Connection does
// not name Upgrade). A request that does ask must be a GET over HTTP/1.1 without a
// body, with Sec-WebSocket-Version 13
// and one Sec-WebSocket-Key of 16 bytes in base64; otherwise it is refused, never
// half-upgraded.
struct UpgradeCheck {
    std::optional<WebSocketRequest> request;
    std::optional<UpgradeRefusal> refusal;
};
UpgradeCheck checkWebSocketUpgrade(const RequestHead& head, bool hasBody);

// base64(SHA-1(key + the RFC's GUID)): the Sec-WebSocket-Accept a service must answer with.
std::string webSocketAccept(std::string_view key);

// Checks a service's answer to a handshake it was sent: 101 with Upgrade: websocket,
// Connection: upgrade and the right Sec-WebSocket-Accept. Nothing when it is good.
std::optional<std::string> checkWebSocketAnswer(const ResponseHead& head, const WebSocketRequest& request);

// The 101 for the client: the service's own fields but hop-by-hop and framing ones (its
// Sec-WebSocket-Accept, -Protocol and -Extensions pass), the gateway's request id and the
// filters' fields, then Upgrade and Connection.
void appendSwitchingHead(const ResponseHead& head, std::string_view requestId, std::string_view filterFields, std::string& out);

// Follows the frames of one direction of a tunnel by their headers alone (payloads are
// skipped, never copied or unmasked), so that the gateway knows which side began the
// closing handshake: the side that closes the TCP connection is, by the RFC, the server.
class FrameTracker {
public:
    void feed(std::string_view bytes);
    std::uint64_t frames() const { return frames_; }
    bool sawClose() const { return sawClose_; }

private:
    unsigned char head_[14] = {};
    std::size_t have_ = 0;  // header bytes of the current frame read so far
    std::uint64_t skip_ = 0; // payload bytes of the current frame still to pass
    std::uint64_t frames_ = 0;
    bool sawClose_ = false;
};

// A close frame (RFC 6455 §5.5.1) with `code` and no reason: unmasked to a client,
// masked (with `mask`) to a service, as a client must.
std::string closeFrame(unsigned code, bool masked, unsigned mask = 0x5a17c3e1);

} // namespace gatehouse::http
