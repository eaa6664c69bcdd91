// `fibre status` answers from the per-(commune, PM, NRO, date) summary the analysis writes;
// a store without that summary is read premise by premise. Both give the same figures, for
// every grouping and date.

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
}

} // namespace
} // namespace fibre
