#pragma once
/// @file proj_transform.hpp
/// Coordinate transformation between two CRS through PROJ, always in
/// easting/northing (x = longitude or easting) order.

#include <memory>
#include <string>

struct pj_ctx;
struct PJconsts;

namespace fibre {

/// Transforms points from one CRS to another ("EPSG:4326" -> "EPSG:2154").
/// Owns its own PROJ context, so one instance per thread.
class ProjTransform {
public:
    /// @throws DataError naming both CRS and PROJ's message when no transformation exists.
    ProjTransform(const std::string& from, const std::string& to);

    /// Transforms one point in place. @throws DataError when PROJ cannot (out of area).
    void transform(double& x, double& y) const;

    /// The PROJ version string ("9.1.1").
    static std::string version();

private:
    struct ContextDestroyer {
        void operator()(pj_ctx* c) const noexcept;
    };
    struct TransformDestroyer {
        void operator()(PJconsts* p) const noexcept;
    };
    std::unique_ptr<pj_ctx, ContextDestroyer> context_;
    std::unique_ptr<PJconsts, TransformDestroyer> transform_;
    std::string description_;
};

} // namespace fibre
