#include "filters/filter_chain.h"

#include "common/text_util.h"
#include "http/http_head.h"

#include <fmt/format.h>

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
// Whether "Name: value\r\n" lines contain a field called `name`.
bool fieldsContain(std::string_view fields, std::string_view name) {
    while (!fields.empty()) {
        const std::size_t end = fields.find("\r\n");
        const std::string_view line = fields.substr(0, end);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && http::equalsIgnoreCase(line.substr(0, colon), name)) return true;
        if (end == std::string_view::npos) break;
        fields.remove_prefix(end + 2);
    }
    return false;
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
    return (response && response->find(name)) || fieldsContain(responseFields, name);
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
    rateLimit = {};
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
    std::size_t responseFieldsSize = 0;
    RequestContext::RateLimitHeaders rateLimit;
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
        pending.responseFieldsSize = context.responseFields.size();
        pending.rateLimit = context.rateLimit;
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
        context.responseFields.resize(pending.responseFieldsSize);
        context.rateLimit = pending.rateLimit;
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
