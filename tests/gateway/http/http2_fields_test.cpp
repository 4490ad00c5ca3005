// HTTP/2 requests as the HTTP/1.1 heads the gateway parses, and responses back as
// HTTP/2 fields: on bytes, no I/O.
#include "http/http2_fields.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gatehouse::http {
namespace {

std::vector<HeaderField> request(std::vector<HeaderField> extra = {}, std::string_view path = "/a?b=1") {
    std::vector<HeaderField> fields{{":method", "GET"}, {":scheme", "https"}, {":authority", "api.example:8443"}, {":path", path}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    return fields;
}

TEST(Http2RequestHead, BecomesTheHttp1HeadTheGatewayParses) {
    std::string head;
    ASSERT_FALSE(http2RequestHead(request({{"accept", "*/*"}, {"te", "trailers"}}), true, head));
    EXPECT_EQ(head, "GET /a?b=1 HTTP/1.1\r\nHost: api.example:8443\r\naccept: */*\r\n\r\n");
    RequestHead parsed;
    HeadError error;
    ASSERT_EQ(parseRequestHead(head, {}, parsed, error), ParseStatus::complete) << error.reason;
    EXPECT_EQ(parsed.target, "/a?b=1");
    EXPECT_EQ(parsed.find("host")->value, "api.example:8443");
}

TEST(Http2RequestHead, JoinsCookieCrumbsAndFramesABodyWithoutLengthAsChunked) {
    std::string head;
    ASSERT_FALSE(http2RequestHead(request({{"cookie", "a=1"}, {"x", "y"}, {"cookie", "b=2"}}), false, head));
    EXPECT_EQ(head, "GET /a?b=1 HTTP/1.1\r\nHost: api.example:8443\r\ncookie: a=1; b=2\r\nx: y\r\ntransfer-encoding: chunked\r\n\r\n");
    ASSERT_FALSE(http2RequestHead(request({{"content-length", "5"}}), false, head));
    EXPECT_EQ(head.find("transfer-encoding"), std::string::npos);
}

TEST(Http2RequestHead, RefusesWhatRfc9113CallsMalformed) {
    std::string head;
    for (const std::vector<HeaderField>& bad : std::vector<std::vector<HeaderField>>{
             request({{"connection", "keep-alive"}}), request({{"transfer-encoding", "chunked"}}), request({{"upgrade", "h2c"}}),
             request({{"te", "gzip"}}), request({{"host", "other.example"}}), request({{":status", "200"}}),
             request({{":path", "/again"}}), {{":method", "GET"}, {":scheme", "https"}, {":path", "/"}}}) {
        const auto error = http2RequestHead(bad, true, head);
        ASSERT_TRUE(error.has_value()) << bad.back().name;
        EXPECT_EQ(error->status, 400);
        EXPECT_FALSE(error->reason.empty());
    }
    // A Host that names the same authority (any case) is fine.
    EXPECT_FALSE(http2RequestHead(request({{"host", "API.example:8443"}}), true, head));
    // Without :authority, Host names the host.
    const std::vector<HeaderField> hostOnly{{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {"host", "h.example"}};
    EXPECT_FALSE(http2RequestHead(hostOnly, true, head));
    EXPECT_EQ(head, "GET / HTTP/1.1\r\nHost: h.example\r\n\r\n");
}

TEST(Http2ResponseFields, LowercaseWithoutConnectionSpecificFieldsStatusFirst) {
    const std::string text = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                             "Keep-Alive: timeout=5\r\nX-Request-Id: abc\r\n\r\n";
    ResponseHead head;
    HeadError error;
    ASSERT_EQ(parseResponseHead(text, {}, head, error), ParseStatus::complete);
    std::string storage;
    std::vector<HeaderField> fields;
    http2ResponseFields(head, storage, fields);
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0].name, ":status");
    EXPECT_EQ(fields[0].value, "201");
    EXPECT_EQ(fields[1].name, "content-type");
    EXPECT_EQ(fields[1].value, "text/plain");
    EXPECT_EQ(fields[2].name, "x-request-id");
}

} // namespace
} // namespace gatehouse::http
