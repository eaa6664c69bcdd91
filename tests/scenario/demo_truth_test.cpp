// On the demo département: every premise's raccordable_since, raccorde_since, PBO, PM and NRO
// equal the generator's truth, so do the raccordés per commune and quarter, and `fibre check`
// finds every defect the generator injected.

#include "engine/demo/demo.hpp"
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

// A code as @p delivery writes it: the analysis tells codes that several deliveries give to
// different things apart as CODE@delivery.
std::string as_delivered(std::string code, const std::string& delivery) {
    const auto suffix = "@" + delivery;
    if (code.size() > suffix.size() &&
        code.compare(code.size() - suffix.size(), suffix.size(), suffix) == 0) {
        code.resize(code.size() - suffix.size());
    }
    return code;
}

// Generates the demo, imports it as a département would, analyses it, and checks every
// premise and every injected defect against the generator's truth.
void check_demo_against_truth(int premises, int seed, std::size_t expected_deliveries) {
    testing::TempDir dir;
    const auto out = dir / "demo";
    const auto db = (dir / "s.sqlite").string();
    auto r = run_fibre({"demo", "--generate-only", "--out", out.string(), "--premises",
                        std::to_string(premises), "--seed", std::to_string(seed)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    r = run_fibre({"-q", "import", "--db", db, (out / "communes").string(), (out / "gracethd").string(),
                   (out / "ban").string(), (out / "ipe").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"-q", "analyze", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;

    std::map<std::pair<std::string, std::string>, model::PremiseStatus> computed;
    {
        auto store = store::Database::open(db, store::Database::Mode::read_only);
        for (auto& s : store::read_premise_statuses(store)) {
            computed[{s.delivery, s.premise_code}] = s;
        }
        auto runs = store.prepare("SELECT count(*) FROM import_run WHERE kind = 'gracethd'");
        ASSERT_TRUE(runs.step());
        EXPECT_EQ(static_cast<std::size_t>(runs.integer(0)), expected_deliveries);
    }
    const auto truth = testing::read_csv_records(out / "truth" / "premises.csv");
    ASSERT_GT(truth.size(), static_cast<std::size_t>(premises) * 9 / 10);
    ASSERT_EQ(computed.size(), truth.size());
    std::size_t fed = 0;
    std::size_t connected = 0;
    std::size_t mismatches = 0;
    std::size_t drop_mismatches = 0;
    for (const auto& row : truth) {
        const auto& delivery = row.at("delivery");
        const auto it = computed.find({delivery, row.at("premise_code")});
        ASSERT_NE(it, computed.end()) << delivery << " " << row.at("premise_code");
        const auto& s = it->second;
        const bool same = s.raccordable_since.iso() == row.at("raccordable_since") &&
                          as_delivered(s.pbo_code, delivery) == row.at("pbo_code") &&
                          as_delivered(s.pm_code, delivery) == row.at("pm_code") &&
                          as_delivered(s.nro_code, delivery) == row.at("nro_code");
        if (!same && ++mismatches <= 5) {
            ADD_FAILURE() << delivery << " " << row.at("premise_code") << ": analysis "
                          << s.raccordable_since.iso() << " / " << s.pbo_code << " / " << s.pm_code << " / "
                          << s.nro_code << ", truth " << row.at("raccordable_since") << " / "
                          << row.at("pbo_code") << " / " << row.at("pm_code") << " / " << row.at("nro_code");
        }
        fed += row.at("raccordable_since").empty() ? 0 : 1;
        if (s.raccorde_since.iso() != row.at("raccorde_since") && ++drop_mismatches <= 5) {
            ADD_FAILURE() << delivery << " " << row.at("premise_code") << ": raccordé since "
                          << s.raccorde_since.iso() << ", truth " << row.at("raccorde_since");
        }
        connected += row.at("raccorde_since").empty() ? 0 : 1;
    }
    EXPECT_EQ(mismatches, 0U);
    EXPECT_EQ(drop_mismatches, 0U);
    // Take-up grows after the rollout: some premises are raccordés, fewer than are raccordable.
    EXPECT_GT(connected, fed / 5);
    EXPECT_LT(connected, fed);

    // Raccordés per commune and quarter, as `fibre progress` gives them, equal the truth's.
    r = run_fibre({"progress", "--db", db, "--from", "2017Q1", "--to", "2025Q4", "--by", "commune",
                   "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    {
        const auto progress = nlohmann::json::parse(r.out);
        std::map<std::pair<std::string, std::string>, long long> computed_quarterly;
        for (const auto& area : progress["groups"]) {
            for (const auto& q : area["quarters"]) {
                computed_quarterly[{q["quarter"].get<std::string>(), area["code"].get<std::string>()}] =
                    q["raccordes"].get<long long>();
            }
        }
        std::size_t checked = 0;
        std::size_t quarterly_mismatches = 0;
        for (const auto& row : testing::read_csv_records(out / "truth" / "quarterly.csv")) {
            const long long expected = std::stoll(row.at("raccordes"));
            const auto it = computed_quarterly.find({row.at("quarter"), row.at("insee")});
            const long long got = it == computed_quarterly.end() ? 0 : it->second;
            if (got != expected && ++quarterly_mismatches <= 5) {
                ADD_FAILURE() << row.at("quarter") << " " << row.at("insee") << ": " << got
                              << " raccordés, truth " << expected;
            }
            checked += expected > 0 ? 1 : 0;
        }
        EXPECT_EQ(quarterly_mismatches, 0U);
        EXPECT_GT(checked, 0U);
    }
    EXPECT_GT(fed, truth.size() / 2); // the comparison covers fed premises, not only unfed ones

    r = run_fibre({"check", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    std::set<std::pair<std::string, std::string>> found;
    for (const auto& d : report["defects"]) {
        found.emplace(d["code"].get<std::string>(), d["element_code"].get<std::string>());
    }
    const auto injected = testing::read_csv_records(out / "truth" / "defects.csv");
    ASSERT_FALSE(injected.empty());
    for (const auto& row : injected) {
        const auto& code = row.at("code");
        const auto& element = row.at("element_code");
        EXPECT_TRUE(found.contains({code, element}) ||
                    found.contains({code, element + "@" + row.at("delivery")}))
            << code << " " << element << " in " << row.at("delivery");
    }
    // The BPE declared to build while its cables are in service is reported, not silently followed.
    for (const auto& trap : testing::read_csv_records(out / "truth" / "traps.csv")) {
        if (trap.at("trap") == "bpe_declared_to_build") {
            const auto& element = trap.at("element_code");
            EXPECT_TRUE(found.contains({"STATUS_CONFLICT", element}) ||
                        found.contains({"STATUS_CONFLICT", element + "@" + trap.at("delivery")}))
                << element;
        }
    }
}

// The causes `fibre remaining` gives on the delivery date add up to the locaux not raccordable
// and equal, count by count, the causes the generator's bookkeeping gives (truth/premises.csv),
// in total and per commune.
void check_causes_against_truth(int premises, int seed) {
    testing::TempDir dir;
    const auto out = dir / "demo";
    auto r = run_fibre({"-q", "demo", "--out", out.string(), "--premises", std::to_string(premises), "--seed",
                        std::to_string(seed)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto db = (out / "fibre.sqlite").string();
    r = run_fibre(
        {"remaining", "--db", db, "--at", demo::delivery_date, "--by", "commune", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    // The data date is the newest actual date the files carry: on or before their delivery.
    ASSERT_TRUE(j["data_date"].is_string());
    const std::string data_date = j["data_date"];
    EXPECT_LE(data_date, std::string(demo::delivery_date));
    EXPECT_EQ(j["beyond_data_date"], data_date < std::string(demo::delivery_date));

    const std::vector<std::string> causes{"running", "suspended", "planned",  "left_behind",
                                          "no_plan", "abandoned", "on_demand"};
    std::map<std::string, std::map<std::string, long long>> truth; // insee -> cause -> locaux
    std::map<std::string, long long> total;
    for (const auto& row : testing::read_csv_records(out / "truth" / "premises.csv")) {
        const long long locaux = std::stoll(row.at("locaux"));
        truth[row.at("insee")][row.at("cause")] += locaux;
        total[row.at("cause")] += locaux;
    }
    ASSERT_GT(total["raccordable"], 0);
    long long not_raccordable = 0;
    for (const auto& cause : causes) {
        EXPECT_EQ(j["by_cause"][cause]["locaux"].get<long long>(), total[cause]) << cause;
        not_raccordable += total[cause];
    }
    EXPECT_GT(not_raccordable, 0);
    const long long not_located = j["by_cause"]["not_located"]["locaux"].get<long long>();
    EXPECT_EQ(j["by_cause"]["total"]["locaux"].get<long long>(), not_raccordable + not_located);
    EXPECT_EQ(j["not_raccordable"].get<long long>(),
              j["locaux"].get<long long>() - j["raccordables"].get<long long>());
    EXPECT_EQ(j["not_raccordable"].get<long long>(), not_raccordable + not_located);
    EXPECT_EQ(j["raccordables"].get<long long>(), total["raccordable"]);

    double km = 0;
    std::set<std::string> grouped;
    for (const auto& g : j["groups"]) {
        grouped.insert(g["code"].get<std::string>());
        const auto& expected = truth[g["code"].get<std::string>()];
        for (const auto& cause : causes) {
            const auto it = expected.find(cause);
            EXPECT_EQ(g["by_cause"][cause]["locaux"].get<long long>(), it == expected.end() ? 0 : it->second)
                << g["code"] << " " << cause;
        }
        km += g["by_cause"]["total"]["network_to_build_km"].get<double>();
    }
    for (const auto& [insee, counts] : truth) {
        EXPECT_TRUE(grouped.contains(insee)) << insee;
    }
    EXPECT_NEAR(km, j["by_cause"]["total"]["network_to_build_km"].get<double>(), 0.01);
}

TEST(DemoTruth, CausesOfTheRemainderEqualTheGeneratorsTruth) {
    check_causes_against_truth(3000, 1);
}

TEST(DemoTruth, AnalysisEqualsTheGeneratorsTruth) {
    check_demo_against_truth(1500, 5, 4);
}

// At the default size one NRO zone comes as two folders sharing the NRO, a metre apart.
TEST(DemoTruth, TwoFoldersSharingTheirNroEqualTheTruth) {
    check_demo_against_truth(20000, 17, 15);
}

} // namespace
} // namespace fibre
