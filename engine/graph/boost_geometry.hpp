#pragma once
/// @file boost_geometry.hpp
/// The Boost.Geometry types the graph's spatial work runs on (planar, Lambert-93 metres),
/// and the conversions from the model's geometries. Included by the graph's sources only.

#include "engine/model/geometry.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

namespace fibre::graph {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using BLine = bg::model::linestring<BPoint>;
using BPolygon = bg::model::polygon<BPoint>;
using BMultiPolygon = bg::model::multi_polygon<BPolygon>;

inline BPoint to_bg(const model::Point& p) {
    return {p.x, p.y};
}

/// A polygon, oriented and closed as Boost.Geometry's predicates expect: deliveries draw
/// rings either way round.
inline BPolygon to_bg(const model::Polygon& polygon) {
    BPolygon out;
    for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
        auto& ring = r == 0 ? out.outer() : out.inners().emplace_back();
        for (const auto& pt : polygon.rings[r]) {
            ring.push_back(to_bg(pt));
        }
    }
    bg::correct(out);
    return out;
}

/// Whether a polygon has an outer ring Boost.Geometry can test against (at least 4 points,
/// the first repeated last).
inline bool has_area(const model::Polygon& polygon) {
    return !polygon.rings.empty() && polygon.rings.front().size() >= 4;
}

/// The parts of a multipolygon that have an area, as in to_bg(const model::Polygon&).
inline BMultiPolygon to_bg(const model::MultiPolygon& area) {
    BMultiPolygon out;
    for (const auto& polygon : area) {
        if (has_area(polygon)) {
            out.push_back(to_bg(polygon));
        }
    }
    return out;
}

} // namespace fibre::graph
