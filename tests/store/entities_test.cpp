// Every imported table round-trips: what EntityWriter writes, the read_* functions give back.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "tests/support/test_support.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <type_traits>

namespace fibre::store {
namespace {

using model::Point;
using testing::TempDir;

model::MultiPolygon square(double x, double y, double side) {
    return {model::Polygon{{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}}}};
}

model::Lifecycle life() {
    return {"REC", "E", Date::from_ymd(2019, 10, 28), Date::from_ymd(2019, 11, 2), std::nullopt};
}

class EntitiesTest : public ::testing::Test {
protected:
    TempDir dir;
    Database db = Database::create(dir / "s.sqlite");
};

template <typename T>
void write_all(Database& db, const std::vector<T>& items) {
    Transaction tx(db);
    EntityWriter writer(db, 1);
    for (const auto& item : items) {
        writer.add(item);
    }
    tx.commit();
}

// What reading gives back for network elements and premises written by import run 1: the
// delivery they came from (and, for premises, their row).
template <typename T>
std::vector<T> as_delivered(std::vector<T> items) {
    std::int64_t row = 0;
    for (auto& item : items) {
        item.delivery = 1;
        if constexpr (std::is_same_v<T, model::Premise>) {
            item.id = ++row;
        }
    }
    return items;
}

TEST_F(EntitiesTest, Communes) {
    std::vector<model::Commune> in{{"17300", "La Rochelle", "17", "241700434", "CA de La Rochelle", 77205,
                                    50000, 9000, square(380000, 6570000, 5000)},
                                   {"2A004", "Ajaccio", "2A", "", "", 71361, 0, 0, {}}};
    write_all(db, in);
    EXPECT_EQ(read_communes(db), in);
}

TEST_F(EntitiesTest, CommuneIsCompletedNotDuplicated) {
    write_all(
        db, std::vector<model::Commune>{{"17300", "La Rochelle", "17", "241700434", "CA", 77205, 0, 0, {}}});
    write_all(db, std::vector<model::Commune>{{"17300", "", "", "", "", 0, 50000, 9000, square(0, 0, 10)}});
    const auto out = read_communes(db);
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].name, "La Rochelle");
    EXPECT_EQ(out[0].population, 77205);
    EXPECT_EQ(out[0].logements, 50000);
    EXPECT_EQ(out[0].geometry, square(0, 0, 10));
}

TEST_F(EntitiesTest, ParcelsAndDuplicates) {
    std::vector<model::Parcel> in{{"17300000AB0012", "17300", "000", "AB", "0012", 523.5, square(1, 2, 3)}};
    write_all(db, in);
    EXPECT_EQ(read_parcels(db), in);
    Transaction tx(db);
    EntityWriter writer(db, 2);
    EXPECT_FALSE(writer.add(in[0]));
}

TEST_F(EntitiesTest, Buildings) {
    std::vector<model::Building> in{{"B1", "17300", "01", "", square(5, 5, 1)}};
    write_all(db, in);
    EXPECT_EQ(read_buildings(db), in);
}

TEST_F(EntitiesTest, Addresses) {
    std::vector<model::Address> in{{"AD1", "17300_0123_00012", "17300ABCDE", "17300", "12 bis", "Rue du Port",
                                    "17000", "La Rochelle", 12, 1, "DE", "17300000AB0012|17300000AB0013",
                                    Point{380100.5, 6570200.25}}};
    write_all(db, in);
    EXPECT_EQ(read_addresses(db), in);
}

TEST_F(EntitiesTest, Premises) {
    std::vector<model::Premise> in{{"LC1", "AD1", "17300", 1, "FTTH", "BP1", "", Point{1, 2}},
                                   {"LC2", "AD1", "17300", 3, "FTTH", "", "ZP9", Point{3, 4}}};
    write_all(db, in);
    EXPECT_EQ(read_premises(db), as_delivered(in));
}

TEST_F(EntitiesTest, NodesKeepDuplicateCodes) {
    std::vector<model::Node> in{{"ND1", "PT", Point{1, 2}}, {"ND1", "PT", Point{1, 2.5}}};
    write_all(db, in);
    EXPECT_EQ(read_nodes(db), as_delivered(in));
}

TEST_F(EntitiesTest, LinksWithAndWithoutGeometry) {
    model::Link cable{
        "CB1", model::LinkKind::cable,       "DI", "ND1", "ND2", "BP1", "BP2", life(), 120.5, 72,
        "",    {{0, 0}, {50, 0}, {120.5, 0}}};
    model::Link path{"CM1", model::LinkKind::path,    "", "ND1", "",  "",
                     "",    {"PRO", "C", {}, {}, {}}, 0,  0,     "0", {{0, 0}, {1, 1}}};
    model::Link bare{"CB2", model::LinkKind::cable, "TR", "", "", "", "", {}, 0, 0, "", {}};
    std::vector<model::Link> in{cable, path, bare};
    write_all(db, in);
    EXPECT_EQ(read_links(db), as_delivered(in));
}

TEST_F(EntitiesTest, CablePaths) {
    std::vector<model::CablePath> in{{"CB1", "CM1"}, {"CB1", "CM2"}};
    write_all(db, in);
    EXPECT_EQ(read_cable_paths(db), in);
}

TEST_F(EntitiesTest, SitesAndBoxes) {
    std::vector<model::Site> sites{{"ST1", "NRO", "ND1", "", life(), Point{1, 1}},
                                   {"ST2", "SRO", "ND2", "FI-17300-0001", life(), Point{2, 2}}};
    std::vector<model::Box> boxes{{"BP1", "PBO", "ND3", life(), Point{3, 3}}};
    write_all(db, sites);
    write_all(db, boxes);
    EXPECT_EQ(read_sites(db), as_delivered(sites));
    EXPECT_EQ(read_boxes(db), as_delivered(boxes));
}

TEST_F(EntitiesTest, Zones) {
    std::vector<model::Zone> in{
        {"ZS1", "zsro", "ST2", "FI-17300-0001", "DP", 450, Date::from_ymd(2021, 3, 1), square(0, 0, 100)},
        {"ZP1", "zpbo", "BP1", "", "", 0, std::nullopt, square(0, 0, 10)}};
    write_all(db, in);
    EXPECT_EQ(read_zones(db), as_delivered(in));
}

TEST_F(EntitiesTest, WorksitesWithSuspensions) {
    model::Worksite w{"WS1",
                      "PM 17300-0001",
                      "distribution",
                      "FI-17300-0001",
                      "completed",
                      Date::from_ymd(2019, 9, 1),
                      Date::from_ymd(2020, 6, 30),
                      Date::from_ymd(2019, 9, 15),
                      Date::from_ymd(2020, 9, 1),
                      std::nullopt,
                      {{Date::from_ymd(2020, 3, 17), Date::from_ymd(2020, 5, 11), "confinement"}},
                      12500.0,
                      square(0, 0, 1000)};
    std::vector<model::Worksite> in{w};
    write_all(db, in);
    EXPECT_EQ(read_worksites(db), in);
}

TEST_F(EntitiesTest, Declarations) {
    std::vector<model::Declaration> in{
        {"IMB/17300/X/0001", "17300", "17300ABCDE", "12 RUE DU PORT", 12, "DEPLOYE",
         Date::from_ymd(2020, 1, 2), Date::from_ymd(2020, 4, 1), "FI-17300-0001", "DEPLOYE", "BP1",
         Date::from_ymd(2025, 12, 31), Point{380100, 6570200}},
        {"IMB/17300/X/0002", "17300", "", "", 1, "CIBLE", {}, {}, "", "", "", {}, {}}};
    write_all(db, in);
    EXPECT_EQ(read_declarations(db), in);
}

TEST_F(EntitiesTest, ArcepFiguresReplaceTheSameQuarter) {
    write_all(db, std::vector<model::ArcepFigure>{{"commune", "17300", "2018Q1", 100}});
    write_all(db, std::vector<model::ArcepFigure>{{"commune", "17300", "2018Q1", 120},
                                                  {"commune", "17300", "2017Q4", 90}});
    const std::vector<model::ArcepFigure> expected{{"commune", "17300", "2017Q4", 90},
                                                   {"commune", "17300", "2018Q1", 120}};
    EXPECT_EQ(read_arcep_figures(db), expected);
}

} // namespace
} // namespace fibre::store
