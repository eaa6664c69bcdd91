// The tables and columns of the GraceTHD v3 standard (CNIG GraceTHD v3.0), read from
// data/gracethd-v3-columns.csv as embedded at build time: the demo writes exactly what that file
// lists, and tests/demo checks what it wrote against the file and against ../shared.

#include "engine/demo/gracethd_v3.hpp"

#include <stdexcept>
#include <string>

namespace fibre::demo {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

V3Geometry geometry_of(std::string_view name) {
    if (name.empty()) {
        return V3Geometry::none;
    }
    if (name == "Point") {
        return V3Geometry::point;
    }
    if (name == "LineString") {
        return V3Geometry::line;
    }
    if (name == "Polygon") {
        return V3Geometry::polygon;
    }
    throw std::logic_error("data/gracethd-v3-columns.csv names an unknown geometry: " + std::string(name));
}

// The views point into the embedded text, which lives as long as the program.
std::vector<V3Table> parse(std::string_view csv) {
    std::vector<V3Table> tables;
    bool header = true;
    for (auto line : split(csv, '\n')) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        if (header) { // table;file;geometry;columns
            header = false;
            continue;
        }
        const auto cells = split(line, ';');
        if (cells.size() != 4) {
            throw std::logic_error("unexpected line in data/gracethd-v3-columns.csv: " + std::string(line));
        }
        const auto geometry = geometry_of(cells[2]);
        if ((cells[1] == "shp") != (geometry != V3Geometry::none)) {
            throw std::logic_error("data/gracethd-v3-columns.csv: " + std::string(cells[0]) +
                                   "'s container and geometry disagree");
        }
        tables.push_back({cells[0], geometry, split(cells[3], ',')});
    }
    return tables;
}

} // namespace

std::span<const V3Table> gracethd_v3_tables() {
    static const std::vector<V3Table> tables = parse(gracethd_v3_columns_csv());
    return tables;
}

const V3Table& gracethd_v3_table(std::string_view name) {
    for (const auto& t : gracethd_v3_tables()) {
        if (t.name == name) {
            return t;
        }
    }
    throw std::out_of_range("GraceTHD v3 has no table " + std::string(name));
}

} // namespace fibre::demo
