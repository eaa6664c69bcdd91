// The analysis' results round-trip through the store, and a new analysis replaces the old one.

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace fibre::store {
namespace {

TEST(AnalysisResults, RoundTripAndReplace) {
    testing::TempDir dir;
    Database db = Database::create(dir / "s.sqlite");
    EXPECT_FALSE(latest_analysis(db).has_value());

    AnalysisRun run;
    run.parameters_json = R"({"tolerance_m":0.5})";
    run.link_source = "cables";
    run.premises = 2;
    run.raccordables = 1;
    std::vector<model::PremiseStatus> statuses{
        {"L2", "", "", "", Date::never(), -1, model::Assignment::none},
        {"L1", "PBO1", "PM1", "NRO1", Date::from_ymd(2021, 3, 4), 1234.5, model::Assignment::zone},
    };
    std::vector<model::Defect> defects{
        {"DANGLING_END", model::Severity::warning, "CB1", model::Point{1, 2}, "The cable CB1 ends nowhere."},
        {"PBO_WITHOUT_PREMISE", model::Severity::info, "PBO9", std::nullopt, "PBO9 serves no premise."},
    };
    const long long first = write_analysis(db, run, statuses, defects);

    const auto latest = latest_analysis(db);
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->id, first);
    EXPECT_EQ(latest->link_source, "cables");
    EXPECT_EQ(latest->raccordables, 1);
    EXPECT_FALSE(latest->computed_at.empty());

    const auto read = read_premise_statuses(db);
    ASSERT_EQ(read.size(), 2U);
    EXPECT_EQ(read[0], statuses[1]); // premise code order
    EXPECT_EQ(read[1], statuses[0]);
    EXPECT_EQ(read_defects(db), defects);

    const long long second = write_analysis(db, run, {statuses[0]}, {});
    EXPECT_EQ(latest_analysis(db)->id, second);
    EXPECT_EQ(read_premise_statuses(db).size(), 1U);
    EXPECT_TRUE(read_defects(db).empty());
}

} // namespace
} // namespace fibre::store
