#pragma once

#include "admin/admin_api.h"
#include "admin/admin_store.h"
#include "admin/trail_queries.h"
#include "net/api_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace gatehouse::gateway {

struct GatewayState;
class AlertEvaluator;

// The admin listener and what it serves from: the admin store (the default filters'
// switches, the audit, alert history), the trail's query side, the tokens, and the API
// over them. Stores that cannot open are said in the log and in /metrics; the gateway
// serves on without them. Runs on the control thread.
class AdminListener {
public:
    // Opens the stores (applying the saved switches) and reads admin_tokens_file; a bad
    // tokens file throws (start-up only).
    AdminListener(boost::asio::io_context& control, GatewayState& state);
    ~AdminListener();

    AdminStore* store() { return store_.get(); }
    // Binds the admin address and serves until close().
    void start(AlertEvaluator& alerts);
    unsigned short port() const;
    void close();

private:
    void openStore();
    void openTrailQueries();

    boost::asio::io_context& control_;
    GatewayState& state_;
    std::vector<AdminToken> tokens_;
    std::unique_ptr<AdminStore> store_;
    std::unique_ptr<TrailQueries> trail_;
    std::unique_ptr<AdminApi> api_; // after trail_: it goes first, while it still points at it
    ApiHandler handler_;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
};

} // namespace gatehouse::gateway
