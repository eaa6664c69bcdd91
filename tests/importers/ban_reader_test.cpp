// BAN addresses: faithful small files (no whole-commune BAN file can be shipped).

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "importers/ban_reader.hpp"
#include "importers/import_sink.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

const char* ban_header = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
                         "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
                         "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
                         "certification_commune;cad_parcelles\n";

TEST(BanReader, ReadsAddressesWithLambert93AndWgs84Positions) {
    Store s;
    const auto path = s.write(
        "adresses-17.csv",
        std::string(ban_header) +
            "17300_1234_00012;17300_1234;12;bis;Rue du Port;17000;17300;La "
            "Rochelle;;;380123.45;6570456.78;-1.15;"
            "46.16;entr\xC3\xA9"
            "e;;;LA ROCHELLE;RUE DU PORT;commune;commune;1;17300000AB0012|17300000AB0013\n"
            "17300_1234_00014;17300_1234;14;;Rue du Port;17000;17300;La Rochelle;;;;;-1.15;46.16;entr\xC3\xA9"
            "e;;;"
            "LA ROCHELLE;RUE DU PORT;commune;commune;1;\n"
            "17300_1234_00016;17300_1234;16;;Rue du Port;17000;17300;La Rochelle;;;nan;6570456;;;;;;;;;;1;\n"
            "17300_1234_00012;17300_1234;12;bis;Rue du Port;17000;17300;La "
            "Rochelle;;;380123;6570456;;;;;;;;;;1;\n"
            "17300_1234_00018;17300_1234;18;;Rue du Port;17000;17300;La Rochelle;;;;;;;;;;;;;;1;\n");
    BanReader reader;
    const auto source = resolve_source(path);
    EXPECT_EQ(reader.detect(source), 95);
    EXPECT_EQ(reader.perimeter(source), "17");
    const auto counts = s.import(reader, path);
    const auto& c = counts.at("adresses-17.csv");
    EXPECT_EQ(c.read, 5);
    EXPECT_EQ(c.imported, 2);
    EXPECT_EQ(c.rejected, 3); // a NaN coordinate, a duplicate id, no position at all
    auto addresses = store::read_addresses(s.db);
    ASSERT_EQ(addresses.size(), 2U);
    std::sort(addresses.begin(), addresses.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    EXPECT_EQ(addresses[0].code, "17300_1234_00012");
    EXPECT_EQ(addresses[0].ban_id, "17300_1234_00012");
    EXPECT_EQ(addresses[0].number, "12 bis");
    EXPECT_EQ(addresses[0].street, "Rue du Port");
    EXPECT_EQ(addresses[0].postcode, "17000");
    EXPECT_EQ(addresses[0].parcels, "17300000AB0012|17300000AB0013");
    EXPECT_DOUBLE_EQ(addresses[0].position.x, 380123.45);
    EXPECT_DOUBLE_EQ(addresses[0].position.y, 6570456.78);
    // lon/lat used when x and y are empty: La Rochelle is near x 380 000, y 6 570 000.
    EXPECT_NEAR(addresses[1].position.x, 380000, 3000);
    EXPECT_NEAR(addresses[1].position.y, 6570000, 3000);
    const auto rejects = store::read_rejects(s.db);
    ASSERT_EQ(rejects.size(), 3U);
    EXPECT_EQ(rejects[0].feature_id, "17300_1234_00016");
    EXPECT_EQ(rejects[0].field, "x");
    EXPECT_EQ(rejects[1].reason, "duplicate address id");
    EXPECT_EQ(rejects[2].feature_id, "17300_1234_00018");
    // BAN makes addresses, never premises.
    EXPECT_TRUE(store::read_premises(s.db).empty());
}

TEST(BanReader, PerimeterOfAFileNotNamedAfterItsDepartement) {
    Store s;
    const auto path = s.write("extrait.csv",
                              std::string(ban_header) +
                                  "2A004_1_00001;;1;;Cours Napol\xC3\xA9on;20000;2A004;Ajaccio;;;;;8.73;"
                                  "41.92;;;;;;;;1;\n"
                                  "97101_1_00001;;1;;Rue;97139;97101;Les Abymes;;;;;-61.5;16.27;;;;;;;;1;\n");
    BanReader reader;
    EXPECT_EQ(reader.perimeter(resolve_source(path)), "2A,971");
}

TEST(BanReader, MissingInseeColumnIsADataErrorNamingIt) {
    Store s;
    const auto path = s.write("adresses-17.csv", "id;numero;nom_voie;code_insee_x;x;y\n1;2;Rue;17300;1;2\n");
    BanReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 0);
    const auto other = s.write("b/adresses.csv", "id;numero;nom_voie;code_insee;lon\n1;2;Rue;17300;1\n");
    try {
        s.import(reader, other);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().field, "x");
        EXPECT_EQ(e.context().layer, "adresses.csv");
    }
}

} // namespace
} // namespace fibre::importers
