// On the demo département: every premise's raccordable_since, PBO, PM and NRO equal the
// generator's truth, and `fibre check` finds every defect the generator injected.

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace fibre {
namespace {

using testing::run_fibre;

TEST(DemoTruth, AnalysisEqualsTheGeneratorsTruth) {
    testing::TempDir dir;
    const auto out = dir / "demo";
    const auto db = (dir / "s.sqlite").string();
    auto r =
        run_fibre({"demo", "--generate-only", "--out", out.string(), "--premises", "1500", "--seed", "5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    r = run_fibre({"-q", "import", "--db", db, (out / "communes").string(), (out / "gracethd").string(),
                   (out / "ban").string(), (out / "ipe").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"-q", "analyze", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;

    std::map<std::string, model::PremiseStatus> computed;
    {
        auto store = store::Database::open(db, store::Database::Mode::read_only);
        for (auto& s : store::read_premise_statuses(store)) {
            computed[s.premise_code] = s;
        }
    }
    const auto truth = testing::read_csv_rows(out / "truth" / "premises.csv");
    ASSERT_GT(truth.size(), 1000U);
    std::size_t fed = 0;
    for (const auto& row : truth) {
        ASSERT_GE(row.size(), 5U);
        const auto it = computed.find(row[0]);
        ASSERT_NE(it, computed.end()) << row[0];
        EXPECT_EQ(it->second.raccordable_since.iso(), row[1]) << row[0];
        EXPECT_EQ(it->second.pbo_code, row[2]) << row[0];
        EXPECT_EQ(it->second.pm_code, row[3]) << row[0];
        EXPECT_EQ(it->second.nro_code, row[4]) << row[0];
        fed += row[1].empty() ? 0 : 1;
    }
    EXPECT_GT(fed, truth.size() / 2); // the comparison covers fed premises, not only unfed ones

    r = run_fibre({"check", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    std::set<std::pair<std::string, std::string>> found;
    for (const auto& d : report["defects"]) {
        found.emplace(d["code"].get<std::string>(), d["element_code"].get<std::string>());
    }
    const auto injected = testing::read_csv_rows(out / "truth" / "defects.csv");
    ASSERT_FALSE(injected.empty());
    for (const auto& row : injected) {
        EXPECT_TRUE(found.contains({row[0], row[1]})) << row[0] << " " << row[1];
    }
}

} // namespace
} // namespace fibre
