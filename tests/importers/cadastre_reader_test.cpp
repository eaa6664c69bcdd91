// The cadastre: real Etalab and EDIGÉO samples, and small faithful layers.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "importers/cadastre_reader.hpp"
#include "importers/import_sink.hpp"
#include "tests/importers/reader_test_store.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <cpl_vsi.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

using Store = ReaderTestStore;

/// Every point of every parcel within the box.
void expect_within(const model::MultiPolygon& mp, double xmin, double ymin, double xmax, double ymax) {
    ASSERT_FALSE(mp.empty());
    for (const auto& poly : mp) {
        for (const auto& ring : poly.rings) {
            for (const auto& p : ring) {
                ASSERT_TRUE(p.x > xmin && p.x < xmax && p.y > ymin && p.y < ymax) << p.x << " " << p.y;
            }
        }
    }
}

TEST(CadastreNames, DepartementOfEdigeoSheets) {
    EXPECT_EQ(edigeo_departement("/data/edigeo-25354000AB01.tar.bz2", "354"), "25");
    EXPECT_EQ(edigeo_departement("/x/EDIGEO-2A004000AB01/E000AB01.THF", "004"), "2A");
    EXPECT_EQ(edigeo_departement("/x/25354/E000AB01.THF", "354"), "25");
    EXPECT_FALSE(edigeo_departement("/x/sheet/E000AB01.THF", "354").has_value());
    EXPECT_EQ(parcel_id("91216", "", "ab", "37"), "91216000AB0037");
    EXPECT_EQ(parcel_id("91216", "000", "A", "1"), "912160000A0001");
    EXPECT_EQ(parcel_id("9121", "000", "A", "1"), "");
}

TEST(CadastreReader, ReadsTheRealEtalabParcelsOfEpinaySurOrge) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto path =
        (fibre::testing::shared_data_dir() / "cadastre-etalab-91216" / "cadastre-91216-parcelles.json")
            .string();
    CadastreReader reader;
    const auto source = resolve_source(path);
    EXPECT_EQ(reader.detect(source), 95);
    EXPECT_EQ(reader.perimeter(source), "91216");
    Store s;
    const auto counts = s.import(reader, path);
    const auto& c = counts.at("cadastre-91216-parcelles");
    EXPECT_EQ(c.read, 4241);
    EXPECT_EQ(c.imported + c.rejected, c.read);
    EXPECT_GE(c.imported, 4200);
    const auto parcels = store::read_parcels(s.db);
    EXPECT_EQ(static_cast<long long>(parcels.size()), c.imported);
    const auto p =
        std::find_if(parcels.begin(), parcels.end(), [](const auto& x) { return x.id == "91216000AB0037"; });
    ASSERT_NE(p, parcels.end());
    EXPECT_EQ(p->insee, "91216");
    EXPECT_EQ(p->section, "AB");
    EXPECT_EQ(p->numero, "37");
    EXPECT_DOUBLE_EQ(p->contenance_m2, 254881);
    // Épinay-sur-Orge in Lambert-93: about x 650 000, y 6 840 000 (WGS84 in the file).
    expect_within(p->geometry, 640000, 6830000, 660000, 6850000);
}

TEST(CadastreReader, ReadsRealEdigeoSheetsFromTheirArchives) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto folder = fibre::testing::shared_data_dir() / "cadastre-edigeo-25354";
    CadastreReader reader;
    const auto sheet = resolve_source((folder / "edigeo-25354000AK01.tar.bz2").string());
    EXPECT_EQ(reader.detect(sheet), 95);
    EXPECT_EQ(reader.perimeter(sheet), "25354000AK01"); // the sheet, not its commune
    Store s;
    const auto counts = s.import(reader, folder.string()); // the folder of both sheets
    ASSERT_EQ(counts.count("E000AK01/PARCELLE_id"), 1U);
    EXPECT_EQ(counts.at("E000AK01/PARCELLE_id").read, 142);
    EXPECT_EQ(counts.at("E000AK01/BATIMENT_id").read, 134);
    EXPECT_EQ(counts.at("E000AK01/BATIMENT_id").imported, 134);
    ASSERT_EQ(counts.count("E000AB01/PARCELLE_id"), 1U);
    const auto parcels = store::read_parcels(s.db);
    long long expected =
        counts.at("E000AK01/PARCELLE_id").imported + counts.at("E000AB01/PARCELLE_id").imported;
    EXPECT_EQ(static_cast<long long>(parcels.size()), expected);
    const auto p =
        std::find_if(parcels.begin(), parcels.end(), [](const auto& x) { return x.id == "25354000AK0231"; });
    ASSERT_NE(p, parcels.end());
    EXPECT_EQ(p->insee, "25354");
    EXPECT_EQ(p->section, "AK");
    EXPECT_EQ(p->numero, "231");
    EXPECT_DOUBLE_EQ(p->contenance_m2, 1100);
    expect_within(p->geometry, 952400, 6702900, 952900, 6703600); // Lambert-93 as delivered
    const auto buildings = store::read_buildings(s.db);
    EXPECT_EQ(buildings.size(), 134U);
    EXPECT_EQ(buildings.front().insee, "25354");
    EXPECT_TRUE(buildings.front().type == "01" || buildings.front().type == "02");
    const auto communes = store::read_communes(s.db);
    ASSERT_EQ(communes.size(), 1U);
    EXPECT_EQ(communes[0].insee, "25354");
    EXPECT_EQ(communes[0].name, "LUXIOL");
    EXPECT_EQ(communes[0].departement, "25");
}

TEST(CadastreReader, ReadsEdigeoSheetArchivesInsideAZip) {
    FIBRE_REQUIRE_SHARED_DATA();
    Store s;
    const auto zip = (s.dir / "cadastre-25354.zip").string();
    {
        // A département's delivery: the sheets' .tar.bz2 in one .zip, written through GDAL.
        gdal::initialise();
        const auto sheet = fibre::testing::read_file(fibre::testing::shared_data_dir() /
                                                     "cadastre-edigeo-25354" / "edigeo-25354000AK01.tar.bz2");
        const auto inner = "/vsizip/" + zip + "/25/edigeo-25354000AK01.tar.bz2";
        VSILFILE* f = VSIFOpenL(inner.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(VSIFWriteL(sheet.data(), 1, sheet.size(), f), sheet.size());
        VSIFCloseL(f);
    }
    CadastreReader reader;
    EXPECT_EQ(reader.perimeter(resolve_source(zip)), "25354000AK01");
    const auto counts = s.import(reader, zip);
    ASSERT_EQ(counts.count("E000AK01/PARCELLE_id"), 1U);
    EXPECT_EQ(counts.at("E000AK01/PARCELLE_id").imported, 142);
}

TEST(CadastreReader, AnEdigeoSheetWithoutItsNameCannotTellItsDepartement) {
    FIBRE_REQUIRE_SHARED_DATA();
    Store s;
    const auto renamed = s.dir / "sheet.tar.bz2";
    std::filesystem::copy_file(
        fibre::testing::shared_data_dir() / "cadastre-edigeo-25354" / "edigeo-25354000AB01.tar.bz2", renamed);
    CadastreReader reader;
    try {
        s.import(reader, renamed.string());
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().field, "IDU");
        EXPECT_EQ(e.context().layer, "e000ab01.thf");
        EXPECT_NE(std::string(e.what()).find("edigeo-"), std::string::npos) << e.what();
    }
}

const char* buildings_geojson = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"commune":"17300","nom":null,"type":"01"},
 "geometry":{"type":"Polygon","coordinates":[[[-1.15,46.16],[-1.1499,46.16],[-1.1499,46.1601],[-1.15,46.1601],[-1.15,46.16]]]}},
{"type":"Feature","properties":{"commune":"17300","nom":"Halle","type":"02"},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[-1.14,46.16],[-1.1399,46.16],[-1.1399,46.1601],[-1.14,46.1601],[-1.14,46.16]]]]}},
{"type":"Feature","properties":{"commune":"17300","nom":"Noeud","type":"01"},
 "geometry":{"type":"Polygon","coordinates":[[[-1.13,46.16],[-1.1299,46.1601],[-1.1299,46.16],[-1.13,46.1601],[-1.13,46.16]]]}},
{"type":"Feature","properties":{"commune":"17300","nom":"Epine","type":"01"},
 "geometry":{"type":"Polygon","coordinates":[[[-1.12,46.16],[-1.1199,46.16],[-1.1199,46.1601],[-1.1199,46.1603],[-1.1199,46.1601],[-1.12,46.1601],[-1.12,46.16]]]}},
{"type":"Feature","properties":{"commune":"17300","nom":"Vide","type":"01"},"geometry":null}
]})";

TEST(CadastreReader, EtalabBuildingsSingleMultiRepairedAndRejected) {
    Store s;
    const auto path = s.write("cadastre-17300-batiments.json", buildings_geojson);
    CadastreReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 95);
    const auto counts = s.import(reader, path);
    const auto& c = counts.at("cadastre-17300-batiments");
    EXPECT_EQ(c.read, 5);
    EXPECT_EQ(c.imported, 3); // the polygon, the multipolygon, the square with a spike made valid
    EXPECT_EQ(c.repaired, 1); // the spike: removing it keeps the area
    EXPECT_EQ(c.rejected, 2); // the bow-tie (a repair would change its shape) and the empty one
    const auto buildings = store::read_buildings(s.db);
    ASSERT_EQ(buildings.size(), 3U);
    for (const auto& b : buildings) {
        EXPECT_EQ(b.insee, "17300");
        expect_within(b.geometry, 370000, 6560000, 390000, 6580000); // La Rochelle in Lambert-93
    }
    const auto rejects = store::read_rejects(s.db);
    const auto rejected = std::count_if(rejects.begin(), rejects.end(), [](const auto& r) {
        return r.action == "rejected" && r.field == "geometry";
    });
    EXPECT_EQ(rejected, 2);
    const auto repaired =
        std::find_if(rejects.begin(), rejects.end(), [](const auto& r) { return r.action == "repaired"; });
    ASSERT_NE(repaired, rejects.end());
    EXPECT_EQ(repaired->layer, "cadastre-17300-batiments");
}

TEST(CadastreReader, AnyPolygonLayerThroughTheFieldMapping) {
    Store s;
    // A parcel layer in Lambert-93 with fields named as in other tools (code_insee, idu...).
    const auto path = s.write("lots/parcelles_export.geojson",
                              R"({"type":"FeatureCollection",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
"features":[
{"type":"Feature","properties":{"code_insee":"17300","section":"AB","numero":"12","supf":"1 250,5"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[380010,6570000],[380010,6570010],[380000,6570000]]]}},
{"type":"Feature","properties":{"code_insee":"17300","section":"","numero":"","supf":"10"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[380010,6570000],[380010,6570010],[380000,6570000]]]}},
{"type":"Feature","properties":{"code_insee":"17300","section":"AC","numero":"1","supf":"10"},
 "geometry":{"type":"Polygon","coordinates":[[[380000,6570000],[380010,"NaN"],[380010,6570010],[380000,6570000]]]}}
]})");
    CadastreReader reader;
    const auto source = resolve_source(path);
    EXPECT_EQ(reader.detect(source), 70);
    EXPECT_EQ(reader.perimeter(source), "17300");
    const auto counts = s.import(reader, path);
    const auto& c = counts.at("parcelles_export");
    EXPECT_EQ(c.read, 3);
    EXPECT_EQ(c.imported, 1);
    EXPECT_EQ(c.rejected, 2);
    const auto parcels = store::read_parcels(s.db);
    ASSERT_EQ(parcels.size(), 1U);
    EXPECT_EQ(parcels[0].id, "17300000AB0012");
    EXPECT_DOUBLE_EQ(parcels[0].contenance_m2, 1250.5);
    EXPECT_EQ(parcels[0].geometry.front().rings.front().front(), (model::Point{380000, 6570000}));
}

TEST(CadastreReader, ALayerWithoutCrsNeedsSrs) {
    Store s;
    // A shapefile-like source without .prj: GeoJSON cannot say "no CRS", a GML can.
    const auto path = s.write("parcelles.gml", R"(<?xml version="1.0" encoding="utf-8" ?>
<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml">
  <gml:featureMember><ogr:parcelles fid="1">
    <ogr:geometryProperty><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing>
      <gml:coordinates>380000,6570000 380010,6570000 380010,6570010 380000,6570000</gml:coordinates>
    </gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></ogr:geometryProperty>
    <ogr:id>17300000AB0012</ogr:id>
  </ogr:parcelles></gml:featureMember>
</ogr:FeatureCollection>)");
    CadastreReader reader;
    try {
        s.import(reader, path);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("--srs"), std::string::npos) << e.what();
        EXPECT_EQ(e.context().layer, "parcelles");
    }
    Store t;
    const auto again = t.write("parcelles.gml", fibre::testing::read_file(path));
    ReadOptions options;
    options.srs_epsg = 2154;
    const auto counts = t.import(reader, again, options);
    EXPECT_EQ(counts.at("parcelles").imported, 1);
}

TEST(CadastreReader, SomethingElseIsNotCadastre) {
    Store s;
    const auto path = s.write("notes.csv", "a;b\n");
    CadastreReader reader;
    EXPECT_EQ(reader.detect(resolve_source(path)), 0);
    EXPECT_THROW(s.import(reader, path), DataError);
}

} // namespace
} // namespace fibre::importers
