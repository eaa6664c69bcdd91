// On the demo département (fibre demo, a small one): per-quarter figures equal the
// generator's truth, and worksite states at chosen dates are those it made.

#include "tests/support/test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

TEST(DemoTruth, QuartersAndWorksitesEqualTheGeneratorsTruth) {
    testing::TempDir dir;
    const auto demo = testing::run_fibre({"demo", "--out", (dir / "demo").string(), "--premises", "3000"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const auto db = (dir / "demo" / "fibre.sqlite").string();

    std::map<std::string, std::pair<long long, long long>> truth; // quarter -> locaux, raccordables
    std::map<std::string, long long> raccordes;                   // quarter -> raccordés
    for (const auto& r : testing::read_csv_rows(dir / "demo" / "truth" / "quarterly.csv")) {
        ASSERT_EQ(r.size(), 5U); // quarter, insee, locaux, raccordables, raccordes
        truth[r[0]].first += std::stoll(r[2]);
        truth[r[0]].second += std::stoll(r[3]);
        raccordes[r[0]] += std::stoll(r[4]);
    }
    ASSERT_FALSE(truth.empty());
    const auto progress = testing::run_fibre({"progress", "--db", db, "--from", truth.begin()->first, "--to",
                                              truth.rbegin()->first, "--format", "json"});
    ASSERT_EQ(progress.exit_code, 0) << progress.err;
    const auto quarters = nlohmann::json::parse(progress.out)["quarters"];
    ASSERT_EQ(quarters.size(), truth.size());
    for (const auto& q : quarters) {
        const auto it = truth.find(q["quarter"].get<std::string>());
        ASSERT_NE(it, truth.end()) << q["quarter"];
        const auto& t = it->second;
        EXPECT_EQ(q["raccordables"].get<long long>(), t.second) << q["quarter"];
        EXPECT_EQ(q["locaux"].get<long long>(), t.first) << q["quarter"];
        EXPECT_EQ(q["raccordes"].get<long long>(), raccordes.at(it->first)) << q["quarter"];
    }
    EXPECT_GT(raccordes.rbegin()->second, 0);

    const auto lockdown =
        testing::run_fibre({"worksites", "--db", db, "--at", "2020-04-15", "--format", "json"});
    const auto later =
        testing::run_fibre({"worksites", "--db", db, "--at", "2023-06-30", "--format", "json"});
    ASSERT_EQ(lockdown.exit_code, 0) << lockdown.err;
    ASSERT_EQ(later.exit_code, 0) << later.err;
    std::map<std::string, nlohmann::json> at2020;
    std::map<std::string, nlohmann::json> at2023;
    const auto j2020 = nlohmann::json::parse(lockdown.out);
    for (const auto& w : j2020["worksites"]) {
        at2020[w["code"].get<std::string>()] = w;
    }
    const auto j2023 = nlohmann::json::parse(later.out);
    for (const auto& w : j2023["worksites"]) {
        at2023[w["code"].get<std::string>()] = w;
    }
    const auto rows = testing::read_csv_rows(dir / "demo" / "truth" / "worksites.csv");
    ASSERT_FALSE(rows.empty());
    for (const auto& r : rows) {
        ASSERT_EQ(r.size(), 4U);
        ASSERT_EQ(at2020.count(r[0]), 1U) << r[0];
        ASSERT_EQ(at2023.count(r[0]), 1U) << r[0];
        EXPECT_EQ(at2020.at(r[0])["state"], r[1]) << r[0];
        EXPECT_EQ(at2023.at(r[0])["state"], r[2]) << r[0];
        EXPECT_EQ(at2023.at(r[0])["locaux_on_completion"].get<long long>(), std::stoll(r[3])) << r[0];
    }
    // The totals count the spring-2020 suspensions as the generator made them.
    const auto suspended =
        std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r[1] == "suspended"; });
    EXPECT_EQ(j2020["totals"]["suspended"].get<long long>(), suspended);
}

} // namespace
} // namespace fibre
