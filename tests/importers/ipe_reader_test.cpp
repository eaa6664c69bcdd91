// Operators' IPE files: encodings, decimal commas, dates, states and projections.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "importers/import_sink.hpp"
#include "importers/ipe_reader.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

const char* ipe_header =
    "IdentifiantImmeuble;EtatImmeuble;CodeInseeImmeuble;CodeAdresseImmeuble;NumeroVoieImmeuble;"
    "ComplementNumeroVoieImmeuble;TypeVoieImmeuble;NomVoieImmeuble;CoordonneeImmeubleX;CoordonneeImmeubleY;"
    "TypeProjectionGeographique;NombreLogementsAdresseIPE;DateCablageAdresse;"
    "DateMiseEnServiceCommercialeImmeuble;ReferencePM;EtatPM;DateDerniereModification\r\n";

TEST(IpeProjection, NamesOfLambert93AndOthers) {
    EXPECT_EQ(ipe_projection("2154"), 2154);
    EXPECT_EQ(ipe_projection("L93"), 2154);
    EXPECT_EQ(ipe_projection("lamb93"), 2154);
    EXPECT_EQ(ipe_projection("RGF93_Lambert_93"), 2154);
    EXPECT_EQ(ipe_projection("EPSG:4326"), 4326);
    EXPECT_EQ(ipe_projection("WGS84"), 4326);
    EXPECT_FALSE(ipe_projection("Mercator maison").has_value());
}

TEST(IpeReader, ReadsAWindows1252FileWithDecimalCommas) {
    Store s;
    // Windows-1252 bytes: \xE9 is 'é'.
    const auto path = s.write(
        "IPE_OPERATEUR_17_PM_IPEZMD_V30_20240115.csv",
        std::string(ipe_header) +
            "IMB/17300/X/0001;DEPLOYE;17300;17300A1B2C;12;bis;RUE;du "
            "Port;380123,45;6570456,78;2154;3;20230614;"
            "28/07/2023;FI-17300-0001;DEPLOYE;2023-12-01 10-23-52\r\n"
            "IMB/17300/X/0002;  d\xE9ploy\xE9 ;17300;17300A1B2D;14;;RUE;du "
            "Port;-1,15;46,16;WGS84;1;;;FI-17300-0001;"
            "DEPLOYE;20231201\r\n"
            "IMB/17300/X/0003;EN COURS DE DEPLOIEMENT;17300;;16;;RUE;du Port;;;;;32/13/2023;;FI-17300-0001;"
            "EN COURS;\r\n"
            "IMB/17300/X/0004;EN TRAVAUX;17300;;18;;RUE;du "
            "Port;380200;6570500;L93;2;;;FI-17300-0001;DEPLOYE;\r\n"
            "IMB/17300/X/0005;CIBLE;17300;;20;;RUE;du Port;nan;6570500;L93;2;;;FI-17300-0001;DEPLOYE;\r\n"
            "IMB/33063/X/0001;SIGNE;33063;;1;;COURS;de l'Intendance;;;;;;;FI-33063-0001;PL;\r\n");
    IpeReader reader;
    const auto source = resolve_source(path);
    EXPECT_EQ(reader.detect(source), 95);
    EXPECT_EQ(reader.perimeter(source), "OPERATEUR_17:17300,OPERATEUR_17:33063");
    const auto counts = s.import(reader, path);
    const auto& c = counts.at("IPE_OPERATEUR_17_PM_IPEZMD_V30_20240115.csv");
    EXPECT_EQ(c.read, 6);
    EXPECT_EQ(c.imported, 5);
    EXPECT_EQ(c.rejected, 1); // the NaN coordinate
    EXPECT_EQ(c.kept, 2);     // the unknown state, the impossible date
    auto declarations = store::read_declarations(s.db);
    ASSERT_EQ(declarations.size(), 5U);
    std::sort(declarations.begin(), declarations.end(),
              [](const auto& a, const auto& b) { return a.building_id < b.building_id; });
    const auto& first = declarations[0];
    EXPECT_EQ(first.state, "DEPLOYE");
    EXPECT_EQ(first.hexacle, "17300A1B2C");
    EXPECT_EQ(first.address_text, "12 bis RUE du Port");
    EXPECT_EQ(first.logements, 3);
    ASSERT_TRUE(first.position.has_value());
    EXPECT_DOUBLE_EQ(first.position->x, 380123.45);
    EXPECT_DOUBLE_EQ(first.position->y, 6570456.78);
    EXPECT_EQ(first.cabling_date, Date::from_ymd(2023, 6, 14));
    EXPECT_EQ(first.commercial_date, Date::from_ymd(2023, 7, 28));
    EXPECT_EQ(first.modified, Date::from_ymd(2023, 12, 1));
    EXPECT_EQ(first.ref_pm, "FI-17300-0001");
    EXPECT_EQ(declarations[1].state, "DEPLOYE"); // written "  déployé " in Windows-1252
    ASSERT_TRUE(declarations[1].position.has_value());
    EXPECT_NEAR(declarations[1].position->x, 380000, 3000); // WGS84 transformed
    EXPECT_FALSE(declarations[2].position.has_value());
    EXPECT_FALSE(declarations[2].cabling_date.has_value());
    EXPECT_EQ(declarations[3].state, "EN TRAVAUX"); // unknown: kept as written, reported
    EXPECT_EQ(declarations[4].insee, "33063");
    const auto rejects = store::read_rejects(s.db);
    const auto kept_state = std::find_if(rejects.begin(), rejects.end(), [](const auto& r) {
        return r.action == "kept" && r.field == "EtatImmeuble";
    });
    ASSERT_NE(kept_state, rejects.end());
    EXPECT_EQ(kept_state->feature_id, "IMB/17300/X/0004");
    const auto nan =
        std::find_if(rejects.begin(), rejects.end(), [](const auto& r) { return r.action == "rejected"; });
    ASSERT_NE(nan, rejects.end());
    EXPECT_EQ(nan->feature_id, "IMB/17300/X/0005");
    EXPECT_EQ(nan->field, "CoordonneeImmeubleX");
}

TEST(IpeReader, UnknownProjectionIsADataErrorUnlessSrsIsGiven) {
    Store s;
    const auto path = s.write(
        "IPE_X.csv", std::string(ipe_header) +
                         "IMB/1;DEPLOYE;17300;;1;;RUE;A;380000;6570000;Mercator maison;1;;;PM1;DEPLOYE;\r\n");
    IpeReader reader;
    try {
        s.import(reader, path);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().layer, "IPE_X.csv");
        EXPECT_EQ(e.context().feature, "IMB/1");
        EXPECT_EQ(e.context().field, "TypeProjectionGeographique");
        EXPECT_NE(std::string(e.what()).find("--srs"), std::string::npos);
    }
    Store t;
    const auto again = t.write("IPE_X.csv", fibre::testing::read_file(path));
    ReadOptions options;
    options.srs_epsg = 2154;
    EXPECT_EQ(t.import(reader, again, options).at("IPE_X.csv").imported, 1);
}

TEST(IpeReader, MissingMandatoryColumnIsADataError) {
    Store s;
    const auto path = s.write("IPE_Y.csv", "IdentifiantImmeuble;EtatImmeuble\r\nIMB/1;DEPLOYE\r\n");
    IpeReader reader;
    try {
        s.import(reader, path);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().field, "CodeInseeImmeuble");
        EXPECT_EQ(e.context().layer, "IPE_Y.csv");
    }
}

} // namespace
} // namespace fibre::importers
