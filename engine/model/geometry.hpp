#pragma once
/// @file geometry.hpp
/// Plain geometry values in Lambert-93 (EPSG:2154), metres. No library types here:
/// the graph engine and the report work on these.

#include <vector>

namespace fibre::model {

/// The CRS of every geometry in the store and in the model.
inline constexpr int store_srid = 2154;

struct Point {
    double x = 0; ///< easting, metres
    double y = 0; ///< northing, metres
    friend bool operator==(const Point&, const Point&) = default;
};

using LineString = std::vector<Point>;

/// A polygon: the first ring is the exterior, the others are holes. Rings are closed
/// (first point repeated at the end).
struct Polygon {
    std::vector<std::vector<Point>> rings;
    friend bool operator==(const Polygon&, const Polygon&) = default;
};

using MultiPolygon = std::vector<Polygon>;

} // namespace fibre::model
