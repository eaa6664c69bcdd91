// Rollout figures on the tiny store (tiny_rollout_store.hpp): progress against the truth
// table, worksites at chosen dates, what remains and why.

#include "engine/rollout/progress.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/status_queries.hpp"
#include "engine/support/error.hpp"
#include "tests/rollout/tiny_rollout_store.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace fibre::rollout {
namespace {

class RolloutFigures : public ::testing::Test {
protected:
    void SetUp() override {
        testing::build_tiny_rollout_store(dir_ / "tiny.sqlite");
        db_ = std::make_unique<store::Database>(store::Database::open(dir_ / "tiny.sqlite"));
        data_ = RolloutData::load(*db_);
    }
    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    RolloutData data_;
};

TEST_F(RolloutFigures, LocauxTakeTheLargerReferenceCount) {
    EXPECT_EQ(data_.commune_locaux.at("17001"), 12); // reference 10 + 2 beats 10 premises' locaux
    EXPECT_EQ(data_.commune_locaux.at("17002"), 4);
    EXPECT_EQ(data_.total_locaux(), 16);
}

TEST_F(RolloutFigures, QuarterlyProgressEqualsTheTruth) {
    const auto p = compute_progress(data_, Quarter{2019, 1}, Quarter{2022, 4}, Grouping::none);
    ASSERT_EQ(p.quarters.size(), 16U);
    long long previous = 0;
    for (const auto& q : p.quarters) {
        const long long truth = testing::tiny_raccordables_at(q.quarter.last_day());
        EXPECT_EQ(q.raccordables, truth) << q.quarter.str();
        EXPECT_EQ(q.added, truth - previous) << q.quarter.str();
        EXPECT_EQ(q.locaux, 16);
        EXPECT_DOUBLE_EQ(q.coverage, static_cast<double>(truth) / 16.0);
        previous = truth;
    }
    EXPECT_EQ(p.quarters.back().raccordables, 7);
    ASSERT_TRUE(p.quarters.back().arcep.has_value());
    EXPECT_EQ(*p.quarters.back().arcep, 8);
}

TEST_F(RolloutFigures, ActiveWorksitesPerQuarter) {
    const auto p = compute_progress(data_, Quarter{2019, 1}, Quarter{2021, 1}, Grouping::none);
    EXPECT_EQ(p.quarters[0].worksites_active, 2); // 2019Q1: W1 and W3
    EXPECT_EQ(p.quarters[3].worksites_active, 1); // 2019Q4: W3 completed on its last day
    EXPECT_EQ(p.quarters[7].worksites_active, 1); // 2020Q4: W1 within its planned end
    EXPECT_EQ(p.quarters[8].worksites_active, 0); // 2021Q1: W1 overdue
}

TEST_F(RolloutFigures, ProgressByCommuneAddsUpToTheTotal) {
    const auto p = compute_progress(data_, Quarter{2020, 1}, Quarter{2022, 4}, Grouping::commune);
    ASSERT_EQ(p.areas.size(), 2U);
    EXPECT_EQ(p.areas[0].code, "17001");
    EXPECT_EQ(p.areas[0].name, "Alpha");
    for (std::size_t i = 0; i < p.quarters.size(); ++i) {
        EXPECT_EQ(p.areas[0].quarters[i].raccordables + p.areas[1].quarters[i].raccordables,
                  p.quarters[i].raccordables);
    }
    EXPECT_EQ(p.areas[0].quarters.back().locaux, 12);
    EXPECT_EQ(p.areas[0].quarters.back().raccordables, 6);
    EXPECT_EQ(*p.areas[0].quarters.back().arcep, 7);
    const auto pm = compute_progress(data_, Quarter{2022, 4}, Quarter{2022, 4}, Grouping::pm_zone);
    ASSERT_EQ(pm.areas.size(), 3U); // "" (not fed), FI-A, FI-B
    EXPECT_EQ(pm.areas[1].code, "FI-A");
    EXPECT_EQ(pm.areas[1].quarters[0].locaux, 7);
    EXPECT_EQ(pm.areas[1].quarters[0].raccordables, 6);
}

TEST_F(RolloutFigures, WorksitesDuringTheLockdownAndAfterTheTarget) {
    const auto lockdown = compute_worksites(data_, Date::from_ymd(2020, 4, 15));
    ASSERT_EQ(lockdown.size(), 3U);
    EXPECT_EQ(lockdown[0].state, WorksiteState::suspended);
    EXPECT_EQ(lockdown[1].state, WorksiteState::planned);
    EXPECT_EQ(lockdown[2].state, WorksiteState::completed);
    EXPECT_EQ(lockdown[0].suspended_days, 30);
    // A4..A7 have a PBO and are not raccordable on 2020-04-15; A8, in W1's perimeter but in
    // no PM zone, is not brought by W1, which builds the zone of FI-A.
    EXPECT_EQ(lockdown[0].locaux_on_completion, 4);
    EXPECT_EQ(lockdown[0].locaux, 7);
    EXPECT_DOUBLE_EQ(lockdown[0].built_length_m, 300);
    EXPECT_DOUBLE_EQ(lockdown[0].planned_length_m, 500);
    EXPECT_DOUBLE_EQ(lockdown[0].to_build_length_m, 200);
    const auto counts = count_states(lockdown);
    EXPECT_EQ(counts[static_cast<std::size_t>(WorksiteState::suspended)], 1);
    EXPECT_EQ(counts[static_cast<std::size_t>(WorksiteState::active)], 0);

    const auto later = compute_worksites(data_, Date::from_ymd(2023, 6, 30));
    EXPECT_EQ(later[0].state, WorksiteState::overdue);
    EXPECT_EQ(later[0].suspended_days, 56);
    EXPECT_EQ(later[0].locaux_on_completion, 1); // only A7 is left with a PBO
    EXPECT_EQ(later[1].state, WorksiteState::planned);
    EXPECT_EQ(later[1].locaux_on_completion, 1); // B2: B1 is raccordable, B3 has no PBO
}

TEST_F(RolloutFigures, CompletionCounterIsPluggable) {
    const auto f = compute_worksites(data_, Date::from_ymd(2020, 4, 15),
                                     [](const RolloutData&, std::size_t w, Date) { return 100LL + w; });
    EXPECT_EQ(f[0].locaux_on_completion, 100);
    EXPECT_EQ(f[1].locaux_on_completion, 101);
    EXPECT_EQ(f[2].locaux_on_completion, 0); // completed, and nothing became raccordable on its last day
}

TEST_F(RolloutFigures, UnfinishedWorksitesTakeTheAnalysisFigure) {
    // The tiny store holds no analysis figure: the estimate stands in, marked as such.
    const auto estimated = compute_worksites(data_, Date::from_ymd(2020, 4, 15));
    EXPECT_TRUE(estimated[0].estimated);
    EXPECT_FALSE(estimated[2].estimated); // W3 has ended: nothing to estimate

    data_.completion_locaux[0] = 42; // as `fibre analyze` would have stored them
    data_.completion_locaux[1] = 7;
    const auto f = compute_worksites(data_, Date::from_ymd(2020, 4, 15));
    EXPECT_EQ(f[0].locaux_on_completion, 42);
    EXPECT_FALSE(f[0].estimated);
    EXPECT_EQ(f[1].locaux_on_completion, 7);

    // Had W1 ended on 2020-08-15, on 2020-04-15 it is still suspended, and its completion
    // brings what became raccordable that day (A4), whatever the analysis' figure.
    data_.worksites[0].actual_end = Date::from_ymd(2020, 8, 15);
    const auto since = compute_worksites(data_, Date::from_ymd(2020, 4, 15));
    EXPECT_EQ(since[0].state, WorksiteState::suspended);
    EXPECT_EQ(since[0].locaux_on_completion, 1);
}

TEST_F(RolloutFigures, RemainingAtTheTargetDate) {
    const auto r = compute_remaining(data_, Target{}, Date::from_ymd(2022, 12, 31));
    EXPECT_EQ(r.locaux, 16);
    EXPECT_EQ(r.raccordables, 7);
    EXPECT_EQ(r.remaining, 9);
    ASSERT_TRUE(r.required_per_quarter.has_value());
    EXPECT_DOUBLE_EQ(*r.required_per_quarter, 9.0);
    EXPECT_DOUBLE_EQ(r.observed_per_quarter, 0.25); // 6 -> 7 over 2022
    ASSERT_TRUE(r.projected_quarter.has_value());
    EXPECT_EQ(r.projected_quarter->str(), "2031Q4"); // 36 quarters after 2022Q4
    EXPECT_FALSE(r.shortfall_at_target.has_value());
    EXPECT_EQ(r.by_cause.running, 1);     // A7 in W1, started and past its planned end
    EXPECT_EQ(r.by_cause.planned, 1);     // B2 in W2
    EXPECT_EQ(r.by_cause.no_plan, 5);     // A8 (3 locaux), B3 and B4: in no PM zone a worksite builds
    EXPECT_EQ(r.by_cause.not_located, 2); // Alpha's reference beyond its premises
    EXPECT_EQ(r.by_cause.total(), r.locaux - r.raccordables);
    EXPECT_NEAR(r.by_cause.running_km, 0.2, 1e-9);
    EXPECT_NEAR(r.by_cause.planned_km, 0.5, 1e-9);
}

TEST_F(RolloutFigures, RemainingAfterThePastTarget) {
    Target half;
    half.share = 25; // 4 locaux: met on 2020-08-15
    const auto r = compute_remaining(data_, half, Date::from_ymd(2023, 6, 30));
    EXPECT_EQ(r.target_locaux, 4);
    EXPECT_EQ(r.remaining, 0);
    EXPECT_TRUE(r.reached);
    ASSERT_TRUE(r.shortfall_at_target.has_value());
    EXPECT_EQ(*r.shortfall_at_target, 0);
    ASSERT_TRUE(r.met_on.has_value());
    EXPECT_EQ(r.met_on->iso(), "2020-08-15");
    EXPECT_EQ(r.projected_quarter->str(), "2020Q3");

    const auto full = compute_remaining(data_, Target{}, Date::from_ymd(2023, 6, 30));
    ASSERT_TRUE(full.shortfall_at_target.has_value());
    EXPECT_EQ(*full.shortfall_at_target, 9);
    EXPECT_FALSE(full.met_on.has_value());
    EXPECT_FALSE(full.required_per_quarter.has_value());
}

TEST_F(RolloutFigures, RemainingByCommune) {
    const auto by = compute_remaining_by(data_, Target{}, Date::from_ymd(2022, 12, 31), Grouping::commune);
    ASSERT_EQ(by.size(), 2U);
    EXPECT_EQ(by[0].figures.remaining, 6);        // Alpha: 12 - 6
    EXPECT_EQ(by[1].figures.remaining, 3);        // Beta: 4 - 1
    EXPECT_EQ(by[1].figures.by_cause.no_plan, 2); // B3, B4
}

TEST_F(RolloutFigures, AgreesWithTheStatusFigures) {
    for (const Date at : {Date::from_ymd(2020, 4, 15), Date::from_ymd(2022, 12, 31)}) {
        const auto status = store::status_at(*db_, at, store::StatusGrouping::commune);
        EXPECT_EQ(status.total.raccordables, data_.raccordables_at(at));
        EXPECT_EQ(status.total.denominator, data_.total_locaux());
        const auto p = compute_progress(data_, Quarter::of(at), Quarter::of(at), Grouping::commune);
        ASSERT_EQ(status.groups.size(), p.areas.size());
        for (std::size_t i = 0; i < p.areas.size(); ++i) {
            EXPECT_EQ(status.groups[i].code, p.areas[i].code);
            EXPECT_EQ(status.groups[i].denominator, p.areas[i].quarters[0].locaux);
        }
    }
}

TEST(Grouping, ParsesItsWords) {
    EXPECT_EQ(parse_grouping("commune"), Grouping::commune);
    EXPECT_EQ(parse_grouping("pm"), Grouping::pm_zone);
    EXPECT_EQ(parse_grouping(""), Grouping::none);
    EXPECT_THROW(parse_grouping("region"), UsageError);
}

} // namespace
} // namespace fibre::rollout
