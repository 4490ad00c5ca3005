#include "http/client_fields.h"

#include <gtest/gtest.h>

namespace gatehouse::http {
namespace {

TEST(ClientFields, EverySpellingOfAManagedFieldIsDropped) {
    for (std::string_view name : {"X-Gatehouse-User-Id", "x_gatehouse_user_id", "X_GATEHOUSE-Scopes", "Forwarded",
                                  "X-Forwarded-For", "x_forwarded_for", "X-Forwarded-Port", "X-Forwarded-Ssl",
                                  "X-Forwarded-Scheme", "X_Real_IP", "Client-Ip", "client_ip", "True-Client-IP",
                                  "Transfer_Encoding", "content_length", "Connection", "Upgrade", "Keep_Alive"}) {
        EXPECT_EQ(classifyClientField(name, "", UnderscoreAction::dropManaged), ClientField::drop) << name;
    }
}

TEST(ClientFields, OrdinaryFieldsPass) {
    for (std::string_view name : {"Accept", "X_Custom", "X-Gatehouse", "X-Forwarded", "Authorization", "Cookie"}) {
        EXPECT_EQ(classifyClientField(name, "", UnderscoreAction::dropManaged), ClientField::forward) << name;
    }
    EXPECT_EQ(classifyClientField("X-Secret", "keep-alive, x-secret", UnderscoreAction::dropManaged), ClientField::drop);
    EXPECT_EQ(classifyClientField("Host", "", UnderscoreAction::dropManaged), ClientField::host);
    EXPECT_EQ(classifyClientField("X-Request-Id", "", UnderscoreAction::dropManaged), ClientField::requestId);
    EXPECT_EQ(classifyClientField("x_request_id", "", UnderscoreAction::dropManaged), ClientField::requestId);
}

TEST(ClientFields, Actions) {
    EXPECT_EQ(classifyClientField("X_Gatehouse_User_Id", "", UnderscoreAction::rejectManaged), ClientField::reject);
    EXPECT_EQ(classifyClientField("X-Gatehouse-User-Id", "", UnderscoreAction::rejectManaged), ClientField::drop);
    EXPECT_EQ(classifyClientField("X_Custom", "", UnderscoreAction::rejectManaged), ClientField::forward);
    EXPECT_EQ(classifyClientField("X_Custom", "", UnderscoreAction::drop), ClientField::drop);
    EXPECT_EQ(classifyClientField("X_Custom", "", UnderscoreAction::reject), ClientField::reject);
    EXPECT_EQ(classifyClientField("X-Custom", "", UnderscoreAction::reject), ClientField::forward);
}

TEST(ClientFields, SameFieldName) {
    EXPECT_TRUE(sameFieldName("X_A-b", "x-a_B"));
    EXPECT_FALSE(sameFieldName("X-A", "X-AB"));
    EXPECT_FALSE(sameFieldName("X.A", "X-A"));
}

} // namespace
} // namespace gatehouse::http
