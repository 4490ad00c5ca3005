// The response side of the framing layer: parseResponseHead and responseFraming
// (gateway/http). The input is what an upstream answers.
//
// Invariants (abort on violation):
// - every refusal is a 502 with a reason (the gateway answers for the upstream);
// - a complete head is complete under the tightest limits it fits, and no prefix of it
//   is complete or refused;
// - the answer to a HEAD request, and a 1xx, 204 or 304, has no body;
// - a response accepted whole, serialised canonically (status line, "name: value"
//   fields, blank line, the body with its Content-Length, re-chunked, or until close),
//   parses to the same version, status, reason, fields in order, framing and body;
// - chunked bodies decode the same whole or in pieces.
#include "http_fuzz_common.h"

using namespace gatehouse::http;
using namespace gatehouse::fuzz;

namespace {

struct Message {
    ResponseHead head;
    BodyFraming framing;
    std::string body;
    std::vector<std::string> chunks;
};

std::string describe(const ResponseHead& head) {
    return fmt::format("minor={} status={} reason=\"{}\" size={}\n{}", head.minorVersion, head.status, escaped(head.reason),
                       head.size, describeFields(head));
}

bool sameHead(const ResponseHead& a, const ResponseHead& b) {
    return a.minorVersion == b.minorVersion && a.status == b.status && a.reason == b.reason && sameFields(a, b);
}

void checkError(const HeadError& error, const char* what, std::string_view input) {
    FUZZ_CHECK(error.status == 502 && !error.reason.empty(),
               fmt::format("{} refused with status {} and reason '{}': \"{}\"", what, error.status, error.reason, escaped(input)));
}

std::optional<Message> parseMessage(std::string_view input, const HeadLimits& limits) {
    Message m;
    HeadError error;
    const ParseStatus status = parseResponseHead(input, limits, m.head, error);
    if (status == ParseStatus::error) checkError(error, "the head", input);
    if (status != ParseStatus::complete) return std::nullopt;
    FUZZ_CHECK(m.head.size > 0 && m.head.size <= input.size(), fmt::format("head size {} of {}", m.head.size, input.size()));
    FUZZ_CHECK(m.head.status >= 100 && m.head.status <= 999, fmt::format("status {}", m.head.status));

    HeadError headError;
    const std::optional<BodyFraming> forHead = responseFraming(m.head, true, headError);
    FUZZ_CHECK(forHead && forHead->kind == BodyFraming::Kind::none, "the answer to a HEAD request has a body");

    const std::optional<BodyFraming> framing = responseFraming(m.head, false, error);
    if (!framing) {
        checkError(error, "the framing", input);
        return std::nullopt;
    }
    const bool bodiless = m.head.status < 200 || m.head.status == 204 || m.head.status == 304;
    FUZZ_CHECK(!bodiless || framing->kind == BodyFraming::Kind::none, fmt::format("a {} with a body", m.head.status));
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
    case BodyFraming::Kind::untilClose:
        FUZZ_CHECK(!m.head.find("content-length") && !m.head.find("transfer-encoding"), "until close with a length");
        m.body = std::string(rest); // the connection closes after these
        break;
    }
    return m;
}

std::string canonical(const Message& m) {
    std::string out = fmt::format("HTTP/1.{} {:03}", m.head.minorVersion, m.head.status);
    if (!m.head.reason.empty()) fmt::format_to(std::back_inserter(out), " {}", m.head.reason);
    out += "\r\n";
    out += serializeFields(m.head);
    out += m.framing.kind == BodyFraming::Kind::chunked ? rechunk(m.chunks) : m.body;
    return out;
}

void checkLimitsAndPrefixes(std::string_view input, const ResponseHead& head) {
    const std::size_t statusLine = input.find("\r\n");
    const HeadLimits tight{head.size, statusLine, head.fields.size()};
    ResponseHead again;
    HeadError error;
    FUZZ_CHECK(parseResponseHead(input, tight, again, error) == ParseStatus::complete && sameHead(head, again),
               fmt::format("refused under the limits it fits (head {} bytes, status line {}, {} fields): {} {}\n\"{}\"",
                           head.size, statusLine, head.fields.size(), error.status, error.reason,
                           escaped(input.substr(0, head.size))));
    for (std::size_t cut : interestingCuts(input, head.size)) {
        for (const HeadLimits& limits : {HeadLimits{}, tight}) {
            ResponseHead part;
            HeadError partError;
            const ParseStatus status = parseResponseHead(input.substr(0, cut), limits, part, partError);
            FUZZ_CHECK(status == ParseStatus::incomplete,
                       fmt::format("the first {} of the {} bytes of a complete head are {} ({} {}) under limits "
                                   "{{head {}, status line {}, fields {}}}: \"{}\"",
                                   cut, head.size, status == ParseStatus::complete ? "complete" : "refused",
                                   partError.status, partError.reason, limits.maxHeadBytes, limits.maxStartLine,
                                   limits.maxFields, escaped(input.substr(0, cut))));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);

    ResponseHead head;
    HeadError error;
    if (parseResponseHead(input, HeadLimits{}, head, error) == ParseStatus::complete) {
        checkLimitsAndPrefixes(input, head);
        checkCombined(head);
    }

    const std::optional<Message> message = parseMessage(input, HeadLimits{});
    if (!message) return 0;
    if (message->framing.kind == BodyFraming::Kind::chunked) checkChunkedSplits(input.substr(message->head.size));

    const std::string wire = canonical(*message);
    HeadLimits roomy;
    roomy.maxHeadBytes = std::max(roomy.maxHeadBytes, wire.size());
    roomy.maxStartLine = std::max(roomy.maxStartLine, wire.size());
    const std::optional<Message> again = parseMessage(wire, roomy);
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
