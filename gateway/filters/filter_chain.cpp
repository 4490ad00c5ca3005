#include "filters/filter_chain.h"

#include "common/text_util.h"
#include "http/http_head.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace gatehouse::gateway::filters {

const char* decisionName(Decision decision) {
    switch (decision) {
    case Decision::allow: return "allow";
    case Decision::deny: return "deny";
    case Decision::skip: return "skip";
    case Decision::error: return "error";
    }
    return "?";
}

boost::asio::awaitable<Outcome> Filter::onRequestAsync(RequestContext& context) const {
    co_return onRequest(context);
}

LocalReply unauthorizedReply(std::string message, std::string fields) {
    // RFC 9110 §15.5.2: a 401 names a scheme.
    if (fields.empty()) fields = "WWW-Authenticate: Bearer realm=\"gatehouse\"\r\n";
    return {401, "unauthorized", std::move(message), std::move(fields)};
}

std::string_view RequestContext::header(std::string_view name) const {
    if (!head) return {};
    const http::HeaderField* field = head->find(name);
    return field ? field->value : std::string_view{};
}

namespace {
// The "Name: value\r\n" line of `fields` called `name`, without its CRLF (npos: none).
struct FieldLine {
    std::size_t at = std::string_view::npos;
    std::size_t size = 0;
    std::string_view value;
};

FieldLine findField(std::string_view fields, std::string_view name) {
    std::size_t at = 0;
    while (at < fields.size()) {
        const std::size_t end = std::min(fields.find("\r\n", at), fields.size());
        const std::string_view line = fields.substr(at, end - at);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && http::equalsIgnoreCase(line.substr(0, colon), name)) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            return {at, line.size(), value};
        }
        at = end + 2;
    }
    return {};
}
} // namespace

std::string_view RequestContext::cookie(std::string_view name) const {
    if (!head) return {};
    for (const http::HeaderField& field : head->fields) {
        if (!http::equalsIgnoreCase(field.name, "cookie")) continue;
        if (const std::string_view value = cookieValue(field.value, name); !value.empty()) return value;
    }
    return {};
}

bool RequestContext::responseHas(std::string_view name) const {
    return (response && response->find(name)) || findField(responseFields, name).at != std::string_view::npos;
}

std::string_view RequestContext::responseField(std::string_view name) const {
    return findField(responseFields, name).value;
}

void RequestContext::setResponseField(std::string_view name, std::string_view value) {
    const FieldLine line = findField(responseFields, name);
    if (line.at == std::string_view::npos) {
        addResponseField(name, value);
        return;
    }
    std::string replacement;
    replacement.append(name).append(": ").append(value);
    responseFields.replace(line.at, line.size, replacement);
}

void RequestContext::claimResponseFields(std::string_view prefix) {
    if (std::find(claimedResponseFields.begin(), claimedResponseFields.end(), prefix) == claimedResponseFields.end()) {
        claimedResponseFields.push_back(prefix);
    }
}

void RequestContext::addUpstreamField(std::string_view name, std::string_view value) {
    upstreamFields.append(name).append(": ").append(value).append("\r\n");
}

void RequestContext::addResponseField(std::string_view name, std::string_view value) {
    responseFields.append(name).append(": ").append(value).append("\r\n");
}

void RequestContext::reset() {
    method = host = target = path = clientIp = {};
    secure = false;
    head = nullptr;
    route = nullptr;
    requestId.clear();
    propagateRequestId = false;
    identity.reset();
    shadowIdentity.reset();
    upstreamFields.clear();
    responseFields.clear();
    claimedResponseFields.clear();
    records.clear();
    hasShadow = false;
    status = 0;
    response = nullptr;
}

std::shared_ptr<FilterStats> FilterStatsRegistry::get(const std::string& service, std::size_t routeIndex,
                                                      std::string_view filter, std::string_view phase, std::size_t position,
                                                      config::FilterMode mode, bool isDefault) {
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", service, routeIndex, phase, position, filter,
                                        config::filterModeName(mode));
    std::lock_guard lock(mutex_);
    auto& slot = stats_[key];
    if (!slot) {
        slot = std::make_shared<FilterStats>();
        slot->service = service;
        slot->routeIndex = routeIndex;
        slot->filter = std::string(filter);
        slot->phase = std::string(phase);
        slot->mode = mode;
        slot->isDefault = isDefault;
    }
    return slot;
}

void FilterStatsRegistry::prune() {
    std::lock_guard lock(mutex_);
    std::erase_if(stats_, [](const auto& item) { return item.second.use_count() == 1; });
}

std::vector<std::shared_ptr<const FilterStats>> FilterStatsRegistry::all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<const FilterStats>> out;
    for (const auto& [key, stats] : stats_) out.push_back(stats);
    return out;
}

FilterChain::FilterChain(std::vector<ChainEntry> before, std::vector<ChainEntry> after)
    : before_(std::move(before)), after_(std::move(after)) {
    for (const ChainEntry& entry : before_) hasAsync_ = hasAsync_ || entry.filter->isAsync();
}

struct FilterChain::Pending {
    std::chrono::steady_clock::time_point started;
    std::size_t upstreamFieldsSize = 0;
    std::string responseFields; // a shadow filter may replace fields in place: the whole text is kept
    std::size_t claimedSize = 0;
    std::optional<Identity> identity; // shadow mode: the enforced identity, put back afterwards
    bool propagateRequestId = false;
    std::string requestId;
};

// Shadow filters see the world as if the shadowed authenticators were enforced, but
// whatever they change is undone afterwards: only their decision remains.
FilterChain::Pending FilterChain::begin(const ChainEntry& entry, RequestContext& context, Clock::time_point started) const {
    Pending pending;
    pending.started = started;
    if (entry.mode == config::FilterMode::shadow) {
        pending.upstreamFieldsSize = context.upstreamFields.size();
        pending.responseFields = context.responseFields;
        pending.claimedSize = context.claimedResponseFields.size();
        pending.propagateRequestId = context.propagateRequestId;
        pending.requestId = context.requestId;
        pending.identity = context.identity;
        if (!context.identity && context.shadowIdentity) context.identity = context.shadowIdentity;
    }
    return pending;
}

FilterChain::Step FilterChain::finish(const ChainEntry& entry, Pending& pending, Outcome outcome, RequestContext& context,
                                      std::optional<LocalReply>& reply, Clock::time_point& now) const {
    now = Clock::now();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - pending.started);
    const bool shadow = entry.mode == config::FilterMode::shadow;
    if (shadow) {
        if (!pending.identity && context.identity) context.shadowIdentity = std::move(context.identity);
        context.identity = std::move(pending.identity);
        context.upstreamFields.resize(pending.upstreamFieldsSize);
        context.responseFields = std::move(pending.responseFields);
        context.claimedResponseFields.resize(pending.claimedSize);
        context.propagateRequestId = pending.propagateRequestId;
        context.requestId = std::move(pending.requestId);
        context.hasShadow = true;
    }
    entry.stats->decisions[static_cast<std::size_t>(outcome.decision)].fetch_add(1, std::memory_order_relaxed);
    context.records.push_back({entry.name, entry.mode, outcome.decision, std::move(outcome.reason),
                               static_cast<std::uint32_t>(micros.count()), entry.toggle != nullptr, false,
                               entry.stats.get()});
    if (outcome.reply && !shadow) {
        reply = std::move(outcome.reply);
        return Step::stop;
    }
    return Step::next;
}

std::optional<LocalReply> FilterChain::runBefore(RequestContext& context) const {
    std::optional<LocalReply> reply;
    Clock::time_point now = Clock::now();
    for (const ChainEntry& entry : before_) {
        if (entry.toggle && !entry.toggle->enabled.load(std::memory_order_relaxed)) continue;
        Pending pending = begin(entry, context, now);
        if (finish(entry, pending, entry.filter->onRequest(context), context, reply, now) == Step::stop) break;
    }
    return reply;
}

boost::asio::awaitable<std::optional<LocalReply>> FilterChain::runBeforeAsync(RequestContext& context) const {
    std::optional<LocalReply> reply;
    Clock::time_point now = Clock::now();
    for (const ChainEntry& entry : before_) {
        if (entry.toggle && !entry.toggle->enabled.load(std::memory_order_relaxed)) continue;
        Pending pending = begin(entry, context, now);
        Outcome outcome;
        // Not a conditional expression: GCC 12 miscompiles co_await inside one.
        if (entry.filter->isAsync()) outcome = co_await entry.filter->onRequestAsync(context);
        else outcome = entry.filter->onRequest(context);
        if (finish(entry, pending, std::move(outcome), context, reply, now) == Step::stop) break;
    }
    co_return reply;
}

void FilterChain::runAfter(RequestContext& context) const {
    if (after_.empty()) return;
    std::optional<LocalReply> ignored; // after filters change headers; they cannot stop a response already chosen
    Clock::time_point now = Clock::now();
    for (auto it = after_.rbegin(); it != after_.rend(); ++it) {
        if (it->toggle && !it->toggle->enabled.load(std::memory_order_relaxed)) continue;
        Pending pending = begin(*it, context, now);
        finish(*it, pending, it->filter->onResponse(context), context, ignored, now);
    }
}

void FilterChain::flagShadowMismatches(RequestContext& context, int upstreamStatus) const {
    if (!context.hasShadow) return;
    const bool backendAllowed = upstreamStatus >= 200 && upstreamStatus < 400;
    const bool backendDenied = upstreamStatus == 401 || upstreamStatus == 403;
    for (FilterRecord& record : context.records) {
        if (record.mode != config::FilterMode::shadow) continue;
        record.mismatch = (record.decision == Decision::deny && backendAllowed) ||
                          (record.decision == Decision::allow && backendDenied);
        if (record.mismatch && record.stats) record.stats->shadowMismatches.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace gatehouse::gateway::filters
