#include "http/websocket_upgrade.h"

#include "common/text_util.h"
#include "http/forwarding.h"

#include <algorithm>

namespace gatehouse::http {
using namespace std::string_view_literals;

namespace {
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// 22 base64 characters and "==": exactly 16 bytes (RFC 6455 §4.1, item 7).
bool isKey(std::string_view key) {
    if (key.size() != 24 || key.substr(22) != "==") return false;
    return std::all_of(key.begin(), key.begin() + 22, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    });
}
} // namespace

UpgradeCheck checkWebSocketUpgrade(const RequestHead& head, bool hasBody) {
    UpgradeCheck out;
    if (!head.find("upgrade")) return out; // nearly every request: no allocation on that path
    const std::string upgrade = head.combined("upgrade");
    if (!listContains(upgrade, "websocket")) return out;
    // Upgrade is hop-by-hop: without Connection naming it, it is not meant for us (RFC 9110 §7.8).
    if (!listContains(head.combined("connection"), "upgrade")) return out;
    const auto refuse = [&](std::string reason, int status = 400, std::string fields = {}) {
        out.refusal = UpgradeRefusal{status, std::move(reason), std::move(fields)};
        return out;
    };
    if (head.method != "GET") return refuse("a WebSocket handshake is a GET request");
    if (head.minorVersion != 1) return refuse("a WebSocket handshake needs HTTP/1.1");
    if (hasBody) return refuse("a WebSocket handshake has no body");
    if (head.count("sec-websocket-version") != 1 || head.find("sec-websocket-version")->value != "13") {
        return refuse("this gateway speaks WebSocket version 13 (RFC 6455)", 426, "Sec-WebSocket-Version: 13\r\n");
    }
    if (head.count("sec-websocket-key") != 1 || !isKey(head.find("sec-websocket-key")->value)) {
        return refuse("Sec-WebSocket-Key must be one field of 16 bytes in base64");
    }
    out.request = WebSocketRequest{std::string(head.find("sec-websocket-key")->value)};
    return out;
}

std::string webSocketAccept(std::string_view key) {
    std::string text(key);
    text.append(kGuid);
    return gateway::base64(gateway::sha1(text));
}

std::optional<std::string> checkWebSocketAnswer(const ResponseHead& head, const WebSocketRequest& request) {
    if (head.status != 101) return "not 101";
    if (!listContains(head.combined("upgrade"), "websocket")) return "101 without 'Upgrade: websocket'";
    if (!listContains(head.combined("connection"), "upgrade")) return "101 without 'Connection: Upgrade'";
    const HeaderField* accept = head.find("sec-websocket-accept");
    if (head.count("sec-websocket-accept") != 1 || accept->value != webSocketAccept(request.key)) {
        return "101 whose Sec-WebSocket-Accept does not answer the key sent";
    }
    return std::nullopt;
}

void appendSwitchingHead(const ResponseHead& head, std::string_view requestId, std::string_view filterFields, std::string& out) {
    const std::string connectionValue = head.combined("connection");
    out.append("HTTP/1.1 101 Switching Protocols\r\n"sv);
    for (const HeaderField& field : head.fields) {
        if (isManagedResponseField(field.name, connectionValue)) continue; // Upgrade, Connection, framing: ours
        if (!requestId.empty() && equalsIgnoreCase(field.name, "x-request-id")) continue;
        out.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
    }
    if (!requestId.empty()) out.append("X-Request-Id: "sv).append(requestId).append("\r\n"sv);
    out.append(filterFields);
    out.append("Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n"sv);
}

void FrameTracker::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (skip_ > 0) {
            const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, bytes.size()));
            skip_ -= take;
            bytes.remove_prefix(take);
            continue;
        }
        head_[have_++] = static_cast<unsigned char>(bytes.front());
        bytes.remove_prefix(1);
        if (have_ < 2) continue;
        const unsigned length7 = head_[1] & 0x7f;
        const std::size_t lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        const std::size_t need = 2 + lengthBytes + ((head_[1] & 0x80) ? 4 : 0);
        if (have_ < need) continue;
        std::uint64_t length = length7;
        if (lengthBytes > 0) {
            length = 0;
            for (std::size_t i = 0; i < lengthBytes; ++i) length = (length << 8) | head_[2 + i];
        }
        ++frames_;
        if ((head_[0] & 0x0f) == 0x8) sawClose_ = true;
        skip_ = length;
        have_ = 0;
    }
}

std::string closeFrame(unsigned code, bool masked, unsigned mask) {
    std::string frame;
    frame.push_back(static_cast<char>(0x88)); // FIN, opcode 8: close
    frame.push_back(static_cast<char>((masked ? 0x80 : 0) | 2));
    const unsigned char payload[2] = {static_cast<unsigned char>(code >> 8), static_cast<unsigned char>(code & 0xff)};
    const unsigned char key[4] = {static_cast<unsigned char>(mask >> 24), static_cast<unsigned char>(mask >> 16),
                                  static_cast<unsigned char>(mask >> 8), static_cast<unsigned char>(mask)};
    if (masked) frame.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < 2; ++i) frame.push_back(static_cast<char>(masked ? payload[i] ^ key[i % 4] : payload[i]));
    return frame;
}

} // namespace gatehouse::http
