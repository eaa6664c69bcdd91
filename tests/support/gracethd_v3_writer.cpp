#include "tests/support/gracethd_v3_writer.hpp"

#include "engine/support/gdal_handles.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sstream>
#include <stdexcept>

namespace fibre::testing {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep)) {
        out.push_back(part);
    }
    if (!s.empty() && s.back() == sep) {
        out.emplace_back();
    }
    return out;
}

OGRwkbGeometryType geometry_type(const std::string& name) {
    if (name == "Point") {
        return wkbPoint;
    }
    if (name == "LineString") {
        return wkbLineString;
    }
    if (name == "Polygon") {
        return wkbPolygon;
    }
    throw std::runtime_error("unknown geometry type in the standard's columns: " + name);
}

} // namespace

GracethdV3Writer::GracethdV3Writer() {
    std::istringstream in(read_file(source_dir() / "data" / "gracethd-v3-columns.csv"));
    std::string line;
    std::getline(in, line); // header: table;file;geometry;columns
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        const auto cells = split(line, ';');
        if (cells.size() != 4) {
            throw std::runtime_error("unexpected line in data/gracethd-v3-columns.csv: " + line);
        }
        tables_[cells[0]] = Table{cells[1], cells[2], split(cells[3], ','), {}, {}};
    }
}

const std::vector<std::string>& GracethdV3Writer::columns(const std::string& table) const {
    const auto it = tables_.find(table);
    if (it == tables_.end()) {
        throw std::invalid_argument("GraceTHD v3 has no table " + table);
    }
    return it->second.columns;
}

GracethdV3Writer& GracethdV3Writer::row(const std::string& table,
                                        const std::map<std::string, std::string>& values,
                                        const std::string& wkt) {
    const auto it = tables_.find(table);
    if (it == tables_.end()) {
        throw std::invalid_argument("GraceTHD v3 has no table " + table);
    }
    auto& t = it->second;
    if ((t.container == "shp") == wkt.empty()) {
        throw std::invalid_argument(table +
                                    (wkt.empty() ? " is a shapefile: give a geometry" : " has no geometry"));
    }
    std::vector<std::string> cells(t.columns.size());
    for (const auto& [column, value] : values) {
        std::size_t i = 0;
        while (i < t.columns.size() && t.columns[i] != column) {
            ++i;
        }
        if (i == t.columns.size()) {
            throw std::invalid_argument("GraceTHD v3 " + table + " has no column " + column);
        }
        cells[i] = value;
    }
    t.rows.push_back(std::move(cells));
    t.wkt.push_back(wkt);
    return *this;
}

void GracethdV3Writer::write(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    for (const auto& [name, t] : tables_) {
        if (t.container == "csv") {
            std::ofstream out(dir / (name + ".csv"), std::ios::binary);
            out << "\xEF\xBB\xBF";
            for (std::size_t i = 0; i < t.columns.size(); ++i) {
                out << (i == 0 ? "" : ";") << t.columns[i];
            }
            out << "\r\n";
            for (const auto& r : t.rows) {
                for (std::size_t i = 0; i < r.size(); ++i) {
                    out << (i == 0 ? "" : ";") << r[i];
                }
                out << "\r\n";
            }
            if (!out) {
                throw std::runtime_error("cannot write " + (dir / (name + ".csv")).string());
            }
            continue;
        }
        auto ds = gdal::create_vector((dir / (name + ".shp")).string(), "ESRI Shapefile");
        OGRSpatialReference srs;
        srs.importFromEPSG(2154);
        char encoding[] = "ENCODING=UTF-8";
        char* options[] = {encoding, nullptr};
        auto* layer = ds->CreateLayer(name.c_str(), &srs, geometry_type(t.geometry), options);
        for (const auto& c : t.columns) {
            OGRFieldDefn defn(c.c_str(), OFTString);
            defn.SetWidth(80);
            layer->CreateField(&defn);
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            OGRFeature feature(layer->GetLayerDefn());
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkt(t.wkt[r].c_str(), nullptr, &g) != OGRERR_NONE) {
                throw std::runtime_error("bad WKT in a test delivery: " + t.wkt[r]);
            }
            feature.SetGeometryDirectly(g);
            for (std::size_t i = 0; i < t.columns.size(); ++i) {
                if (!t.rows[r][i].empty()) {
                    feature.SetField(static_cast<int>(i), t.rows[r][i].c_str());
                }
            }
            if (layer->CreateFeature(&feature) != OGRERR_NONE) {
                throw std::runtime_error("cannot write " + name + ".shp");
            }
        }
    }
}

} // namespace fibre::testing
