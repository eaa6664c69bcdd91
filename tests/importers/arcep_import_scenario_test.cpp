// ARCEP's observatory imported into the demo département (Charente-Maritime's communes) with
// the fibre command, as a user does: the import keeps the store's territory, leaves the commune
// table as the communes import wrote it, and changes no figure but the ARCEP ones; status and
// progress give one coverage, ARCEP's best estimate being the denominator where it is given.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "tests/support/test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace fibre {
namespace {

using fibre::testing::run_fibre;
using nlohmann::json;

class ArcepImportScenario : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_.emplace();
        const auto demo = run_fibre(
            {"demo", "--out", (dir_->path() / "demo").string(), "--premises", "2000", "--seed", "1"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
    }
    static void TearDownTestSuite() { dir_.reset(); }

    /// A copy of the analysed demo store, for one test to change.
    static std::string fresh_store(const std::string& name) {
        const auto path = dir_->path() / (name + ".sqlite");
        std::filesystem::copy_file(dir_->path() / "demo" / "fibre.sqlite", path,
                                   std::filesystem::copy_options::overwrite_existing);
        return path.string();
    }
    static std::string write(const std::string& name, const std::string& bytes) {
        const auto path = dir_->path() / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path.string();
    }

    static inline std::optional<fibre::testing::TempDir> dir_;
};

json run_json(const std::vector<std::string>& args) {
    const auto r = run_fibre(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::object();
}

json status(const std::string& db, const std::string& by = "commune", const std::string& at = "2018-03-31") {
    return run_json({"status", "--db", db, "--at", at, "--by", by, "--format", "json"});
}

json progress(const std::string& db, const std::string& by, const std::string& quarter = "2018Q1") {
    std::vector<std::string> args{"progress", "--db",  db,         "--from", quarter,
                                  "--to",     quarter, "--format", "json"};
    if (!by.empty()) {
        args.insert(args.end(), {"--by", by});
    }
    return run_json(args);
}

const json* group(const json& figures, const std::string& code) {
    for (const auto& g : figures.at("groups")) {
        if (g.at("code") == code) {
            return &g;
        }
    }
    return nullptr;
}

std::vector<model::Commune> communes_of(const std::string& db) {
    auto d = store::Database::open(db, store::Database::Mode::read_only);
    return store::read_communes(d);
}

std::vector<model::ArcepFigure> figures_of(const std::string& db) {
    auto d = store::Database::open(db, store::Database::Mode::read_only);
    return store::read_arcep_figures(d);
}

std::filesystem::path arcep_sample() {
    return fibre::testing::shared_data_dir() / "arcep-observatoire-2018t1";
}

TEST_F(ArcepImportScenario, KeepsTheTerritoryAndChangesNoFigureButArcepOnes) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto db = fresh_store("territory");
    const auto communes_before = communes_of(db);
    ASSERT_FALSE(communes_before.empty());
    const auto status_before = status(db);
    const auto progress_before = progress(db, "");

    const auto r = run_fibre({"import", "--db", db, arcep_sample().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("--all-territory"), std::string::npos) << r.err; // says what it left out

    // The commune table is as the communes import wrote it, every field of every row.
    EXPECT_EQ(communes_of(db), communes_before);

    // Only the territory's areas: its communes, its EPCI, its département.
    std::set<std::string> insee, epcis;
    for (const auto& c : communes_before) {
        insee.insert(c.insee);
        epcis.insert(c.epci_siren);
    }
    std::map<std::string, int> per_level;
    for (const auto& f : figures_of(db)) {
        ++per_level[f.level];
        if (f.level == "commune") {
            EXPECT_TRUE(insee.count(f.code)) << f.code;
        } else if (f.level == "epci") {
            EXPECT_TRUE(epcis.count(f.code)) << f.code;
        } else {
            EXPECT_EQ(f.code, "17");
        }
    }
    EXPECT_GT(per_level["commune"], 0);
    EXPECT_GT(per_level["epci"], 0);
    EXPECT_EQ(per_level["departement"], 3); // one figure per quarter

    // The figures: unchanged, the ARCEP ones beside.
    const auto status_after = status(db);
    for (const char* key : {"locaux", "raccordables", "denominator", "coverage", "denominator_basis"}) {
        EXPECT_EQ(status_after.at(key), status_before.at(key)) << key;
    }
    const auto progress_after = progress(db, "");
    for (const char* key : {"raccordables", "locaux", "coverage", "denominator_basis"}) {
        EXPECT_EQ(progress_after.at("quarters").at(0).at(key), progress_before.at("quarters").at(0).at(key))
            << key;
    }
    EXPECT_TRUE(status_before.at("arcep").is_null());
    ASSERT_TRUE(status_after.at("arcep").is_object());
    EXPECT_EQ(status_after.at("arcep").at("quarter"), "2018Q1");
    EXPECT_EQ(status_after.at("arcep").at("difference"),
              status_after.at("raccordables").get<long long>() -
                  status_after.at("arcep").at("raccordables").get<long long>());
    EXPECT_EQ(progress_after.at("quarters").at(0).at("arcep_raccordables"),
              status_after.at("arcep").at("raccordables"));
    // La Rochelle as ARCEP's 2018 T1 file declares it: 27 974 locaux raccordables, band 50, in the
    // zone of private commitments (SFR).
    const auto* rochelle = group(status_after, "17300");
    ASSERT_NE(rochelle, nullptr);
    ASSERT_TRUE(rochelle->at("arcep").is_object());
    EXPECT_EQ(rochelle->at("arcep").at("raccordables"), 27974);
    EXPECT_EQ(rochelle->at("arcep").at("band"), 50);
    EXPECT_EQ(rochelle->at("arcep").at("zone"), "AMII");

    // The analysis never reads ARCEP's figures: it is still up to date.
    const auto plain = run_fibre({"status", "--db", db, "--at", "2022-12-31"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(plain.err.find("changed since analysis"), std::string::npos) << plain.err;
}

TEST_F(ArcepImportScenario, AllTerritoryKeepsEveryAreaAndStillNoCommune) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto db = fresh_store("all");
    const auto communes_before = communes_of(db);
    const auto progress_before = progress(db, "");
    const auto file = (arcep_sample() / "ftthDepartements.csv").string();
    const auto r = run_fibre({"import", "--db", db, "--all-territory", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> departements;
    for (const auto& f : figures_of(db)) {
        departements.insert(f.code);
    }
    EXPECT_GT(departements.size(), 100U);
    EXPECT_TRUE(departements.count("01"));
    EXPECT_TRUE(departements.count("17"));
    EXPECT_EQ(communes_of(db), communes_before);
    // The total's locaux are still the territory's; ARCEP's total is the store's département's.
    const auto after = progress(db, "");
    EXPECT_EQ(after.at("quarters").at(0).at("locaux"), progress_before.at("quarters").at(0).at("locaux"));
    const auto status_after = status(db, "departement");
    ASSERT_TRUE(status_after.at("arcep").is_object());
    EXPECT_EQ(after.at("quarters").at(0).at("arcep_raccordables"),
              status_after.at("arcep").at("raccordables"));
}

TEST_F(ArcepImportScenario, AStoreWithoutCommunesIsRefusedUnlessAllTerritory) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto db = (dir_->path() / "empty.sqlite").string();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    const auto file = (arcep_sample() / "ftthDepartements.csv").string();
    const auto refused = run_fibre({"import", "--db", db, file});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("no commune"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--all-territory"), std::string::npos) << refused.err;
    EXPECT_TRUE(figures_of(db).empty());
    const auto kept = run_fibre({"import", "--db", db, "--all-territory", file});
    EXPECT_EQ(kept.exit_code, 0) << kept.err;
    EXPECT_FALSE(figures_of(db).empty());
}

// Status and progress must give one coverage per commune and date, with one denominator.
void expect_status_and_progress_agree(const std::string& db, const std::string& quarter,
                                      const std::string& day) {
    const auto s = status(db, "commune", day);
    const auto p = progress(db, "commune", quarter);
    ASSERT_FALSE(s.at("groups").empty());
    std::size_t compared = 0;
    for (const auto& g : p.at("groups")) {
        const auto* sg = group(s, g.at("code").get<std::string>());
        ASSERT_NE(sg, nullptr) << g.at("code");
        const auto& q = g.at("quarters").at(0);
        EXPECT_EQ(sg->at("raccordables"), q.at("raccordables")) << g.at("code");
        EXPECT_EQ(sg->at("denominator"), q.at("locaux")) << g.at("code");
        EXPECT_EQ(sg->at("denominator_basis"), q.at("denominator_basis")) << g.at("code");
        EXPECT_NEAR(sg->at("coverage").get<double>(), q.at("coverage").get<double>(), 1e-6) << g.at("code");
        ++compared;
    }
    EXPECT_EQ(compared, s.at("groups").size());
    const auto total = progress(db, "", quarter);
    EXPECT_EQ(s.at("denominator"), total.at("quarters").at(0).at("locaux"));
    EXPECT_NEAR(s.at("coverage").get<double>(), total.at("quarters").at(0).at("coverage").get<double>(),
                1e-6);
}

TEST_F(ArcepImportScenario, StatusAndProgressGiveOneCoveragePerCommune) {
    const auto db = fresh_store("agree");
    expect_status_and_progress_agree(db, "2022Q4", "2022-12-31");
    expect_status_and_progress_agree(db, "2019Q2", "2019-06-30");
}

TEST_F(ArcepImportScenario, TheBestEstimateIsTheDenominatorWhereArcepGivesIt) {
    const auto db = fresh_store("estimate");
    const auto before = status(db, "commune", "2022-12-31");
    const auto* rochelle_before = group(before, "17300");
    ASSERT_NE(rochelle_before, nullptr);
    EXPECT_NE(rochelle_before->at("denominator_basis"), "arcep_best_estimate");
    // A later ARCEP commune file: reference columns, the best estimate "à date", quarter columns.
    const long long estimate = rochelle_before->at("denominator").get<long long>() + 1234;
    const auto file =
        write("ftth-communes-2022t4.csv",
              "Code commune,Nom commune,Logements,Établissements,Meilleure estimation des locaux "
              "à date,Champ,T3 2022,T4 2022\n"
              "17300,La Rochelle,50000,3000," +
                  std::to_string(estimate) +
                  ",Locaux Raccordables,40000,41000\n"
                  "17300,La Rochelle,50000,3000,,Catégorie,50,80\n");
    const auto r = run_fibre({"import", "--db", db, file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto after = status(db, "commune", "2022-12-31");
    const auto* rochelle = group(after, "17300");
    ASSERT_NE(rochelle, nullptr);
    EXPECT_EQ(rochelle->at("denominator"), estimate);
    EXPECT_EQ(rochelle->at("denominator_basis"), "arcep_best_estimate");
    EXPECT_NEAR(rochelle->at("coverage").get<double>(),
                static_cast<double>(rochelle->at("raccordables").get<long long>()) /
                    static_cast<double>(estimate),
                1e-12);
    EXPECT_EQ(rochelle->at("arcep").at("locaux"), estimate);
    EXPECT_EQ(rochelle->at("arcep").at("band"), 80);
    // The total moves by the difference of that one commune's denominator, and is now of mixed bases.
    EXPECT_EQ(after.at("denominator").get<long long>() - before.at("denominator").get<long long>(), 1234);
    EXPECT_EQ(after.at("denominator_basis"), "mixed");
    EXPECT_EQ(communes_of(db), communes_of(fresh_store("estimate-reference")));
    expect_status_and_progress_agree(db, "2022Q4", "2022-12-31");

    // Human output names the denominator and its basis.
    const auto table = run_fibre({"status", "--db", db, "--at", "2022-12-31"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("locaux (ARCEP best estimate)"), std::string::npos) << table.out;
}

} // namespace
} // namespace fibre
