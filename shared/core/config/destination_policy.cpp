#include "core/config/destination_policy.h"

#include <fmt/format.h>

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace gatehouse::config {
namespace {

constexpr std::array<std::uint8_t, 16> mapped(const std::uint8_t (&v4)[4]) {
    return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, v4[0], v4[1], v4[2], v4[3]};
}

bool isMappedV4(const std::array<std::uint8_t, 16>& a) {
    return std::all_of(a.begin(), a.begin() + 10, [](std::uint8_t b) { return b == 0; }) && a[10] == 0xff && a[11] == 0xff;
}

std::optional<std::uint16_t> parsePort(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// Splits "host:port" / "[v6]:port" / "host" into host and port text (empty: none).
bool splitHostPort(std::string_view text, std::string_view& host, std::string_view& port) {
    port = {};
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) return false;
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (rest.empty()) return true;
        if (rest.front() != ':') return false;
        port = rest.substr(1);
        return !port.empty();
    }
    const std::size_t colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) return false; // bare IPv6 needs brackets
    host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
        port = text.substr(colon + 1);
        if (port.empty()) return false;
    }
    return true;
}

} // namespace

std::optional<std::array<std::uint8_t, 16>> parseIpLiteral(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    const std::string copy(text);
    std::uint8_t v4[4];
    if (::inet_pton(AF_INET, copy.c_str(), v4) == 1) return mapped(v4);
    std::array<std::uint8_t, 16> v6{};
    if (::inet_pton(AF_INET6, copy.c_str(), v6.data()) == 1) return v6;
    return std::nullopt;
}

bool AddressRange::contains(const std::array<std::uint8_t, 16>& candidate, std::uint16_t candidatePort) const {
    if (port != 0 && port != candidatePort) return false;
    int bits = prefix;
    for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
        if ((candidate[i] & mask) != (address[i] & mask)) return false;
    }
    return true;
}

std::expected<AddressRange, std::string> parseAddressRange(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return std::unexpected(fmt::format("'{}' {}: write an address or CIDR range with an optional port, as in "
                                           "\"169.254.0.0/16\", \"127.0.0.1:6379\" or \"[fd00::/8]:9901\"",
                                           text, why));
    };
    std::string_view host;
    std::string_view portText;
    if (!splitHostPort(text, host, portText)) return bad("is not address[/prefix][:port]");
    AddressRange range;
    range.text = std::string(text);
    if (!portText.empty()) {
        const auto port = parsePort(portText);
        if (!port) return bad("has a bad port");
        range.port = *port;
    }
    std::string_view address = host;
    std::optional<int> prefix;
    if (const std::size_t slash = host.find('/'); slash != std::string_view::npos) {
        address = host.substr(0, slash);
        int value = -1;
        const std::string_view digits = host.substr(slash + 1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size()) return bad("has a bad prefix length");
        prefix = value;
    }
    const auto parsed = parseIpLiteral(address);
    if (!parsed) return bad("is not an IP address");
    range.address = *parsed;
    const bool v4 = isMappedV4(*parsed) && address.find(':') == std::string_view::npos;
    const int maxPrefix = v4 ? 32 : 128;
    if (prefix && (*prefix < 0 || *prefix > maxPrefix)) return bad("has a prefix length out of range");
    range.prefix = (v4 ? 96 : 0) + prefix.value_or(maxPrefix);
    return range;
}

DestinationPolicy DestinationPolicy::withDefaults(std::span<const std::string> ownListeners, std::vector<AddressRange> extra) {
    std::vector<AddressRange> forbidden;
    for (const char* metadata : {"169.254.0.0/16", "[fd00:ec2::254]"}) forbidden.push_back(*parseAddressRange(metadata));
    for (const std::string& listener : ownListeners) {
        auto range = parseAddressRange(listener);
        if (!range) continue;
        const bool unspecified = range->prefix == 128 && (range->address == std::array<std::uint8_t, 16>{} ||
                                                          (isMappedV4(range->address) && range->address[12] == 0 &&
                                                           range->address[13] == 0 && range->address[14] == 0 &&
                                                           range->address[15] == 0));
        const bool loopback = parseAddressRange("127.0.0.0/8")->contains(range->address, range->port) ||
                              parseAddressRange("[::1]")->contains(range->address, range->port);
        forbidden.push_back(*range);
        if (unspecified || loopback) {
            const std::string port = std::to_string(range->port);
            for (const std::string& local : {"127.0.0.0/8:" + port, "[::1]:" + port, "0.0.0.0:" + port, "[::]:" + port}) {
                auto extraRange = parseAddressRange(local);
                if (extraRange) forbidden.push_back(std::move(*extraRange));
            }
        }
    }
    for (AddressRange& range : extra) forbidden.push_back(std::move(range));
    return DestinationPolicy(std::move(forbidden));
}

const AddressRange* DestinationPolicy::refuses(const std::array<std::uint8_t, 16>& address, std::uint16_t port) const {
    // An IPv4-compatible spelling of v6 (::ffff:127.0.0.1) is the same address: mapped
    // forms are what both sides hold, so one comparison covers both.
    for (const AddressRange& range : forbidden_) {
        if (range.contains(address, port)) return &range;
    }
    return nullptr;
}

const AddressRange* DestinationPolicy::refuses(std::string_view hostPort) const {
    std::string_view host;
    std::string_view portText;
    if (!splitHostPort(hostPort, host, portText)) return nullptr;
    const auto port = parsePort(portText.empty() ? std::string_view("80") : portText);
    if (!port) return nullptr;
    if (host == "localhost" || host.ends_with(".localhost")) { // RFC 6761: always loopback
        if (const AddressRange* r = refuses(*parseIpLiteral("127.0.0.1"), *port)) return r;
        return refuses(*parseIpLiteral("::1"), *port);
    }
    const auto address = parseIpLiteral(host);
    return address ? refuses(*address, *port) : nullptr;
}

Problems checkDestinations(const ServiceConfig& service, const DestinationPolicy& policy) {
    Problems problems;
    for (std::size_t i = 0; i < service.destinations.size(); ++i) {
        const Destination& destination = service.destinations[i];
        if (const AddressRange* range = policy.refuses(destination.host)) {
            problems.push_back({service.source, indexPath("destinations", i) + ".host", "forbidden_destination",
                                fmt::format("destination '{}' is in a forbidden range ({})", destination.host, range->text),
                                Severity::error,
                                "gateways never send requests to their own listeners, cloud metadata or the ranges their "
                                "operators forbid (forbidden_destinations); point the service at its own servers"});
        }
    }
    return problems;
}

void readAddressRanges(JsonReader& reader, const boost::json::value& value, const std::string& path,
                       std::vector<AddressRange>& out) {
    const boost::json::array* items = reader.array(value, path);
    if (!items) return;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string itemPath = indexPath(path, i);
        auto text = reader.string((*items)[i], itemPath);
        if (!text) continue;
        auto range = parseAddressRange(*text);
        if (range) out.push_back(std::move(*range));
        else reader.error(itemPath, "bad_address", range.error());
    }
}

} // namespace gatehouse::config
