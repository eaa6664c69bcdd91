#include "importers/cadastre_reader.hpp"

#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/scratch.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/geometry_conversion.hpp"
#include "importers/import_sink.hpp"

#include <atomic>
#include <cpl_vsi.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <gdal_priv.h>
#include <memory>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>
#include <regex>
#include <set>
#include <unistd.h>

namespace fibre::importers {

std::optional<std::string> edigeo_departement(std::string_view path, std::string_view commune3) {
    const auto lowered = text::lower(path);
    static const std::regex dgfip(R"(edigeo[-_]?(\d\d|2a|2b)(\d\d\d))");
    std::optional<std::string> fallback;
    for (std::sregex_iterator it(lowered.begin(), lowered.end(), dgfip), end; it != end; ++it) {
        if (commune3.empty() || (*it)[2].str() == commune3) {
            return text::upper((*it)[1].str());
        }
    }
    if (commune3.size() == 3) {
        // Any "<dep><commune>" not glued to other digits: "25354/", "cadastre-25354-..."
        const std::regex insee("(?:^|[^0-9a-z])(\\d\\d|2a|2b)" + std::string(commune3) + "(?![0-9])");
        std::smatch m;
        if (std::regex_search(lowered, m, insee)) {
            return text::upper(m[1].str());
        }
    }
    return fallback;
}

std::string edigeo_sheet_id(std::string_view insee, std::string_view subdsect_idu,
                            std::string_view thf_name) {
    if (insee.size() != 5) {
        return {};
    }
    // commune3 + prefixe3 + section2 + feuille2: the feuille's own identifier, which a sheet
    // keeps from one millésime to the next (its object ids and dates do not).
    static const std::regex idu(R"(\d{3}\d{3}[0-9A-Z]{2}[0-9A-Z]{2})");
    const auto sheet = text::upper(text::trim(subdsect_idu));
    if (std::regex_match(sheet, idu) && sheet.compare(0, 3, insee.substr(2)) == 0) {
        return std::string(insee.substr(0, 2)) + sheet;
    }
    static const std::regex thf(R"(E(\d{3}[0-9A-Z]{2}[0-9A-Z]{2})\.THF)");
    const auto name = text::upper(thf_name);
    std::smatch m;
    if (std::regex_match(name, m, thf)) {
        return std::string(insee) + m[1].str();
    }
    return {};
}

namespace {

std::string strip_zeros(std::string_view s) {
    const auto first = s.find_first_not_of('0');
    return first == std::string_view::npos ? (s.empty() ? std::string() : std::string("0"))
                                           : std::string(s.substr(first));
}

std::string pad_left(std::string_view s, std::size_t width, char fill) {
    return s.size() >= width ? std::string(s) : std::string(width - s.size(), fill) + std::string(s);
}

} // namespace

std::string parcel_id(std::string_view insee, std::string_view prefixe, std::string_view section,
                      std::string_view numero) {
    if (insee.size() != 5 || section.empty() || section.size() > 2 || numero.empty() || numero.size() > 4) {
        return {};
    }
    return fmt::format("{}{}{}{}", insee, pad_left(prefixe.empty() ? "000" : prefixe, 3, '0'),
                       pad_left(text::upper(section), 2, '0'), pad_left(numero, 4, '0'));
}

namespace {

enum class Layer { parcels, buildings, communes };

/// Field indexes of a cadastre layer under the documented mapping; -1 when absent.
struct Mapping {
    Layer what = Layer::parcels;
    int id = -1, insee = -1, prefixe = -1, section = -1, numero = -1, contenance = -1;
    int type = -1, name = -1;
};

int field(OGRFeatureDefn& defn, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (text::iequals(defn.GetFieldDefn(i)->GetNameRef(), name)) {
                return i;
            }
        }
    }
    return -1;
}

bool polygonal(OGRLayer& layer) {
    const auto t = wkbFlatten(layer.GetGeomType());
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbUnknown || t == wkbCurvePolygon ||
           t == wkbMultiSurface;
}

/// Which cadastre layer @p layer is, by its name (or its file's), and how its fields map.
std::optional<Mapping> map_layer(OGRLayer& layer, const std::string& file_name, bool edigeo) {
    if (!polygonal(layer)) {
        return std::nullopt;
    }
    const std::string layer_name = layer.GetName();
    Mapping m;
    if (edigeo) {
        // The driver names EDIGÉO object types <TYPE>_id; only these three are read.
        if (layer_name == "PARCELLE_id") {
            m.what = Layer::parcels;
        } else if (layer_name == "BATIMENT_id") {
            m.what = Layer::buildings;
        } else if (layer_name == "COMMUNE_id") {
            m.what = Layer::communes;
        } else {
            return std::nullopt;
        }
    } else {
        const auto name = text::lower(layer_name + " " + file_name);
        if (name.find("parcel") != std::string::npos) {
            m.what = Layer::parcels;
        } else if (name.find("batiment") != std::string::npos || name.find("bati") != std::string::npos ||
                   name.find("building") != std::string::npos) {
            m.what = Layer::buildings;
        } else if (name.find("commune") != std::string::npos) {
            m.what = Layer::communes;
        } else {
            return std::nullopt;
        }
    }
    auto& defn = *layer.GetLayerDefn();
    switch (m.what) {
    case Layer::parcels:
        m.id = field(defn, {"id", "idu", "geo_parcelle", "id_parcelle", "idpar"});
        m.insee = field(defn, {"commune", "code_insee", "insee", "code_com", "codecommune"});
        m.prefixe = field(defn, {"prefixe", "com_abs", "ccopre"});
        m.section = field(defn, {"section", "ccosec"});
        m.numero = field(defn, {"numero", "tex", "dnupla"});
        m.contenance = field(defn, {"contenance", "supf", "dcntpa", "surface"});
        if (m.id < 0 && (m.insee < 0 || m.section < 0 || m.numero < 0)) {
            return std::nullopt;
        }
        break;
    case Layer::buildings:
        m.id = field(defn, {"id", "object_rid", "id_bat"});
        m.insee = field(defn, {"commune", "code_insee", "insee", "code_com"});
        m.type = field(defn, {"type", "dur"});
        m.name = field(defn, {"nom", "name"});
        if (!edigeo && m.insee < 0) {
            return std::nullopt;
        }
        break;
    case Layer::communes:
        m.insee = field(defn, {"id", "code_insee", "insee", "code", "idu"});
        m.name = field(defn, {"nom", "name", "tex2", "libelle"});
        if (m.insee < 0) {
            return std::nullopt;
        }
        break;
    }
    return m;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_archive_name(const std::string& name) {
    for (const std::string_view ext : {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz"}) {
        if (ends_with(name, ext)) {
            return true;
        }
    }
    return false;
}

bool is_vector_name(const std::string& name) {
    for (const std::string_view ext : {".json", ".geojson", ".json.gz", ".geojson.gz", ".gpkg", ".shp",
                                       ".fgb", ".gml", ".sqlite", ".thf"}) {
        if (ends_with(name, ext)) {
            return true;
        }
    }
    return false;
}

bool is_etalab_name(const std::string& name) {
    static const std::regex etalab(
        R"(^cadastre-[0-9][0-9ab][0-9]{3}-(parcelles|batiments|communes)\.json(\.gz)?$)");
    return std::regex_match(name, etalab);
}

/// One dataset to read, with what is needed to name and locate its features.
struct Dataset {
    gdal::DatasetPtr ds;
    std::string file_name;   ///< lower-case
    std::string naming_path; ///< where an EDIGÉO sheet's département is read
    bool edigeo = false;
    std::string edigeo_insee; ///< the sheet's commune, dep + IDU
    std::string edigeo_sheet; ///< the sheet's identifier (edigeo_sheet_id); empty when unknown
};

/// Opens every cadastre dataset of @p source, going into nested sheet archives.
/// @param keep keeps nested sources (and their scratch copies) alive
/// A nested archive copied out of a .zip or .tar, so that it can be resolved like a file;
/// removed with its folder when the reading is over.
struct ScratchCopy {
    std::filesystem::path dir;
    ~ScratchCopy() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

/// Copies @p gdal_path (inside an archive) to a scratch file named @p name.
/// @throws DataError when it cannot.
std::filesystem::path copy_out(const std::string& gdal_path, const std::string& name,
                               std::vector<std::shared_ptr<void>>& keep) {
    static std::atomic<int> counter{0};
    auto scratch = std::make_shared<ScratchCopy>();
    std::error_code ec;
    scratch->dir = scratch::temp_path(scratch::scratch_folder(), "sheet", counter.fetch_add(1));
    std::filesystem::create_directories(scratch->dir, ec);
    keep.push_back(scratch);
    const auto target = scratch->dir / name;
    std::unique_ptr<VSILFILE, decltype(&VSIFCloseL)> in(VSIFOpenL(gdal_path.c_str(), "rb"), &VSIFCloseL);
    std::ofstream out(target, std::ios::binary);
    if (!in || !out) {
        throw DataError("cannot copy the archive out of its container", ErrorContext::in_file(gdal_path));
    }
    std::vector<char> buffer(1 << 20);
    for (std::size_t n; (n = VSIFReadL(buffer.data(), 1, buffer.size(), in.get())) > 0;) {
        out.write(buffer.data(), static_cast<std::streamsize>(n));
    }
    if (!out.flush()) {
        throw DataError("cannot copy the archive out of its container", ErrorContext::in_file(gdal_path));
    }
    return target;
}

void collect(const Source& source, const std::string& naming, std::vector<Dataset>& out,
             std::vector<std::shared_ptr<void>>& keep, bool strict) {
    for (const auto& f : source.files) {
        if (is_archive_name(f.name)) {
            std::shared_ptr<Source> nested;
            try {
                // GDAL cannot open an archive inside an archive: a sheet's .tar.bz2 inside a
                // .zip is copied out first.
                const auto path = f.gdal_path.rfind("/vsi", 0) == 0
                                      ? copy_out(f.gdal_path, f.name, keep).string()
                                      : f.gdal_path;
                nested = std::make_shared<Source>(resolve_source(path));
            } catch (const Error&) {
                if (strict) {
                    throw;
                }
                continue;
            }
            collect(*nested, naming + "/" + f.name, out, keep, strict);
            keep.push_back(std::move(nested));
            continue;
        }
        if (!is_vector_name(f.name)) {
            continue;
        }
        Dataset d;
        d.file_name = f.name;
        d.edigeo = ends_with(f.name, ".thf");
        d.naming_path = naming + "/" + f.gdal_path;
        std::string path = f.gdal_path;
        if (ends_with(f.name, ".gz")) {
            path = "/vsigzip/" + path;
        }
        try {
            d.ds = gdal::open_vector(
                path, {}, d.edigeo ? std::vector<std::string>{"EDIGEO"} : std::vector<std::string>{});
        } catch (const Error&) {
            if (strict && (d.edigeo || is_etalab_name(f.name))) {
                throw;
            }
            continue;
        }
        out.push_back(std::move(d));
    }
}

/// The IDU of the first feature of @p layer_name in an EDIGÉO sheet; empty when none.
std::string first_idu(GDALDataset& ds, const char* layer_name) {
    auto* layer = ds.GetLayerByName(layer_name);
    if (layer == nullptr) {
        return {};
    }
    const int idu = layer->GetLayerDefn()->GetFieldIndex("IDU");
    if (idu < 0) {
        return {};
    }
    layer->ResetReading();
    gdal::FeaturePtr f(layer->GetNextFeature());
    layer->ResetReading();
    return f ? std::string(text::trim(f->GetFieldAsString(idu))) : std::string();
}

/// The sheet's commune ("354") read from its COMMUNE_id layer, else from a parcel IDU.
std::string edigeo_commune3(GDALDataset& ds) {
    for (const char* layer_name : {"COMMUNE_id", "PARCELLE_id"}) {
        const auto v = first_idu(ds, layer_name);
        if (v.size() >= 3) {
            return v.substr(0, 3);
        }
    }
    return {};
}

/// Resolves the commune of each EDIGÉO sheet. @throws DataError when a name does not tell it.
void locate_sheets(const Source& source, std::vector<Dataset>& datasets) {
    for (auto& d : datasets) {
        if (!d.edigeo) {
            continue;
        }
        const auto commune3 = edigeo_commune3(*d.ds);
        auto dep = edigeo_departement(d.naming_path, commune3);
        if (!dep || commune3.size() != 3) {
            ErrorContext where = ErrorContext::in_file(source.path);
            where.layer = d.file_name;
            where.field = "IDU";
            throw DataError(
                fmt::format("the département of this EDIGÉO sheet (commune {}) is not in its name; "
                            "keep DGFiP's archive name, edigeo-<département><commune>....tar.bz2",
                            commune3.empty() ? "unknown" : commune3),
                where);
        }
        d.edigeo_insee = *dep + commune3;
        // SUBDSECT_id is the feuille itself: one object per sheet.
        d.edigeo_sheet = edigeo_sheet_id(d.edigeo_insee, first_idu(*d.ds, "SUBDSECT_id"), d.file_name);
    }
}

std::string field_text(OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) {
        return {};
    }
    return std::string(text::trim(f.GetFieldAsString(index)));
}

/// A feature that cannot be taken: which field, why.
struct FieldProblem {
    std::string field;
    std::string reason;
};

std::string field_name(OGRLayer& layer, int index, const char* fallback) {
    return index >= 0 ? layer.GetLayerDefn()->GetFieldDefn(index)->GetNameRef() : fallback;
}

model::Parcel make_parcel(OGRLayer& layer, OGRFeature& f, const Mapping& m, const Dataset& d) {
    model::Parcel p;
    std::string id = text::upper(field_text(f, m.id));
    if (d.edigeo && id.size() == 12) {
        id = d.edigeo_insee.substr(0, d.edigeo_insee.size() - 3) + id; // IDU lacks the département
    }
    p.insee = field_text(f, m.insee);
    p.prefixe = field_text(f, m.prefixe);
    p.section = text::upper(field_text(f, m.section));
    p.numero = field_text(f, m.numero);
    if (id.empty()) {
        id = parcel_id(p.insee, p.prefixe, p.section, p.numero);
        if (id.empty()) {
            throw FieldProblem{field_name(layer, m.section, "section"),
                               "no parcel id, and commune, section and numero do not make one"};
        }
    }
    if (id.size() != 14) {
        throw FieldProblem{
            field_name(layer, m.id, "id"),
            fmt::format("'{}' is not a parcel id (INSEE5 + prefixe3 + section2 + numero4)", id)};
    }
    p.id = id;
    if (p.insee.empty()) {
        p.insee = id.substr(0, 5);
    }
    if (p.prefixe.empty()) {
        p.prefixe = id.substr(5, 3);
    }
    if (p.section.empty()) {
        p.section = id.substr(8, 2);
        if (p.section.front() == '0') {
            p.section.erase(0, 1);
        }
    }
    if (p.numero.empty()) {
        p.numero = strip_zeros(id.substr(10, 4));
    }
    try {
        p.contenance_m2 = text::parse_decimal(field_text(f, m.contenance)).value_or(0);
    } catch (const DataError& e) {
        throw FieldProblem{field_name(layer, m.contenance, "contenance"), e.reason()};
    }
    return p;
}

model::Building make_building(OGRLayer& layer, OGRFeature& f, const Mapping& m, const Dataset& d) {
    model::Building b;
    b.insee = d.edigeo ? d.edigeo_insee : field_text(f, m.insee);
    if (b.insee.empty()) {
        throw FieldProblem{field_name(layer, m.insee, "commune"), "no commune"};
    }
    const auto id = field_text(f, m.id);
    // Etalab's buildings carry no identifier; EDIGÉO's are unique within the commune only.
    b.id = id.empty() ? fmt::format("{}:{}:{}", b.insee, layer.GetName(), f.GetFID())
                      : (d.edigeo ? b.insee + ":" + id : id);
    b.type = field_text(f, m.type);
    b.name = field_text(f, m.name);
    return b;
}

model::Commune make_commune(OGRLayer& layer, OGRFeature& f, const Mapping& m, const Dataset& d) {
    model::Commune c;
    c.insee = d.edigeo ? d.edigeo_insee : field_text(f, m.insee);
    if (c.insee.size() != 5) {
        throw FieldProblem{field_name(layer, m.insee, "id"),
                           fmt::format("'{}' is not an INSEE code", c.insee)};
    }
    c.name = field_text(f, m.name);
    c.departement = departement_of(c.insee);
    return c;
}

std::string layer_label(const Dataset& d, OGRLayer& layer) {
    if (d.edigeo) {
        const auto dot = d.file_name.find('.');
        return text::upper(d.file_name.substr(0, dot)) + "/" + layer.GetName();
    }
    return layer.GetName();
}

std::string feature_label(OGRFeature& f, const Dataset& d, int id_field) {
    if (d.edigeo) {
        const int rid = f.GetFieldIndex("OBJECT_RID");
        if (rid >= 0) {
            return f.GetFieldAsString(rid);
        }
    }
    auto id = field_text(f, id_field);
    return id.empty() ? fmt::format("feature {}", f.GetFID()) : id;
}

/// Calls @p visit for every mapped cadastre layer of @p source.
void for_each_layer(const Source& source, bool strict,
                    const std::function<void(Dataset&, OGRLayer&, const Mapping&)>& visit) {
    // Declared first, destroyed last: the datasets close before their scratch files go.
    std::vector<std::shared_ptr<void>> nested;
    std::vector<Dataset> datasets;
    collect(source, source.path, datasets, nested, strict);
    locate_sheets(source, datasets);
    for (auto& d : datasets) {
        // Communes first, so that parcels and buildings find theirs already there.
        for (const Layer pass : {Layer::communes, Layer::parcels, Layer::buildings}) {
            for (auto* layer : d.ds->GetLayers()) {
                if (auto m = map_layer(*layer, d.file_name, d.edigeo); m && m->what == pass) {
                    visit(d, *layer, *m);
                }
            }
        }
    }
}

} // namespace

int CadastreReader::detect(const Source& source) const {
    int score = 0;
    for (const auto& f : source.files) {
        if (ends_with(f.name, ".thf") || is_etalab_name(f.name) ||
            (f.name.rfind("edigeo", 0) == 0 && is_archive_name(f.name))) {
            return 95;
        }
    }
    try {
        for_each_layer(source, false, [&](Dataset&, OGRLayer&, const Mapping&) { score = 70; });
    } catch (const Error&) {
        return score;
    }
    return score;
}

std::string CadastreReader::perimeter(const Source& source) const {
    std::set<std::string> codes;
    // Etalab names its files after their commune: no need to open them (a département is
    // three files per commune).
    Source others = source;
    others.files.clear();
    for (const auto& f : source.files) {
        if (is_etalab_name(f.name)) {
            codes.insert(text::upper(f.name.substr(std::string_view("cadastre-").size(), 5)));
        } else {
            others.files.push_back(f);
        }
    }
    for_each_layer(others, false, [&](Dataset& d, OGRLayer& layer, const Mapping& m) {
        if (d.edigeo) {
            codes.insert(d.edigeo_sheet.empty() ? d.edigeo_insee : d.edigeo_sheet);
            return;
        }
        const int index = m.what == Layer::parcels && m.insee < 0 ? m.id : m.insee;
        if (index < 0) {
            return;
        }
        layer.SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
        layer.ResetReading();
        for (auto& f : layer) {
            const auto v = field_text(*f, index);
            if (v.size() >= 5) {
                codes.insert(v.substr(0, 5));
            }
        }
        layer.SetIgnoredFields(nullptr);
    });
    return join_codes({codes.begin(), codes.end()});
}

void CadastreReader::read(const Source& source, const ReadOptions& options, ImportSink& sink) {
    bool found = false;
    for_each_layer(source, true, [&](Dataset& d, OGRLayer& layer, const Mapping& m) {
        found = true;
        const auto label = layer_label(d, layer);
        std::unique_ptr<GeometryConverter> converter;
        try {
            converter = std::make_unique<GeometryConverter>(layer.GetSpatialRef(), options.srs_epsg);
        } catch (Error& e) {
            ErrorContext where = ErrorContext::in_file(source.path);
            where.layer = label;
            e.add_context(where);
            throw;
        }
        layer.ResetReading();
        for (auto& f : layer) {
            sink.read(label);
            const auto feature = feature_label(*f, d, m.what == Layer::communes ? m.insee : m.id);
            try {
                Converted<model::MultiPolygon> area;
                try {
                    area = converter->area(f->GetGeometryRef());
                } catch (const DataError& e) {
                    throw FieldProblem{"geometry", e.reason()};
                }
                bool written = true;
                switch (m.what) {
                case Layer::parcels: {
                    auto p = make_parcel(layer, *f, m, d);
                    if (d.edigeo && d.edigeo_sheet.size() == 12 &&
                        p.id.compare(5, 5, d.edigeo_sheet, 5, 5) != 0) {
                        // A neighbouring section's parcel drawn on this sheet: its own
                        // section's sheets deliver it, so that which sheet is imported last
                        // never decides its shape.
                        written = false;
                        sink.reject(label, p.id, field_name(layer, m.id, "id"),
                                    fmt::format("a parcel of section {} on sheet {}: it is read from the "
                                                "sheets of its own section",
                                                p.id.substr(5, 5), d.edigeo_sheet));
                        break;
                    }
                    p.geometry = std::move(area.geometry);
                    written = sink.writer().add(p);
                    if (!written) {
                        sink.reject(label, p.id, field_name(layer, m.id, "id"),
                                    "duplicate parcel id: the one already in the store is kept");
                    }
                    break;
                }
                case Layer::buildings: {
                    auto b = make_building(layer, *f, m, d);
                    b.geometry = std::move(area.geometry);
                    written = sink.writer().add(b);
                    if (!written) {
                        sink.reject(label, b.id, field_name(layer, m.id, "id"),
                                    "duplicate building id: the one already in the store is kept");
                    }
                    break;
                }
                case Layer::communes: {
                    auto c = make_commune(layer, *f, m, d);
                    c.geometry = std::move(area.geometry);
                    sink.writer().add(c);
                    break;
                }
                }
                if (written) {
                    if (area.repaired) {
                        sink.repaired(label, feature, "geometry", area.repair_note);
                    }
                    sink.imported(label);
                }
            } catch (const FieldProblem& p) {
                sink.reject(label, feature, p.field, p.reason);
            }
        }
    });
    if (!found) {
        throw DataError(
            "no cadastre layer here: expected Etalab files (cadastre-<insee>-parcelles.json...), "
            "EDIGÉO sheets (.THF, or their .tar.bz2), or polygon layers named parcelles, batiments "
            "or communes",
            ErrorContext::in_file(source.path));
    }
}

std::vector<Source> edigeo_sheets(const Source& source) {
    const auto is_sheet_archive = [](const SourceFile& f) {
        return f.name.rfind("edigeo", 0) == 0 && is_archive_name(f.name);
    };
    std::size_t sheets = 0;
    for (const auto& f : source.files) {
        sheets += is_sheet_archive(f) || ends_with(f.name, ".thf") ? 1 : 0;
    }
    if (sheets < 2) {
        return {source};
    }
    const auto shown = [&](const SourceFile& f) {
        const auto& root = source.gdal_path;
        const bool inside =
            f.gdal_path.size() > root.size() && f.gdal_path.compare(0, root.size(), root) == 0;
        return inside ? (std::filesystem::path(source.path) / f.gdal_path.substr(root.size() + 1)).string()
                      : f.gdal_path;
    };
    std::vector<std::pair<std::string, Source>> parts;
    std::vector<bool> taken(source.files.size(), false);
    for (std::size_t i = 0; i < source.files.size(); ++i) {
        const auto& f = source.files[i];
        if (is_sheet_archive(f)) {
            // Each sheet's archive is the source it would be alone: same bytes, same
            // checksum, so importing it again alone is a no-op.
            std::vector<std::shared_ptr<void>> keep;
            const auto path = f.gdal_path.rfind("/vsi", 0) == 0 ? copy_out(f.gdal_path, f.name, keep).string()
                                                                : f.gdal_path;
            Source part = resolve_source(path);
            keep.push_back(part.scratch);
            part.scratch = std::make_shared<std::vector<std::shared_ptr<void>>>(std::move(keep));
            part.path = shown(f);
            taken[i] = true;
            parts.emplace_back(f.name, std::move(part));
        } else if (ends_with(f.name, ".thf") && f.name.size() == 12) {
            // An unpacked sheet: its .THF and the files of its lot ("e000ab01.thf" names
            // edab01se.gen, edab01t1.vec...) in the same folder.
            const auto folder = f.gdal_path.substr(0, f.gdal_path.find_last_of('/') + 1);
            const auto lot = "ed" + f.name.substr(4, 4);
            std::vector<SourceFile> files;
            for (std::size_t j = 0; j < source.files.size(); ++j) {
                const auto& g = source.files[j];
                if (g.gdal_path.compare(0, folder.size(), folder) == 0 &&
                    g.gdal_path.find('/', folder.size()) == std::string::npos &&
                    (j == i || g.name.rfind(lot, 0) == 0)) {
                    files.push_back(g);
                    taken[j] = true;
                }
            }
            parts.emplace_back(f.name, part_of(source, shown(f), std::move(files)));
        }
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Source> out;
    for (auto& [name, part] : parts) {
        out.push_back(std::move(part));
    }
    std::vector<SourceFile> rest;
    for (std::size_t i = 0; i < source.files.size(); ++i) {
        if (!taken[i]) {
            rest.push_back(source.files[i]);
        }
    }
    if (!rest.empty()) {
        auto part = part_of(source, source.path, std::move(rest));
        if (CadastreReader().detect(part) > 0) {
            out.push_back(std::move(part));
        }
    }
    return out;
}

} // namespace fibre::importers
