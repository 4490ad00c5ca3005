#pragma once

#include "observe/thresholds.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gatehouse::gateway {

// One service summed over the gateways that serve it: what the fleet's services list and
// a service's fleet detail are made of.
struct FleetService {
    SeriesRing::Totals totals;
    DestinationCounts destinations;
    int timeoutSeconds = 0;
    std::vector<std::uint64_t> sparkRequests, sparkErrors;
    boost::json::array gateways; // each gateway's own figures for this service
};

// Adds one gateway's /api/v1/services item (counts, latency buckets, destinations, spark).
void addService(FleetService& fleet, const std::string& gatewayId, const boost::json::object& item);
// The service as a gateway writes it, from the sums, judged with `thresholds`.
boost::json::object fleetServiceJson(const std::string& name, FleetService& fleet, const Thresholds& thresholds);
// A counter of a gateway's answer: 0 when absent or not a number.
std::uint64_t countOf(const boost::json::object& item, std::string_view key);
// Worst first, as the gateways order services: red, amber, idle, green.
int serviceStatusRank(const boost::json::value& item);

// A service's series over the fleet: points of every gateway added by bucket start, the
// percentiles read again from the merged histograms, and each gateway's requests and
// errors per bucket beside them.
class FleetSeries {
public:
    void add(const std::string& gatewayId, const boost::json::object& series);
    boost::json::object json(const std::string& service, const std::string& window) const;

private:
    static constexpr std::size_t kCounts = 10; // requests, status_2xx … failures_no_healthy
    struct Point {
        std::uint64_t counts[kCounts] = {};
        SeriesRing::Totals latency;
    };
    struct GatewayPoints {
        std::string gatewayId;
        std::map<std::int64_t, std::pair<std::uint64_t, std::uint64_t>> byTime; // t -> requests, errors
    };
    std::int64_t bucketSeconds_ = 0;
    std::map<std::int64_t, Point> points_; // by bucket start
    std::vector<GatewayPoints> gateways_;
    DestinationCounts destinations_;
};

} // namespace gatehouse::gateway
