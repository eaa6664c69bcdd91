#pragma once
/// @file shapefile_writer.hpp
/// Writes ESRI shapefiles (.shp, .shx, .dbf, .prj, .cpg) directly, byte for byte, so that the
/// same content always gives the same files (GDAL would stamp the .dbf with today's date)
/// and a million features take a second. Internal to engine/demo; GDAL reads what it writes.

#include "engine/demo/world.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::demo {

/// One attribute column of the .dbf: C (text) or N (number, right-aligned). Values never hold 0x1F.
struct ShapeField {
    std::string name; ///< at most 10 characters
    char type = 'C';
    int width = 0; ///< bytes; 0: as wide as its longest value (at least 1)
    int decimals = 0;
};

/// Builds a shapefile in memory, feature by feature, and writes it at finish().
class ShapefileWriter {
public:
    enum class Shape : int { point = 1, polyline = 3, polygon = 5 };

    /// @param path the file name without its extension
    /// @param prj the .prj text (ESRI WKT)
    /// @param dbf_date the "last update" date written in the .dbf header
    ShapefileWriter(std::string path, Shape shape, std::vector<ShapeField> fields, std::string prj,
                    Date dbf_date);

    void add_point(Point p, const std::vector<std::string_view>& values);
    void add_line(const std::vector<Point>& line, const std::vector<std::string_view>& values);
    /// Outer rings of a polygon in any orientation; they are written clockwise, as shapefiles want.
    void add_polygon(const std::vector<Ring>& rings, const std::vector<std::string_view>& values);
    /// Writes the five files. @throws DataError naming a file that cannot be written.
    void finish();
    [[nodiscard]] std::size_t size() const { return count_; }

private:
    void add_record(const std::string& content, const std::vector<std::string_view>& values);
    void extend(Point p);
    [[nodiscard]] std::string dbf_records() const;

    std::string path_;
    Shape shape_;
    std::vector<ShapeField> fields_;
    std::string prj_;
    Date dbf_date_;
    std::string shp_, shx_;
    std::string values_;      ///< every record's values, each followed by 0x1F
    std::vector<int> widths_; ///< longest value of each auto-width column
    std::size_t count_ = 0;
    double xmin_ = 0, ymin_ = 0, xmax_ = 0, ymax_ = 0;
};

/// The ESRI WKT of Lambert-93 (EPSG:2154), as GDAL writes it in a .prj.
const std::string& lambert93_prj();

/// Writes @p parts, one after the other, to @p path. @throws DataError naming the file.
void write_file(const std::string& path, std::initializer_list<std::string_view> parts);
/// Writes @p content to @p path. @throws DataError naming the file.
inline void write_file(const std::string& path, std::string_view content) {
    write_file(path, {content});
}

} // namespace fibre::demo
