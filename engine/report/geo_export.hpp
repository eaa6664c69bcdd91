#pragma once
/// @file geo_export.hpp
/// Exports for GIS staff: the coverage GeoPackage (premises, communes, PM zones, network
/// links, worksites, with their QGIS styles), the same layers as GeoJSON or FlatGeobuf, and
/// the premises alone as CSV, GeoPackage, GeoJSON or FlatGeobuf. Written through GDAL.

#include "engine/rollout/rollout_data.hpp"
#include "engine/support/date.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::report {

/// The layers of the coverage export, in the order they are written.
inline constexpr const char* coverage_layers[] = {"premises", "communes", "pm_zones", "network_links",
                                                  "worksites"};

/// The GDAL driver for an output path, from its extension: .gpkg GPKG, .geojson / .json
/// GeoJSON, .fgb FlatGeobuf, .csv CSV. @throws UsageError for any other extension.
std::string driver_for(const std::filesystem::path& out);

/// Splits a comma-separated list of layer names ("premises,communes"), dropping blanks.
std::vector<std::string> parse_layer_list(const std::string& text);

/// What was written.
struct ExportSummary {
    std::vector<std::filesystem::path> files;
    std::vector<std::pair<std::string, long long>> layers; ///< layer name, features written
};

/// Writes the layers named in @p layers (all coverage_layers when empty) with their state at
/// @p at. A GeoPackage holds every layer and their default QGIS styles (`layer_styles`);
/// GeoJSON and FlatGeobuf hold one layer a file, so several layers go to files named
/// `<stem>-<layer><ext>` beside @p out; CSV takes only the premises layer. Every file is
/// written beside its final place and renamed into it, so a failure leaves no half-written
/// file. GeoJSON is written in WGS84 (RFC 7946), the others in Lambert-93 (EPSG:2154).
/// @throws UsageError for an unknown layer or extension, DataError when GDAL cannot write,
/// StoreError when the store cannot be read.
ExportSummary export_layers(store::Database& db, const rollout::RolloutData& data, Date at,
                            const std::filesystem::path& out, const std::vector<std::string>& layers);

} // namespace fibre::report
