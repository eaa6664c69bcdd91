// Geometry conversion to Lambert-93: CRS recognition, reprojection, single and multi
// geometries, non-finite coordinates, and sound or refused polygon repairs.

#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "importers/geometry_conversion.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace fibre::importers {
namespace {

gdal::GeometryPtr wkt(const char* text) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(text, nullptr, &g), OGRERR_NONE) << text;
    return gdal::GeometryPtr(g);
}

OGRSpatialReference epsg(int code) {
    OGRSpatialReference s;
    s.importFromEPSG(code);
    return s;
}

TEST(GeometryConversion, Lambert93UnderItsUsualNamesIsTakenAsIs) {
    gdal::initialise();
    OGRSpatialReference esri;
    esri.importFromWkt(
        "PROJCS[\"RGF93_Lambert_93\",GEOGCS[\"GCS_RGF_1993\",DATUM[\"D_RGF_1993\",SPHEROID[\"GRS_1980\","
        "6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        "PROJECTION[\"Lambert_Conformal_Conic\"],PARAMETER[\"False_Easting\",700000.0],"
        "PARAMETER[\"False_Northing\",6600000.0],PARAMETER[\"Central_Meridian\",3.0],"
        "PARAMETER[\"Standard_Parallel_1\",49.0],PARAMETER[\"Standard_Parallel_2\",44.0],"
        "PARAMETER[\"Latitude_Of_Origin\",46.5],UNIT[\"Meter\",1.0]]");
    const GeometryConverter c(&esri, std::nullopt);
    const auto p = c.point(wkt("POINT (654321.5 6789012.25)").get());
    EXPECT_EQ(p, (model::Point{654321.5, 6789012.25}));
    const auto l93 = epsg(2154);
    EXPECT_EQ(GeometryConverter(&l93, std::nullopt).point(wkt("POINT (1 2)").get()), (model::Point{1, 2}));
}

TEST(GeometryConversion, Wgs84IsReprojectedInLongitudeLatitudeOrder) {
    const auto wgs84 = epsg(4326);
    const GeometryConverter c(&wgs84, std::nullopt);
    // The projection's origin (3°E, 46.5°N) is (700 000, 6 600 000) by definition of Lambert-93.
    const auto origin = c.point(wkt("POINT (3 46.5)").get());
    EXPECT_NEAR(origin.x, 700000, 0.01);
    EXPECT_NEAR(origin.y, 6600000, 0.01);
    // West and north of it: smaller easting, larger northing (axes not swapped).
    const auto paris = c.point(wkt("POINT (2.35 48.85)").get());
    EXPECT_LT(paris.x, 700000);
    EXPECT_GT(paris.y, 6800000);
}

TEST(GeometryConversion, NoCrsNeedsSrsAndForcedSrsWins) {
    EXPECT_THROW(GeometryConverter(nullptr, std::nullopt), DataError);
    try {
        GeometryConverter c(nullptr, std::nullopt);
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("--srs"), std::string::npos);
    }
    const GeometryConverter forced(nullptr, 4326);
    EXPECT_NEAR(forced.point(wkt("POINT (3 46.5)").get()).x, 700000, 1);
    EXPECT_THROW(GeometryConverter(nullptr, 999999), DataError);
}

TEST(GeometryConversion, SingleAndMultiGeometriesAreAccepted) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    EXPECT_EQ(c.point(wkt("MULTIPOINT ((5 6))").get()), (model::Point{5, 6}));
    EXPECT_EQ(c.line(wkt("MULTILINESTRING ((0 0,1 0),(1 0,2 0))").get()).size(), 3U);
    EXPECT_THROW((void)c.line(wkt("MULTILINESTRING ((0 0,1 0),(5 0,6 0))").get()), DataError);
    EXPECT_EQ(c.area(wkt("MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0)),((20 0,30 0,30 10,20 10,20 0)))").get())
                  .geometry.size(),
              2U);
    EXPECT_THROW((void)c.point(wkt("LINESTRING (0 0,1 1)").get()), DataError);
    EXPECT_THROW((void)c.point(wkt("POINT EMPTY").get()), DataError);
}

TEST(GeometryConversion, NonFiniteCoordinatesAreRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    OGRPoint p(std::numeric_limits<double>::quiet_NaN(), 1.0);
    EXPECT_THROW((void)c.point(&p), DataError);
    OGRLineString l;
    l.addPoint(0, 0);
    l.addPoint(std::numeric_limits<double>::infinity(), 1);
    EXPECT_THROW((void)c.line(&l), DataError);
}

TEST(GeometryConversion, SpikeIsRepairedAndCounted) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    const auto ok = c.area(wkt("POLYGON ((0 0,10 0,10 10,0 10,0 0))").get());
    EXPECT_FALSE(ok.repaired);
    const auto fixed = c.area(wkt("POLYGON ((0 0,10 0,10 10,5 10,5 15,5 10,0 10,0 0))").get());
    EXPECT_TRUE(fixed.repaired);
    EXPECT_FALSE(fixed.repair_note.empty());
    ASSERT_EQ(fixed.geometry.size(), 1U);
    EXPECT_EQ(fixed.geometry[0].rings.size(), 1U);
}

TEST(GeometryConversion, BowTieIsRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    EXPECT_THROW((void)c.area(wkt("POLYGON ((0 0,10 10,10 0,0 10,0 0))").get()), DataError);
}

TEST(GeometryConversion, RepairThatChangesTheAreaIsRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    // A hole bigger than its shell: "valid" only by dropping most of the declared shape.
    EXPECT_THROW(
        (void)c.area(wkt("POLYGON ((0 0,10 0,10 10,0 10,0 0),(-5 -5,20 -5,20 20,-5 20,-5 -5))").get()),
        DataError);
    // A ring collapsed to a line has no area to keep.
    EXPECT_THROW((void)c.area(wkt("POLYGON ((0 0,10 0,20 0,0 0))").get()), DataError);
}

} // namespace
} // namespace fibre::importers
