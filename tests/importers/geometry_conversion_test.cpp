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
    EXPECT_EQ(GeometryConverter(&l93, std::nullopt).point(wkt("POINT (700001 6600002)").get()),
              (model::Point{700001, 6600002}));
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
    EXPECT_EQ(c.point(wkt("MULTIPOINT ((700005 6600006))").get()), (model::Point{700005, 6600006}));
    EXPECT_EQ(
        c.line(wkt("MULTILINESTRING ((700000 6600000,700001 6600000),(700001 6600000,700002 6600000))").get())
            .size(),
        3U);
    EXPECT_THROW(
        (void)c.line(
            wkt("MULTILINESTRING ((700000 6600000,700001 6600000),(700005 6600000,700006 6600000))").get()),
        DataError);
    EXPECT_EQ(
        c.area(
             wkt("MULTIPOLYGON (((700000 6600000,700010 6600000,700010 6600010,700000 6600010,700000 "
                 "6600000)),((700020 6600000,700030 6600000,700030 6600010,700020 6600010,700020 6600000)))")
                 .get())
            .geometry.size(),
        2U);
    EXPECT_THROW((void)c.point(wkt("LINESTRING (700000 6600000,700001 6600001)").get()), DataError);
    EXPECT_THROW((void)c.point(wkt("POINT EMPTY").get()), DataError);
}

TEST(GeometryConversion, NonFiniteCoordinatesAreRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    OGRPoint p(std::numeric_limits<double>::quiet_NaN(), 1.0);
    EXPECT_THROW((void)c.point(&p), DataError);
    OGRLineString l;
    l.addPoint(700000, 6600000);
    l.addPoint(std::numeric_limits<double>::infinity(), 1);
    EXPECT_THROW((void)c.line(&l), DataError);
}

TEST(GeometryConversion, SpikeIsRepairedAndCounted) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    const auto ok = c.area(
        wkt("POLYGON ((700000 6600000,700010 6600000,700010 6600010,700000 6600010,700000 6600000))").get());
    EXPECT_FALSE(ok.repaired);
    const auto fixed = c.area(wkt("POLYGON ((700000 6600000,700010 6600000,700010 6600010,700005 "
                                  "6600010,700005 6600015,700005 6600010,700000 6600010,700000 6600000))")
                                  .get());
    EXPECT_TRUE(fixed.repaired);
    EXPECT_FALSE(fixed.repair_note.empty());
    ASSERT_EQ(fixed.geometry.size(), 1U);
    EXPECT_EQ(fixed.geometry[0].rings.size(), 1U);
}

TEST(GeometryConversion, BowTieIsRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    EXPECT_THROW(
        (void)c.area(
            wkt("POLYGON ((700000 6600000,700010 6600010,700010 6600000,700000 6600010,700000 6600000))")
                .get()),
        DataError);
}

TEST(GeometryConversion, RepairThatChangesTheAreaIsRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    // A hole bigger than its shell: "valid" only by dropping most of the declared shape.
    EXPECT_THROW(
        (void)c.area(
            wkt("POLYGON ((700000 6600000,700010 6600000,700010 6600010,700000 6600010,700000 "
                "6600000),(699995 6599995,700020 6599995,700020 6600020,699995 6600020,699995 6599995))")
                .get()),
        DataError);
    // A ring collapsed to a line has no area to keep.
    EXPECT_THROW(
        (void)c.area(wkt("POLYGON ((700000 6600000,700010 6600000,700020 6600000,700000 6600000))").get()),
        DataError);
}

TEST(GeometryConversion, CoordinatesOutsideTheCrsAreaOfUseAreRefused) {
    const auto l93 = epsg(2154);
    const GeometryConverter c(&l93, std::nullopt);
    // Finite but absurd: a damaged value, or a file in another CRS declared as Lambert-93.
    try {
        (void)c.area(wkt("POLYGON ((700000 6600000,1e308 6600000,1e308 -1e308,700000 6600000))").get());
        ADD_FAILURE() << "a polygon with 1e308 vertices was accepted";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("outside the area of use of RGF93 / Lambert-93"),
                  std::string::npos)
            << e.what();
    }
    // Longitude and latitude given as if they were Lambert-93 metres.
    EXPECT_THROW((void)c.point(wkt("POINT (2.35 48.85)").get()), DataError);
    EXPECT_THROW((void)c.line(wkt("LINESTRING (700000 6600000,700000 5000000)").get()), DataError);
    // The corners of mainland France and Corsica are inside.
    EXPECT_NO_THROW((void)c.point(wkt("POINT (1240000 6050000)").get())); // Bonifacio
    EXPECT_NO_THROW((void)c.point(wkt("POINT (100000 6850000)").get()));  // Ouessant
    EXPECT_NO_THROW((void)c.point(wkt("POINT (700000 7110000)").get()));  // Dunkerque

    const auto wgs84 = epsg(4326);
    const GeometryConverter g(&wgs84, std::nullopt);
    try {
        (void)g.point(wkt("POINT (2.35 95)").get());
        ADD_FAILURE() << "a latitude of 95 degrees was accepted";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("latitude -90 to 90"), std::string::npos) << e.what();
    }
    // In range for WGS84 but not in France (New York).
    EXPECT_THROW((void)g.point(wkt("POINT (-74 40.7)").get()), DataError);
}

} // namespace
} // namespace fibre::importers
