#include "core/catalogue/filter_catalogue.h"

#include <gtest/gtest.h>

#include <set>

namespace gatehouse::catalogue {
namespace {

TEST(FilterCatalogue, NamesAreUniqueAndFindable) {
    std::set<std::string> names;
    for (const FilterSpec& spec : filterCatalogue()) {
        EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
        EXPECT_EQ(findFilter(spec.name), &spec);
        EXPECT_TRUE(spec.before || spec.after) << spec.name << " can run nowhere";
        EXPECT_TRUE(spec.needsIdentity) << spec.name;
        EXPECT_FALSE(spec.summary.empty()) << spec.name;
        for (const ParamSpec& param : spec.params) {
            EXPECT_FALSE(param.description.empty()) << spec.name << "." << param.name;
            EXPECT_FALSE(param.required && param.defaultValue) << spec.name << "." << param.name;
        }
    }
    EXPECT_EQ(findFilter("no_such_filter"), nullptr);
    for (const char* name : {"request_id", "sanitize", "security_headers", "oauth_token", "session_cookie", "ensure_auth",
                             "identity_headers", "authorize", "rate_limit", "feature_flag"}) {
        EXPECT_NE(findFilter(name), nullptr) << name;
    }
}

TEST(FilterCatalogue, OnlyAuthenticatorsProvideIdentity) {
    std::set<std::string> authenticators;
    for (const FilterSpec& spec : filterCatalogue()) {
        if (spec.authenticates) authenticators.insert(spec.name);
    }
    EXPECT_EQ(authenticators, (std::set<std::string>{"oauth_token", "session_cookie"}));
    EXPECT_TRUE(findFilter("ensure_auth")->needsIdentity({}));
    EXPECT_TRUE(findFilter("rate_limit")->needsIdentity({{"by", std::string("user")}}));
    EXPECT_FALSE(findFilter("rate_limit")->needsIdentity({{"by", std::string("ip")}}));
}

TEST(FilterCatalogue, SecurityHeadersRunsAfterTheBackendOnly) {
    const FilterSpec* spec = findFilter("security_headers");
    EXPECT_FALSE(spec->before);
    EXPECT_TRUE(spec->after);
}

} // namespace
} // namespace gatehouse::catalogue
