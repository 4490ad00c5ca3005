#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace gatehouse::gateway {

// Where Redis is: "redis[s]://[[user][:password]@]host[:port][/db]" (user and password
// percent-encoded; a user is a Redis 6 ACL user; rediss:// is TLS, verified like https
// destinations, against upstream_tls.ca_file or the system's CAs).
struct RedisEndpoint {
    std::string hostPort;
    std::string user;
    std::string password;
    bool tls = false;
    int database = 0;
    std::chrono::milliseconds timeout{50};
    std::size_t maxInFlight = 1024;
};
std::expected<RedisEndpoint, std::string> parseRedisUrl(std::string_view url);
// The URL with its password replaced by "***": for messages and logs.
std::string redactRedisUrl(std::string_view url);

} // namespace gatehouse::gateway
