#pragma once

#include "core/config/json_reader.h"
#include "core/config/problem.h"
#include "core/config/service_config.h"

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::config {

// Addresses a registration may not send the gateway to: its own listeners (a loop),
// cloud metadata (169.254.169.254 hands out credentials), and whatever the operators
// add (Redis, etcd, the collector). Checked when a team registers (the collector), when
// a gateway takes a table, and again by the gateway on every new upstream connection,
// after name resolution: a host name that resolves to a forbidden address is refused
// there too.
struct AddressRange {
    std::array<std::uint8_t, 16> address{}; // IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
    int prefix = 128;                       // over the 128 bits
    std::uint16_t port = 0;                 // 0: every port
    std::string text;                       // as configured, for messages

    bool contains(const std::array<std::uint8_t, 16>& candidate, std::uint16_t candidatePort) const;
};

// "169.254.0.0/16", "127.0.0.1:6379", "10.0.0.0/8:6379", "[::1]:9901", "[fd00:ec2::254]",
// "[fe80::/10]". An error message when it is none of these.
std::expected<AddressRange, std::string> parseAddressRange(std::string_view text);

// An IP literal (v4, or v6 without brackets) as 16 bytes; nullopt when not a literal.
std::optional<std::array<std::uint8_t, 16>> parseIpLiteral(std::string_view text);

class DestinationPolicy {
public:
    DestinationPolicy() = default;
    explicit DestinationPolicy(std::vector<AddressRange> forbidden) : forbidden_(std::move(forbidden)) {}

    // 169.254.0.0/16 and fd00:ec2::254 (cloud metadata), plus the listeners given as
    // "ip:port" (an unspecified address stands for every local one: loopback too).
    static DestinationPolicy withDefaults(std::span<const std::string> ownListeners, std::vector<AddressRange> extra);

    // The forbidden range that `hostPort` ("10.0.0.5:80", "[::1]:9901", "localhost:80")
    // falls in, or nullptr. Other host names pass here: they are checked on connect.
    const AddressRange* refuses(std::string_view hostPort) const;
    const AddressRange* refuses(const std::array<std::uint8_t, 16>& address, std::uint16_t port) const;

    const std::vector<AddressRange>& forbidden() const { return forbidden_; }

private:
    std::vector<AddressRange> forbidden_;
};

// forbidden_destination problems (path destinations[i].host) for each destination of
// `service` that `policy` refuses.
Problems checkDestinations(const ServiceConfig& service, const DestinationPolicy& policy);

// Reads a JSON list of ranges at `path` ("forbidden_destinations") into `out`.
void readAddressRanges(JsonReader& reader, const boost::json::value& value, const std::string& path,
                       std::vector<AddressRange>& out);

} // namespace gatehouse::config
