#include "importers/ipe_reader.hpp"

#include "engine/support/date.hpp"
#include "engine/support/error.hpp"
#include "engine/support/proj_transform.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/import_sink.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <regex>
#include <set>

namespace fibre::importers {

std::optional<int> ipe_projection(std::string_view value) {
    auto v = text::upper(text::trim(value));
    for (const std::string_view prefix : {"EPSG:", "EPSG_", "EPSG"}) {
        if (v.rfind(prefix, 0) == 0) {
            v.erase(0, prefix.size());
            break;
        }
    }
    std::string compact;
    for (char c : v) {
        if (c != ' ' && c != '_' && c != '-') {
            compact.push_back(c);
        }
    }
    static const std::map<std::string, int, std::less<>> names = {
        {"L93", 2154},      {"LAMB93", 2154}, {"LAMBERT93", 2154},  {"RGF93LAMBERT93", 2154},
        {"RGF93L93", 2154}, {"RGF93", 2154},  {"WGS84", 4326},      {"GPS", 4326},
        {"LAMBE", 27572},   {"L2E", 27572},   {"LAMBERT2E", 27572}, {"LAMBERTIIETENDU", 27572},
        {"UTM20", 5490},    {"UTM20N", 5490}, {"UTM22", 2972},      {"UTM22N", 2972},
        {"UTM40", 2975},    {"UTM40S", 2975}, {"UTM38S", 4471},
    };
    if (auto it = names.find(compact); it != names.end()) {
        return it->second;
    }
    const bool digits = !compact.empty() && compact.size() <= 6 &&
                        compact.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
        return static_cast<int>(*text::parse_integer(compact));
    }
    return std::nullopt;
}

namespace {

bool is_ipe(const CsvTable& t) {
    return t.column({"IdentifiantImmeuble"}) && t.column({"EtatImmeuble"});
}

std::vector<const SourceFile*> ipe_files(const Source& source) {
    std::vector<const SourceFile*> out;
    for (const auto& f : source.files) {
        if (!is_csv_name(f.name)) {
            continue;
        }
        try {
            if (is_ipe(CsvTable(f.gdal_path, source.path, 64 * 1024))) {
                out.push_back(&f);
            }
        } catch (const Error&) {
            // Not an IPE file: another reader may take it.
        }
    }
    return out;
}

constexpr std::array<std::string_view, 6> known_states = {"CIBLE",   "SIGNE",     "EN COURS DE DEPLOIEMENT",
                                                          "DEPLOYE", "ABANDONNE", "RACCORDABLE DEMANDE"};

/// The declared state, upper-case; the known spelling when it is one written with accents
/// ("Déployé" -> "DEPLOYE"). @p known tells whether it is one of IPE's states.
std::string building_state(std::string_view written, bool& known) {
    const auto folded = text::upper(fold_accents(text::trim(written)));
    for (const auto s : known_states) {
        if (folded == s) {
            known = true;
            return std::string(s);
        }
    }
    known = false;
    return text::upper(text::trim(written));
}

/// Parses a coordinate; nullopt when empty. @throws DataError when not a finite number.
std::optional<double> finite_coordinate(std::string_view text) {
    const auto v = text::parse_decimal(text);
    if (v && !std::isfinite(*v)) {
        throw DataError(fmt::format("'{}' is not a finite number", text));
    }
    return v;
}

} // namespace

int IpeReader::detect(const Source& source) const {
    return ipe_files(source).empty() ? 0 : 95;
}

std::string IpeReader::perimeter(const Source& source) const {
    static const std::regex ipe_name(R"(^ipe_(.+)_pm_ipezmd.*$)", std::regex::icase);
    std::set<std::string> codes;
    for (const auto* f : ipe_files(source)) {
        // Two operators declare the same communes: the operator's part of the file name
        // (IPE_<operator>_<code>_PM_IPEZMD_...) keeps one from replacing the other's rows.
        std::smatch m;
        const auto prefix =
            std::regex_match(f->name, m, ipe_name) ? text::upper(m[1].str()) + ":" : std::string();
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([](const DataError&) {}); // read() rejects it
        const auto insee = table.require({"CodeInseeImmeuble"});
        CsvRow row;
        while (table.next(row)) {
            codes.emplace(prefix + std::string(row.get(insee)));
        }
    }
    return join_codes({codes.begin(), codes.end()});
}

void IpeReader::read(const Source& source, const ReadOptions& options, ImportSink& sink) {
    const auto files = ipe_files(source);
    if (files.empty()) {
        throw DataError("no IPE file here: an IPE file is a CSV with the columns IdentifiantImmeuble and "
                        "EtatImmeuble",
                        ErrorContext::in_file(source.path));
    }
    std::map<int, std::unique_ptr<ProjTransform>> transforms; // EPSG -> to Lambert-93
    for (const auto* f : files) {
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
        const auto& layer = table.layer();
        const auto& header = table.header();
        const auto c_id = table.require({"IdentifiantImmeuble"});
        const auto c_state = table.require({"EtatImmeuble"});
        const auto c_insee = table.require({"CodeInseeImmeuble"});
        const auto c_hexacle = table.column({"CodeAdresseImmeuble"});
        const auto c_num = table.column({"NumeroVoieImmeuble"});
        const auto c_compl = table.column({"ComplementNumeroVoieImmeuble"});
        const auto c_type = table.column({"TypeVoieImmeuble"});
        const auto c_street = table.column({"NomVoieImmeuble"});
        const auto c_x = table.column({"CoordonneeImmeubleX"});
        const auto c_y = table.column({"CoordonneeImmeubleY"});
        const auto c_proj = table.column({"TypeProjectionGeographique"});
        const auto c_log = table.column({"NombreLogementsAdresseIPE", "NombreLogementsAdresse"});
        const auto c_cab = table.column({"DateCablageAdresse"});
        const auto c_com = table.column({"DateMiseEnServiceCommercialeImmeuble"});
        const auto c_pm = table.column({"ReferencePM"});
        const auto c_pm_state = table.column({"EtatPM"});
        const auto c_pbo = table.column({"ReferencePBO", "CodePBO"});
        const auto c_mod = table.column({"DateDerniereModification"});
        CsvRow row;
        while (table.next(row)) {
            sink.read(layer);
            model::Declaration d;
            d.building_id = std::string(row.get(c_id));
            const auto feature = d.building_id.empty() ? fmt::format("line {}", row.line) : d.building_id;
            d.insee = std::string(row.get(c_insee));
            if (d.building_id.empty()) {
                sink.reject(layer, feature, header[c_id], "no building identifier");
                continue;
            }
            if (d.insee.empty()) {
                sink.reject(layer, feature, header[c_insee], "no INSEE code");
                continue;
            }
            bool known = false;
            d.state = building_state(row.get(c_state), known);
            if (d.state.empty()) {
                sink.reject(layer, feature, header[c_state], "no EtatImmeuble");
                continue;
            }
            if (!known) {
                sink.kept(layer, feature, header[c_state],
                          fmt::format("unknown EtatImmeuble '{}', kept as written", d.state));
            }
            d.hexacle = std::string(row.get(c_hexacle));
            std::string address;
            for (const auto part : {row.get(c_num), row.get(c_compl), row.get(c_type), row.get(c_street)}) {
                if (!part.empty()) {
                    address += address.empty() ? std::string(part) : " " + std::string(part);
                }
            }
            d.address_text = std::move(address);
            d.ref_pm = std::string(row.get(c_pm));
            d.pm_state = text::upper(row.get(c_pm_state));
            d.pbo_code = std::string(row.get(c_pbo));
            try {
                d.logements = static_cast<int>(parse_count(row.get(c_log)).value_or(0));
            } catch (const DataError& e) {
                sink.kept(layer, feature, header[*c_log], e.reason() + "; taken as 0");
            }
            const std::pair<std::optional<std::size_t>, std::optional<Date>*> dates[] = {
                {c_cab, &d.cabling_date}, {c_com, &d.commercial_date}, {c_mod, &d.modified}};
            for (const auto& [column, target] : dates) {
                try {
                    *target = parse_date(row.get(column));
                } catch (const DataError& e) {
                    sink.kept(layer, feature, header[*column], e.reason() + "; left empty");
                }
            }
            // Position: a row without coordinates is still a declaration; bad numbers reject it.
            std::string field = c_x ? header[*c_x] : std::string();
            try {
                const auto x = finite_coordinate(row.get(c_x));
                field = c_y ? header[*c_y] : std::string();
                const auto y = finite_coordinate(row.get(c_y));
                if (x && y) {
                    field = c_proj ? header[*c_proj] : "TypeProjectionGeographique";
                    const auto written = row.get(c_proj);
                    std::optional<int> epsg = written.empty() ? options.srs_epsg : ipe_projection(written);
                    if (!epsg && !written.empty()) {
                        if (!options.srs_epsg) {
                            ErrorContext where = ErrorContext::in_file(source.path);
                            where.layer = layer;
                            where.feature = feature;
                            where.field = field;
                            throw DataError(
                                fmt::format("unknown projection '{}'; give the coordinates' CRS with "
                                            "--srs EPSG:N",
                                            written),
                                where);
                        }
                        epsg = options.srs_epsg;
                    }
                    if (!epsg) {
                        sink.kept(layer, feature, field,
                                  "no projection given for the coordinates; position left out (give --srs "
                                  "EPSG:N)");
                    } else {
                        double px = *x;
                        double py = *y;
                        if (*epsg != 2154) {
                            auto& t = transforms[*epsg];
                            if (!t) {
                                try {
                                    t = std::make_unique<ProjTransform>(fmt::format("EPSG:{}", *epsg),
                                                                        "EPSG:2154");
                                } catch (Error& e) {
                                    ErrorContext where = ErrorContext::in_file(source.path);
                                    where.layer = layer;
                                    where.feature = feature;
                                    where.field = field;
                                    e.add_context(where);
                                    throw;
                                }
                            }
                            t->transform(px, py);
                        }
                        d.position = model::Point{px, py};
                    }
                }
            } catch (DataError& e) {
                if (!e.context().file.empty()) {
                    throw; // the file as a whole cannot be read
                }
                sink.reject(layer, feature, field, e.reason());
                continue;
            }
            sink.writer().add(d);
            sink.imported(layer);
        }
    }
}

} // namespace fibre::importers
