// What the proxy writes, on bytes: the upstream head, the client head, keep-alive, and a
// body cut into pieces however its bytes arrive.
#include "http/forwarding.h"

#include <gtest/gtest.h>

#include <random>

namespace gatehouse::http {
namespace {

// A parsed response head with the bytes its views point into.
struct Parsed {
    explicit Parsed(std::string text) : bytes(std::move(text)) {
        HeadError error;
        EXPECT_EQ(parseResponseHead(bytes, {}, head, error), ParseStatus::complete) << error.reason;
    }
    Parsed(const Parsed&) = delete;
    std::string bytes;
    ResponseHead head;
};

TEST(Forwarding, KeepAliveByVersionAndConnection) {
    EXPECT_TRUE(keepsAlive(1, ""));
    EXPECT_FALSE(keepsAlive(1, "close"));
    EXPECT_FALSE(keepsAlive(1, "keep-alive, Close"));
    EXPECT_FALSE(keepsAlive(0, ""));
    EXPECT_TRUE(keepsAlive(0, "Keep-Alive"));
}

TEST(Forwarding, TheUpstreamHeadIsTheGatewaysOwn) {
    UpstreamRequest request;
    request.method = "POST";
    request.target = "/v2/orders?x=1";
    request.host = "api.example.com";
    request.forwardedFields = "Accept: */*\r\n";
    request.filterFields = "X-Gatehouse-User-Id: 42\r\n";
    request.clientIp = "10.1.2.3";
    request.secure = true;
    request.requestId = "abc";
    request.clientRequestIdFields = "X-Request-Id: theirs\r\n";
    request.framing = {BodyFraming::Kind::length, 12};
    std::string out;
    appendUpstreamHead(request, out);
    EXPECT_EQ(out, "POST /v2/orders?x=1 HTTP/1.1\r\nHost: api.example.com\r\nAccept: */*\r\nX-Gatehouse-User-Id: 42\r\n"
                   "X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: api.example.com\r\n"
                   "X-Request-Id: abc\r\nContent-Length: 12\r\n\r\n");

    // Without the gateway's own id the client's lines pass as they came; a chunked body
    // is sent chunked.
    request.requestId = {};
    request.secure = false;
    request.framing = {BodyFraming::Kind::chunked, 0};
    out.clear();
    appendUpstreamHead(request, out);
    EXPECT_NE(out.find("X-Forwarded-Proto: http\r\n"), std::string::npos);
    EXPECT_NE(out.find("X-Request-Id: theirs\r\nTransfer-Encoding: chunked\r\n\r\n"), std::string::npos);
    EXPECT_EQ(out.find("Content-Length"), std::string::npos);
}

TEST(Forwarding, TheClientHeadDropsWhatTheGatewayManages) {
    const Parsed parsed(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
        "X-Request-Id: upstream\r\nRateLimit-Limit: 9\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n\r\n");
    const ResponseHead& head = parsed.head;
    ClientResponse response;
    response.requestId = "gw-1";
    const std::string_view claimed[] = {"RateLimit-"};
    response.claimedFields = claimed;
    response.filterFields = "X-Frame-Options: DENY\r\nRateLimit-Limit: 100\r\n";
    std::string out;
    const ClientHeadPlan plan = appendClientHead(head, {BodyFraming::Kind::chunked, 0}, response, out);
    EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Kept: yes\r\nX-Request-Id: gw-1\r\n"
                   "X-Frame-Options: DENY\r\nRateLimit-Limit: 100\r\nTransfer-Encoding: chunked\r\n\r\n");
    EXPECT_TRUE(plan.chunked);
    EXPECT_FALSE(plan.closeClient);

    // Not owned: the upstream's id and RateLimit fields pass.
    out.clear();
    appendClientHead(head, {BodyFraming::Kind::chunked, 0}, ClientResponse{}, out);
    EXPECT_NE(out.find("X-Request-Id: upstream\r\n"), std::string::npos);
    EXPECT_NE(out.find("RateLimit-Limit: 9\r\n"), std::string::npos);
}

TEST(Forwarding, TheClientHeadFramesTheBodyForTheClientsVersion) {
    const Parsed parsed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    const ResponseHead& head = parsed.head;
    std::string out;
    ClientHeadPlan plan = appendClientHead(head, {BodyFraming::Kind::length, 5}, ClientResponse{}, out);
    EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    EXPECT_FALSE(plan.chunked || plan.closeClient);

    // An HTTP/1.0 client: a body read to the close cannot be chunked for it.
    ClientResponse old;
    old.requestMinorVersion = 0;
    out.clear();
    const Parsed toClose("HTTP/1.1 200 OK\r\n\r\n");
    plan = appendClientHead(toClose.head, {BodyFraming::Kind::untilClose, 0}, old, out);
    EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(plan.closeClient);
    EXPECT_FALSE(plan.chunked);
    out.clear();
    plan = appendClientHead(head, {BodyFraming::Kind::length, 5}, old, out);
    EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n");

    // No body: HEAD and 304 keep the length they describe; 204 has none; else 0.
    ClientResponse forHead;
    forHead.requestWasHead = true;
    out.clear();
    appendClientHead(head, {}, forHead, out);
    EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    out.clear();
    const Parsed noContent("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    appendClientHead(noContent.head, {}, ClientResponse{}, out);
    EXPECT_EQ(out, "HTTP/1.1 204 No Content\r\n\r\n");
    out.clear();
    const Parsed notModified("HTTP/1.1 304 Not Modified\r\n\r\n");
    appendClientHead(notModified.head, {}, ClientResponse{}, out);
    EXPECT_EQ(out, "HTTP/1.1 304 Not Modified\r\n\r\n");

    // Draining or asked to close.
    ClientResponse closing;
    closing.closeWanted = true;
    out.clear();
    plan = appendClientHead(head, {BodyFraming::Kind::length, 5}, closing, out);
    EXPECT_TRUE(plan.closeClient);
    EXPECT_NE(out.find("Connection: close\r\n\r\n"), std::string::npos);
}

// Feeds `wire` to a cutter in random slices, as a socket would deliver it, keeping what
// is not consumed for the next round; returns the payload and the last status.
std::pair<std::string, BodyCutter::Status> cut(BodyCutter& cutter, const std::string& wire, std::mt19937& rng) {
    std::string pending, payload;
    std::size_t fed = 0;
    BodyCutter::Status status = BodyCutter::Status::more;
    std::vector<std::string_view> pieces;
    while (true) {
        pieces.clear();
        const BodyCutter::Step step = cutter.next(pending, pieces);
        for (std::string_view piece : pieces) payload.append(piece);
        pending.erase(0, step.used);
        status = step.status;
        if (status != BodyCutter::Status::more || fed == wire.size()) break;
        const std::size_t n = std::min<std::size_t>(wire.size() - fed, 1 + rng() % 9);
        pending.append(wire, fed, n);
        fed += n;
    }
    return {payload, status};
}

TEST(Forwarding, ABodyIsCutTheSameHoweverItsBytesArrive) {
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        BodyCutter length({BodyFraming::Kind::length, 11});
        const auto [lengthPayload, lengthStatus] = cut(length, "hello worldEXTRA", rng);
        EXPECT_EQ(lengthPayload, "hello world");
        EXPECT_EQ(lengthStatus, BodyCutter::Status::complete);

        BodyCutter chunked({BodyFraming::Kind::chunked, 0});
        const auto [chunkedPayload, chunkedStatus] = cut(chunked, "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n", rng);
        EXPECT_EQ(chunkedPayload, "hello world");
        EXPECT_EQ(chunkedStatus, BodyCutter::Status::complete);
        EXPECT_EQ(chunked.payloadBytes(), 11u);

        BodyCutter untilClose({BodyFraming::Kind::untilClose, 0});
        const auto [closePayload, closeStatus] = cut(untilClose, "all of it", rng);
        EXPECT_EQ(closePayload, "all of it");
        EXPECT_EQ(closeStatus, BodyCutter::Status::more); // ends only at the close
        EXPECT_TRUE(untilClose.endsAtClose());
    }
}

TEST(Forwarding, ABodyThatBreaksItsFramingOrLimitStops) {
    std::mt19937 rng(3);
    BodyCutter none({BodyFraming::Kind::none, 0});
    EXPECT_EQ(cut(none, "", rng).second, BodyCutter::Status::complete);
    BodyCutter empty({BodyFraming::Kind::length, 0});
    EXPECT_EQ(cut(empty, "", rng).second, BodyCutter::Status::complete);
    BodyCutter bad({BodyFraming::Kind::chunked, 0});
    EXPECT_EQ(cut(bad, "zz\r\nhello\r\n0\r\n\r\n", rng).second, BodyCutter::Status::badFraming);
    BodyCutter limited({BodyFraming::Kind::chunked, 0}, 8);
    EXPECT_EQ(cut(limited, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", rng).second, BodyCutter::Status::tooLarge);
    BodyCutter withinLimit({BodyFraming::Kind::chunked, 0}, 11);
    EXPECT_EQ(cut(withinLimit, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", rng).second, BodyCutter::Status::complete);
}

} // namespace
} // namespace gatehouse::http
