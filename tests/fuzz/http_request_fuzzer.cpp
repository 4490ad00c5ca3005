// The request side of the framing layer: parseRequestHead, requestFraming and the
// chunked decoder (gateway/http). The input is what a client sends on a connection.
//
// Invariants (abort on violation):
// - a refused head or framing has a 4xx/5xx status and a reason;
// - a complete head is complete under the tightest limits it fits, and no prefix of it
//   is complete or refused (a read that ends mid-head only waits for more);
// - a message accepted whole (head, framing, body complete) serialised canonically
//   (request line, "name: value" fields, blank line, the body with its Content-Length or
//   re-chunked without extensions) parses to the same method, target, version, fields
//   in order and body bytes;
// - the chunked decoder gives the same verdict and payload whether the bytes arrive
//   whole or in pieces (http_fuzz_common.h), on the body and on the raw input.
#include "http_fuzz_common.h"

using namespace gatehouse::http;
using namespace gatehouse::fuzz;

namespace {

struct Message {
    RequestHead head;
    BodyFraming framing;
    std::string body;
    std::vector<std::string> chunks; // chunked: the payload slices, to re-chunk along
};

std::string describe(const RequestHead& head) {
    return fmt::format("method=\"{}\" target=\"{}\" minor={} size={}\n{}", escaped(head.method), escaped(head.target),
                       head.minorVersion, head.size, describeFields(head));
}

bool sameHead(const RequestHead& a, const RequestHead& b) {
    return a.method == b.method && a.target == b.target && a.minorVersion == b.minorVersion && sameFields(a, b);
}

void checkError(const HeadError& error, const char* what, std::string_view input) {
    FUZZ_CHECK(error.status >= 400 && error.status <= 599 && !error.reason.empty(),
               fmt::format("{} refused with status {} and reason '{}': \"{}\"", what, error.status, error.reason, escaped(input)));
}

// Parses a whole message: nullopt when it is refused or incomplete.
std::optional<Message> parseMessage(std::string_view input, const HeadLimits& limits, bool check) {
    Message m;
    HeadError error;
    const ParseStatus status = parseRequestHead(input, limits, m.head, error);
    if (status == ParseStatus::error && check) checkError(error, "the head", input);
    if (status != ParseStatus::complete) return std::nullopt;
    FUZZ_CHECK(m.head.size > 0 && m.head.size <= input.size(), fmt::format("head size {} of {}", m.head.size, input.size()));
    const std::optional<BodyFraming> framing = requestFraming(m.head, error);
    if (!framing) {
        if (check) checkError(error, "the framing", input);
        return std::nullopt;
    }
    m.framing = *framing;
    const std::string_view rest = input.substr(m.head.size);
    switch (framing->kind) {
    case BodyFraming::Kind::none: break;
    case BodyFraming::Kind::length:
        FUZZ_CHECK(framing->length > 0, "Kind::length with length 0");
        if (rest.size() < framing->length) return std::nullopt;
        m.body = std::string(rest.substr(0, static_cast<std::size_t>(framing->length)));
        break;
    case BodyFraming::Kind::chunked: {
        const ChunkedResult decoded = decodeWhole(rest);
        if (!decoded.done) return std::nullopt;
        m.body = decoded.payload;
        m.chunks = decoded.chunks;
        break;
    }
    case BodyFraming::Kind::untilClose: FUZZ_CHECK(false, "a request framed until close");
    }
    return m;
}

std::string canonical(const Message& m) {
    std::string out = fmt::format("{} {} HTTP/1.{}\r\n", m.head.method, m.head.target, m.head.minorVersion);
    out += serializeFields(m.head);
    out += m.framing.kind == BodyFraming::Kind::chunked ? rechunk(m.chunks) : m.body;
    return out;
}

// The head once more under the tightest limits it fits, and cut short.
void checkLimitsAndPrefixes(std::string_view input, const RequestHead& head) {
    const std::size_t lineStart = static_cast<std::size_t>(head.method.data() - input.data());
    const std::size_t lineLength = static_cast<std::size_t>(head.target.data() + head.target.size() - head.method.data()) + 9;
    const HeadLimits tight{head.size, lineLength, head.fields.size()};
    RequestHead again;
    HeadError error;
    FUZZ_CHECK(parseRequestHead(input, tight, again, error) == ParseStatus::complete && sameHead(head, again),
               fmt::format("refused under the limits it fits (head {} bytes, request line {} at {}, {} fields): {} {}\n\"{}\"",
                           head.size, lineLength, lineStart, head.fields.size(), error.status, error.reason,
                           escaped(input.substr(0, head.size))));
    for (std::size_t cut : interestingCuts(input, head.size)) {
        for (const HeadLimits& limits : {HeadLimits{}, tight}) {
            RequestHead part;
            HeadError partError;
            const ParseStatus status = parseRequestHead(input.substr(0, cut), limits, part, partError);
            FUZZ_CHECK(status == ParseStatus::incomplete,
                       fmt::format("the first {} of the {} bytes of a complete head are {} ({} {}) under limits "
                                   "{{head {}, request line {}, fields {}}}: \"{}\"",
                                   cut, head.size, status == ParseStatus::complete ? "complete" : "refused",
                                   partError.status, partError.reason, limits.maxHeadBytes, limits.maxStartLine,
                                   limits.maxFields, escaped(input.substr(0, cut))));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);

    RequestHead head;
    HeadError error;
    const ParseStatus status = parseRequestHead(input, HeadLimits{}, head, error);
    if (status == ParseStatus::complete) {
        checkLimitsAndPrefixes(input, head);
        checkCombined(head);
    }

    const std::optional<Message> message = parseMessage(input, HeadLimits{}, true);
    if (!message) {
        // Not a request: the chunked decoder gets the raw bytes instead.
        checkChunkedSplits(input);
        return 0;
    }
    if (message->framing.kind == BodyFraming::Kind::chunked) checkChunkedSplits(input.substr(message->head.size));

    const std::string wire = canonical(*message);
    HeadLimits roomy;
    roomy.maxHeadBytes = std::max(roomy.maxHeadBytes, wire.size());
    roomy.maxStartLine = std::max(roomy.maxStartLine, wire.size());
    const std::optional<Message> again = parseMessage(wire, roomy, true);
    FUZZ_CHECK(again.has_value(), fmt::format("the canonical form is refused or incomplete\n  input: \"{}\"\n  canonical: \"{}\"",
                                              escaped(input), escaped(wire)));
    FUZZ_CHECK(sameHead(message->head, again->head),
               fmt::format("the canonical form parses differently\n  first: {}\n  again: {}\n  canonical: \"{}\"",
                           describe(message->head), describe(again->head), escaped(wire)));
    FUZZ_CHECK(message->framing.kind == again->framing.kind && message->framing.length == again->framing.length,
               "the canonical form is framed differently");
    FUZZ_CHECK(message->body == again->body,
               fmt::format("the canonical form has another body: \"{}\" then \"{}\"", escaped(message->body), escaped(again->body)));
    return 0;
}
