#include "http/forwarding.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace gatehouse::http {
using namespace std::string_view_literals;

bool keepsAlive(int minorVersion, std::string_view connectionValue) {
    return minorVersion == 1 ? !listContains(connectionValue, "close") : listContains(connectionValue, "keep-alive");
}

bool isManagedResponseField(std::string_view name, std::string_view connectionValue) {
    return namesHopByHopField(name) || (!connectionValue.empty() && listContains(connectionValue, name));
}

bool isClaimedField(std::string_view name, std::span<const std::string_view> prefixes) {
    for (const std::string_view prefix : prefixes) {
        if (name.size() >= prefix.size() && equalsIgnoreCase(name.substr(0, prefix.size()), prefix)) return true;
    }
    return false;
}

const HeaderField* sortClientFields(const RequestHead& head, std::string_view connectionValue, UnderscoreAction action,
                                    std::string& forwarded, std::string& requestIdFields) {
    for (const HeaderField& field : head.fields) {
        switch (classifyClientField(field.name, connectionValue, action)) {
        case ClientField::forward:
            forwarded.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
            break;
        case ClientField::requestId:
            requestIdFields.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
            break;
        case ClientField::reject: return &field;
        case ClientField::host:
        case ClientField::drop: break;
        }
    }
    return nullptr;
}

void appendUpstreamHead(const UpstreamRequest& r, std::string& out) {
    // Plain appends: this runs for every request.
    out.append(r.method).append(" "sv).append(r.target).append(" HTTP/1.1\r\nHost: "sv).append(r.host);
    out.append("\r\n"sv).append(r.forwardedFields).append(r.filterFields);
    out.append("X-Forwarded-For: "sv).append(r.clientIp);
    out.append("\r\nX-Forwarded-Proto: "sv).append(r.secure ? "https"sv : "http"sv);
    out.append("\r\nX-Forwarded-Host: "sv).append(r.host).append("\r\n"sv);
    if (!r.requestId.empty()) out.append("X-Request-Id: "sv).append(r.requestId).append("\r\n"sv);
    else out.append(r.clientRequestIdFields); // not the gateway's business then: passed as it came
    if (r.framing.kind == BodyFraming::Kind::length) fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", r.framing.length);
    if (r.framing.kind == BodyFraming::Kind::chunked) out.append("Transfer-Encoding: chunked\r\n"sv);
    if (r.webSocket) out.append("Connection: Upgrade\r\nUpgrade: websocket\r\n"sv);
    out.append("\r\n"sv);
}

ClientHeadPlan appendClientHead(const ResponseHead& head, const BodyFraming& framing, const ClientResponse& response,
                                std::string& out) {
    const std::string connectionValue = head.combined("connection");
    const bool ownsRequestId = !response.requestId.empty();
    fmt::format_to(std::back_inserter(out), "HTTP/1.1 {} ", head.status);
    out.append(head.reason).append("\r\n"sv);
    for (const HeaderField& field : head.fields) {
        if (isManagedResponseField(field.name, connectionValue)) continue;
        if (ownsRequestId && equalsIgnoreCase(field.name, "x-request-id")) continue;
        if (!response.claimedFields.empty() && isClaimedField(field.name, response.claimedFields)) continue;
        out.append(field.name).append(": "sv).append(field.value).append("\r\n"sv);
    }
    if (ownsRequestId) out.append("X-Request-Id: "sv).append(response.requestId).append("\r\n"sv);
    out.append(response.filterFields);
    ClientHeadPlan plan;
    plan.closeClient = response.closeWanted;
    using Kind = BodyFraming::Kind;
    switch (framing.kind) {
    case Kind::none:
        if (const HeaderField* length = head.find("content-length"); length && head.status != 204) {
            out.append("Content-Length: "sv).append(length->value).append("\r\n"sv); // HEAD and 304 describe the body they omit
        } else if (head.status != 204 && head.status != 304 && !response.requestWasHead) {
            out.append("Content-Length: 0\r\n"sv);
        }
        break;
    case Kind::length: fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", framing.length); break;
    case Kind::chunked:
    case Kind::untilClose:
        if (response.requestMinorVersion == 1) {
            out.append("Transfer-Encoding: chunked\r\n"sv);
            plan.chunked = true;
        } else {
            plan.closeClient = true; // an HTTP/1.0 client reads to the close
        }
        break;
    }
    if (plan.closeClient) out.append("Connection: close\r\n"sv);
    else if (response.requestMinorVersion == 0) out.append("Connection: keep-alive\r\n"sv);
    out.append("\r\n"sv);
    return plan;
}

BodyCutter::Step BodyCutter::next(std::string_view input, std::vector<std::string_view>& pieces) {
    using Kind = BodyFraming::Kind;
    Step step;
    switch (framing_.kind) {
    case Kind::none: step.status = Status::complete; break;
    case Kind::chunked: {
        const std::size_t before = pieces.size();
        step.used = decoder_.decode(input, pieces);
        if (decoder_.failed()) return {0, Status::badFraming};
        for (std::size_t i = before; i < pieces.size(); ++i) payload_ += pieces[i].size();
        if (limit_ != 0 && payload_ > limit_) return {step.used, Status::tooLarge};
        step.status = decoder_.done() ? Status::complete : Status::more;
        break;
    }
    case Kind::length:
    case Kind::untilClose: {
        const bool counted = framing_.kind == Kind::length;
        step.used = counted ? static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size())) : input.size();
        if (step.used > 0) pieces.push_back(input.substr(0, step.used));
        payload_ += step.used;
        if (counted) remaining_ -= step.used;
        step.status = counted && remaining_ == 0 ? Status::complete : Status::more;
        break;
    }
    }
    return step;
}

} // namespace gatehouse::http
