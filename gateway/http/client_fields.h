#pragma once

#include <string_view>

namespace gatehouse::http {

// Which client header fields may reach a backend. Backends built on CGI-style servers
// (Rack, Puma, Unicorn, PHP, WSGI) read a field name with '-' and '_' alike, so
// `X_Gatehouse_User_Id` and `X-Gatehouse-User-Id` are the same variable there: every
// spelling of a field the gateway manages is the gateway's alone.

// What to do with client fields whose name holds '_' ("headers_with_underscores_action",
// after Envoy's option of that name).
enum class UnderscoreAction {
    dropManaged,   // default: drop the ones that, read with '_' as '-', name a managed field
    rejectManaged, // answer 400 to those instead
    drop,          // drop every field with '_' (Envoy's DROP_HEADER)
    reject,        // answer 400 to any field with '_' (Envoy's REJECT_REQUEST)
};

enum class ClientField {
    forward,   // passed to the backend as it came
    host,      // the Host field: the gateway writes its own
    requestId, // an X-Request-Id spelling: passed only when the gateway does not set its own
    drop,      // managed by the gateway (hop-by-hop, framing, forwarding, identity) or dropped by the action
    reject,    // refused: the request gets a 400
};

// The identity fields the gateway sets for backends: X-Gatehouse-*.
inline constexpr std::string_view kIdentityPrefix = "x-gatehouse-";

// True when `a` and `b` are the same name with case ignored and '_' read as '-'.
bool sameFieldName(std::string_view a, std::string_view b);
// X-Gatehouse-* in any spelling.
bool namesIdentityField(std::string_view name);
// The forwarding fields that describe the client (X-Forwarded-*, Forwarded, X-Real-Ip,
// Client-Ip, ...), in any spelling: the gateway writes the ones it promises and drops
// the rest.
bool namesForwardingField(std::string_view name);
// Hop-by-hop and framing fields (RFC 9110 §7.6.1, RFC 9112 §6), in any spelling.
bool namesHopByHopField(std::string_view name);

// Decides one client field. `connectionValue` is every Connection field combined (the
// fields it lists are hop-by-hop too).
ClientField classifyClientField(std::string_view name, std::string_view connectionValue, UnderscoreAction action);

} // namespace gatehouse::http
