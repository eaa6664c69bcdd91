#pragma once
/// @file gracethd_v3_writer.hpp
/// Writes GraceTHD v3 deliveries for tests exactly as the standard lists them
/// (data/gracethd-v3-columns.csv): every table with every column, in order, in its container
/// (';' CSV with a byte-order mark, or a Lambert-93 shapefile). A value given for a column the
/// standard does not have is an error: a test never invents a column.

#include <filesystem>
#include <fmt/format.h>
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

/// Drawing tiny networks in test deliveries: WKT and codes, in metres from a Lambert-93 origin
/// in Charente-Maritime.
namespace draw {

inline constexpr double x0 = 380000;
inline constexpr double y0 = 6560000;

/// A point @p dx, @p dy metres from the origin.
inline std::string pt(double dx, double dy) {
    return fmt::format("POINT ({:.2f} {:.2f})", x0 + dx, y0 + dy);
}
/// A straight segment.
inline std::string line(double ax, double ay, double bx, double by) {
    return fmt::format("LINESTRING ({:.2f} {:.2f},{:.2f} {:.2f})", x0 + ax, y0 + ay, x0 + bx, y0 + by);
}
/// A square of half side @p half centred on @p cx, @p cy.
inline std::string square(double cx, double cy, double half) {
    return fmt::format(
        "POLYGON (({0:.2f} {1:.2f},{2:.2f} {1:.2f},{2:.2f} {3:.2f},{0:.2f} {3:.2f},{0:.2f} {1:.2f}))",
        x0 + cx - half, y0 + cy - half, x0 + cx + half, y0 + cy + half);
}
/// A GraceTHD code: the prefix and twelve digits (ND000000000001).
inline std::string code(const char* prefix, int n) {
    return fmt::format("{}{:012d}", prefix, n);
}
/// @p a with the values of @p b it does not already have.
inline std::map<std::string, std::string> with(std::map<std::string, std::string> a,
                                               const std::map<std::string, std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

} // namespace draw
} // namespace fibre::testing
