#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gatehouse::gateway {

// One of etcd's client URLs.
struct EtcdEndpoint {
    std::string host; // an IP literal or a name
    unsigned short port = 0;
    std::string text() const;
};

// "etcd://10.0.0.1:2379,10.0.0.2:2379/gatehouse": the endpoints and the key prefix every
// key lives under (default "/gatehouse"), or why it is not one.
struct EtcdLocation {
    std::vector<EtcdEndpoint> endpoints;
    std::string prefix = "/gatehouse";
    std::string text() const; // as it would be written
};
std::expected<EtcdLocation, std::string> parseEtcdLocation(std::string_view spec);

struct EtcdKeyValue {
    std::string key;   // decoded
    std::string value; // decoded
    std::int64_t createRevision = 0;
    std::int64_t modRevision = 0;
};

// The few calls the collector makes of etcd v3, over its JSON gateway (HTTP/1.1, keys and
// values in base64): no gRPC stack for what is a handful of requests a minute. Blocking:
// every call is bounded by `timeout` from connect to the last byte, and tried on the next
// endpoint when one cannot be reached (starting from the one that answered last). Not
// for several threads at once: one client per thread.
class EtcdClient {
public:
    struct Error {
        std::string message;
        bool answered = false; // etcd answered, and said no; false: it could not be reached
    };
    template <class T>
    using Result = std::expected<T, Error>;

    EtcdClient(std::vector<EtcdEndpoint> endpoints, std::chrono::milliseconds timeout);

    struct Range {
        std::int64_t revision = 0; // of the store when it was read
        std::vector<EtcdKeyValue> kvs;
        bool more = false;
    };
    // `rangeEnd` empty: the one key. `descending`: newest key first. `limit` 0: all.
    Result<Range> range(std::string_view key, std::string_view rangeEnd = {}, std::int64_t limit = 0, bool descending = false);

    struct Txn {
        bool succeeded = false;
        std::int64_t revision = 0;
        boost::json::array responses; // etcd's, as JSON (response_range, response_put, ...)
    };
    // The three lists are etcd's TxnRequest fields; build them with the helpers below.
    Result<Txn> txn(boost::json::array compare, boost::json::array success, boost::json::array failure = {});

    // A lease that ends `ttlSeconds` from now; keys put with it go with it.
    Result<std::int64_t> grantLease(int ttlSeconds);
    Result<void> put(std::string_view key, std::string_view value, std::int64_t lease = 0);

    // Watches [key, rangeEnd) from `startRevision` until `onEvents` or `idle` says stop
    // (false), or the stream fails. `onEvents` gets each batch's store revision and
    // changed keys. `idle` is called whenever `idleEvery` passes without a message: the
    // stream has no deadline of its own, so the caller checks that etcd is alive.
    Result<void> watch(std::string_view key, std::string_view rangeEnd, std::int64_t startRevision,
                       const std::function<bool(std::int64_t revision, const std::vector<EtcdKeyValue>& events)>& onEvents,
                       const std::function<bool()>& idle, std::chrono::milliseconds idleEvery);

    // The endpoint that answered last (for messages).
    std::string endpoint() const { return endpoints_[current_].text(); }

private:
    Result<boost::json::value> post(std::string_view path, const boost::json::value& body);

    std::vector<EtcdEndpoint> endpoints_;
    std::chrono::milliseconds timeout_;
    std::size_t current_ = 0;
};

// The end of the range of every key that starts with `prefix`.
std::string etcdPrefixEnd(std::string_view prefix);
// TxnRequest parts.
boost::json::object etcdPut(std::string_view key, std::string_view value);
boost::json::object etcdRangeOp(std::string_view key, std::string_view rangeEnd = {});
// The key's last change is `modRevision` (0: the key does not exist).
boost::json::object etcdModRevisionIs(std::string_view key, std::int64_t modRevision);
// A TxnResponse part's keys and values (a response_range), decoded.
std::vector<EtcdKeyValue> etcdRangeResponse(const boost::json::value& response);

} // namespace gatehouse::gateway
