#pragma once
/// @file gracethd_v3_writer.hpp
/// Writes GraceTHD v3 deliveries for tests exactly as the standard lists them
/// (data/gracethd-v3-columns.csv): every table with every column, in order, in its container
/// (';' CSV with a byte-order mark, or a Lambert-93 shapefile). A value given for a column the
/// standard does not have is an error: a test never invents a column.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fibre::testing {

/// One delivery being written.
class GracethdV3Writer {
public:
    /// Reads the standard's column lists. @throws std::runtime_error when they cannot be read.
    GracethdV3Writer();

    /// Adds a row to @p table: its values by column name (the others are left empty) and, for a
    /// shapefile table, its geometry as WKT. @throws std::invalid_argument for a table or column
    /// the standard does not have, or a geometry given to a CSV table (or missing for a shapefile).
    GracethdV3Writer& row(const std::string& table, const std::map<std::string, std::string>& values,
                          const std::string& wkt = {});

    /// Writes every table of the standard into @p dir (created): those without rows with their
    /// header or fields only. @throws std::runtime_error when a file cannot be written.
    void write(const std::filesystem::path& dir) const;

    /// The standard's columns of @p table, in order.
    [[nodiscard]] const std::vector<std::string>& columns(const std::string& table) const;

private:
    struct Table {
        std::string container; ///< "csv" or "shp"
        std::string geometry;  ///< Point, LineString, Polygon
        std::vector<std::string> columns;
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> wkt;
    };
    std::map<std::string, Table> tables_;
};

} // namespace fibre::testing
