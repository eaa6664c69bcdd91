#pragma once
/// @file geo_export.hpp
/// Exports for GIS staff: the coverage GeoPackage (premises, communes, PM zones, network
/// links, worksites, with their QGIS styles), the same layers as GeoJSON or FlatGeobuf, and
/// the premises alone as CSV, GeoPackage, GeoJSON or FlatGeobuf. Written through GDAL.

#include "engine/model/analysis.hpp"
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

/// What to do with a file already at the output path.
enum class Existing {
    refuse,    ///< a usage error naming the file, --overwrite and --update
    overwrite, ///< replace it whole
    update,    ///< GeoPackage only: replace the layers written, keep the others
};

/// How to export.
struct ExportOptions {
    Existing existing = Existing::refuse;
    std::string lang = "fr"; ///< of the legends stored with the layers: "fr" or "en"
    /// The network defects (`fibre check`), when the defects layer is written.
    std::vector<model::Defect> defects;
};

/// The files an export of @p layers (all coverage_layers when empty) to @p out writes.
/// @throws UsageError for an unknown layer or extension, or a CSV of another layer than premises.
std::vector<std::filesystem::path> output_files(const std::filesystem::path& out,
                                                const std::vector<std::string>& layers);

/// Throws a UsageError when one of @p files exists and @p existing does not say what to do
/// with it, or when @p existing is update for another format than GeoPackage.
void check_existing(const std::vector<std::filesystem::path>& files, Existing existing);

/// What was written.
struct ExportSummary {
    std::vector<std::filesystem::path> files;
    std::vector<std::pair<std::string, long long>> layers; ///< layer name, features written
};

/// Writes the layers named in @p layers (all coverage_layers when empty) with their state at
/// @p at, each with an `at` field and (GeoPackage) a description naming the date. A
/// GeoPackage holds every layer and their default QGIS styles (`layer_styles`), and with
/// Existing::update keeps the layers of the existing file that are not written;
/// GeoJSON and FlatGeobuf hold one layer a file, so several layers go to files named
/// `<stem>-<layer><ext>` beside @p out; CSV takes only the premises layer. Every file is
/// written beside its final place and renamed into it, so a failure leaves no half-written
/// file. GeoJSON is written in WGS84 (RFC 7946), the others in Lambert-93 (EPSG:2154).
/// @throws UsageError for an unknown layer or extension, DataError when GDAL cannot write,
/// StoreError when the store cannot be read.
ExportSummary export_layers(store::Database& db, const rollout::RolloutData& data, Date at,
                            const std::filesystem::path& out, const std::vector<std::string>& layers,
                            const ExportOptions& options = {});

} // namespace fibre::report
