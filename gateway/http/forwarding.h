#pragma once

#include "http/chunked_decoder.h"
#include "http/client_fields.h"
#include "http/http_head.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// What a proxy writes, decided without I/O: the head sent upstream, the head sent back
// to the client, whether a connection stays open, and how a body is cut into pieces
// on its way through. Any codec (HTTP/1.1 today) feeds these and writes their bytes.
namespace gatehouse::http {

// Whether a connection stays open after this message (RFC 9112 §9.3): HTTP/1.1 unless
// "close" is listed, HTTP/1.0 only when "keep-alive" is.
bool keepsAlive(int minorVersion, std::string_view connectionValue);

// Hop-by-hop fields (RFC 9110 §7.6.1), those Connection lists, and the framing fields
// the gateway writes itself: never copied from a response to the client.
bool isManagedResponseField(std::string_view name, std::string_view connectionValue);

// Whether `name` starts with one of `prefixes` (any case): a field the filters claimed.
bool isClaimedField(std::string_view name, std::span<const std::string_view> prefixes);

// Sorts a request's fields: those that pass as they came go to `forwarded` and its
// X-Request-Id spellings to `requestIdFields` (as "Name: value\r\n" lines); identity,
// forwarding and hop-by-hop fields, in every spelling, are the gateway's alone and
// dropped. Returns the first field `action` refuses, or nullptr.
const HeaderField* sortClientFields(const RequestHead& head, std::string_view connectionValue, UnderscoreAction action,
                                    std::string& forwarded, std::string& requestIdFields);

// The request as it goes upstream.
struct UpstreamRequest {
    std::string_view method, target, host;
    std::string_view forwardedFields; // the client's fields that pass (sortClientFields)
    std::string_view filterFields;    // fields the filters add ("Name: value\r\n" lines)
    std::string_view clientIp;
    bool secure = false;              // the client spoke TLS to the gateway
    // The gateway's request id, when it sets one; otherwise the client's own lines pass.
    std::string_view requestId;
    std::string_view clientRequestIdFields;
    BodyFraming framing;
    bool webSocket = false; // a checked WebSocket handshake: Upgrade and Connection go with it
};

// Appends the upstream head: request line, Host, the passing fields, the filters'
// fields, X-Forwarded-For/-Proto/-Host, the request id, our own framing.
void appendUpstreamHead(const UpstreamRequest& request, std::string& out);

// The response as it goes back to the client.
struct ClientResponse {
    int requestMinorVersion = 1;
    bool requestWasHead = false;
    bool closeWanted = false;        // the client asked to close, or the gateway is draining
    std::string_view requestId;      // set: the gateway's X-Request-Id replaces any upstream one
    std::span<const std::string_view> claimedFields; // name prefixes the filters own: upstream fields so named are dropped
    std::string_view filterFields;   // fields the filters add
};

// How the body then goes out.
struct ClientHeadPlan {
    bool chunked = false;      // re-chunked to the client
    bool closeClient = false;  // the connection closes after this response
};

// Appends the client head for an upstream response with body `framing`: the upstream
// fields minus managed ones, the filters' fields, our framing and Connection field.
ClientHeadPlan appendClientHead(const ResponseHead& head, const BodyFraming& framing, const ClientResponse& response,
                                std::string& out);

// Cuts a body framed by `framing` into the pieces that pass on (chunked bodies are
// decoded: their payload only), as bytes arrive. No I/O: what is read goes in, what to
// write comes out.
class BodyCutter {
public:
    explicit BodyCutter(BodyFraming framing, std::uint64_t limit = 0) : framing_(framing), remaining_(framing.length), limit_(limit) {}

    enum class Status { more, complete, badFraming, tooLarge };
    struct Step {
        std::size_t used = 0; // bytes of the input consumed
        Status status = Status::more;
    };
    // Appends payload slices of `input` (views) to `pieces`. `limit` (0: none) bounds a
    // chunked body's payload; a length is checked before the body is read.
    Step next(std::string_view input, std::vector<std::string_view>& pieces);
    // A body read until the connection closes ends well at EOF; others are cut short.
    bool endsAtClose() const { return framing_.kind == BodyFraming::Kind::untilClose; }
    std::uint64_t payloadBytes() const { return payload_; }

private:
    BodyFraming framing_;
    std::uint64_t remaining_ = 0;
    std::uint64_t limit_ = 0;
    std::uint64_t payload_ = 0;
    ChunkedDecoder decoder_;
};

} // namespace gatehouse::http
