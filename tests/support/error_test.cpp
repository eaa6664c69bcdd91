#include "engine/support/error.hpp"

#include <gtest/gtest.h>

namespace fibre {
namespace {

TEST(Error, ContextIsNamedInTheMessage) {
    DataError e("not a date", ErrorContext{"deliv.zip", "t_cable", "42", "cb_datemes"});
    EXPECT_STREQ(e.what(), "file 'deliv.zip', layer 't_cable', feature 42, field 'cb_datemes': not a date");
    EXPECT_EQ(e.exit_code(), ExitCode::data);
}

TEST(Error, EnrichedOnTheWayUpWithoutOverwriting) {
    try {
        try {
            throw DataError("bad value", ErrorContext{"", "", "", "cb_statut"});
        } catch (Error& inner) {
            inner.add_context(ErrorContext{"a.zip", "t_cable", "7", "ignored"});
            throw;
        }
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "file 'a.zip', layer 't_cable', feature 7, field 'cb_statut': bad value");
        EXPECT_EQ(e.reason(), "bad value");
    }
}

TEST(Error, UsageErrorsExitWithTwo) {
    EXPECT_EQ(UsageError("x").exit_code(), ExitCode::usage);
    EXPECT_EQ(StoreError("x").exit_code(), ExitCode::data);
}

} // namespace
} // namespace fibre
