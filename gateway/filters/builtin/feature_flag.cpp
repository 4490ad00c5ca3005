// feature_flag: routes only for actors with a Flipper feature enabled. Flags come from
// the FlagStore, refreshed in the background: a request never waits for the flag
// service.
#include "filters/filter_registry.h"
#include "filters/flipper_flags.h"

#include <fmt/format.h>

#include <random>

namespace gatehouse::gateway::filters::builtin {
namespace {

class FeatureFlagFilter final : public Filter {
public:
    FeatureFlagFilter(std::string flag, int onDisabled, std::string actorPrefix, const FlagStore& store)
        : flag_(std::move(flag)), onDisabled_(onDisabled), actorPrefix_(std::move(actorPrefix)), store_(store) {}

    Outcome onRequest(RequestContext& context) const override {
        const std::shared_ptr<const FlagSet> flags = store_.current();
        if (!flags) return Outcome::fail("flag service not reached yet: treated as disabled", disabledReply(context));
        auto it = flags->features.find(flag_);
        if (it == flags->features.end()) return Outcome::deny("unknown flag: disabled", disabledReply(context));
        thread_local std::mt19937_64 rng{std::random_device{}()};
        const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        std::string flipperId;
        if (context.identity) flipperId = actorPrefix_ + context.identity->userId;
        const std::optional<std::string_view> actor = context.identity ? std::optional<std::string_view>(flipperId) : std::nullopt;
        if (flipperEnabled(it->second, flag_, actor, random01)) return Outcome::allow("enabled");
        return Outcome::deny(actor ? fmt::format("disabled for {}", flipperId) : std::string("disabled (no actor)"),
                             disabledReply(context));
    }

private:
    LocalReply disabledReply(const RequestContext& context) const {
        // A 404 reads like the gateway's own "no route" answer: a hidden feature stays hidden.
        if (onDisabled_ == 404) {
            return {404, "not_found", fmt::format("no route for {} {}{}", context.method, context.host, context.path), {}};
        }
        return {403, "forbidden", "this feature is not enabled for you", {}};
    }

    std::string flag_;
    int onDisabled_;
    std::string actorPrefix_;
    const FlagStore& store_;
};

} // namespace

std::expected<std::shared_ptr<const Filter>, std::string> featureFlag(const BuildContext& context) {
    if (!context.env.flags || !context.env.flagStore) return std::unexpected("feature_flag needs glue.flags (a Flipper API URL)");
    return std::make_shared<const FeatureFlagFilter>(paramString(context.ref.params, "flag"),
                                                     static_cast<int>(paramInteger(context.ref.params, "on_disabled", 404)),
                                                     context.env.actorPrefix, *context.env.flagStore);
}

} // namespace gatehouse::gateway::filters::builtin
