#include "engine/store/wkb.hpp"
#include "engine/support/error.hpp"

#include <gtest/gtest.h>

namespace fibre::store {
namespace {

TEST(Wkb, PointIsTheStandardEncoding) {
    const auto bytes = wkb::encode(model::Point{1.0, 2.0});
    ASSERT_EQ(bytes.size(), 21U);
    EXPECT_EQ(bytes[0], 1); // little-endian
    EXPECT_EQ(bytes[1], 1); // type POINT
    EXPECT_EQ(wkb::decode_point(bytes.data(), bytes.size()), (model::Point{1.0, 2.0}));
}

TEST(Wkb, BigEndianIsRead) {
    // POINT(1 2) written big-endian
    const unsigned char be[] = {0, 0, 0, 0, 1, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(wkb::decode_point(be, sizeof be), (model::Point{1.0, 2.0}));
}

TEST(Wkb, TruncatedBytesThrow) {
    const auto bytes = wkb::encode(model::LineString{{0, 0}, {1, 1}});
    EXPECT_THROW(wkb::decode_linestring(bytes.data(), bytes.size() - 1), StoreError);
}

TEST(Wkb, WrongTypeThrows) {
    const auto bytes = wkb::encode(model::Point{1, 1});
    EXPECT_THROW(wkb::decode_linestring(bytes.data(), bytes.size()), StoreError);
}

TEST(Wkb, MultiPolygonWithHoleRoundTrips) {
    model::MultiPolygon mp{model::Polygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
                                           {{2, 2}, {3, 2}, {3, 3}, {2, 3}, {2, 2}}}},
                           model::Polygon{{{{20, 0}, {30, 0}, {30, 10}, {20, 0}}}}};
    const auto bytes = wkb::encode(mp);
    EXPECT_EQ(wkb::decode_multipolygon(bytes.data(), bytes.size()), mp);
}

} // namespace
} // namespace fibre::store
