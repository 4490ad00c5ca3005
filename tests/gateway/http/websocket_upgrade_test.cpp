// The WebSocket handshake on bytes: what is an upgrade, what is refused and how, the
// answer a service must give, and the frames the gateway writes itself.
#include "http/websocket_upgrade.h"

#include <gtest/gtest.h>

#include <string>

namespace gatehouse::http {
namespace {

struct Parsed {
    std::string bytes;
    RequestHead head;
    explicit Parsed(std::string text) : bytes(std::move(text)) {
        HeadError error;
        EXPECT_EQ(parseRequestHead(bytes, HeadLimits{}, head, error), ParseStatus::complete) << error.reason;
    }
};

const std::string kGood = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

TEST(WebSocketUpgrade, AGoodHandshakeIsReadAndItsAcceptIsTheRfcsExample) {
    Parsed good(kGood);
    const UpgradeCheck check = checkWebSocketUpgrade(good.head, false);
    ASSERT_TRUE(check.request);
    EXPECT_FALSE(check.refusal);
    EXPECT_EQ(check.request->key, "dGhlIHNhbXBsZSBub25jZQ==");
    EXPECT_EQ(webSocketAccept(check.request->key), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455 §1.3
}

TEST(WebSocketUpgrade, OtherUpgradesAreNotWebSocketAndBadHandshakesAreRefusedWithTheirReason) {
    Parsed h2c("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n");
    const UpgradeCheck other = checkWebSocketUpgrade(h2c.head, false);
    EXPECT_FALSE(other.request);
    EXPECT_FALSE(other.refusal); // proxied as plain HTTP, its Upgrade dropped as before
    // Upgrade without Connection naming it is not for this hop (RFC 9110 §7.8): plain HTTP too.
    std::string unlisted = kGood;
    unlisted.replace(unlisted.find("keep-alive, Upgrade"), 19, "keep-alive");
    Parsed notForUs(unlisted);
    EXPECT_FALSE(checkWebSocketUpgrade(notForUs.head, false).request);
    EXPECT_FALSE(checkWebSocketUpgrade(notForUs.head, false).refusal);

    const auto replace = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    struct Case {
        std::string bytes;
        bool body = false;
        int status;
        std::string says;
    };
    const Case cases[] = {
        {replace(kGood, "GET", "POST"), false, 400, "GET"},
        {replace(kGood, "HTTP/1.1", "HTTP/1.0"), false, 400, "HTTP/1.1"},
        {kGood, true, 400, "no body"},
        {replace(kGood, "Version: 13", "Version: 8"), false, 426, "version 13"},
        {replace(kGood, "dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ="), false, 400, "16 bytes"},
        {replace(kGood, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ=="
                                                     "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="), false, 400, "one field"},
    };
    for (const Case& c : cases) {
        Parsed parsed(c.bytes);
        const UpgradeCheck check = checkWebSocketUpgrade(parsed.head, c.body);
        ASSERT_TRUE(check.refusal) << c.bytes;
        EXPECT_FALSE(check.request);
        EXPECT_EQ(check.refusal->status, c.status) << c.bytes;
        EXPECT_NE(check.refusal->reason.find(c.says), std::string::npos) << check.refusal->reason;
        if (c.status == 426) {
            EXPECT_EQ(check.refusal->fields, "Sec-WebSocket-Version: 13\r\n");
        }
    }
}

ResponseHead parsedAnswer(const std::string& bytes) {
    ResponseHead head;
    HeadError error;
    EXPECT_EQ(parseResponseHead(bytes, HeadLimits{}, head, error), ParseStatus::complete) << error.reason;
    return head;
}

TEST(WebSocketUpgrade, TheServicesAnswerMustAnswerTheKeyAndTheClientGetsItWithoutHopByHopFields) {
    const WebSocketRequest request{"dGhlIHNhbXBsZSBub25jZQ=="};
    const std::string good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n"
                             "Keep-Alive: timeout=5\r\nX-Request-Id: theirs\r\n\r\n";
    const ResponseHead head = parsedAnswer(good);
    EXPECT_FALSE(checkWebSocketAnswer(head, request));
    const std::string wrongAccept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n";
    EXPECT_TRUE(checkWebSocketAnswer(parsedAnswer(wrongAccept), request));
    const std::string noUpgrade = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    EXPECT_TRUE(checkWebSocketAnswer(parsedAnswer(noUpgrade), request));

    std::string out;
    appendSwitchingHead(head, "ours", "Strict-Transport-Security: max-age=1\r\n", out);
    EXPECT_EQ(out, "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                   "Sec-WebSocket-Protocol: chat\r\nX-Request-Id: ours\r\nStrict-Transport-Security: max-age=1\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
}

TEST(WebSocketUpgrade, CloseFramesAreMaskedOnlyTowardTheService) {
    EXPECT_EQ(closeFrame(1001, false), std::string("\x88\x02\x03\xe9", 4));
    const std::string masked = closeFrame(1001, true, 0x01020304);
    ASSERT_EQ(masked.size(), 8u);
    EXPECT_EQ(static_cast<unsigned char>(masked[1]), 0x82u); // mask bit, length 2
    EXPECT_EQ(static_cast<unsigned char>(masked[6]) ^ 0x01, 0x03u);
    EXPECT_EQ(static_cast<unsigned char>(masked[7]) ^ 0x02, 0xe9u);
}

TEST(WebSocketUpgrade, TheFrameTrackerFindsTheCloseFrameHoweverTheBytesAreCut) {
    // A masked 300-byte binary frame (16-bit length), a ping, then a close frame.
    std::string stream = std::string("\x82\xfe\x01\x2c", 4) + "abcd" + std::string(300, 'x');
    stream += std::string("\x89\x80", 2) + "mask";
    stream += closeFrame(1000, true);
    for (std::size_t cut = 1; cut <= stream.size(); ++cut) {
        FrameTracker tracker;
        for (std::size_t at = 0; at < stream.size(); at += cut) tracker.feed(std::string_view(stream).substr(at, cut));
        EXPECT_EQ(tracker.frames(), 3u) << cut;
        EXPECT_TRUE(tracker.sawClose()) << cut;
    }
    FrameTracker partial;
    partial.feed(stream.substr(0, stream.size() - 8)); // the close frame not yet come
    EXPECT_FALSE(partial.sawClose());
    // A 64-bit length is skipped, not read as frames.
    FrameTracker big;
    big.feed(std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
    big.feed(std::string(65536, '\x88'));
    EXPECT_EQ(big.frames(), 1u);
    EXPECT_FALSE(big.sawClose());
}

} // namespace
} // namespace gatehouse::http
