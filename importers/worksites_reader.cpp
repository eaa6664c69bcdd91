#include "importers/worksites_reader.hpp"

#include "engine/support/date.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/geometry_conversion.hpp"
#include "importers/import_sink.hpp"

#include <array>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <map>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace fibre::importers {

std::optional<std::string> worksite_state(std::string_view written) {
    std::string key;
    for (char c : fold_accents(text::trim(written))) {
        key.push_back(c == ' ' || c == '-' ? '_' : c);
    }
    static const std::map<std::string, std::string, std::less<>> states = {
        {"prevu", "planned"},       {"planifie", "planned"},    {"a_venir", "planned"},
        {"planned", "planned"},     {"scheduled", "planned"},   {"not_started", "planned"},
        {"en_cours", "active"},     {"encours", "active"},      {"demarre", "active"},
        {"active", "active"},       {"in_progress", "active"},  {"ongoing", "active"},
        {"started", "active"},      {"suspendu", "suspended"},  {"en_pause", "suspended"},
        {"suspended", "suspended"}, {"paused", "suspended"},    {"on_hold", "suspended"},
        {"termine", "completed"},   {"acheve", "completed"},    {"receptionne", "completed"},
        {"fini", "completed"},      {"completed", "completed"}, {"done", "completed"},
        {"finished", "completed"},  {"abandonne", "abandoned"}, {"annule", "abandoned"},
        {"abandoned", "abandoned"}, {"cancelled", "abandoned"}, {"canceled", "abandoned"},
    };
    if (auto it = states.find(key); it != states.end()) {
        return it->second;
    }
    return std::nullopt;
}

namespace {

/// Splits "debut/fin" where the dates may themselves hold slashes ("17/03/2020/11/05/2020"):
/// the first cut where both sides read as dates wins.
model::Suspension parse_period(std::string_view period) {
    const auto p = text::trim(period);
    for (std::size_t cut = p.find('/'); cut != std::string_view::npos; cut = p.find('/', cut + 1)) {
        try {
            const auto from = parse_date(p.substr(0, cut));
            const auto to = parse_date(p.substr(cut + 1));
            if (from) {
                return model::Suspension{*from, to, {}};
            }
        } catch (const DataError&) {
            // try the next slash
        }
    }
    throw DataError(fmt::format("cannot read the suspension period '{}' (expected debut/fin or debut/)", p));
}

} // namespace

std::vector<model::Suspension> parse_suspensions(std::string_view text) {
    std::vector<model::Suspension> out;
    for (const auto part : text::split(text, '|')) {
        if (!text::trim(part).empty()) {
            out.push_back(parse_period(part));
        }
    }
    return out;
}

namespace {

/// The fields of a worksite, each with the names real files give it.
struct FieldSpec {
    const char* canonical;
    std::vector<std::string_view> names;
};

const std::array<FieldSpec, 12> field_specs = {{
    {"code", {"code", "id_chantier", "code_chantier"}},
    {"nom", {"nom", "name", "libelle"}},
    {"nature", {"nature", "kind"}},
    {"ref_pm", {"ref_pm", "referencepm", "pm", "zs_refpm"}},
    {"etat", {"etat", "statut", "state", "status"}},
    {"debut_prevu", {"debut_prevu", "planned_start"}},
    {"fin_prevue", {"fin_prevue", "fin_prevu", "planned_end"}},
    {"debut_reel", {"debut_reel", "actual_start"}},
    {"fin_reelle", {"fin_reelle", "fin_reel", "actual_end"}},
    {"date_abandon", {"date_abandon", "abandon", "abandoned"}},
    {"suspensions", {"suspensions"}},
    {"lineaire_prevu_m", {"lineaire_prevu_m", "lineaire_prevu", "planned_length_m"}},
}};

const std::vector<std::string_view> wkt_names = {"wkt",      "geometry", "geom",
                                                 "the_geom", "wkt_geom", "perimetre"};

/// Field index of each spec in a table (header or layer definition); -1 when absent.
using FieldIndex = std::array<int, field_specs.size()>;

FieldIndex index_fields(const std::vector<std::string>& names) {
    FieldIndex index{};
    for (std::size_t s = 0; s < field_specs.size(); ++s) {
        index[s] = -1;
        for (const auto wanted : field_specs[s].names) {
            for (std::size_t i = 0; i < names.size() && index[s] < 0; ++i) {
                if (text::iequals(text::trim(names[i]), wanted)) {
                    index[s] = static_cast<int>(i);
                }
            }
        }
    }
    return index;
}

bool is_worksite_table(const FieldIndex& index) {
    return index[0] >= 0 && index[4] >= 0 && index[5] >= 0; // code, etat, debut_prevu
}

std::vector<std::string> layer_field_names(OGRLayer& layer) {
    std::vector<std::string> names;
    auto* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    }
    return names;
}

bool is_vector_name(const std::string& name) {
    for (const std::string_view ext :
         {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".gml", ".sqlite", ".kml"}) {
        if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
            return true;
        }
    }
    return false;
}

bool is_json_name(const std::string& name) {
    return name.ends_with(".json") || name.ends_with(".geojson");
}

/// Whether the head of a GeoJSON file names the planned start field: every feature of a
/// worksite file carries it, so the first features show it.
bool json_mentions_planned_start(const std::string& gdal_path) {
    std::unique_ptr<VSILFILE, decltype(&VSIFCloseL)> file(VSIFOpenL(gdal_path.c_str(), "rb"), &VSIFCloseL);
    if (!file) {
        return false;
    }
    std::string head(64 * 1024, '\0');
    head.resize(VSIFReadL(head.data(), 1, head.size(), file.get()));
    const auto lowered = text::lower(head);
    return lowered.find("debut_prevu") != std::string::npos ||
           lowered.find("planned_start") != std::string::npos;
}

/// A feature's field values, in field_specs order (empty when the table lacks the field).
using Values = std::array<std::string, field_specs.size()>;

/// A problem with one field of a feature: the feature is rejected.
struct FieldProblem {
    std::string field;
    std::string reason;
};

/// Builds the worksite from its values; geometry apart. @throws FieldProblem.
model::Worksite make_worksite(const Values& v, const std::string& layer, const std::string& feature,
                              ImportSink& sink) {
    model::Worksite w;
    w.code = v[0];
    w.name = v[1];
    w.kind = text::lower(v[2]);
    w.perimeter_ref = v[3];
    if (!v[4].empty()) {
        if (auto state = worksite_state(v[4])) {
            w.declared_state = *state;
        } else {
            w.declared_state = v[4];
            sink.kept(layer, feature, "etat", fmt::format("unknown state '{}', kept as written", v[4]));
        }
    }
    const std::pair<std::size_t, std::optional<Date>*> dates[] = {{5, &w.planned_start},
                                                                  {6, &w.planned_end},
                                                                  {7, &w.actual_start},
                                                                  {8, &w.actual_end},
                                                                  {9, &w.abandoned}};
    for (const auto& [i, target] : dates) {
        try {
            *target = parse_date(v[i]);
        } catch (const DataError& e) {
            throw FieldProblem{field_specs[i].canonical, e.reason()};
        }
    }
    try {
        w.suspensions = parse_suspensions(v[10]);
    } catch (const DataError& e) {
        throw FieldProblem{"suspensions", e.reason()};
    }
    try {
        w.planned_length_m = text::parse_decimal(v[11]).value_or(0);
    } catch (const DataError& e) {
        sink.kept(layer, feature, "lineaire_prevu_m", e.reason() + "; taken as 0");
    }
    return w;
}

/// Converts and attaches the perimeter, writes the worksite and counts it.
void finish(model::Worksite& w, const OGRGeometry* geometry, const GeometryConverter& converter,
            const std::string& layer, const std::string& feature, ImportSink& sink) {
    if (geometry == nullptr || geometry->IsEmpty()) {
        sink.kept(layer, feature, "geometry", "no perimeter");
    } else {
        try {
            auto converted = converter.area(geometry);
            w.perimeter = std::move(converted.geometry);
            if (converted.repaired) {
                sink.repaired(layer, feature, "geometry", converted.repair_note);
            }
        } catch (const DataError& e) {
            sink.reject(layer, feature, "geometry", e.reason());
            return;
        }
    }
    if (!sink.writer().add(w)) {
        sink.reject(layer, feature, "code", "duplicate worksite code");
        return;
    }
    sink.imported(layer);
}

ErrorContext where(const Source& source, const std::string& layer) {
    ErrorContext c = ErrorContext::in_file(source.path);
    c.layer = layer;
    return c;
}

/// Calls @p on_layer(dataset, layer, index) for every worksite layer of the vector files,
/// and @p on_csv(table, index) for every worksite CSV.
/// @param peek read only the head of CSV files (enough for their header)
template <typename OnLayer, typename OnCsv>
void for_each_table(const Source& source, OnLayer on_layer, OnCsv on_csv, bool peek = false) {
    for (const auto& f : source.files) {
        if (is_csv_name(f.name)) {
            std::optional<CsvTable> table;
            try {
                table.emplace(f.gdal_path, source.path, peek ? 64 * 1024 : 0);
            } catch (const Error&) {
                continue;
            }
            const auto index = index_fields(table->header());
            if (is_worksite_table(index) && table->column(wkt_names)) {
                on_csv(*table, index);
            }
        } else if (is_vector_name(f.name)) {
            if (is_json_name(f.name) && !json_mentions_planned_start(f.gdal_path)) {
                continue; // parsing a whole GeoJSON file only to list its fields is slow
            }
            gdal::DatasetPtr ds;
            try {
                ds = gdal::open_vector(f.gdal_path);
            } catch (const Error&) {
                continue;
            }
            for (auto* layer : ds->GetLayers()) {
                const auto index = index_fields(layer_field_names(*layer));
                if (is_worksite_table(index)) {
                    on_layer(*layer, index);
                }
            }
        }
    }
}

} // namespace

int WorksitesReader::detect(const Source& source) const {
    int score = 0;
    try {
        for_each_table(
            source, [&](OGRLayer&, const FieldIndex&) { score = 90; },
            [&](CsvTable&, const FieldIndex&) { score = 90; }, true);
    } catch (const Error&) {
        return 0;
    }
    return score;
}

std::string WorksitesReader::perimeter(const Source& source) const {
    std::vector<std::string> codes;
    for_each_table(
        source,
        [&](OGRLayer& layer, const FieldIndex& index) {
            layer.ResetReading();
            for (auto& feature : layer) {
                codes.emplace_back(text::trim(feature->GetFieldAsString(index[0])));
            }
        },
        [&](CsvTable& table, const FieldIndex& index) {
            table.on_malformed([](const DataError&) {}); // read() rejects it
            CsvRow row;
            while (table.next(row)) {
                codes.emplace_back(row.get(static_cast<std::size_t>(index[0])));
            }
        });
    return join_codes(codes);
}

void WorksitesReader::read(const Source& source, const ReadOptions& options, ImportSink& sink) {
    bool found = false;
    for_each_table(
        source,
        [&](OGRLayer& layer, const FieldIndex& index) {
            found = true;
            const std::string name = layer.GetName();
            std::unique_ptr<GeometryConverter> converter;
            try {
                converter = std::make_unique<GeometryConverter>(layer.GetSpatialRef(), options.srs_epsg);
            } catch (Error& e) {
                e.add_context(where(source, name));
                throw;
            }
            layer.ResetReading();
            for (auto& feature : layer) {
                sink.read(name);
                Values v;
                for (std::size_t s = 0; s < field_specs.size(); ++s) {
                    if (index[s] >= 0 && feature->IsFieldSetAndNotNull(index[s])) {
                        v[s] = std::string(text::trim(feature->GetFieldAsString(index[s])));
                    }
                }
                const auto id = v[0].empty() ? fmt::format("feature {}", feature->GetFID()) : v[0];
                if (v[0].empty()) {
                    sink.reject(name, id, "code", "no worksite code");
                    continue;
                }
                try {
                    auto w = make_worksite(v, name, id, sink);
                    finish(w, feature->GetGeometryRef(), *converter, name, id, sink);
                } catch (const FieldProblem& p) {
                    sink.reject(name, id, p.field, p.reason);
                }
            }
        },
        [&](CsvTable& table, const FieldIndex& index) {
            found = true;
            table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
            const auto& name = table.layer();
            const auto wkt_column = *table.column(wkt_names);
            std::map<int, std::unique_ptr<GeometryConverter>> converters; // by SRID; 0: none written
            CsvRow row;
            while (table.next(row)) {
                sink.read(name);
                Values v;
                for (std::size_t s = 0; s < field_specs.size(); ++s) {
                    if (index[s] >= 0) {
                        v[s] = std::string(row.get(static_cast<std::size_t>(index[s])));
                    }
                }
                const auto id = v[0].empty() ? fmt::format("line {}", row.line) : v[0];
                if (v[0].empty()) {
                    sink.reject(name, id, "code", "no worksite code");
                    continue;
                }
                model::Worksite w;
                try {
                    w = make_worksite(v, name, id, sink);
                } catch (const FieldProblem& p) {
                    sink.reject(name, id, p.field, p.reason);
                    continue;
                }
                // EWKT carries its own CRS: "SRID=4326;POLYGON(...)".
                std::string wkt(row.get(wkt_column));
                std::optional<int> srid;
                if (text::upper(wkt.substr(0, 5)) == "SRID=") {
                    const auto semi = wkt.find(';');
                    try {
                        srid = semi == std::string::npos ? std::nullopt
                                                         : std::optional<int>(*text::parse_integer(
                                                               std::string_view(wkt).substr(5, semi - 5)));
                    } catch (const DataError&) {
                        srid.reset();
                    }
                    if (!srid) {
                        sink.reject(name, id, table.header()[wkt_column], "unreadable SRID= prefix");
                        continue;
                    }
                    wkt.erase(0, semi + 1);
                }
                auto& converter = converters[srid.value_or(0)];
                if (!converter) {
                    try {
                        converter =
                            std::make_unique<GeometryConverter>(nullptr, srid ? srid : options.srs_epsg);
                    } catch (Error& e) {
                        auto c = where(source, name);
                        c.feature = id;
                        c.field = table.header()[wkt_column];
                        e.add_context(c);
                        throw;
                    }
                }
                gdal::GeometryPtr geometry;
                if (!wkt.empty()) {
                    OGRGeometry* g = nullptr;
                    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) != OGRERR_NONE ||
                        g == nullptr) {
                        sink.reject(name, id, table.header()[wkt_column], "not a WKT geometry");
                        continue;
                    }
                    geometry.reset(g);
                }
                finish(w, geometry.get(), *converter, name, id, sink);
            }
        });
    if (!found) {
        throw DataError("no worksite layer here: a worksite layer or CSV has the fields code, etat and "
                        "debut_prevu (and a CSV a wkt column)",
                        ErrorContext::in_file(source.path));
    }
}

} // namespace fibre::importers
