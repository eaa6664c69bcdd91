#include "engine/support/error.hpp"
#include "engine/support/proj_transform.hpp"

#include <gtest/gtest.h>

namespace fibre {
namespace {

TEST(ProjTransform, Wgs84ToLambert93) {
    ProjTransform t("EPSG:4326", "EPSG:2154");
    double x = 3.0; // the Lambert-93 origin meridian
    double y = 46.5;
    t.transform(x, y);
    EXPECT_NEAR(x, 700000.0, 0.01);
    EXPECT_NEAR(y, 6600000.0, 0.01);
}

TEST(ProjTransform, UnknownCrsIsADataError) {
    EXPECT_THROW(ProjTransform("EPSG:999999", "EPSG:2154"), DataError);
}

} // namespace
} // namespace fibre
