#pragma once
/// @file gracethd_v3.hpp
/// The GraceTHD v3 exchange format as a real delivery writes it: its 26 tables, the container of
/// each (`;` CSV or shapefile), the geometry of the shapefiles and every column in order. The one
/// place the demo takes table and column names from: data/gracethd-v3-columns.csv (a copy of the
/// standard's lists), embedded at build time. Internal to engine/demo.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::demo {

/// Geometry of a v3 table: none for a CSV table, else the shapefile's single-part geometry type.
enum class V3Geometry { none, point, line, polygon };

/// One table of the standard.
struct V3Table {
    std::string_view name; ///< t_local, t_noeud...
    V3Geometry geometry = V3Geometry::none;
    std::vector<std::string_view> columns; ///< in the order the delivery writes them
};

/// The text of data/gracethd-v3-columns.csv, as embedded at build time.
const std::string& gracethd_v3_columns_csv();

/// The 26 tables of GraceTHD v3, in the order of the standard's column list.
std::span<const V3Table> gracethd_v3_tables();

/// The table named @p name. @throws std::out_of_range when the standard has no such table.
const V3Table& gracethd_v3_table(std::string_view name);

} // namespace fibre::demo
