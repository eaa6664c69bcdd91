// ARCEP's observatory: the real 2018 T1 extract and faithful small files.

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
    const auto counts = s.import(reader, (folder / "ftthCommunes.csv").string());
    const auto& c = counts.at("ftthCommunes.csv");
    EXPECT_EQ(c.read, 35361); // the "Locaux Raccordables" lines; "Catégorie" lines are not counts
    EXPECT_EQ(c.imported, c.read);
    const auto figures = store::read_arcep_figures(s.db);
    EXPECT_EQ(figures.size(), 3U * 35361U);
    const auto* amberieu = find(figures, "commune", "01004", "2018Q1");
    ASSERT_NE(amberieu, nullptr);
    EXPECT_EQ(amberieu->raccordables, 2248);
    const auto* t3 = find(figures, "commune", "01004", "2017Q3");
    ASSERT_NE(t3, nullptr);
    EXPECT_EQ(t3->raccordables, 1460);

    const auto ref = s.import(reader, (folder / "communes.csv").string());
    EXPECT_EQ(ref.at("communes.csv").imported, 35361);
    const auto communes = store::read_communes(s.db);
    const auto paris =
        std::find_if(communes.begin(), communes.end(), [](const auto& x) { return x.insee == "75056"; });
    ASSERT_NE(paris, communes.end());
    EXPECT_EQ(paris->logements, 1362182);
    EXPECT_EQ(paris->etablissements, 149289);
    EXPECT_EQ(paris->departement, "75");
    const auto aast =
        std::find_if(communes.begin(), communes.end(), [](const auto& x) { return x.insee == "64001"; });
    ASSERT_NE(aast, communes.end());
    EXPECT_EQ(aast->logements, 81);
    EXPECT_EQ(aast->etablissements, 0); // "-" in the file
}

TEST(ArcepReader, ReadsEpciAndDepartementTables) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto folder = fibre::testing::shared_data_dir() / "arcep-observatoire-2018t1";
    ArcepReader reader;
    Store s;
    s.import(reader, (folder / "ftthDepartements.csv").string());
    s.import(reader, (folder / "ftthEpci.csv").string());
    const auto figures = store::read_arcep_figures(s.db);
    const auto* ain = find(figures, "departement", "01", "2018Q1");
    ASSERT_NE(ain, nullptr);
    EXPECT_EQ(ain->raccordables, 116403);
    const auto* epci = find(figures, "epci", "200000172", "2017Q4");
    ASSERT_NE(epci, nullptr);
    EXPECT_EQ(epci->raccordables, 1455);
}

TEST(ArcepReader, BadFigureRejectsItsLineNamingTheQuarter) {
    Store s;
    const auto path =
        s.write("ftthCommunes.csv", "R\xC3\xA9seaux FttH,,,\n,,,\nCode commune,Champ,T4 2017,T1 2018\n"
                                    "17300,Locaux Raccordables,1 200,n/a\n"
                                    "17300,Cat\xC3\xA9gorie,80,80\n"
                                    "1001,Locaux Raccordables,5,-\n");
    ArcepReader reader;
    const auto counts = s.import(reader, path);
    EXPECT_EQ(counts.at("ftthCommunes.csv").read, 2);
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
    EXPECT_THROW(s.import(reader, path), DataError);
}

} // namespace
} // namespace fibre::importers
