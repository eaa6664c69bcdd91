// Worksite states at chosen dates, on worksites built in code.

#include "engine/rollout/lifecycle_rules.hpp"
#include "engine/rollout/worksite_state.hpp"

#include <gtest/gtest.h>

namespace fibre::rollout {
namespace {

Date d(int y, unsigned m, unsigned day) {
    return Date::from_ymd(y, m, day);
}

model::Worksite lockdown_worksite() {
    model::Worksite w;
    w.code = "W";
    w.planned_start = d(2019, 9, 1);
    w.planned_end = d(2020, 12, 31);
    w.actual_start = d(2019, 9, 15);
    w.suspensions.push_back({d(2020, 3, 17), d(2020, 5, 11), "lockdown"});
    return w;
}

TEST(WorksiteState, FollowsItsDates) {
    auto w = lockdown_worksite();
    EXPECT_EQ(worksite_state(w, d(2019, 9, 1)), WorksiteState::planned);
    EXPECT_EQ(worksite_state(w, d(2019, 9, 15)), WorksiteState::active);
    EXPECT_EQ(worksite_state(w, d(2020, 3, 16)), WorksiteState::active);
    EXPECT_EQ(worksite_state(w, d(2020, 3, 17)), WorksiteState::suspended);
    EXPECT_EQ(worksite_state(w, d(2020, 4, 15)), WorksiteState::suspended);
    EXPECT_EQ(worksite_state(w, d(2020, 5, 11)), WorksiteState::suspended);
    EXPECT_EQ(worksite_state(w, d(2020, 5, 12)), WorksiteState::active);
    EXPECT_EQ(worksite_state(w, d(2020, 12, 31)), WorksiteState::active);
    EXPECT_EQ(worksite_state(w, d(2021, 1, 1)), WorksiteState::overdue);
    w.actual_end = d(2021, 3, 1);
    EXPECT_EQ(worksite_state(w, d(2021, 2, 28)), WorksiteState::overdue);
    EXPECT_EQ(worksite_state(w, d(2021, 3, 1)), WorksiteState::completed);
    w.abandoned = d(2021, 2, 1);
    EXPECT_EQ(worksite_state(w, d(2021, 2, 1)), WorksiteState::abandoned);
}

TEST(WorksiteState, NotStartedPastItsEndIsOverdue) {
    model::Worksite w;
    w.planned_start = d(2021, 1, 1);
    w.planned_end = d(2021, 6, 30);
    EXPECT_EQ(worksite_state(w, d(2021, 3, 1)), WorksiteState::planned);
    EXPECT_EQ(worksite_state(w, d(2021, 7, 1)), WorksiteState::overdue);
}

TEST(WorksiteState, OpenSuspensionLastsUntilTheDate) {
    auto w = lockdown_worksite();
    w.suspensions.push_back({d(2021, 1, 10), std::nullopt, "dispute"});
    EXPECT_EQ(worksite_state(w, d(2022, 6, 1)), WorksiteState::suspended);
    EXPECT_EQ(suspended_days(w, d(2021, 1, 11)), 56 + 2);
}

TEST(WorksiteState, SuspendedDaysCountEachDayOnce) {
    auto w = lockdown_worksite();
    EXPECT_EQ(suspended_days(w, d(2020, 3, 16)), 0);
    EXPECT_EQ(suspended_days(w, d(2020, 3, 17)), 1);
    EXPECT_EQ(suspended_days(w, d(2020, 12, 31)), 56); // 17 March to 11 May, both included
    w.suspensions.push_back({d(2020, 5, 1), d(2020, 5, 20), "overlap"});
    EXPECT_EQ(suspended_days(w, d(2020, 12, 31)), 65);
}

TEST(WorksiteState, UndatedWorksiteKeepsItsDeclaredState) {
    model::Worksite w;
    w.declared_state = "Active";
    EXPECT_EQ(worksite_state(w, d(2020, 1, 1)), WorksiteState::active);
    w.declared_state = "whatever";
    EXPECT_EQ(worksite_state(w, d(2020, 1, 1)), WorksiteState::planned);
}

TEST(LifecycleRules, ServiceStartFollowsTheFiguresRules) {
    model::Lifecycle life;
    life.avct = "E";
    life.built = d(2019, 1, 1);
    life.in_service = d(2019, 2, 1);
    EXPECT_EQ(service_start(life), d(2019, 2, 1));
    life.in_service.reset();
    EXPECT_EQ(service_start(life), d(2019, 1, 1));
    life.built.reset();
    EXPECT_EQ(service_start(life), Date::always());
    life.avct = "C";
    EXPECT_TRUE(service_start(life).is_never());
    EXPECT_TRUE(is_unfinished(life));
    life.avct = "";
    life.statut = "REC";
    EXPECT_EQ(service_start(life), Date::always());
    life.statut = "PRO";
    EXPECT_TRUE(service_start(life).is_never());
    life.avct = "S";
    life.out_of_service = d(2020, 1, 1);
    EXPECT_TRUE(service_start(life).is_never());
}

} // namespace
} // namespace fibre::rollout
