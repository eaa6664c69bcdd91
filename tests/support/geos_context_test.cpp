#include "engine/support/error.hpp"
#include "engine/support/geos_context.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

namespace fibre::geos {
namespace {

TEST(GeosContext, GeometriesAreOwnedAndErrorsCarryGeosMessage) {
    Context ctx;
    auto line = from_wkt(ctx, "LINESTRING (0 0, 10 0)");
    double length = 0;
    ASSERT_EQ(GEOSLength_r(ctx.handle(), line.get(), &length), 1);
    EXPECT_DOUBLE_EQ(length, 10.0);
    EXPECT_EQ(to_wkt(ctx, line.get()), "LINESTRING (0 0, 10 0)");
    try {
        from_wkt(ctx, "LINESTRING (0 0");
        FAIL();
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("invalid WKT"), std::string::npos);
    }
}

TEST(GeosContext, GeometryMayOutliveTheContextObject) {
    GeometryPtr kept;
    {
        Context ctx;
        kept = from_wkt(ctx, "POINT (1 2)");
    }
    EXPECT_NE(kept.get(), nullptr); // the handle stays alive through the destroyer
}

} // namespace
} // namespace fibre::geos
