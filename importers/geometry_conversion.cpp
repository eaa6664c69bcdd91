#include "importers/geometry_conversion.hpp"

#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/geos_context.hpp"
#include "engine/support/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <geos_c.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <vector>

namespace fibre::importers {

namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const noexcept {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};

std::string srs_name(const OGRSpatialReference& srs) {
    const char* name = srs.GetName();
    return name != nullptr ? name : "unnamed";
}

/// RGF93 / Lambert-93 under any of the names producers write in .prj files.
bool is_lambert93(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth != nullptr && code != nullptr) {
        if (text::iequals(auth, "EPSG") && std::string(code) == "2154") {
            return true;
        }
        if (text::iequals(auth, "IGNF") && text::iequals(code, "LAMB93")) {
            return true;
        }
    }
    const auto name = text::lower(srs_name(srs));
    const bool rgf93 = name.find("rgf93") != std::string::npos ||
                       name.find("rgf_1993") != std::string::npos ||
                       name.find("rgf 1993") != std::string::npos;
    const bool lambert93 =
        name.find("lambert-93") != std::string::npos || name.find("lambert_93") != std::string::npos ||
        name.find("lambert 93") != std::string::npos || name.find("lamb93") != std::string::npos;
    if ((rgf93 && lambert93) || name == "lamb93" || name.find("ignf:lamb93") != std::string::npos) {
        return true;
    }
    OGRSpatialReference l93;
    l93.importFromEPSG(model::store_srid);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return srs.IsSame(&l93, options) != 0;
}

bool finite(double v) {
    return std::isfinite(v);
}

/// The area of use of EPSG:2154 (metropolitan France and Corsica, lon -9.86..10.38, lat
/// 41.15..51.56, as the EPSG registry gives it), in Lambert-93 metres: the box that holds the
/// four corners and the edges of that area once projected. A coordinate beyond it is not in
/// France: a wrong CRS, swapped axes, or a damaged value (1e308).
constexpr double l93_min_x = -378306;
constexpr double l93_max_x = 1320650;
constexpr double l93_min_y = 6005281;
constexpr double l93_max_y = 7235613;

/// Checks that a Lambert-93 coordinate lies in the CRS's area of use.
void check_in_france(double x, double y, const char* what) {
    if (!(x >= l93_min_x && x <= l93_max_x && y >= l93_min_y && y <= l93_max_y)) {
        throw DataError(fmt::format("{} ({:.10g} {:.10g} in Lambert-93) lies outside the area of use of "
                                    "RGF93 / Lambert-93 (EPSG:2154, metropolitan France: x {:.0f} to {:.0f}, "
                                    "y {:.0f} to {:.0f}); check the coordinates and the declared CRS",
                                    what, x, y, l93_min_x, l93_max_x, l93_min_y, l93_max_y));
    }
}

/// Checks a coordinate of a geographic (longitude, latitude) source against the WGS84 ranges.
void check_geographic(double lon, double lat, const char* what) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        throw DataError(fmt::format("{} ({:.10g} {:.10g}) is not a longitude and latitude (longitude -180 "
                                    "to 180, latitude -90 to 90), while the source declares a geographic CRS",
                                    what, lon, lat));
    }
}

} // namespace

struct GeometryConverter::State {
    std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> transform; // null: already Lambert-93
    bool geographic = false; ///< the source is in longitude / latitude
    geos::Context geos;

    /// Checks and transforms coordinates to Lambert-93 in place. @throws DataError.
    void to_lambert93(double* xs, double* ys, std::size_t n, const char* what) const {
        if (geographic) {
            for (std::size_t i = 0; i < n; ++i) {
                check_geographic(xs[i], ys[i], what);
            }
        }
        if (transform && transform->Transform(static_cast<int>(n), xs, ys) == 0) {
            throw DataError(fmt::format("{} cannot be transformed to EPSG:2154", what));
        }
        for (std::size_t i = 0; i < n; ++i) {
            check_in_france(xs[i], ys[i], what);
        }
    }
};

GeometryConverter::GeometryConverter(const OGRSpatialReference* layer_srs, std::optional<int> forced_epsg)
    : state_(std::make_unique<State>()) {
    gdal::initialise();
    OGRSpatialReference source;
    if (forced_epsg) {
        if (source.importFromEPSG(*forced_epsg) != OGRERR_NONE) {
            throw DataError(fmt::format("unknown CRS EPSG:{} given with --srs", *forced_epsg));
        }
        if (*forced_epsg == model::store_srid) {
            return;
        }
    } else if (layer_srs == nullptr || layer_srs->IsEmpty()) {
        throw DataError("the source declares no CRS (no .prj or SRS); give it with --srs EPSG:N "
                        "(EPSG:2154 for Lambert-93)");
    } else {
        if (is_lambert93(*layer_srs)) {
            return;
        }
        source = *layer_srs;
    }
    OGRSpatialReference target;
    target.importFromEPSG(model::store_srid);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    state_->geographic = source.IsGeographic() != 0;
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLErrorReset();
    state_->transform.reset(OGRCreateCoordinateTransformation(&source, &target));
    if (!state_->transform) {
        throw DataError(fmt::format("no transformation from CRS '{}' to EPSG:2154: {}; give the source's CRS "
                                    "with --srs EPSG:N",
                                    srs_name(source), gdal::last_error()));
    }
}

GeometryConverter::~GeometryConverter() = default;

namespace {

/// Copies the coordinates of a curve, checking that they are finite.
void append_points(const OGRSimpleCurve& curve, std::vector<model::Point>& out) {
    const int n = curve.getNumPoints();
    out.reserve(out.size() + static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double x = curve.getX(i);
        const double y = curve.getY(i);
        if (!finite(x) || !finite(y)) {
            throw DataError(fmt::format("coordinate {} is not a finite number ({} {})", i + 1, x, y));
        }
        out.push_back({x, y});
    }
}

} // namespace

model::Point GeometryConverter::point(const OGRGeometry* g) const {
    if (g == nullptr || g->IsEmpty()) {
        throw DataError("empty geometry");
    }
    const OGRPoint* p = nullptr;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPoint) {
        p = g->toPoint();
    } else if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
        p = g->toMultiPoint()->getGeometryRef(0);
    } else {
        throw DataError(fmt::format("expected a point, found {}", g->getGeometryName()));
    }
    double x = p->getX();
    double y = p->getY();
    if (!finite(x) || !finite(y)) {
        throw DataError(fmt::format("the point's coordinates are not finite numbers ({} {})", x, y));
    }
    state_->to_lambert93(&x, &y, 1, "the point");
    return {x, y};
}

model::LineString GeometryConverter::line(const OGRGeometry* g) const {
    if (g == nullptr || g->IsEmpty()) {
        throw DataError("empty geometry");
    }
    model::LineString out;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbLineString) {
        append_points(*g->toLineString(), out);
    } else if (type == wkbMultiLineString) {
        const auto* multi = g->toMultiLineString();
        for (const auto* part : *multi) {
            std::vector<model::Point> pts;
            append_points(*part, pts);
            if (pts.empty()) {
                continue;
            }
            if (!out.empty()) {
                if (!(out.back() == pts.front())) {
                    throw DataError(
                        fmt::format("the multi-line's parts do not join end to end (gap at {} {})",
                                    out.back().x, out.back().y));
                }
                out.insert(out.end(), pts.begin() + 1, pts.end());
            } else {
                out = std::move(pts);
            }
        }
    } else {
        throw DataError(fmt::format("expected a line, found {}", g->getGeometryName()));
    }
    if (out.size() < 2) {
        throw DataError("a line needs at least two points");
    }
    {
        std::vector<double> xs(out.size());
        std::vector<double> ys(out.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            xs[i] = out[i].x;
            ys[i] = out[i].y;
        }
        state_->to_lambert93(xs.data(), ys.data(), xs.size(), "a vertex of the line");
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = {xs[i], ys[i]};
        }
    }
    return out;
}

namespace {

geos::GeometryPtr to_geos(const geos::Context& ctx, const model::MultiPolygon& mp) {
    const auto h = ctx.handle();
    std::vector<GEOSGeometry*> polys;
    for (const auto& poly : mp) {
        std::vector<GEOSGeometry*> rings;
        for (const auto& ring : poly.rings) {
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
            for (std::size_t i = 0; i < ring.size(); ++i) {
                GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), ring[i].x, ring[i].y);
            }
            GEOSGeometry* lr = GEOSGeom_createLinearRing_r(h, seq);
            if (lr == nullptr) {
                for (auto* r : rings) {
                    GEOSGeom_destroy_r(h, r);
                }
                for (auto* p : polys) {
                    GEOSGeom_destroy_r(h, p);
                }
                throw DataError("invalid ring: " + ctx.last_message());
            }
            rings.push_back(lr);
        }
        GEOSGeometry* shell = rings.front();
        GEOSGeometry** holes = rings.size() > 1 ? rings.data() + 1 : nullptr;
        polys.push_back(GEOSGeom_createPolygon_r(h, shell, holes, static_cast<unsigned>(rings.size() - 1)));
    }
    return geos::own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(),
                                                      static_cast<unsigned>(polys.size())));
}

void ring_from_geos(GEOSContextHandle_t h, const GEOSGeometry* ring, std::vector<model::Point>& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    out.resize(n);
    for (unsigned i = 0; i < n; ++i) {
        GEOSCoordSeq_getXY_r(h, seq, i, &out[i].x, &out[i].y);
    }
}

/// Collects the polygons of any GEOS geometry (MakeValid may return a collection that also
/// holds lines and points where the input collapsed; those carry no area and are dropped).
void polygons_from_geos(GEOSContextHandle_t h, const GEOSGeometry* g, model::MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g) == 1) {
            return;
        }
        model::Polygon p;
        p.rings.emplace_back();
        ring_from_geos(h, GEOSGetExteriorRing_r(h, g), p.rings.back());
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) {
            p.rings.emplace_back();
            ring_from_geos(h, GEOSGetInteriorRingN_r(h, g, i), p.rings.back());
        }
        out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) {
            polygons_from_geos(h, GEOSGetGeometryN_r(h, g, i), out);
        }
    }
}

} // namespace

Converted<model::MultiPolygon> GeometryConverter::area(const OGRGeometry* g) const {
    if (g == nullptr || g->IsEmpty()) {
        throw DataError("empty geometry");
    }
    model::MultiPolygon mp;
    const auto add_polygon = [&](const OGRPolygon& poly) {
        model::Polygon p;
        for (const auto* ring : poly) {
            p.rings.emplace_back();
            append_points(*ring, p.rings.back());
            auto& r = p.rings.back();
            if (!r.empty() && !(r.front() == r.back())) {
                r.push_back(r.front()); // unclosed rings are common in hand-edited files
            }
        }
        if (!p.rings.empty() && !p.rings.front().empty()) {
            mp.push_back(std::move(p));
        }
    };
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        add_polygon(*g->toPolygon());
    } else if (type == wkbMultiPolygon) {
        for (const auto* poly : *g->toMultiPolygon()) {
            add_polygon(*poly);
        }
    } else {
        throw DataError(fmt::format("expected a polygon, found {}", g->getGeometryName()));
    }
    if (mp.empty()) {
        throw DataError("empty polygon");
    }
    for (auto& poly : mp) {
        for (auto& ring : poly.rings) {
            std::vector<double> xs(ring.size());
            std::vector<double> ys(ring.size());
            for (std::size_t i = 0; i < ring.size(); ++i) {
                xs[i] = ring[i].x;
                ys[i] = ring[i].y;
            }
            state_->to_lambert93(xs.data(), ys.data(), xs.size(), "a vertex of the polygon");
            for (std::size_t i = 0; i < ring.size(); ++i) {
                ring[i] = {xs[i], ys[i]};
            }
        }
    }
    for (const auto& poly : mp) {
        for (const auto& ring : poly.rings) {
            if (ring.size() < 4) {
                throw DataError(
                    fmt::format("a polygon ring has {} points; at least 4 are needed", ring.size()));
            }
        }
    }
    const auto& ctx = state_->geos;
    const auto h = ctx.handle();
    auto geom = to_geos(ctx, mp);
    if (!geom) {
        throw DataError("invalid polygon: " + ctx.last_message());
    }
    if (GEOSisValid_r(h, geom.get()) == 1) {
        return {std::move(mp), false, {}};
    }
    char* why = GEOSisValidReason_r(h, geom.get());
    std::string reason = why != nullptr ? why : "invalid polygon";
    GEOSFree_r(h, why);
    // The usual defects (spikes, rings touching themselves, duplicate points) are repaired by
    // MakeValid without changing the declared area (shells minus holes); a repair that loses or
    // gains more than 1 % of it, or leaves nothing polygonal, changed the shape and is refused.
    // A bow-tie declares no area (its two lobes cancel out) and holes larger than their shell
    // a negative one: which part was meant cannot be told, so they are refused too.
    double before = 0;
    for (const auto& poly : mp) {
        for (std::size_t r = 0; r < poly.rings.size(); ++r) {
            double a = 0;
            const auto& ring = poly.rings[r];
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                a += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
            }
            before += (r == 0 ? 1.0 : -1.0) * std::abs(a) / 2.0;
        }
    }
    auto fixed = geos::own(ctx, GEOSMakeValid_r(h, geom.get()));
    if (!fixed) {
        throw DataError(
            fmt::format("invalid polygon ({}) that cannot be repaired: {}", reason, ctx.last_message()));
    }
    model::MultiPolygon repaired;
    polygons_from_geos(h, fixed.get(), repaired);
    double after = 0;
    GEOSArea_r(h, fixed.get(), &after);
    if (repaired.empty() || after <= 0 || before <= 0 ||
        std::abs(after - std::abs(before)) > 0.01 * std::abs(before)) {
        throw DataError(fmt::format("invalid polygon ({}); the repair would change its area from {:.1f} to "
                                    "{:.1f} m², so it is not taken",
                                    reason, std::abs(before), after));
    }
    return {std::move(repaired), true, reason};
}

} // namespace fibre::importers
