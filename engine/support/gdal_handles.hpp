#pragma once
/// @file gdal_handles.hpp
/// Owners for GDAL/OGR objects. GDAL headers stay out of this header: the deleters are
/// defined in gdal_handles.cpp.

#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRFeature;
class OGRGeometry;
class OGRSpatialReference;

namespace fibre::gdal {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const noexcept;
};
struct FeatureDestroyer {
    void operator()(OGRFeature* f) const noexcept;
};
struct GeometryDestroyer {
    void operator()(OGRGeometry* g) const noexcept;
};
struct SpatialReferenceReleaser {
    void operator()(OGRSpatialReference* srs) const noexcept;
};

using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDestroyer>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDestroyer>;
using SpatialReferencePtr = std::unique_ptr<OGRSpatialReference, SpatialReferenceReleaser>;

/// Registers GDAL's drivers once and routes its messages into fibre's log.
void initialise();

/// Opens a vector dataset read-only. @p path may be a GDAL virtual path (/vsizip/...).
/// @param open_options driver open options such as "SEPARATOR=SEMICOLON"
/// @param allowed_drivers restricts the drivers tried (empty: all)
/// @throws DataError naming the path and GDAL's own message when it cannot be opened.
DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options = {},
                       const std::vector<std::string>& allowed_drivers = {});

/// Creates a new vector dataset with the named driver ("GPKG", "ESRI Shapefile", "GeoJSON").
/// @throws DataError naming the path and GDAL's message.
DatasetPtr create_vector(const std::string& path, const std::string& driver,
                         const std::vector<std::string>& creation_options = {});

/// GDAL's last error message, or "unknown error" when there is none.
std::string last_error();

/// The GDAL version string ("3.6.2").
std::string version();

} // namespace fibre::gdal
