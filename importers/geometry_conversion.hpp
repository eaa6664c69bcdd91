#pragma once
/// @file geometry_conversion.hpp
/// From OGR geometries in any CRS to model geometries in Lambert-93, with validity checks
/// and sound repairs through GEOS.

#include "engine/model/geometry.hpp"

#include <memory>
#include <optional>
#include <string>

class OGRGeometry;
class OGRSpatialReference;

namespace fibre::importers {

/// The outcome of a conversion: the geometry, and whether it had to be repaired.
template <typename G>
struct Converted {
    G geometry;
    bool repaired = false;
    std::string repair_note; ///< what was wrong ("Self-intersection at 12 34")
};

/// Converts features of one layer to Lambert-93. A layer whose CRS is RGF93 / Lambert-93 /
/// IGNF:LAMB93 is taken as EPSG:2154 as it is.
class GeometryConverter {
public:
    /// @param layer_srs the layer's CRS (may be null)
    /// @param forced_epsg the user's --srs, used when the layer has no CRS (or always, when given)
    /// @throws DataError when the layer has no CRS and none was forced (the message advises --srs),
    /// or when no transformation to EPSG:2154 exists.
    GeometryConverter(const OGRSpatialReference* layer_srs, std::optional<int> forced_epsg);
    ~GeometryConverter();
    GeometryConverter(const GeometryConverter&) = delete;
    GeometryConverter& operator=(const GeometryConverter&) = delete;

    /// @throws DataError when the geometry is empty, of another type, or has NaN/infinite coordinates.
    [[nodiscard]] model::Point point(const OGRGeometry* g) const;
    /// A LINESTRING, or a MULTILINESTRING whose parts join end to end.
    [[nodiscard]] model::LineString line(const OGRGeometry* g) const;
    /// A POLYGON or MULTIPOLYGON; an invalid one is repaired with GEOS MakeValid when the repair
    /// keeps a polygonal result of similar area, else rejected (DataError).
    [[nodiscard]] Converted<model::MultiPolygon> area(const OGRGeometry* g) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace fibre::importers
