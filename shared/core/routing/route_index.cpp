#include "core/routing/route_index.h"

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <limits>

namespace gatehouse::routing {
namespace {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

constexpr std::size_t kNoPosition = std::numeric_limits<std::size_t>::max();

} // namespace

struct RouteIndex::Node {
    boost::unordered_flat_map<std::string, std::unique_ptr<Node>, StringHash, std::equal_to<>> literals;
    std::unique_ptr<Node> param;
    std::vector<const RouteEntry*> terminal; // paths ending here, in table order
    std::vector<const RouteEntry*> wildcard; // paths whose '*' stands here, in table order
    std::size_t minPosition = kNoPosition;

    void insert(const RouteEntry& entry) {
        Node* node = this;
        for (const Segment& segment : entry.pattern.segments) {
            node->minPosition = std::min(node->minPosition, entry.position);
            if (segment.kind == SegmentKind::wildcard) {
                node->wildcard.push_back(&entry);
                return;
            }
            std::unique_ptr<Node>& child =
                segment.kind == SegmentKind::param ? node->param : node->literals[segment.text];
            if (!child) child = std::make_unique<Node>();
            node = child.get();
        }
        node->minPosition = std::min(node->minPosition, entry.position);
        node->terminal.push_back(&entry);
    }

    static void takeFirst(const std::vector<const RouteEntry*>& list, config::MethodSet method, const RouteEntry*& best) {
        for (const RouteEntry* entry : list) {
            if (best && entry->position >= best->position) return;
            if (entry->matchesMethod(method)) {
                best = entry;
                return;
            }
        }
    }

    void search(const RequestSegments& segments, std::size_t i, config::MethodSet method, const RouteEntry*& best) const {
        if (minPosition >= (best ? best->position : kNoPosition)) return;
        takeFirst(wildcard, method, best);
        if (i == segments.size()) {
            takeFirst(terminal, method, best);
            return;
        }
        if (auto it = literals.find(segments[i]); it != literals.end()) it->second->search(segments, i + 1, method, best);
        if (param && !segments[i].empty()) param->search(segments, i + 1, method, best);
    }

    void cover(const std::vector<Segment>& segments, std::size_t i, const std::function<void(const RouteEntry&)>& visit) const {
        for (const RouteEntry* entry : wildcard) visit(*entry);
        if (i == segments.size()) {
            for (const RouteEntry* entry : terminal) visit(*entry);
            return;
        }
        const Segment& segment = segments[i];
        if (segment.kind == SegmentKind::wildcard) return; // only wildcards cover a wildcard
        if (segment.kind == SegmentKind::literal) {
            if (auto it = literals.find(segment.text); it != literals.end()) it->second->cover(segments, i + 1, visit);
        }
        if (param) param->cover(segments, i + 1, visit);
    }
};

RouteIndex::RouteIndex(const std::vector<RouteEntry>& entries) : anyHost_(std::make_unique<Node>()) {
    boost::unordered_flat_map<std::string, std::unique_ptr<Node>> byHost;
    for (const RouteEntry& entry : entries) { // entries are in table order
        if (entry.hosts.empty()) {
            anyHost_->insert(entry);
            continue;
        }
        for (const std::string& host : entry.hosts) {
            std::unique_ptr<Node>& root = byHost[host];
            if (!root) root = std::make_unique<Node>();
            root->insert(entry);
        }
    }
    hostRoots_.reserve(byHost.size());
    for (auto& [host, root] : byHost) hostRoots_.emplace_back(host, std::move(root));
    std::sort(hostRoots_.begin(), hostRoots_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

RouteIndex::~RouteIndex() = default;

const RouteIndex::Node* RouteIndex::hostRoot(std::string_view host) const {
    auto it = std::lower_bound(hostRoots_.begin(), hostRoots_.end(), host,
                               [](const auto& item, std::string_view h) { return item.first < h; });
    return it != hostRoots_.end() && it->first == host ? it->second.get() : nullptr;
}

const RouteEntry* RouteIndex::find(const RouteRequest& request) const {
    const RouteEntry* best = nullptr;
    if (const Node* root = hostRoot(request.host)) root->search(request.segments, 0, request.method, best);
    anyHost_->search(request.segments, 0, request.method, best);
    return best;
}

void RouteIndex::forEachCoveringPath(const RouteEntry& entry, const std::function<void(const RouteEntry&)>& visit) const {
    anyHost_->cover(entry.pattern.segments, 0, visit);
    for (const std::string& host : entry.hosts) {
        if (const Node* root = hostRoot(host)) root->cover(entry.pattern.segments, 0, visit);
    }
}

} // namespace gatehouse::routing
