#pragma once
// A small GraceTHD v3 delivery written with the standard's columns, the way real producers
// write it (shapefiles with a Lambert-93 .prj, ';' CSV files with a byte-order mark), with a
// few known defects: a path to a missing node, a premise naming a missing PBO, a premise
// whose building has no address, a PBO zone with a spike, a cable without cableline, an
// unknown status code, a cable with no first end node (its rack gives it), a box located only
// by the cable that names it.

#include <filesystem>
#include <string>
#include <vector>

namespace fibre::testing {

struct ShpField {
    std::string name;
    std::vector<std::string> values; // one per feature
};

/// Writes @p dir/@p name.shp with WKT geometries ("POINT (nan nan)" writes a point of NaN) and string fields,
/// in EPSG:2154 (or with no .prj when @p epsg is 0).
void write_shapefile(const std::filesystem::path& dir, const std::string& name,
                     const std::vector<std::string>& wkt, const std::vector<ShpField>& fields,
                     int epsg = 2154);

/// Writes a ';' CSV with a UTF-8 byte-order mark.
void write_csv(const std::filesystem::path& path, const std::string& header,
               const std::vector<std::string>& rows);

/// Writes the small v3 delivery into @p dir (created): every table of the standard.
void write_v3_delivery(const std::filesystem::path& dir);

} // namespace fibre::testing
