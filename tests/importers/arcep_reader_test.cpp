// ARCEP's observatory: the real 2018 T1 extract and faithful small files.

#include "engine/model/coverage.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "importers/arcep_reader.hpp"
#include "importers/import_sink.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

const model::ArcepFigure* find(const std::vector<model::ArcepFigure>& figures, const std::string& level,
                               const std::string& code, const std::string& quarter) {
    const auto it = std::find_if(figures.begin(), figures.end(), [&](const auto& f) {
        return f.level == level && f.code == code && f.quarter == quarter;
    });
    return it == figures.end() ? nullptr : &*it;
}

TEST(ArcepQuarter, ReadsTheWaysQuartersAreWritten) {
    EXPECT_EQ(arcep_quarter("T3 2017"), "2017Q3");
    EXPECT_EQ(arcep_quarter("2018 T1"), "2018Q1");
    EXPECT_EQ(arcep_quarter("2018T1"), "2018Q1");
    EXPECT_EQ(arcep_quarter("2019-Q4"), "2019Q4");
    EXPECT_EQ(arcep_quarter("3T2017"), "2017Q3");
    EXPECT_FALSE(arcep_quarter("T5 2017").has_value());
    EXPECT_FALSE(arcep_quarter("Champ").has_value());
}

ReadOptions all_territory() {
    ReadOptions o;
    o.all_territory = true;
    return o;
}

/// A store whose commune table holds @p communes (INSEE, EPCI SIREN), as a communes import writes it.
void add_communes(Store& s, const std::vector<std::pair<std::string, std::string>>& communes) {
    store::Transaction tx(s.db);
    model::ImportRun run;
    run.kind = "communes";
    run.source = "communes.csv";
    run.checksum = "c";
    store::EntityWriter w(s.db, store::begin_import_run(s.db, run));
    for (const auto& [insee, epci] : communes) {
        model::Commune c;
        c.insee = insee;
        c.name = "Commune " + insee;
        c.departement = insee.substr(0, 2);
        c.epci_siren = epci;
        c.logements = 100;
        c.etablissements = 10;
        w.add(c);
    }
    tx.commit();
}

TEST(ArcepReader, ReadsTheRealObservatoryPerCommuneAndItsReference) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto folder = fibre::testing::shared_data_dir() / "arcep-observatoire-2018t1";
    ArcepReader reader;
    const auto source = resolve_source((folder / "ftthCommunes.csv").string());
    EXPECT_EQ(reader.detect(source), 95);
    const auto perimeter = reader.perimeter(source);
    EXPECT_NE(perimeter.find("commune:17"), std::string::npos);
    EXPECT_NE(perimeter.find("commune:2A"), std::string::npos);
    Store s;
    const auto counts = s.import(reader, (folder / "ftthCommunes.csv").string(), all_territory());
    const auto& c = counts.at("ftthCommunes.csv");
    EXPECT_EQ(c.read, 2 * 35361); // "Locaux Raccordables" and "Catégorie" lines
    EXPECT_EQ(c.imported, c.read);
    const auto figures = store::read_arcep_figures(s.db);
    // Former communes are summed into today's: fewer codes than lines, three quarters each.
    std::set<std::string> codes;
    for (const auto& f : figures) {
        codes.insert(f.code);
    }
    EXPECT_EQ(figures.size(), 3U * codes.size());
    EXPECT_LT(codes.size(), 35361U);
    EXPECT_EQ(codes.count("17272"), 0U); // Péré, now part of Saint-Pierre-La-Noue (17340)
    EXPECT_EQ(codes.count("17340"), 1U);
    const auto* amberieu = find(figures, "commune", "01004", "2018Q1");
    ASSERT_NE(amberieu, nullptr);
    EXPECT_EQ(amberieu->raccordables, 2248);
    const auto* t3 = find(figures, "commune", "01004", "2017Q3");
    ASSERT_NE(t3, nullptr);
    EXPECT_EQ(t3->raccordables, 1460);
    // "Catégorie" is ARCEP's coverage band: La Rochelle, 27 974 of 53 187 locaux (52.6 %), band 50.
    const auto* rochelle = find(figures, "commune", "17300", "2018Q1");
    ASSERT_NE(rochelle, nullptr);
    EXPECT_EQ(rochelle->raccordables, 27974);
    ASSERT_TRUE(rochelle->band.has_value());
    EXPECT_EQ(*rochelle->band, 50);
    EXPECT_FALSE(rochelle->locaux.has_value()); // the 2018 files predate the best estimate

    // The reference goes to ARCEP's own table, never to the commune table.
    const auto ref = s.import(reader, (folder / "communes.csv").string(), all_territory());
    EXPECT_EQ(ref.at("communes.csv").imported, 35361);
    EXPECT_TRUE(store::read_communes(s.db).empty());
    const auto communes = store::read_arcep_communes(s.db);
    const auto paris =
        std::find_if(communes.begin(), communes.end(), [](const auto& x) { return x.insee == "75056"; });
    ASSERT_NE(paris, communes.end());
    EXPECT_EQ(paris->logements, 1362182);
    EXPECT_EQ(paris->etablissements, 149289);
    EXPECT_EQ(paris->departement, "75");
    EXPECT_EQ(paris->zone, "ZTD");
    const auto aast =
        std::find_if(communes.begin(), communes.end(), [](const auto& x) { return x.insee == "64001"; });
    ASSERT_NE(aast, communes.end());
    EXPECT_EQ(aast->logements, 81);
    EXPECT_EQ(aast->etablissements, 0); // "-" in the file
    EXPECT_EQ(aast->zone, "RIP");
    // Figures take the reference's zone.
    const auto with_zone = store::read_arcep_figures(s.db);
    const auto* rochelle_zone = find(with_zone, "commune", "17300", "2018Q1");
    ASSERT_NE(rochelle_zone, nullptr);
    EXPECT_EQ(rochelle_zone->zone, "AMII"); // "SFR0" in Engagements L. 33-13
}

TEST(ArcepReader, ReadsEpciAndDepartementTables) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto folder = fibre::testing::shared_data_dir() / "arcep-observatoire-2018t1";
    ArcepReader reader;
    Store s;
    s.import(reader, (folder / "ftthDepartements.csv").string(), all_territory());
    s.import(reader, (folder / "ftthEpci.csv").string(), all_territory());
    const auto figures = store::read_arcep_figures(s.db);
    const auto* ain = find(figures, "departement", "01", "2018Q1");
    ASSERT_NE(ain, nullptr);
    EXPECT_EQ(ain->raccordables, 116403);
    const auto* epci = find(figures, "epci", "200000172", "2017Q4");
    ASSERT_NE(epci, nullptr);
    EXPECT_EQ(epci->raccordables, 1455);
    ASSERT_TRUE(epci->band.has_value());
    EXPECT_EQ(*epci->band, 10);
}

TEST(ArcepReader, KeepsOnlyTheStoresTerritoryAndNeverTouchesItsCommunes) {
    Store s;
    add_communes(s, {{"17300", "241700434"}, {"17306", "241700434"}});
    const auto before = store::read_communes(s.db);
    const auto communes = s.write("ftthCommunes.csv", "Code commune,Champ,T4 2017,T1 2018\n"
                                                      "17300,Locaux Raccordables,100,200\n"
                                                      "17306,Locaux Raccordables,1,2\n"
                                                      "33063,Locaux Raccordables,5,6\n");
    const auto epci = s.write("ftthEpci.csv", "Siren EPCI,Champ,T1 2018\n241700434,Locaux Raccordables,7\n"
                                              "243300316,Locaux Raccordables,8\n");
    const auto deps =
        s.write("ftthDepartements.csv", "Code département,Champ,T1 2018\n"
                                        "17,Locaux Raccordables,9\n33,Locaux Raccordables,10\n");
    const auto reference =
        s.write("communes.csv", "Code commune,Nom commune,Code région,Code département,Siren "
                                "EPCI,Logements,Établissements\n"
                                "17300,La Rochelle,75,17,241700434,50 115,3 072\n"
                                "33063,Bordeaux,75,33,243300316,150000,20000\n");
    ArcepReader reader;
    const auto counts = s.import(reader, communes);
    EXPECT_EQ(counts.at("ftthCommunes.csv").read, 3);
    EXPECT_EQ(counts.at("ftthCommunes.csv").imported, 2);
    EXPECT_EQ(counts.at("ftthCommunes.csv").rejected, 0);
    s.import(reader, epci);
    s.import(reader, deps);
    s.import(reader, reference);
    std::set<std::string> codes;
    for (const auto& f : store::read_arcep_figures(s.db)) {
        codes.insert(f.level + ":" + f.code);
    }
    EXPECT_EQ(codes,
              (std::set<std::string>{"commune:17300", "commune:17306", "epci:241700434", "departement:17"}));
    EXPECT_EQ(store::read_communes(s.db), before);
    const auto arcep_communes = store::read_arcep_communes(s.db);
    ASSERT_EQ(arcep_communes.size(), 1U);
    EXPECT_EQ(arcep_communes[0].insee, "17300");
    EXPECT_EQ(arcep_communes[0].logements, 50115);
}

TEST(ArcepReader, AStoreWithoutCommunesIsRefusedUnlessAllTerritory) {
    Store s;
    const auto path =
        s.write("ftthDepartements.csv", "Code département,Champ,T1 2018\n17,Locaux Raccordables,9\n");
    ArcepReader reader;
    try {
        s.import(reader, path);
        FAIL() << "imported into a store without communes";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("--all-territory"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store::read_arcep_figures(s.db).empty());
    s.import(reader, path, all_territory());
    EXPECT_EQ(store::read_arcep_figures(s.db).size(), 1U);
}

TEST(ArcepReader, AFormerCommuneIsSummedIntoTodaysCode) {
    // 17169 (La Frédière) is a commune déléguée of 17344 (Saint-Hilaire-de-Villefranche) since 2019.
    Store s;
    add_communes(s, {{"17344", "200041523"}});
    const auto path = s.write("ftthCommunes.csv", "Code commune,Champ,T4 2017,T1 2018\n"
                                                  "17169,Locaux Raccordables,10,20\n"
                                                  "17169,Catégorie,5,10\n"
                                                  "17344,Locaux Raccordables,100,200\n"
                                                  "17344,Catégorie,25,25\n");
    ArcepReader reader;
    const auto counts = s.import(reader, path);
    EXPECT_EQ(counts.at("ftthCommunes.csv").imported, 4);
    const auto figures = store::read_arcep_figures(s.db);
    ASSERT_EQ(figures.size(), 2U);
    const auto* q1 = find(figures, "commune", "17344", "2018Q1");
    ASSERT_NE(q1, nullptr);
    EXPECT_EQ(q1->raccordables, 220);
    EXPECT_FALSE(q1->band.has_value()); // ARCEP banded each former commune, not their sum
    EXPECT_EQ(find(figures, "commune", "17169", "2018Q1"), nullptr);
    EXPECT_EQ(find(figures, "commune", "17344", "2017Q4")->raccordables, 110);
}

TEST(ArcepReader, ReadsTheBestEstimateOfLaterFiles) {
    Store s;
    add_communes(s, {{"17300", "241700434"}, {"17306", "241700434"}});
    // The commune sheet of ARCEP's files since 2020: reference columns, the best estimate "à date"
    // (of the latest quarter), the zone columns, one column per quarter.
    const auto path =
        s.write("2022t4-communes.csv",
                "Code commune,Nom commune,Code département,Siren EPCI,Logements,Établissements,Meilleure "
                "estimation des locaux à date,Zones très denses,Engagements L. 33-13,Champ,T3 2022,T4 2022\n"
                "17300,La Rochelle,17,241700434,50 000,3 000,54 321,-,SFR0,Locaux Raccordables,50000,51000\n"
                "17300,La Rochelle,17,241700434,50 000,3 000,54 321,-,SFR0,Catégorie,80,80\n"
                "17306,Lagord,17,241700434,4 000,300,-,-,-,Locaux Raccordables,3000,3100\n");
    ArcepReader reader;
    s.import(reader, path);
    const auto figures = store::read_arcep_figures(s.db);
    const auto* q4 = find(figures, "commune", "17300", "2022Q4");
    ASSERT_NE(q4, nullptr);
    ASSERT_TRUE(q4->locaux.has_value());
    EXPECT_EQ(*q4->locaux, 54321);
    EXPECT_EQ(q4->raccordables, 51000);
    EXPECT_EQ(q4->zone, "AMII");
    const auto* q3 = find(figures, "commune", "17300", "2022Q3");
    ASSERT_NE(q3, nullptr);
    EXPECT_FALSE(q3->locaux.has_value()); // "à date": the estimate of the file's latest quarter
    const auto* lagord = find(figures, "commune", "17306", "2022Q4");
    ASSERT_NE(lagord, nullptr);
    EXPECT_FALSE(lagord->locaux.has_value()); // "-": no estimate
    EXPECT_EQ(lagord->zone, "RIP");
    const auto estimates = model::arcep_best_estimates(figures);
    EXPECT_EQ(estimates.size(), 1U);
    EXPECT_EQ(estimates.at("17300"), 54321);
    EXPECT_EQ(store::read_arcep_communes(s.db).size(), 2U);
}

TEST(ArcepReader, BadFigureRejectsItsLineNamingTheQuarter) {
    Store s;
    const auto path =
        s.write("ftthCommunes.csv", "R\xC3\xA9seaux FttH,,,\n,,,\nCode commune,Champ,T4 2017,T1 2018\n"
                                    "17300,Locaux Raccordables,1 200,n/a\n"
                                    "17300,Cat\xC3\xA9gorie,80,80\n"
                                    "1001,Locaux Raccordables,5,-\n");
    ArcepReader reader;
    const auto counts = s.import(reader, path, all_territory());
    EXPECT_EQ(counts.at("ftthCommunes.csv").read, 3); // the "Catégorie" line is read too: the band
    EXPECT_EQ(counts.at("ftthCommunes.csv").rejected, 1);
    const auto rejects = store::read_rejects(s.db);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_EQ(rejects[0].feature_id, "17300");
    EXPECT_EQ(rejects[0].field, "T1 2018");
    const auto figures = store::read_arcep_figures(s.db);
    ASSERT_EQ(figures.size(), 1U); // "-" is no figure, not zero
    EXPECT_EQ(figures[0].code, "01001");
    EXPECT_EQ(figures[0].quarter, "2017Q4");
}

TEST(ArcepReader, AnotherCsvIsNotAnObservatoryTable) {
    Store s;
    const auto path = s.write("x.csv", "code_insee;nom\n17300;La Rochelle\n");
    ArcepReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 0);
    EXPECT_THROW(s.import(reader, path, all_territory()), DataError);
}

} // namespace
} // namespace fibre::importers
