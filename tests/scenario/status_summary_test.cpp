// `fibre status` and the rollout figures (progress, remaining, worksites, the report) answer
// from the summary the analysis writes (locaux per commune, PM, NRO, date, PBO or not and
// covering worksites); a store without that summary is read premise by premise. Both give the
// same figures, for every grouping and date.

#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

TEST(StatusSummary, SameFiguresAsReadingEveryPremise) {
    testing::TempDir dir;
    const auto demo = testing::run_fibre({"demo", "--out", (dir / "demo").string(), "--premises", "2000"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const auto summarised = dir / "demo" / "fibre.sqlite";
    const auto plain = dir / "plain.sqlite";
    std::filesystem::copy_file(summarised, plain);
    {
        auto db = store::Database::open(plain);
        db.exec("DELETE FROM status_summary");
    }
    long long raccordables_seen = 0;
    for (const char* by : {"departement", "epci", "commune", "pm", "nro"}) {
        for (const char* at : {"2018-03-31", "2020-04-15", "2022-12-31", "2030-01-01"}) {
            const auto a = testing::run_fibre(
                {"status", "--db", summarised.string(), "--at", at, "--by", by, "--format", "json"});
            const auto b = testing::run_fibre(
                {"status", "--db", plain.string(), "--at", at, "--by", by, "--format", "json"});
            ASSERT_EQ(a.exit_code, 0) << a.err;
            ASSERT_EQ(b.exit_code, 0) << b.err;
            const auto ja = nlohmann::json::parse(a.out);
            EXPECT_EQ(ja, nlohmann::json::parse(b.out)) << by << " at " << at;
            EXPECT_FALSE(ja["groups"].empty()) << by;
            raccordables_seen += ja["raccordables"].get<long long>();
        }
    }
    EXPECT_GT(raccordables_seen, 0);

    const std::vector<std::vector<std::string>> commands{
        {"progress", "--from", "2017Q1", "--to", "2025Q4"},
        {"progress", "--by", "pm"},
        {"progress", "--by", "epci"},
        {"remaining"},
        {"remaining", "--by", "commune", "--at", "2020-06-30"},
        {"worksites", "--at", "2020-04-15"},
        {"worksites", "--at", "2023-06-30"},
    };
    for (const auto& command : commands) {
        auto with = [&](const std::filesystem::path& db) {
            auto args = command;
            args.insert(args.end(), {"--db", db.string(), "--format", "json"});
            const auto r = testing::run_fibre(args);
            EXPECT_EQ(r.exit_code, 0) << r.err;
            return nlohmann::json::parse(r.out);
        };
        EXPECT_EQ(with(summarised), with(plain))
            << command[0] << " " << (command.size() > 1 ? command[1] : "");
    }
    for (const auto* db : {&summarised, &plain}) {
        const auto r = testing::run_fibre(
            {"report", "--db", db->string(), "--quarter", "2022Q4", "--out", (dir / db->stem()).string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    EXPECT_EQ(testing::read_file(dir / "fibre" / "communes.csv"),
              testing::read_file(dir / "plain" / "communes.csv"));
    EXPECT_EQ(testing::read_file(dir / "fibre" / "worksites.csv"),
              testing::read_file(dir / "plain" / "worksites.csv"));
    EXPECT_EQ(nlohmann::json::parse(testing::read_file(dir / "fibre" / "report.json")),
              nlohmann::json::parse(testing::read_file(dir / "plain" / "report.json")));
}

} // namespace
} // namespace fibre
