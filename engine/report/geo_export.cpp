#include "engine/report/geo_export.hpp"

#include "engine/model/coverage.hpp"
#include "engine/report/qgis_styles.hpp"
#include "engine/rollout/lifecycle_rules.hpp"
#include "engine/rollout/reconcile.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/rollout_queries.hpp"
#include "engine/support/atomic_file.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/progress.hpp"
#include "engine/support/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unordered_map>

namespace fibre::report {

std::string driver_for(const std::filesystem::path& out) {
    const auto ext = text::lower(out.extension().string());
    if (ext == ".gpkg") {
        return "GPKG";
    }
    if (ext == ".geojson" || ext == ".json") {
        return "GeoJSON";
    }
    if (ext == ".fgb") {
        return "FlatGeobuf";
    }
    if (ext == ".csv") {
        return "CSV";
    }
    throw UsageError(
        fmt::format("--out {}: unknown extension (use .gpkg, .geojson, .fgb or .csv)", out.string()));
}

std::vector<std::string> parse_layer_list(const std::string& list) {
    std::vector<std::string> out;
    for (auto part : text::split(list, ',')) {
        if (!text::trim(part).empty()) {
            out.emplace_back(text::trim(part));
        }
    }
    return out;
}

namespace {

struct FieldSpec {
    const char* name;
    OGRFieldType type;
};

// Writes one dataset under a temporary name beside its final place (keeping the extension,
// from which GDAL picks the driver), and renames it into place only once GDAL has closed it
// with no error. GDAL's GeoJSON, CSV and FlatGeobuf writers do not report a failed write, so
// the errno a failed write leaves is checked after every feature and at the close, and a file
// of theirs left empty (never a valid one: each has at least a header) is a failure too.
class OutputFile {
public:
    /// With @p update, the existing file is copied under the temporary name and opened for
    /// update: the file at the final place changes only when the copy is renamed into it.
    OutputFile(std::filesystem::path final_path, std::string driver, bool update = false)
        : file_(std::move(final_path), AtomicFile::Extension::kept), driver_(std::move(driver)) {
        file_.probe();
        CPLErrorReset();
        errno = 0;
        if (update && std::filesystem::exists(file_.path())) {
            std::error_code ec;
            std::filesystem::copy_file(file_.path(), file_.temp_path(),
                                       std::filesystem::copy_options::overwrite_existing, ec);
            if (ec) {
                fail(fmt::format("cannot copy the file to update it: {}", ec.message()));
            }
            auto* ds = GDALDataset::Open(file_.temp_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                         nullptr, nullptr);
            if (ds == nullptr || std::string(ds->GetDriverName()) != "GPKG") {
                if (ds != nullptr) {
                    GDALClose(ds);
                }
                file_.discard();
                throw DataError("cannot update: not a GeoPackage that GDAL can open",
                                ErrorContext::in_file(file_.path().string()));
            }
            ds_.reset(ds);
            return;
        }
        try {
            ds_ = gdal::create_vector(file_.temp_path().string(), driver_);
        } catch (const DataError&) {
            fail(fmt::format("cannot create the {} file", driver_));
        }
    }
    ~OutputFile() { ds_.reset(); } // before file_, which then removes what is left
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    GDALDataset& dataset() { return *ds_; }
    const std::filesystem::path& path() const { return file_.path(); }
    const std::string& driver() const { return driver_; }

    /// Throws when a write has failed since the file was created, although GDAL said nothing.
    void check(const std::string& layer, const std::string& feature = {}) {
        if (is_write_errno(errno)) {
            fail("cannot write", layer, feature);
        }
    }

    /// Throws for a failure of GDAL: the cause in plain words when the disk is full or a write
    /// failed, else GDAL's own message; the user's path, never the temporary name.
    [[noreturn]] void fail(const std::string& what, const std::string& layer = {},
                           const std::string& feature = {}) {
        const int error = errno;
        std::string message = gdal::last_error();
        ds_.reset();
        const std::string cause = file_.failure_cause(error);
        file_.discard();
        for (const auto& temp : {file_.temp_path().string(), file_.temp_path().filename().string()}) {
            for (auto at = message.find(temp); at != std::string::npos; at = message.find(temp, at)) {
                message.replace(at, temp.size(), file_.path().string());
                at += file_.path().string().size();
            }
        }
        ErrorContext c = ErrorContext::in_file(file_.path().string());
        c.layer = layer;
        c.feature = feature;
        if (!cause.empty()) {
            throw DataError(fmt::format("cannot write: {}", cause), c);
        }
        throw DataError(fmt::format("{}: {}", what, message), c);
    }

    void finish() {
        CPLErrorReset();
        ds_->FlushCache();
        if (CPLGetLastErrorType() >= CE_Failure) {
            fail("cannot write");
        }
        check({});
        ds_.reset(); // closes: FlatGeobuf writes its index and features only now
        if (CPLGetLastErrorType() >= CE_Failure) {
            fail("cannot write");
        }
        check({});
        std::error_code ec;
        if (driver_ != "GPKG" && std::filesystem::file_size(file_.temp_path(), ec) == 0 && !ec) {
            fail("cannot write: the file is empty");
        }
        file_.sync();
        file_.commit();
    }

private:
    AtomicFile file_;
    std::string driver_;
    gdal::DatasetPtr ds_;
};

// What a layer holds and the date of its states, for gpkg_contents.description.
std::string layer_description(const std::string& layer, Date at, const std::string& lang) {
    const bool fr = lang != "en";
    struct Text {
        const char* layer;
        const char* fr;
        const char* en;
    };
    static constexpr Text texts[] = {
        {"premises", "Locaux et leur statut", "Premises and their status"},
        {"communes", "Communes et leur couverture", "Communes and their coverage"},
        {"pm_zones", "Zones arrière de PM et leur couverture", "PM zones and their coverage"},
        {"network_links", "Liens du réseau et leur état", "Network links and their state"},
        {"worksites", "Chantiers et leur état", "Worksites and their state"},
        {"mismatches", "Écarts entre état déclaré et état calculé", "Declared against computed states"},
        {"defects", "Défauts du réseau (fibre check)", "Network defects (fibre check)"},
    };
    std::string what = layer;
    for (const auto& t : texts) {
        if (layer == t.layer) {
            what = fr ? t.fr : t.en;
        }
    }
    return fmt::format("{} {} {}", what, fr ? "au" : "as at", at.iso());
}

OGRLayer* create_layer(OutputFile& file, const std::string& name, OGRwkbGeometryType type,
                       const std::vector<FieldSpec>& fields, const std::string& description = {}) {
    // A layer of the same name (an export updating a GeoPackage) is replaced.
    for (int i = 0; i < file.dataset().GetLayerCount(); ++i) {
        if (name == file.dataset().GetLayer(i)->GetName()) {
            if (file.dataset().DeleteLayer(i) != OGRERR_NONE) {
                file.fail("cannot replace the layer", name);
            }
            break;
        }
    }
    OGRSpatialReference srs;
    srs.importFromEPSG(2154);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<std::string> options_text;
    if (file.driver() == "GeoJSON") {
        options_text = {"RFC7946=YES", "WRITE_NAME=NO"};
    }
    if (file.driver() == "GPKG") {
        options_text = {"GEOMETRY_NAME=geom", "FID=fid"};
        if (!description.empty()) {
            options_text.push_back("DESCRIPTION=" + description);
        }
    }
    if (file.driver() == "CSV") {
        // As French spreadsheets expect: ';', UTF-8 with a byte-order mark.
        options_text = {"SEPARATOR=SEMICOLON", "WRITE_BOM=YES", "LINEFORMAT=CRLF",
                        "STRING_QUOTING=IF_NEEDED"};
    }
    std::vector<char*> options;
    for (auto& o : options_text) {
        options.push_back(o.data());
    }
    options.push_back(nullptr);
    const bool geometric = type != wkbNone && file.driver() != "CSV";
    OGRLayer* layer = file.dataset().CreateLayer(name.c_str(), geometric ? &srs : nullptr,
                                                 geometric ? type : wkbNone, options.data());
    if (layer == nullptr) {
        file.fail("cannot create the layer", name);
    }
    for (const auto& f : fields) {
        OGRFieldDefn defn(f.name, file.driver() == "CSV" && f.type == OFTDate ? OFTString : f.type);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            file.fail(fmt::format("cannot create the field {}", f.name), name);
        }
    }
    return layer;
}

void set_date(OGRFeature& f, int field, Date d, bool as_text) {
    if (d.is_never()) {
        if (as_text) {
            f.SetField(field, "");
        } else {
            f.SetFieldNull(field);
        }
        return;
    }
    if (d == Date::always()) {
        // Built with no date: it counts at any date, and has no day to show.
        f.SetFieldNull(field);
        return;
    }
    if (as_text) {
        f.SetField(field, d.iso().c_str());
        return;
    }
    int y = 0;
    unsigned m = 0;
    unsigned day = 0;
    d.to_ymd(y, m, day);
    f.SetField(field, y, static_cast<int>(m), static_cast<int>(day));
}

OGRMultiPolygon to_ogr(const model::MultiPolygon& mp) {
    OGRMultiPolygon out;
    for (const auto& poly : mp) {
        OGRPolygon p;
        for (const auto& ring : poly.rings) {
            OGRLinearRing r;
            r.setNumPoints(static_cast<int>(ring.size()), false);
            for (std::size_t i = 0; i < ring.size(); ++i) {
                r.setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
            }
            p.addRing(&r);
        }
        out.addGeometry(&p);
    }
    return out;
}

void put(OGRLayer* layer, OGRFeature& f, OutputFile& file, const std::string& name, const std::string& id) {
    if (layer->CreateFeature(&f) != OGRERR_NONE) {
        file.fail("cannot write the feature", name, id);
    }
    file.check(name, id);
}

class LayerWriter {
public:
    LayerWriter(store::Database& db, const rollout::RolloutData& data, Date at, const ExportOptions& options)
        : db_(db), data_(data), at_(at), options_(options) {}

    // Every layer ends with the date its states are taken at, and says it in its description.
    OGRLayer* create(OutputFile& file, const std::string& name, OGRwkbGeometryType type,
                     std::vector<FieldSpec> fields) {
        fields.push_back({"at", OFTDate});
        at_field_ = static_cast<int>(fields.size()) - 1;
        return create_layer(file, name, type, fields, layer_description(name, at_, options_.lang));
    }

    void put_at(OGRLayer* layer, OGRFeature& f, OutputFile& file, const std::string& name,
                const std::string& id) {
        set_date(f, at_field_, at_, file.driver() == "CSV");
        put(layer, f, file, name, id);
    }

    long long defects(OutputFile& file) {
        const std::string name = "defects";
        OGRLayer* layer = create(file, name, wkbPoint,
                                 {{"code", OFTString},
                                  {"severity", OFTString},
                                  {"message", OFTString},
                                  {"element", OFTString},
                                  {"x", OFTReal},
                                  {"y", OFTReal}});
        OGRFeature f(layer->GetLayerDefn());
        long long n = 0;
        for (const auto& d : options_.defects) {
            f.SetFID(OGRNullFID);
            f.SetField(0, d.code.c_str());
            f.SetField(1, model::to_string(d.severity));
            f.SetField(2, d.message.c_str());
            f.SetField(3, d.element_code.c_str());
            if (d.position) {
                f.SetField(4, d.position->x);
                f.SetField(5, d.position->y);
                if (file.driver() != "CSV") {
                    f.SetGeometry(std::make_unique<OGRPoint>(d.position->x, d.position->y).get());
                }
            } else {
                f.SetFieldNull(4);
                f.SetFieldNull(5);
                f.SetGeometry(nullptr);
            }
            put_at(layer, f, file, name, d.code + " " + d.element_code);
            ++n;
        }
        return n;
    }

    long long premises(OutputFile& file) {
        const bool csv = file.driver() == "CSV";
        const std::string name = "premises";
        OGRLayer* layer = create(file, name, wkbPoint,
                                 {{"premise", OFTString},
                                  {"delivery", OFTString},
                                  {"commune", OFTString},
                                  {"locaux", OFTInteger},
                                  {"raccordable_since", OFTDate},
                                  {"date_basis", OFTString},
                                  {"pbo", OFTString},
                                  {"pm", OFTString},
                                  {"nro", OFTString},
                                  {"optical_m", OFTReal},
                                  {"assignment", OFTString},
                                  {"declared_state", OFTString},
                                  {"status", OFTString}});
        std::unordered_map<std::int64_t, model::Point> positions;
        if (!csv) {
            auto premises = store::read_premises(db_);
            positions.reserve(premises.size());
            for (auto& p : premises) {
                positions.emplace(p.id, p.position);
            }
        }
        std::unordered_map<std::int64_t, std::string> declared;
        for (auto& [id, state] : store::read_declared_states(db_)) {
            declared.emplace(id, std::move(state));
        }
        ProgressBar bar("exporting premises", data_.premises.size());
        OGRFeature f(layer->GetLayerDefn());
        long long n = 0;
        for (const auto& p : data_.premises) {
            f.SetFID(OGRNullFID);
            f.SetField(0, p.code.c_str());
            f.SetField(1, p.delivery.c_str());
            f.SetField(2, p.insee.c_str());
            f.SetField(3, p.locaux);
            set_date(f, 4, p.raccordable_since, csv);
            f.SetField(5, p.date_basis.c_str());
            f.SetField(6, p.pbo_code.c_str());
            f.SetField(7, p.pm_code.c_str());
            f.SetField(8, p.nro_code.c_str());
            if (p.optical_m >= 0) {
                f.SetField(9, p.optical_m);
            } else {
                f.SetFieldNull(9);
            }
            f.SetField(10, model::to_string(p.assignment));
            const auto d = declared.find(p.id);
            f.SetField(11, d == declared.end() ? "" : d->second.c_str());
            f.SetField(12, p.raccordable_since <= at_ ? "raccordable" : "not_raccordable");
            if (!csv) {
                const auto pos = positions.find(p.id);
                if (pos != positions.end()) {
                    f.SetGeometry(std::make_unique<OGRPoint>(pos->second.x, pos->second.y).get());
                } else {
                    f.SetGeometry(nullptr);
                }
            }
            put_at(layer, f, file, name, p.code);
            ++n;
            if ((n & 0xFFF) == 0) {
                bar.update(static_cast<std::uint64_t>(n));
            }
        }
        bar.finish();
        return n;
    }

    long long communes(OutputFile& file) {
        const std::string name = "communes";
        OGRLayer* layer = create(file, name, wkbMultiPolygon,
                                 {{"insee", OFTString},
                                  {"name", OFTString},
                                  {"locaux", OFTInteger64},
                                  {"raccordables", OFTInteger64},
                                  {"coverage", OFTReal},
                                  {"coverage_pct", OFTReal},
                                  {"expected_date", OFTString},
                                  {"worksites", OFTString},
                                  {"denominator_basis", OFTString},
                                  {"arcep_quarter", OFTString},
                                  {"arcep_raccordables", OFTInteger64},
                                  {"difference", OFTInteger64},
                                  {"raccordes", OFTInteger64},
                                  {"take_up", OFTReal}});
        // ARCEP's declared figure beside: the latest ARCEP quarter whose last day is on or before
        // the export's date.
        const model::ArcepFigureIndex arcep(data_.arcep);
        const Quarter of_date = Quarter::of(at_);
        const std::string arcep_quarter = (of_date.last_day() <= at_ ? of_date : of_date.prev()).str();
        std::unordered_map<std::string, long long> raccordables;
        std::unordered_map<std::string, long long> raccordes;
        for (const auto& p : data_.premises) {
            if (p.raccordable_since <= at_) {
                raccordables[p.insee] += p.locaux;
            }
            if (p.raccorde_since <= at_) {
                raccordes[p.insee] += p.raccorde_locaux;
            }
        }
        // When each commune's remainder is expected (docs/rollout-figures.md, "Expected date").
        std::unordered_map<std::string, rollout::ExpectedDate> expected;
        for (auto& a :
             rollout::compute_remaining_by(data_, rollout::Target{}, at_, rollout::Grouping::commune)) {
            expected.emplace(a.code, std::move(a.figures.expected));
        }
        long long n = 0;
        for (const auto& c : store::read_communes(db_)) {
            OGRFeature f(layer->GetLayerDefn());
            const auto it = data_.commune_locaux.find(c.insee);
            const long long locaux = it == data_.commune_locaux.end() ? 0 : it->second;
            const long long rac = raccordables[c.insee];
            const double coverage = model::coverage_rate(rac, locaux);
            f.SetField(0, c.insee.c_str());
            f.SetField(1, c.name.c_str());
            f.SetField(2, static_cast<GIntBig>(locaux));
            f.SetField(3, static_cast<GIntBig>(rac));
            f.SetField(4, coverage);
            f.SetField(5, coverage * 100.0);
            if (const auto e = expected.find(c.insee); e != expected.end()) {
                std::string worksites;
                for (const auto& code : e->second.worksites) {
                    worksites += (worksites.empty() ? "" : " ") + code;
                }
                f.SetField(6, e->second.nothing_to_build ? "nothing to build"
                              : e->second.date           ? e->second.date->iso().c_str()
                                                         : "no date");
                f.SetField(7, worksites.c_str());
            }
            if (const auto d = data_.commune_denominators.find(c.insee);
                d != data_.commune_denominators.end()) {
                f.SetField(8, model::to_string(d->second.basis));
            }
            if (const auto* a = arcep.at("commune", c.insee, arcep_quarter)) {
                f.SetField(9, a->quarter.c_str());
                f.SetField(10, static_cast<GIntBig>(a->raccordables));
                f.SetField(11, static_cast<GIntBig>(rac - a->raccordables));
            }
            // Take-up: raccordés / raccordables (docs/figures.md, "Raccordé").
            const long long connected = raccordes[c.insee];
            f.SetField(12, static_cast<GIntBig>(connected));
            f.SetField(13, rac > 0 ? static_cast<double>(connected) / static_cast<double>(rac) : 0.0);
            if (!c.geometry.empty()) {
                auto g = to_ogr(c.geometry);
                f.SetGeometry(&g);
            }
            put_at(layer, f, file, name, c.insee);
            ++n;
        }
        return n;
    }

    long long pm_zones(OutputFile& file) {
        const std::string name = "pm_zones";
        OGRLayer* layer = create(file, name, wkbMultiPolygon,
                                 {{"code", OFTString},
                                  {"ref_pm", OFTString},
                                  {"state", OFTString},
                                  {"locaux", OFTInteger64},
                                  {"raccordables", OFTInteger64},
                                  {"coverage_pct", OFTReal}});
        std::unordered_map<std::string, std::pair<long long, long long>> by_pm; // locaux, raccordables
        for (const auto& p : data_.premises) {
            auto& v = by_pm[p.pm_ref];
            v.first += p.locaux;
            if (p.raccordable_since <= at_) {
                v.second += p.locaux;
            }
        }
        long long n = 0;
        for (const auto& z : store::read_zones(db_)) {
            if (z.kind != "zsro") {
                continue;
            }
            OGRFeature f(layer->GetLayerDefn());
            const auto it = by_pm.find(z.ref_pm.empty() ? z.owner_code : z.ref_pm);
            const auto [locaux, rac] = it == by_pm.end() ? std::pair<long long, long long>{0, 0} : it->second;
            f.SetField(0, z.code.c_str());
            f.SetField(1, z.ref_pm.c_str());
            f.SetField(2, z.state.c_str());
            f.SetField(3, static_cast<GIntBig>(locaux));
            f.SetField(4, static_cast<GIntBig>(rac));
            f.SetField(5, locaux > 0 ? 100.0 * static_cast<double>(rac) / static_cast<double>(locaux) : 0.0);
            if (!z.geometry.empty()) {
                auto g = to_ogr(z.geometry);
                f.SetGeometry(&g);
            }
            put_at(layer, f, file, name, z.code);
            ++n;
        }
        return n;
    }

    long long network_links(OutputFile& file) {
        const std::string name = "network_links";
        OGRLayer* layer = create(file, name, wkbLineString,
                                 {{"code", OFTString},
                                  {"kind", OFTString},
                                  {"level", OFTString},
                                  {"statut", OFTString},
                                  {"avct", OFTString},
                                  {"state", OFTString},
                                  {"in_service_since", OFTDate},
                                  {"length_m", OFTReal}});
        long long n = 0;
        for (const auto& l : store::read_links(db_)) {
            OGRFeature f(layer->GetLayerDefn());
            const Date from = rollout::service_start(l.life);
            const char* state = from <= at_                      ? "in_service"
                                : rollout::is_unfinished(l.life) ? "to_build"
                                                                 : "not_in_service";
            f.SetField(0, l.code.c_str());
            f.SetField(1, l.kind == model::LinkKind::cable ? "cable" : "path");
            f.SetField(2, l.level.c_str());
            f.SetField(3, l.life.statut.c_str());
            f.SetField(4, l.life.avct.c_str());
            f.SetField(5, state);
            set_date(f, 6, from, false);
            f.SetField(7, l.length_m);
            if (l.geometry.size() >= 2) {
                OGRLineString g;
                g.setNumPoints(static_cast<int>(l.geometry.size()), false);
                for (std::size_t i = 0; i < l.geometry.size(); ++i) {
                    g.setPoint(static_cast<int>(i), l.geometry[i].x, l.geometry[i].y);
                }
                f.SetGeometry(&g);
            }
            put_at(layer, f, file, name, l.code);
            ++n;
        }
        return n;
    }

    long long worksites(OutputFile& file) {
        const std::string name = "worksites";
        OGRLayer* layer = create(file, name, wkbMultiPolygon,
                                 {{"code", OFTString},
                                  {"name", OFTString},
                                  {"perimeter_ref", OFTString},
                                  {"state", OFTString},
                                  {"planned_end", OFTDate},
                                  {"suspended_days", OFTInteger},
                                  {"locaux", OFTInteger64},
                                  {"locaux_on_completion", OFTInteger64}});
        long long n = 0;
        for (const auto& w : rollout::compute_worksites(data_, at_)) {
            const auto& ws = data_.worksites[w.worksite];
            OGRFeature f(layer->GetLayerDefn());
            f.SetField(0, ws.code.c_str());
            f.SetField(1, ws.name.c_str());
            f.SetField(2, ws.perimeter_ref.c_str());
            f.SetField(3, rollout::to_string(w.state));
            set_date(f, 4, ws.planned_end ? *ws.planned_end : Date::never(), false);
            f.SetField(5, static_cast<int>(w.suspended_days));
            f.SetField(6, static_cast<GIntBig>(w.locaux));
            f.SetField(7, static_cast<GIntBig>(w.locaux_on_completion));
            if (!ws.perimeter.empty()) {
                auto g = to_ogr(ws.perimeter);
                f.SetGeometry(&g);
            }
            put_at(layer, f, file, name, ws.code);
            ++n;
        }
        return n;
    }

    // Declared against computed, as the latest analysis stored them (docs/commands/reconcile.md):
    // one point per premise (per IPE line for a line without premise), at the premise, else at
    // the IPE line's position.
    long long mismatches(OutputFile& file) {
        const std::string name = "mismatches";
        const bool csv = file.driver() == "CSV";
        const auto r = rollout::reconcile(db_, db_.path(), {});
        OGRLayer* layer = create(file, name, wkbPoint,
                                 {{"kind", OFTString},
                                  {"premise", OFTString},
                                  {"delivery", OFTString},
                                  {"address", OFTString},
                                  {"commune", OFTString},
                                  {"pm", OFTString},
                                  {"ref_pm", OFTString},
                                  {"building_id", OFTString},
                                  {"declared_state", OFTString},
                                  {"commercial_date", OFTDate},
                                  {"computed_state", OFTString},
                                  {"raccordable_since", OFTDate},
                                  {"cause", OFTString},
                                  {"element", OFTString},
                                  {"element_in_service", OFTDate}});
        OGRFeature f(layer->GetLayerDefn());
        long long n = 0;
        for (const auto& row : r.rows) {
            const auto& m = row.mismatch;
            f.SetFID(OGRNullFID);
            f.SetField(0, model::to_string(m.kind));
            f.SetField(1, m.premise_code.c_str());
            f.SetField(2, row.delivery.c_str());
            f.SetField(3, row.address.c_str());
            f.SetField(4, m.insee.c_str());
            f.SetField(5, m.pm_code.c_str());
            f.SetField(6, m.pm_ref.c_str());
            f.SetField(7, m.building_id.c_str());
            f.SetField(8, m.declared_state.c_str());
            set_date(f, 9, m.commercial_date.value_or(Date::never()), csv);
            f.SetField(
                10, m.premise_code.empty() ? "" : rollout::computed_state(m.raccordable_since, r.at).c_str());
            set_date(f, 11, m.raccordable_since, csv);
            f.SetField(12, m.cause == model::FeedCause::none ? "" : model::to_string(m.cause));
            f.SetField(13, m.element_code.c_str());
            set_date(f, 14, m.element_from, csv);
            if (!csv && m.position) {
                f.SetGeometry(std::make_unique<OGRPoint>(m.position->x, m.position->y).get());
            } else {
                f.SetGeometry(nullptr);
            }
            put_at(layer, f, file, name, m.premise_code.empty() ? m.building_id : m.premise_code);
            ++n;
        }
        return n;
    }

    long long write(const std::string& layer, OutputFile& file) {
        // One transaction per layer: GeoPackage writes are a hundred times faster in one.
        const bool tx = file.dataset().StartTransaction() == OGRERR_NONE;
        long long n = 0;
        if (layer == "premises") {
            n = premises(file);
        } else if (layer == "communes") {
            n = communes(file);
        } else if (layer == "pm_zones") {
            n = pm_zones(file);
        } else if (layer == "network_links") {
            n = network_links(file);
        } else if (layer == "mismatches") {
            n = mismatches(file);
        } else if (layer == "defects") {
            n = defects(file);
        } else {
            n = worksites(file);
        }
        if (tx && file.dataset().CommitTransaction() != OGRERR_NONE) {
            file.fail("cannot write the layer", layer);
        }
        file.check(layer);
        return n;
    }

private:
    store::Database& db_;
    const rollout::RolloutData& data_;
    Date at_;
    const ExportOptions& options_;
    int at_field_ = -1;
};

void write_styles(OutputFile& file, const std::vector<std::string>& layers, const std::string& lang) {
    OGRLayer* table = file.dataset().GetLayerByName("layer_styles");
    if (table != nullptr) {
        // Updating: the styles of the layers written are replaced, the others kept.
        for (const auto& l : layers) {
            const std::string sql = fmt::format("DELETE FROM layer_styles WHERE f_table_name = '{}'", l);
            file.dataset().ReleaseResultSet(file.dataset().ExecuteSQL(sql.c_str(), nullptr, nullptr));
        }
    } else {
        table = create_layer(file, "layer_styles", wkbNone,
                             {{"f_table_catalog", OFTString},
                              {"f_table_schema", OFTString},
                              {"f_table_name", OFTString},
                              {"f_geometry_column", OFTString},
                              {"styleName", OFTString},
                              {"styleQML", OFTString},
                              {"styleSLD", OFTString},
                              {"useAsDefault", OFTInteger},
                              {"description", OFTString},
                              {"owner", OFTString},
                              {"ui", OFTString},
                              {"update_time", OFTDateTime}});
    }
    for (const auto& style : coverage_styles(lang)) {
        if (std::find(layers.begin(), layers.end(), style.layer) == layers.end()) {
            continue;
        }
        OGRFeature f(table->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", style.layer.c_str());
        f.SetField("f_geometry_column", style.geometry_column.c_str());
        f.SetField("styleName", style.name.c_str());
        f.SetField("styleQML", style.qml.c_str());
        f.SetField("styleSLD", "");
        f.SetField("useAsDefault", 1);
        f.SetField("description", style.description.c_str());
        f.SetField("owner", "");
        f.SetField("ui", "");
        const Date today = Date::today();
        int y = 0;
        unsigned m = 0;
        unsigned d = 0;
        today.to_ymd(y, m, d);
        f.SetField("update_time", y, static_cast<int>(m), static_cast<int>(d), 0, 0, 0.0F, 100);
        put(table, f, file, "layer_styles", style.layer);
    }
}

} // namespace

namespace {

const char* const all_layers[] = {"premises",  "communes",   "pm_zones", "network_links",
                                  "worksites", "mismatches", "defects"};

std::vector<std::string> layers_or_default(const std::vector<std::string>& requested) {
    std::vector<std::string> layers = requested;
    if (layers.empty()) {
        layers.assign(std::begin(coverage_layers), std::end(coverage_layers));
    }
    for (const auto& l : layers) {
        if (std::find(std::begin(all_layers), std::end(all_layers), l) == std::end(all_layers)) {
            throw UsageError(
                fmt::format("--layer: unknown layer '{}' (premises, communes, pm_zones, network_links, "
                            "worksites, mismatches, defects)",
                            l));
        }
    }
    return layers;
}

} // namespace

std::vector<std::filesystem::path> output_files(const std::filesystem::path& out,
                                                const std::vector<std::string>& requested) {
    const std::string driver = driver_for(out);
    const auto layers = layers_or_default(requested);
    if (driver == "CSV" && (layers.size() != 1 || layers.front() != "premises")) {
        throw UsageError("a CSV export holds the premises only: add --layer premises");
    }
    if (driver == "GPKG" || layers.size() == 1) {
        return {out};
    }
    std::vector<std::filesystem::path> files;
    for (const auto& l : layers) {
        files.push_back(out.parent_path() / (out.stem().string() + "-" + l + out.extension().string()));
    }
    return files;
}

void check_existing(const std::vector<std::filesystem::path>& files, Existing existing) {
    if (existing == Existing::update && (files.size() != 1 || driver_for(files.front()) != "GPKG")) {
        throw UsageError("--update adds layers to a GeoPackage only (.gpkg)");
    }
    if (existing != Existing::refuse) {
        return;
    }
    for (const auto& f : files) {
        std::error_code ec;
        if (std::filesystem::exists(f, ec)) {
            throw UsageError(fmt::format("{} exists: add --overwrite to replace it, or --update to add the "
                                         "layers to it (GeoPackage)",
                                         f.string()));
        }
    }
}

ExportSummary export_layers(store::Database& db, const rollout::RolloutData& data, Date at,
                            const std::filesystem::path& out, const std::vector<std::string>& requested,
                            const ExportOptions& options) {
    gdal::initialise();
    const std::string driver = driver_for(out);
    const std::vector<std::string> layers = layers_or_default(requested);
    const auto files = output_files(out, layers);
    check_existing(files, options.existing);
    LayerWriter writer(db, data, at, options);
    ExportSummary summary;
    if (driver == "GPKG") {
        OutputFile file(out, driver, options.existing == Existing::update);
        for (const auto& l : layers) {
            summary.layers.emplace_back(l, writer.write(l, file));
        }
        write_styles(file, layers, options.lang);
        file.finish();
        summary.files.push_back(out);
        return summary;
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        OutputFile file(files[i], driver);
        summary.layers.emplace_back(layers[i], writer.write(layers[i], file));
        file.finish();
        summary.files.push_back(files[i]);
    }
    return summary;
}

} // namespace fibre::report
