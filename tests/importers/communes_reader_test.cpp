// The commune list: the national file (every commune) and faithful small files.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "importers/communes_reader.hpp"
#include "importers/import_sink.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

TEST(CommunesReader, ReadsEveryCommuneOfFrance) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto path = (fibre::testing::shared_data_dir() / "communes-france" / "communes.csv").string();
    CommunesReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 95);
    Store s;
    const auto counts = s.import(reader, path);
    ASSERT_EQ(counts.count("communes.csv"), 1U);
    const auto& c = counts.at("communes.csv");
    EXPECT_GT(c.read, 34000);
    EXPECT_EQ(c.imported, c.read);
    EXPECT_EQ(c.rejected, 0);
    const auto communes = store::read_communes(s.db);
    EXPECT_EQ(static_cast<long long>(communes.size()), c.imported);
    long long in17 = 0;
    long long population17 = 0;
    for (const auto& commune : communes) {
        if (commune.departement == "17") {
            ++in17;
            population17 += commune.population;
        }
    }
    EXPECT_EQ(in17, 462);
    EXPECT_EQ(population17, 672279);
    const auto abergement =
        std::find_if(communes.begin(), communes.end(), [](const auto& x) { return x.insee == "01001"; });
    ASSERT_NE(abergement, communes.end());
    EXPECT_EQ(abergement->name, "L'Abergement-Cl\xC3\xA9menciat");
    EXPECT_EQ(abergement->epci_siren, "200069193");
}

TEST(CommunesReader, PerimeterIsTheDepartements) {
    Store s;
    const auto path = s.write("communes-17.csv",
                              "code_insee;nom;departement;region;population;codes_postaux;epci_siren;"
                              "epci_nom;logements;etablissements\n"
                              "17300;La Rochelle;17;75;77205;17000;241700434;CA de La Rochelle;"
                              "50000;4000\n"
                              "33063;Bordeaux;33;75;261804;33000;243300316;Bordeaux M\xC3\xA9tropole;;\n");
    CommunesReader reader;
    EXPECT_EQ(reader.perimeter(resolve_source(path)), "17,33");
    const auto counts = s.import(reader, path);
    EXPECT_EQ(counts.at("communes-17.csv").imported, 2);
    const auto communes = store::read_communes(s.db);
    ASSERT_EQ(communes.size(), 2U);
    const auto& lr = communes[0].insee == "17300" ? communes[0] : communes[1];
    EXPECT_EQ(lr.logements, 50000);
    EXPECT_EQ(lr.etablissements, 4000);
    EXPECT_EQ(lr.population, 77205);
}

TEST(CommunesReader, BadCountIsRejectedWithItsField) {
    Store s;
    const auto path =
        s.write("c.csv", "code_insee;nom;departement;population\n17300;La Rochelle;17;beaucoup\n"
                         "17001;Agudelle;17;250\n");
    CommunesReader reader;
    const auto counts = s.import(reader, path);
    EXPECT_EQ(counts.at("c.csv").rejected, 1);
    EXPECT_EQ(counts.at("c.csv").imported, 1);
    const auto rejects = store::read_rejects(s.db);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_EQ(rejects[0].feature_id, "17300");
    EXPECT_EQ(rejects[0].field, "population");
}

TEST(CommunesReader, NotACommuneListIsNotDetectedAndNotRead) {
    Store s;
    const auto path = s.write("other.csv", "a;b\n1;2\n");
    CommunesReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 0);
    EXPECT_THROW(s.import(reader, path), DataError);
}

} // namespace
} // namespace fibre::importers
