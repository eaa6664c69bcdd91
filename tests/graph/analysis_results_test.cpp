// The analysis' results round-trip through the store, and a new analysis replaces the old one.

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <thread>

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

std::vector<model::PremiseStatus> many_statuses(std::size_t n) {
    std::vector<model::PremiseStatus> out;
    for (std::size_t i = 0; i < n; ++i) {
        const bool fed = i % 3 != 0;
        out.push_back({"L" + std::to_string(100000 + i), "PBO" + std::to_string(i / 10), fed ? "PM1" : "",
                       fed ? "NRO1" : "",
                       fed ? Date::from_ymd(2020, 1 + static_cast<int>(i % 12), 1) : Date::never(),
                       fed ? static_cast<double>(i) : -1, model::Assignment::declared});
    }
    return out;
}

TEST(AnalysisResults, StatusesWrittenFromAnotherThreadCommitWithTheRest) {
    testing::TempDir dir;
    Database db = Database::create(dir / "s.sqlite");
    const auto statuses = many_statuses(5000);
    AnalysisWriter writer(db);
    std::thread([&] { writer.write_statuses(statuses); }).join();
    AnalysisRun run;
    run.premises = 5000;
    run.raccordables = 3333;
    run.timings_json = R"({"statuses_s":0.1})";
    const std::vector<model::Defect> defects{
        {"PBO_WITHOUT_PREMISE", model::Severity::info, "PBO9", std::nullopt, "PBO9 serves no premise."}};
    const long long id = writer.finish(run, defects, {}, {});
    EXPECT_EQ(read_premise_statuses(db), statuses); // written in code order already
    EXPECT_EQ(read_defects(db), defects);
    const auto latest = latest_analysis(db);
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->id, id);
    EXPECT_EQ(latest->raccordables, 3333);
    EXPECT_EQ(latest->timings_json, run.timings_json);
}

TEST(AnalysisResults, AnAnalysisLeftUnfinishedKeepsThePreviousOne) {
    testing::TempDir dir;
    Database db = Database::create(dir / "s.sqlite");
    const auto first = many_statuses(10);
    const long long id = write_analysis(db, AnalysisRun{}, first, {});
    {
        AnalysisWriter writer(db);
        writer.write_statuses(many_statuses(200));
        // destroyed before finish(): an error in the analysis
    }
    EXPECT_EQ(read_premise_statuses(db), first);
    EXPECT_EQ(latest_analysis(db)->id, id);
}

TEST(AnalysisResults, TheDateIndexOfEarlierStoresIsDropped) {
    testing::TempDir dir;
    Database db = Database::create(dir / "s.sqlite");
    db.exec("CREATE INDEX premise_status_since ON premise_status(raccordable_since)");
    write_analysis(db, AnalysisRun{}, many_statuses(10), {});
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'premise_status_since'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.integer(0), 0);
    EXPECT_EQ(read_premise_statuses(db).size(), 10U);
}

} // namespace
} // namespace fibre::store
