// Worksites from GeoJSON, GeoPackage and CSV with WKT: dates, suspensions, states.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "importers/import_sink.hpp"
#include "importers/worksites_reader.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gdal_priv.h>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

TEST(WorksiteState, FrenchAndEnglishWords) {
    EXPECT_EQ(worksite_state("prevu"), "planned");
    EXPECT_EQ(worksite_state("Pr\xC3\xA9vu"), "planned");
    EXPECT_EQ(worksite_state("en cours"), "active");
    EXPECT_EQ(worksite_state("EN_COURS"), "active");
    EXPECT_EQ(worksite_state("in progress"), "active");
    EXPECT_EQ(worksite_state("suspendu"), "suspended");
    EXPECT_EQ(worksite_state("Termin\xC3\xA9"), "completed");
    EXPECT_EQ(worksite_state("abandonne"), "abandoned");
    EXPECT_EQ(worksite_state("cancelled"), "abandoned");
    EXPECT_FALSE(worksite_state("en attente d'avis").has_value());
}

TEST(WorksiteSuspensions, PeriodsInEveryDateForm) {
    const auto s = parse_suspensions("2020-03-17/2020-05-11| 17/03/2021/11/05/2021 |2022-01-10/");
    ASSERT_EQ(s.size(), 3U);
    EXPECT_EQ(s[0].from, Date::from_ymd(2020, 3, 17));
    EXPECT_EQ(s[0].to, Date::from_ymd(2020, 5, 11));
    EXPECT_EQ(s[1].from, Date::from_ymd(2021, 3, 17));
    EXPECT_EQ(s[1].to, Date::from_ymd(2021, 5, 11));
    EXPECT_EQ(s[2].from, Date::from_ymd(2022, 1, 10));
    EXPECT_FALSE(s[2].to.has_value());
    EXPECT_TRUE(parse_suspensions("").empty());
    EXPECT_THROW(parse_suspensions("2020-03-17"), DataError);
    EXPECT_THROW(parse_suspensions("hier/demain"), DataError);
}

const char* chantiers = R"({"type":"FeatureCollection","name":"chantiers",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
"features":[
{"type":"Feature","properties":{"code":"CH-001","nom":"ZSRO La Rochelle 1","nature":"distribution",
  "ref_pm":"FI-17300-0001","etat":"suspendu","debut_prevu":"2020-01-06","fin_prevue":"2020-09-30",
  "debut_reel":"2020-01-13","fin_reelle":null,"date_abandon":null,
  "suspensions":"2020-03-17/2020-05-11|2020-11-02/","lineaire_prevu_m":"12 500,5"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[381000,6570000],[381000,6571000],[380000,6571000],[380000,6570000]]]}},
{"type":"Feature","properties":{"code":"CH-002","nom":"Transport NRO","nature":"transport","ref_pm":null,
  "etat":"Termin\u00e9","debut_prevu":"20190301","fin_prevue":"31/12/2019","debut_reel":"2019-03-04",
  "fin_reelle":"2019-12-20","suspensions":"","lineaire_prevu_m":8000},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[382000,6570000],[383000,6570000],[383000,6570100],[382000,6570000]]]]}},
{"type":"Feature","properties":{"code":"CH-003","nom":"Etat inconnu","nature":"distribution","etat":"en attente",
  "debut_prevu":"2021-01-01"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[381000,6570000],[381000,6571000],[380000,6571000],[380000,6570000]]]}},
{"type":"Feature","properties":{"code":"CH-004","nom":"Date fausse","etat":"prevu","debut_prevu":"2021-02-30"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[381000,6570000],[381000,6571000],[380000,6570000]]]}},
{"type":"Feature","properties":{"code":"CH-001","nom":"Doublon","etat":"prevu","debut_prevu":"2021-01-01"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[381000,6570000],[381000,6571000],[380000,6570000]]]}}
]})";

TEST(WorksitesReader, ReadsGeoJsonWorksites) {
    Store s;
    const auto path = s.write("worksites/chantiers.geojson", chantiers);
    WorksitesReader reader;
    const auto source = resolve_source((s.dir / "worksites").string());
    EXPECT_EQ(reader.detect(source), 90);
    EXPECT_EQ(reader.perimeter(source), "CH-001,CH-002,CH-003,CH-004");
    const auto counts = s.import(reader, (s.dir / "worksites").string());
    const auto& c = counts.at("chantiers");
    EXPECT_EQ(c.read, 5);
    EXPECT_EQ(c.imported, 3);
    EXPECT_EQ(c.rejected, 2); // a 30th of February, a duplicate code
    EXPECT_EQ(c.kept, 1);     // the unknown state
    auto worksites = store::read_worksites(s.db);
    ASSERT_EQ(worksites.size(), 3U);
    std::sort(worksites.begin(), worksites.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    const auto& w = worksites[0];
    EXPECT_EQ(w.name, "ZSRO La Rochelle 1");
    EXPECT_EQ(w.kind, "distribution");
    EXPECT_EQ(w.perimeter_ref, "FI-17300-0001");
    EXPECT_EQ(w.declared_state, "suspended");
    EXPECT_EQ(w.planned_start, Date::from_ymd(2020, 1, 6));
    EXPECT_EQ(w.planned_end, Date::from_ymd(2020, 9, 30));
    EXPECT_EQ(w.actual_start, Date::from_ymd(2020, 1, 13));
    EXPECT_FALSE(w.actual_end.has_value());
    ASSERT_EQ(w.suspensions.size(), 2U);
    EXPECT_FALSE(w.suspensions[1].to.has_value());
    EXPECT_DOUBLE_EQ(w.planned_length_m, 12500.5);
    ASSERT_EQ(w.perimeter.size(), 1U);
    EXPECT_EQ(w.perimeter[0].rings[0][1], (model::Point{381000, 6570000}));
    EXPECT_EQ(worksites[1].declared_state, "completed");
    EXPECT_EQ(worksites[1].planned_start, Date::from_ymd(2019, 3, 1));
    EXPECT_EQ(worksites[1].planned_end, Date::from_ymd(2019, 12, 31));
    EXPECT_EQ(worksites[2].declared_state, "en attente"); // kept as written
    const auto rejects = store::read_rejects(s.db);
    const auto bad_date =
        std::find_if(rejects.begin(), rejects.end(), [](const auto& r) { return r.feature_id == "CH-004"; });
    ASSERT_NE(bad_date, rejects.end());
    EXPECT_EQ(bad_date->field, "debut_prevu");
}

TEST(WorksitesReader, ReadsAGeoPackageLayer) {
    Store s;
    const auto path = (s.dir / "chantiers.gpkg").string();
    {
        // Written through GDAL itself, as a GIS would.
        const auto json = s.write("in.geojson", chantiers);
        gdal::initialise();
        auto in = gdal::open_vector(json);
        auto out = gdal::create_vector(path, "GPKG");
        ASSERT_NE(out->CopyLayer(in->GetLayer(0), "chantiers"), nullptr);
    }
    WorksitesReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 90);
    const auto counts = s.import(reader, path);
    EXPECT_EQ(counts.at("chantiers").imported, 3);
    EXPECT_EQ(store::read_worksites(s.db).size(), 3U);
}

TEST(WorksitesReader, ReadsACsvWithWktNeedingSrs) {
    Store s;
    const auto path = s.write(
        "chantiers.csv",
        "code;nom;nature;ref_pm;etat;debut_prevu;fin_prevue;debut_reel;fin_reelle;date_abandon;suspensions;"
        "lineaire_prevu_m;wkt\n"
        "CH-010;Z1;distribution;PM-1;abandonn\xC3\xA9;2021-01-01;2021-06-30;;;2021-03-01;;1000;"
        "\"POLYGON((380000 6570000,381000 6570000,381000 6571000,380000 6570000))\"\n"
        "CH-011;Z2;distribution;PM-2;en cours;2021-01-01;;2021-02-01;;;;;"
        "\"POLYGON((380000 6570000,381000 6570000,381000 nan,380000 6570000))\"\n");
    WorksitesReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 90);
    try {
        s.import(reader, path);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("--srs"), std::string::npos) << e.what();
        EXPECT_EQ(e.context().layer, "chantiers.csv");
        EXPECT_EQ(e.context().field, "wkt");
    }
    Store t;
    const auto again = t.write("chantiers.csv", fibre::testing::read_file(path));
    ReadOptions options;
    options.srs_epsg = 2154;
    const auto counts = t.import(reader, again, options);
    EXPECT_EQ(counts.at("chantiers.csv").imported, 1);
    EXPECT_EQ(counts.at("chantiers.csv").rejected, 1); // the NaN coordinate
    const auto worksites = store::read_worksites(t.db);
    ASSERT_EQ(worksites.size(), 1U);
    EXPECT_EQ(worksites[0].declared_state, "abandoned");
    EXPECT_EQ(worksites[0].abandoned, Date::from_ymd(2021, 3, 1));
    const auto rejects = store::read_rejects(t.db);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_EQ(rejects[0].feature_id, "CH-011");
}

TEST(WorksitesReader, EwktCarriesItsOwnCrs) {
    Store s;
    const auto path =
        s.write("chantiers.csv", "code;etat;debut_prevu;geometry\n"
                                 "CH-020;prevu;2024-01-01;\"SRID=4326;POLYGON((-1.15 46.16,-1.14 46.16,"
                                 "-1.14 46.17,-1.15 46.16))\"\n");
    WorksitesReader reader;
    const auto counts = s.import(reader, path); // no --srs needed
    EXPECT_EQ(counts.at("chantiers.csv").imported, 1);
    const auto worksites = store::read_worksites(s.db);
    ASSERT_EQ(worksites.size(), 1U);
    ASSERT_FALSE(worksites[0].perimeter.empty());
    const auto corner = worksites[0].perimeter[0].rings[0][0];
    EXPECT_NEAR(corner.x, 380000, 3000); // La Rochelle in Lambert-93
    EXPECT_NEAR(corner.y, 6570000, 3000);
}

} // namespace
} // namespace fibre::importers
