#include "importers/ban_reader.hpp"

#include "engine/support/error.hpp"
#include "engine/support/proj_transform.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/import_sink.hpp"

#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <regex>

namespace fibre::importers {

namespace {

bool is_ban(const CsvTable& t) {
    return t.column({"id"}) && t.column({"numero"}) && t.column({"nom_voie"}) && t.column({"code_insee"});
}

std::vector<const SourceFile*> ban_files(const Source& source) {
    std::vector<const SourceFile*> out;
    for (const auto& f : source.files) {
        if (!is_csv_name(f.name)) {
            continue;
        }
        try {
            if (is_ban(CsvTable(f.gdal_path, source.path, 64 * 1024))) {
                out.push_back(&f);
            }
        } catch (const Error&) {
            // Not a BAN file: another reader may take it.
        }
    }
    return out;
}

/// Parses one coordinate; nullopt when empty. @throws DataError when not a finite number.
std::optional<double> coordinate(std::string_view text) {
    auto v = text::parse_decimal(text);
    if (v && !std::isfinite(*v)) {
        throw DataError(fmt::format("'{}' is not a finite number", text));
    }
    return v;
}

} // namespace

int BanReader::detect(const Source& source) const {
    return ban_files(source).empty() ? 0 : 95;
}

std::string BanReader::perimeter(const Source& source) const {
    static const std::regex by_departement(R"(^adresses-([0-9][0-9ab][0-9]?)\.csv$)");
    std::vector<std::string> deps;
    for (const auto* f : ban_files(source)) {
        // The BAN publishes one file per département, named after it.
        std::smatch m;
        if (std::regex_match(f->name, m, by_departement)) {
            deps.push_back(text::upper(m[1].str()));
            continue;
        }
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([](const DataError&) {}); // read() rejects it
        const auto insee = table.require({"code_insee"});
        CsvRow row;
        std::string last;
        while (table.next(row)) {
            // BAN files are sorted by commune: only a change is worth a push.
            auto dep = departement_of(row.get(insee));
            if (dep != last) {
                deps.push_back(dep);
                last = std::move(dep);
            }
        }
    }
    return join_codes(deps);
}

void BanReader::read(const Source& source, const ReadOptions& /*options*/, ImportSink& sink) {
    const auto files = ban_files(source);
    if (files.empty()) {
        throw DataError("no BAN address file here: a BAN file is a CSV with the columns id, numero, nom_voie "
                        "and code_insee",
                        ErrorContext::in_file(source.path));
    }
    std::unique_ptr<ProjTransform> from_wgs84; // made on first need: most files never need it
    for (const auto* f : files) {
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
        const auto& layer = table.layer();
        const auto c_id = table.require({"id", "cle_interop"});
        const auto c_insee = table.require({"code_insee"});
        const auto c_num = table.column({"numero"});
        const auto c_rep = table.column({"rep", "suffixe"});
        const auto c_street = table.column({"nom_voie"});
        const auto c_post = table.column({"code_postal"});
        const auto c_commune = table.column({"nom_commune"});
        const auto c_x = table.column({"x"});
        const auto c_y = table.column({"y"});
        const auto c_lon = table.column({"lon", "long", "longitude"});
        const auto c_lat = table.column({"lat", "latitude"});
        const auto c_parcels = table.column({"cad_parcelles"});
        if (!(c_x && c_y) && !(c_lon && c_lat)) {
            ErrorContext where = ErrorContext::in_file(source.path);
            where.layer = layer;
            where.field = "x";
            throw DataError("no position columns: a BAN file has x and y (Lambert-93) or lon and lat", where);
        }
        CsvRow row;
        while (table.next(row)) {
            sink.read(layer);
            model::Address a;
            a.code = std::string(row.get(c_id));
            if (a.code.empty()) {
                sink.reject(layer, fmt::format("line {}", row.line), "id", "no BAN id");
                continue;
            }
            a.ban_id = a.code;
            a.insee = std::string(row.get(c_insee));
            if (a.insee.empty()) {
                sink.reject(layer, a.code, "code_insee", "no INSEE code");
                continue;
            }
            a.number = std::string(row.get(c_num));
            if (const auto rep = row.get(c_rep); !rep.empty()) {
                a.number += a.number.empty() ? std::string(rep) : " " + std::string(rep);
            }
            a.street = std::string(row.get(c_street));
            a.postcode = std::string(row.get(c_post));
            a.commune_name = std::string(row.get(c_commune));
            a.parcels = std::string(row.get(c_parcels));
            // x and y are in the territory's legal projection: Lambert-93 in metropolitan
            // France only. Overseas, and when they are empty, lon and lat are used.
            const bool overseas = departement_of(a.insee).size() == 3;
            std::string field = "x";
            try {
                std::optional<double> x;
                std::optional<double> y;
                if (!overseas && c_x && c_y) {
                    x = coordinate(row.get(c_x));
                    field = "y";
                    y = coordinate(row.get(c_y));
                }
                if ((!x || !y) && c_lon && c_lat) {
                    field = "lon";
                    auto lon = coordinate(row.get(c_lon));
                    field = "lat";
                    auto lat = coordinate(row.get(c_lat));
                    if (lon && lat) {
                        if (!from_wgs84) {
                            from_wgs84 = std::make_unique<ProjTransform>("EPSG:4326", "EPSG:2154");
                        }
                        from_wgs84->transform(*lon, *lat);
                        x = lon;
                        y = lat;
                    }
                }
                if (!x || !y) {
                    sink.reject(layer, a.code, field, "no position");
                    continue;
                }
                a.position = {*x, *y};
            } catch (const DataError& e) {
                sink.reject(layer, a.code, field, e.reason());
                continue;
            }
            if (!sink.writer().add(a)) {
                sink.reject(layer, a.code, "id", "duplicate address id");
                continue;
            }
            sink.imported(layer);
        }
    }
}

} // namespace fibre::importers
