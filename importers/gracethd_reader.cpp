#include "importers/gracethd_reader.hpp"

#include "engine/support/date.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/progress.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/geometry_conversion.hpp"
#include "importers/gracethd_codes.hpp"
#include "importers/import_sink.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <filesystem>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <map>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace fibre::importers {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Where one GraceTHD table lives: a file (shapefile, CSV, DBF) or a layer of a database.
struct TableRef {
    std::string gdal_path;
    std::string layer; ///< the layer name inside a database; empty for a file
    bool csv = false;
    std::string display; ///< a CSV file as messages name it: the user's path, never a /vsi path
};

/// @p file as the user would name it: the source's path and the file's place inside it.
std::string user_path(const Source& source, const SourceFile& file) {
    const auto& root = source.gdal_path;
    if (!root.empty() && file.gdal_path.size() > root.size() + 1 &&
        file.gdal_path.compare(0, root.size(), root) == 0 && file.gdal_path[root.size()] == '/') {
        return (std::filesystem::path(source.path) / file.gdal_path.substr(root.size() + 1)).string();
    }
    if (file.gdal_path.rfind("/vsi", 0) == 0) {
        return (std::filesystem::path(source.path) / file.name).string();
    }
    return file.gdal_path;
}

/// A GraceTHD delivery as one SpatiaLite or GeoPackage file. GDAL lists a SpatiaLite
/// database's tables without geometry (t_cable, t_local...) only when asked to.
gdal::DatasetPtr open_database(const std::string& path) {
    auto ds = gdal::open_vector(path, {}, {"SQLite", "GPKG"});
    if (std::string(ds->GetDriver()->GetDescription()) == "SQLite") {
        ds = gdal::open_vector(path, {"LIST_ALL_TABLES=YES"}, {"SQLite"});
    }
    return ds;
}

/// The tables of a delivery, by lower-case name ("t_noeud").
class Delivery {
public:
    explicit Delivery(const Source& source) {
        for (const auto& f : source.files) {
            const auto dot = f.name.rfind('.');
            if (dot == std::string::npos) {
                continue;
            }
            const auto stem = f.name.substr(0, dot);
            const auto ext = f.name.substr(dot + 1);
            if (ext == "sqlite" || ext == "gpkg" || ext == "db" || ext == "spatialite") {
                add_database(f.gdal_path);
            } else if (ext == "shp") {
                tables_[stem] = TableRef{f.gdal_path, {}, false, {}};
            } else if (ext == "csv" && tables_.count(stem) == 0) {
                tables_[stem] = TableRef{f.gdal_path, {}, true, user_path(source, f)};
            }
        }
        // A .dbf without .shp is an attribute table.
        for (const auto& f : source.files) {
            if (ends_with(f.name, ".dbf")) {
                const auto stem = f.name.substr(0, f.name.size() - 4);
                if (tables_.count(stem) == 0) {
                    tables_[stem] = TableRef{f.gdal_path, {}, false, {}};
                }
            }
        }
    }

    [[nodiscard]] const TableRef* find(const std::string& table) const {
        const auto it = tables_.find(table);
        return it == tables_.end() ? nullptr : &it->second;
    }
    [[nodiscard]] bool has(const std::string& table) const { return find(table) != nullptr; }

private:
    void add_database(const std::string& path) {
        gdal::DatasetPtr ds;
        try {
            ds = open_database(path);
        } catch (const DataError&) {
            return; // not a database GDAL reads: the delivery's other files may still be
        }
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            const std::string name = ds->GetLayer(i)->GetName();
            tables_.emplace(text::lower(name), TableRef{path, name, false, {}});
        }
    }

    std::map<std::string, TableRef> tables_;
};

struct FeatureDefnReleaser {
    void operator()(OGRFeatureDefn* defn) const noexcept { defn->Release(); }
};
using FeatureDefnPtr = std::unique_ptr<OGRFeatureDefn, FeatureDefnReleaser>;

/// The CRS of a CSV table: its .prj beside it, as GDAL's CSV driver reads it (GeoCSV); null
/// when there is none or it cannot be read.
gdal::SpatialReferencePtr csv_srs(const std::string& csv_path) {
    for (const char* ext : {"prj", "PRJ"}) {
        const std::string prj = CPLResetExtension(csv_path.c_str(), ext);
        VSIStatBufL stat;
        if (VSIStatL(prj.c_str(), &stat) != 0) {
            continue;
        }
        char** lines = CSLLoad(prj.c_str());
        std::string wkt;
        for (char** l = lines; l != nullptr && *l != nullptr; ++l) {
            wkt += *l;
        }
        CSLDestroy(lines);
        gdal::SpatialReferencePtr srs(new OGRSpatialReference());
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!wkt.empty() && srs->SetFromUserInput(wkt.c_str()) == OGRERR_NONE) {
            return srs;
        }
    }
    return nullptr;
}

/// One open table, read feature by feature. A CSV table is read by CsvTable (strict, every
/// value kept as text) into features of string fields; a column named wkt, geom or geometry
/// is also read as the feature's WKT geometry, as GDAL's CSV driver does.
class Table {
public:
    /// @param sink where the malformed records of a CSV table are rejected; null: they are
    ///        skipped (a table read again, or read for the perimeter, reports them once)
    Table(const TableRef& ref, std::string name, ImportSink* sink = nullptr) : name_(std::move(name)) {
        display_ = ref.layer.empty() ? ref.gdal_path : ref.gdal_path + " (" + ref.layer + ")";
        if (ref.csv) {
            open_csv(ref, sink);
            return;
        }
        if (!ref.layer.empty()) {
            ds_ = open_database(ref.gdal_path);
        } else {
            ds_ = gdal::open_vector(ref.gdal_path);
        }
        layer_ = ref.layer.empty() ? ds_->GetLayer(0) : ds_->GetLayerByName(ref.layer.c_str());
        if (layer_ == nullptr) {
            throw DataError("no layer to read", context());
        }
        const auto* defn = layer_->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            fields_[text::lower(text::strip_bom(defn->GetFieldDefn(i)->GetNameRef()))] = i;
        }
        layer_->ResetReading();
        CPLErrorReset();
    }

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] ErrorContext context() const {
        ErrorContext c;
        c.file = display_;
        c.layer = name_;
        return c;
    }
    [[nodiscard]] const OGRSpatialReference* srs() const {
        return csv_ ? csv_srs_.get() : layer_->GetSpatialRef();
    }
    [[nodiscard]] bool has_geometry() const {
        return csv_ ? wkt_column_ >= 0 : layer_->GetGeomType() != wkbNone;
    }

    /// Index of a field, -1 when the table has no such column.
    [[nodiscard]] int index(const std::string& field) const {
        const auto it = fields_.find(field);
        return it == fields_.end() ? -1 : it->second;
    }
    /// Index of a column the reading cannot do without. @throws DataError naming it.
    [[nodiscard]] int require(const std::string& field) const {
        const int i = index(field);
        if (i < 0) {
            auto c = context();
            c.field = field;
            throw DataError("missing column", c);
        }
        return i;
    }

    /// The next feature, or null at the end. @throws DataError when GDAL fails mid-file, or
    /// for a malformed CSV record with --strict.
    gdal::FeaturePtr next() {
        if (csv_) {
            return next_csv();
        }
        gdal::FeaturePtr f(layer_->GetNextFeature());
        if (CPLGetLastErrorType() == CE_Failure) {
            auto c = context();
            if (f) {
                c.feature = std::to_string(f->GetFID());
            }
            throw DataError(fmt::format("the file cannot be read to its end (truncated or damaged?): {}",
                                        gdal::last_error()),
                            c);
        }
        return f;
    }

    [[nodiscard]] long long count_if_cheap() const {
        if (csv_) {
            return 0;
        }
        const auto n = layer_->GetFeatureCount(FALSE);
        return n < 0 ? 0 : n;
    }

private:
    void open_csv(const TableRef& ref, ImportSink* sink) {
        display_ = ref.display.empty() ? ref.gdal_path : ref.display;
        csv_ = std::make_unique<CsvTable>(ref.gdal_path, display_);
        // The malformed record is rejected under the table's name ("t_cable"), like its features.
        csv_->on_malformed([sink, layer = name_](const DataError& problem) {
            if (sink != nullptr) {
                ErrorContext where = problem.context();
                where.layer = layer;
                sink->reject_record(DataError(problem.reason(), where));
            }
        });
        defn_.reset(new OGRFeatureDefn(name_.c_str()));
        defn_->Reference();
        defn_->SetGeomType(wkbNone);
        const auto& header = csv_->header();
        for (std::size_t i = 0; i < header.size(); ++i) {
            OGRFieldDefn field(header[i].c_str(), OFTString);
            defn_->AddFieldDefn(&field);
            // A repeated name reads as its first column.
            fields_.emplace(text::lower(header[i]), static_cast<int>(i));
        }
        for (const char* geometry_name : {"wkt", "geom", "geometry"}) {
            if (wkt_column_ < 0) {
                wkt_column_ = index(geometry_name);
            }
        }
        if (wkt_column_ >= 0) {
            OGRGeomFieldDefn geometry("", wkbUnknown);
            defn_->AddGeomFieldDefn(&geometry);
            csv_srs_ = csv_srs(ref.gdal_path);
        }
    }

    gdal::FeaturePtr next_csv() {
        if (!csv_->next(row_)) {
            return nullptr;
        }
        gdal::FeaturePtr f(new OGRFeature(defn_.get()));
        f->SetFID(++fid_);
        const auto fields = std::min(row_.cells.size(), static_cast<std::size_t>(defn_->GetFieldCount()));
        for (std::size_t i = 0; i < fields; ++i) {
            // An empty cell stays unset: it reads as "" all the same, without a copy.
            if (!row_.cells[i].empty()) {
                f->SetField(static_cast<int>(i), row_.cells[i].c_str());
            }
        }
        if (wkt_column_ >= 0) {
            const auto wkt = std::string(row_.get(static_cast<std::size_t>(wkt_column_)));
            OGRGeometry* g = nullptr;
            // A value that is not WKT leaves the feature without geometry, as GDAL's CSV driver does.
            if (!wkt.empty() &&
                OGRGeometryFactory::createFromWkt(wkt.c_str(), csv_srs_.get(), &g) == OGRERR_NONE) {
                f->SetGeometryDirectly(g);
            } else {
                OGRGeometryFactory::destroyGeometry(g);
            }
        }
        return f;
    }

    std::string name_;
    std::string display_;
    gdal::DatasetPtr ds_;
    OGRLayer* layer_ = nullptr;
    std::unordered_map<std::string, int> fields_;
    // A CSV table:
    std::unique_ptr<CsvTable> csv_;
    FeatureDefnPtr defn_;
    gdal::SpatialReferencePtr csv_srs_;
    CsvRow row_;
    int wkt_column_ = -1;
    GIntBig fid_ = 0;
};

/// Text of a field, trimmed, as UTF-8 (CSV files written by Windows tools are often
/// Windows-1252); "" when the field is absent or null.
std::string str(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) {
        return {};
    }
    const auto v = text::trim(f.GetFieldAsString(index));
    if (!text::is_utf8(v)) {
        return text::cp1252_to_utf8(v);
    }
    return std::string(v);
}

struct PendingBox {
    model::Box box;
    std::string pt_code;
    std::string lc_code;
    std::string sf_code;    ///< v2: the t_suf row a PTO serves
    bool located = false;   ///< box.node_code / box.position are known
    std::string located_by; ///< how, when not by its technical point or local ("" otherwise)
    std::string field;      ///< the field that failed to locate it, for the reject
    std::string why;        ///< why it could not be located through its own fields
};

/// Where a cable that names a box at one of its ends puts that box.
struct CableEnd {
    std::string cable;
    std::string node; ///< the end node, "" when the delivery lacks it
    model::Point position;
};

struct PendingCable {
    model::Link link;
    std::array<std::string, 2> rack; ///< cb_ba1, cb_ba2
};

struct PendingZone {
    model::Zone zone;
    std::string layer;
    std::string owner_node; ///< v2: the node whose site / box owns it
};

struct AddressInfo {
    model::Point position;
    std::string insee;
};

/// A v3 site as its locals need it.
struct SiteInfo {
    std::string node;
    std::string address;
    std::string insee;
    model::Lifecycle life;
};

/// The state of one delivery's reading: lookups between tables, and the sink.
class Reading {
public:
    Reading(const Source& source, const ReadOptions& options, ImportSink& sink)
        : source_(source), options_(options), sink_(sink), delivery_(source) {}

    void run() {
        if (!delivery_.has("t_noeud")) {
            throw DataError("not a GraceTHD delivery that fibre reads: it has no t_noeud table",
                            ErrorContext::in_file(source_.path));
        }
        v3_ = delivery_.has("t_local") || delivery_.has("t_site");
        read_nodes();
        read_addresses();
        read_ptech();
        read_t_site();
        read_zones();
        read_ebp();
        if (v3_) {
            read_locals();
            read_racks();
        } else {
            read_sitetech();
        }
        locate_boxes();
        read_cables();
        write_boxes();
        write_cables();
        if (!v3_) {
            read_suf();
        }
        write_zones();
        read_paths();
        read_cable_paths();
    }

private:
    std::optional<Table> open(const std::string& table) {
        const auto* ref = delivery_.find(table);
        if (ref == nullptr) {
            return std::nullopt;
        }
        // A table read twice (v2 t_suf) rejects its malformed records once.
        ImportSink* rejects = opened_.insert(table).second ? &sink_ : nullptr;
        return std::optional<Table>(std::in_place, *ref, table, rejects);
    }

    /// Runs @p fn on each feature of @p t, with the feature's id for reports; a DataError
    /// thrown by @p fn rejects that feature (the error names the field when it knows it).
    template <typename Fn>
    void each(Table& t, int code_index, Fn&& fn) {
        ProgressBar bar("reading " + t.name(), static_cast<std::uint64_t>(t.count_if_cheap()));
        while (auto f = t.next()) {
            sink_.read(t.name());
            auto id = str(*f, code_index);
            if (id.empty()) {
                id = fmt::format("FID {}", f->GetFID());
            }
            try {
                fn(*f, id);
            } catch (const DataError& e) {
                sink_.reject(t.name(), id, e.context().field, e.reason());
            }
            bar.advance();
        }
    }

    std::string code_of(const Table& t, const OGRFeature& f, const std::string& field,
                        const gracethd::CodeList& list, const std::string& id) {
        const auto v = str(f, t.index(field));
        if (v.empty()) {
            return v;
        }
        if (auto c = gracethd::map_code(list, v)) {
            return *c;
        }
        sink_.kept(t.name(), id, field,
                   fmt::format("unknown code '{}' (not in {}); kept as delivered", v, list.name));
        return v;
    }

    std::optional<Date> date_of(const Table& t, const OGRFeature& f, const std::string& field,
                                const std::string& id) {
        const auto v = str(f, t.index(field));
        try {
            return parse_date(v);
        } catch (const DataError&) {
            sink_.kept(t.name(), id, field, fmt::format("unreadable date '{}'; left empty", v));
            return std::nullopt;
        }
    }

    double number_of(const Table& t, const OGRFeature& f, const std::string& field, const std::string& id) {
        const auto v = str(f, t.index(field));
        try {
            return text::parse_decimal(v).value_or(0.0);
        } catch (const DataError&) {
            sink_.kept(t.name(), id, field, fmt::format("not a number: '{}'; taken as unknown", v));
            return 0;
        }
    }

    int integer_of(const Table& t, const OGRFeature& f, const std::string& field, const std::string& id) {
        return static_cast<int>(std::lround(number_of(t, f, field, id)));
    }

    model::Lifecycle life_of(const Table& t, const OGRFeature& f, const std::string& prefix,
                             const std::string& built_field, const std::string& id) {
        model::Lifecycle life;
        life.statut = code_of(t, f, prefix + "_statut", gracethd::statut, id);
        life.avct = code_of(t, f, prefix + "_avct", gracethd::avancement, id);
        life.built = date_of(t, f, built_field, id);
        life.in_service = date_of(t, f, prefix + "_datemes", id);
        life.out_of_service = date_of(t, f, prefix + "_abddate", id);
        return life;
    }

    static DataError geometry_error(const DataError& e) {
        ErrorContext c;
        c.field = "geometry";
        return DataError(e.reason(), c);
    }

    void check_node(const Table& t, const std::string& id, const std::string& field,
                    const std::string& node) {
        if (!node.empty() && nodes_.count(node) == 0) {
            sink_.kept(t.name(), id, field,
                       fmt::format("names node '{}', which the delivery does not have", node));
        }
    }

    void read_nodes() {
        auto t = open("t_noeud");
        const int code = t->require("nd_code");
        const int type = t->index("nd_type");
        GeometryConverter conv(t->srs(), options_.srs_epsg);
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            model::Node n;
            n.code = str(f, code);
            if (n.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "nd_code"});
            }
            n.type = str(f, type);
            try {
                n.position = conv.point(f.GetGeometryRef());
            } catch (const DataError& e) {
                throw geometry_error(e);
            }
            sink_.writer().add(n);
            sink_.imported(t->name());
            nodes_[n.code] = n.position;
            (void)id;
        });
    }

    void read_addresses() {
        auto t = open("t_adresse");
        if (!t) {
            return;
        }
        const int code = t->require("ad_code");
        const bool v3_counts = t->index("ad_nbfotth") >= 0 || t->index("ad_nblres") >= 0;
        GeometryConverter conv(t->srs(), options_.srs_epsg);
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            model::Address a;
            a.code = str(f, code);
            if (a.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "ad_code"});
            }
            a.ban_id = str(f, t->index("ad_ban_id"));
            a.hexacle = str(f, t->index("ad_hexacle"));
            a.insee = str(f, t->index("ad_insee"));
            a.number = str(f, t->index("ad_numero"));
            const auto rep = str(f, t->index("ad_rep"));
            if (!rep.empty()) {
                a.number += (a.number.empty() ? "" : " ") + rep;
            }
            a.street = str(f, t->index("ad_nomvoie"));
            a.postcode = str(f, t->index("ad_postal"));
            a.commune_name = str(f, t->index("ad_commune"));
            if (v3_counts) {
                // v3 counts locaux by kind; the FTTH ones are the housing and the businesses
                // (docs/formats.md). Without either count, the FTTH fibres planned say it.
                const int housing = integer_of(*t, f, "ad_nblres", id);
                const int business = integer_of(*t, f, "ad_nblpro", id);
                if (housing + business > 0) {
                    a.logements = housing + business;
                    a.professionnels = business;
                } else {
                    a.logements = integer_of(*t, f, "ad_nbfotth", id);
                }
            } else {
                a.professionnels = integer_of(*t, f, "ad_nbprpro", id);
                a.logements = integer_of(*t, f, "ad_nbprhab", id) + a.professionnels;
            }
            a.state = code_of(*t, f, "ad_ietat", gracethd::adresse_etat, id);
            try {
                a.position = conv.point(f.GetGeometryRef());
            } catch (const DataError& e) {
                throw geometry_error(e);
            }
            if (!sink_.writer().add(a)) {
                throw DataError("duplicate address code", ErrorContext{{}, {}, {}, "ad_code"});
            }
            sink_.imported(t->name());
            addresses_[a.code] = AddressInfo{a.position, a.insee};
        });
    }

    void read_ptech() {
        auto t = open("t_ptech");
        if (!t) {
            return;
        }
        const int code = t->require("pt_code");
        const int node = t->require("pt_nd_code");
        while (auto f = t->next()) {
            ptech_node_[str(*f, code)] = str(*f, node);
        }
    }

    /// v3: every site, for the locals it holds: its node (NRO and PM sites, boxes inside a
    /// building) and its address (a building's locaux reach their address only through it).
    void read_t_site() {
        auto t = open("t_site");
        if (!t) {
            return;
        }
        const int code = t->require("st_code");
        const int node = t->require("st_nd_code");
        const int address = t->index("st_ad_code");
        const int insee = t->index("st_insee");
        const bool has_life = t->index("st_statut") >= 0 || t->index("st_avct") >= 0;
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            auto& s = sites_[str(f, code)];
            s.node = str(f, node);
            s.address = str(f, address);
            s.insee = str(f, insee);
            if (has_life) {
                s.life = life_of(*t, f, "st", "st_dateins", id);
            }
            sink_.imported(t->name());
        });
    }

    /// v3: the racks (t_baie) at the NRO and the PM, by the local that holds them, so that a
    /// cable's end can be placed through the rack it names (cb_ba1 / cb_ba2).
    void read_racks() {
        auto t = open("t_baie");
        if (!t) {
            return;
        }
        const int code = t->require("ba_code");
        const int local = t->require("ba_lc_code");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            const auto lc = str(f, local);
            const auto it = network_local_node_.find(lc);
            if (lc.empty() || it == network_local_node_.end()) {
                sink_.kept(t->name(), id, "ba_lc_code",
                           lc.empty() ? std::string("names no local: cables cannot be placed through it")
                                      : fmt::format("names local '{}', which is no NRO or PM local of the "
                                                    "delivery with a located site",
                                                    lc));
                return;
            }
            rack_node_[str(f, code)] = it->second;
            sink_.imported(t->name());
        });
    }

    /// Zones are read first and written last: in v2 their owners are the sites and boxes
    /// standing on the node they name, known only once those are read; in v3 the PM zones
    /// give the sites their ReferencePM.
    void read_zones() {
        struct Spec {
            const char* table;
            const char* prefix;
            const char* kind;
        };
        for (const Spec& spec :
             {Spec{"t_znro", "zn", "znro"}, Spec{"t_zsro", "zs", "zsro"}, Spec{"t_zpbo", "zp", "zpbo"}}) {
            auto t = open(spec.table);
            if (!t) {
                continue;
            }
            const std::string p = spec.prefix;
            const int code = t->require(p + "_code");
            const int owner = t->index(spec.kind == std::string("zpbo") ? "zp_bp_code" : p + "_lc_code");
            const int owner_node = t->index(p + "_nd_code");
            GeometryConverter conv(t->srs(), options_.srs_epsg);
            each(*t, code, [&](OGRFeature& f, const std::string& id) {
                PendingZone z;
                z.layer = t->name();
                z.zone.code = str(f, code);
                z.zone.kind = spec.kind;
                z.zone.owner_code = str(f, owner);
                z.owner_node = str(f, owner_node);
                if (p == "zs") {
                    z.zone.ref_pm = str(f, t->index("zs_refpm"));
                    z.zone.state = code_of(*t, f, "zs_etatpm", gracethd::sro_etat, id);
                    z.zone.declared_logements = integer_of(*t, f, "zs_nblogmt", id);
                    z.zone.commercial_date = date_of(*t, f, "zs_datcomr", id);
                    if (!z.zone.owner_code.empty()) {
                        refpm_by_local_[z.zone.owner_code] = z.zone.ref_pm;
                    }
                    if (!z.owner_node.empty()) {
                        refpm_by_node_[z.owner_node] = z.zone.ref_pm;
                    }
                }
                Converted<model::MultiPolygon> g;
                try {
                    g = conv.area(f.GetGeometryRef());
                } catch (const DataError& e) {
                    throw geometry_error(e);
                }
                z.zone.geometry = std::move(g.geometry);
                if (g.repaired) {
                    sink_.repaired(t->name(), id, "geometry", g.repair_note);
                }
                if (p == "zp") {
                    pbo_zone_node_[z.zone.code] = z.owner_node;
                    pbo_zone_box_[z.zone.code] = z.zone.owner_code;
                }
                zones_.push_back(std::move(z));
            });
        }
    }

    void read_ebp() {
        auto t = open("t_ebp");
        if (!t) {
            return;
        }
        const int code = t->require("bp_code");
        const int pt = t->index("bp_pt_code");
        const int lc = t->index("bp_lc_code");
        const int sf = t->index("bp_sf_code");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            PendingBox b;
            b.box.code = str(f, code);
            if (b.box.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "bp_code"});
            }
            b.box.type = code_of(*t, f, "bp_typelog", gracethd::box_type, id);
            b.box.life = life_of(*t, f, "bp", "bp_dateins", id);
            b.pt_code = str(f, pt);
            b.lc_code = str(f, lc);
            b.sf_code = str(f, sf);
            // The local that holds the box; for a PTO, the premise it connects (docs/figures.md,
            // "Raccordé").
            b.box.local_code = b.lc_code.empty() ? b.sf_code : b.lc_code;
            if (!b.sf_code.empty()) {
                wanted_sufs_.emplace(b.sf_code, std::pair<std::string, std::string>{});
            }
            if (!b.lc_code.empty()) {
                wanted_locals_.insert(b.lc_code);
            }
            box_codes_.insert(b.box.code);
            boxes_.push_back(std::move(b));
        });
    }

    model::Site make_site(const std::string& code, const std::string& type, const std::string& node) {
        model::Site s;
        s.code = code;
        s.type = type;
        s.node_code = node;
        const auto it = nodes_.find(node);
        if (it == nodes_.end()) {
            throw DataError(
                node.empty() ? "the site names no node: it has no position"
                             : fmt::format("its node '{}' is not in the delivery: it has no position", node),
                ErrorContext{{}, {}, {}, "st_nd_code"});
        }
        s.position = it->second;
        return s;
    }

    void write_site(const std::string& layer, model::Site& s) {
        sink_.writer().add(s);
        sink_.imported(layer);
        site_on_node_[s.node_code + "|" + (s.type == "NRO" ? "NRO" : "PM")] = s.code;
    }

    /// v3: one pass over t_local makes the sites (NRO, PM) and the premises (FTTH, RES, PRO).
    /// A local has no address of its own: it reaches it through the site that holds it
    /// (lc_st_code -> t_site.st_ad_code -> t_adresse.ad_code).
    void read_locals() {
        auto t = open("t_local");
        if (!t) {
            return;
        }
        const int code = t->require("lc_code");
        (void)t->require("lc_typelog");
        const int site = t->require("lc_st_code");
        const int pbo = t->index("lc_bp_codf");
        const int planned_pbo = t->index("lc_bp_codp");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            const auto lc = str(f, code);
            if (lc.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "lc_code"});
            }
            const auto st = str(f, site);
            if (wanted_locals_.count(lc) != 0) {
                local_site_[lc] = st;
            }
            const auto typelog = code_of(*t, f, "lc_typelog", gracethd::local_type, id);
            const auto held_by = sites_.find(st);
            if (typelog == "NRO" || typelog == "SRO" || typelog == "SROL") {
                if (held_by == sites_.end()) {
                    throw DataError(
                        st.empty()
                            ? std::string("names no site (lc_st_code): it has no node nor position")
                            : fmt::format("its site '{}' is not in t_site: it has no node nor position", st),
                        ErrorContext{{}, {}, {}, "lc_st_code"});
                }
                auto s = make_site(lc, typelog, held_by->second.node);
                s.life = life_of(*t, f, "lc", "lc_dateins", id);
                // Real deliveries put the status on the local, the site, or both.
                if (s.life.statut.empty() && s.life.avct.empty()) {
                    s.life = held_by->second.life;
                }
                if (const auto rp = refpm_by_local_.find(lc); rp != refpm_by_local_.end()) {
                    s.ref_pm = rp->second;
                }
                network_local_node_[lc] = s.node_code;
                write_site(t->name(), s);
                return;
            }
            if (typelog != "FTTH" && typelog != "RES" && typelog != "PRO") {
                sink_.imported(t->name()); // technical and other locals are neither sites nor premises
                return;
            }
            if (held_by == sites_.end()) {
                throw DataError(
                    st.empty()
                        ? std::string("names no site (lc_st_code): it has no address nor position")
                        : fmt::format("its site '{}' is not in t_site: it has no address nor position", st),
                    ErrorContext{{}, {}, {}, "lc_st_code"});
            }
            const SiteInfo& building = held_by->second;
            model::Premise p;
            p.code = lc;
            p.type = typelog;
            p.address_code = building.address;
            p.declared_pbo = str(f, pbo);
            if (p.declared_pbo.empty()) {
                p.declared_pbo = str(f, planned_pbo); // the PBO planned for it, built or not
            }
            if (const auto a = addresses_.find(p.address_code); a != addresses_.end()) {
                p.position = a->second.position;
                p.insee = a->second.insee;
            } else if (const auto n = nodes_.find(building.node); n != nodes_.end()) {
                p.position = n->second;
                p.insee = building.insee;
                sink_.kept(t->name(), id, "lc_st_code",
                           building.address.empty()
                               ? fmt::format("its site '{}' names no address (st_ad_code); placed at the "
                                             "site's node '{}'",
                                             st, building.node)
                               : fmt::format("its site '{}' names address '{}', which is not in t_adresse; "
                                             "placed at the site's node '{}'",
                                             st, building.address, building.node));
            } else {
                throw DataError(
                    building.address.empty()
                        ? fmt::format("its site '{}' names no address (st_ad_code) and no node of the "
                                      "delivery: it has no position",
                                      st)
                        : fmt::format("its site '{}' names address '{}', which is not in t_adresse, and no "
                                      "node of the delivery: it has no position",
                                      st, building.address),
                    ErrorContext{{}, {}, {}, "lc_st_code"});
            }
            if (!p.declared_pbo.empty() && box_codes_.count(p.declared_pbo) == 0) {
                sink_.kept(t->name(), id, pbo >= 0 && !str(f, pbo).empty() ? "lc_bp_codf" : "lc_bp_codp",
                           fmt::format("names PBO '{}', which the delivery does not have", p.declared_pbo));
            }
            if (!sink_.writer().add(p)) {
                throw DataError("duplicate premise code", ErrorContext{{}, {}, {}, "lc_code"});
            }
            sink_.imported(t->name());
        });
    }

    /// v2: the NRO and PM are t_sitetech rows.
    void read_sitetech() {
        auto t = open("t_sitetech");
        if (!t) {
            return;
        }
        const int code = t->require("st_code");
        const int node = t->require("st_nd_code");
        (void)t->require("st_typelog");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            const auto typelog = code_of(*t, f, "st_typelog", gracethd::site_type, id);
            if (typelog != "NRO" && typelog != "SRO" && typelog != "SROL") {
                sink_.imported(t->name()); // client and other sites feed no one
                return;
            }
            const auto nd = str(f, node);
            auto s = make_site(str(f, code), typelog, nd);
            if (s.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "st_code"});
            }
            s.life = life_of(*t, f, "st", "st_dateins", id);
            if (const auto rp = refpm_by_node_.find(nd); rp != refpm_by_node_.end()) {
                s.ref_pm = rp->second;
            }
            write_site(t->name(), s);
        });
    }

    /// v2: where the t_suf rows that boxes name stand (their node, their address).
    void locate_sufs() {
        if (wanted_sufs_.empty()) {
            return;
        }
        auto t = open("t_suf");
        if (!t) {
            return;
        }
        const int code = t->require("sf_code");
        const int node = t->index("sf_nd_code");
        const int address = t->index("sf_ad_code");
        while (auto f = t->next()) {
            if (const auto it = wanted_sufs_.find(str(*f, code)); it != wanted_sufs_.end()) {
                it->second = {str(*f, node), str(*f, address)};
            }
        }
    }

    /// Places each box through its own fields: its technical point (bp_pt_code), the local
    /// that holds it (bp_lc_code), or for a v2 PTO the premise it serves. Boxes still
    /// unplaced wait for the cables that name them (place_boxes_by_cables).
    void locate_boxes() {
        locate_sufs();
        for (auto& b : boxes_) {
            std::string node;
            if (!b.pt_code.empty()) {
                if (const auto it = ptech_node_.find(b.pt_code); it != ptech_node_.end()) {
                    node = it->second;
                }
            }
            if (node.empty() && !b.lc_code.empty()) {
                if (const auto lc = local_site_.find(b.lc_code); lc != local_site_.end()) {
                    if (const auto st = sites_.find(lc->second); st != sites_.end()) {
                        node = st->second.node;
                    }
                }
            }
            auto pos = nodes_.find(node);
            if (pos == nodes_.end() && !b.sf_code.empty()) {
                // A v2 PTO stands in the premise it serves: on its node, else at its address.
                if (const auto it = wanted_sufs_.find(b.sf_code); it != wanted_sufs_.end()) {
                    node = it->second.first;
                    pos = nodes_.find(node);
                    const auto a = addresses_.find(it->second.second);
                    if (pos == nodes_.end() && a != addresses_.end()) {
                        b.box.node_code = node;
                        b.box.position = a->second.position;
                        b.located = true;
                        b.located_by = fmt::format("its premise's node '{}' is not in t_noeud; placed at the "
                                                   "premise's address '{}'",
                                                   node, it->second.second);
                        continue;
                    }
                }
            }
            if (pos == nodes_.end()) {
                b.field =
                    !b.sf_code.empty() ? "bp_sf_code" : (b.pt_code.empty() ? "bp_lc_code" : "bp_pt_code");
                b.why = node.empty() ? "no node found through its technical point or local"
                                     : fmt::format("its node '{}' is not in t_noeud", node);
                if (b.pt_code.empty() && b.lc_code.empty() && b.sf_code.empty()) {
                    b.field = "bp_pt_code";
                    b.why = "it names neither a technical point (bp_pt_code) nor a local (bp_lc_code)";
                }
                unplaced_boxes_.emplace(b.box.code, CableEnd{});
                continue;
            }
            b.box.node_code = node;
            b.box.position = pos->second;
            b.located = true;
            box_node_.emplace(b.box.code, node);
        }
    }

    /// Writes the boxes; one that neither its own fields nor any cable places is rejected.
    void write_boxes() {
        for (auto& b : boxes_) {
            if (!b.located) {
                const auto it = unplaced_boxes_.find(b.box.code);
                if (it == unplaced_boxes_.end() || it->second.cable.empty()) {
                    sink_.reject("t_ebp", b.box.code, b.field,
                                 b.why + ", and no cable names it at an end: it has no position");
                    box_codes_.erase(b.box.code);
                    continue;
                }
                const CableEnd& end = it->second;
                b.box.node_code = end.node;
                b.box.position = end.position;
                b.located_by =
                    end.node.empty()
                        ? fmt::format(
                              "{}; placed at the end of cable '{}' that names it, whose end node is not "
                              "in t_noeud",
                              b.why, end.cable)
                        : fmt::format("{}; placed at node '{}', the end of cable '{}' that names it", b.why,
                                      end.node, end.cable);
            }
            if (!b.located_by.empty()) {
                sink_.kept("t_ebp", b.box.code, b.located ? "bp_sf_code" : b.field, b.located_by);
            }
            sink_.writer().add(b.box);
            sink_.imported("t_ebp");
            if (b.box.type == "PBO" && !b.box.node_code.empty()) {
                pbo_on_node_[b.box.node_code] = b.box.code;
            }
        }
        boxes_.clear();
        boxes_.shrink_to_fit();
    }

    /// v2: premises are t_suf rows; their PBO is the one of their PBO zone.
    void read_suf() {
        auto t = open("t_suf");
        if (!t) {
            return;
        }
        const int code = t->require("sf_code");
        const int address = t->require("sf_ad_code");
        const int zone = t->index("sf_zp_code");
        const int type = t->index("sf_type");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            model::Premise p;
            p.code = str(f, code);
            if (p.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "sf_code"});
            }
            p.address_code = str(f, address);
            p.pbo_zone = str(f, zone);
            p.type = str(f, type);
            const auto a = addresses_.find(p.address_code);
            if (a == addresses_.end()) {
                throw DataError(p.address_code.empty()
                                    ? std::string("the premise names no address: it has no position")
                                    : fmt::format("its address '{}' is not in t_adresse: it has no position",
                                                  p.address_code),
                                ErrorContext{{}, {}, {}, "sf_ad_code"});
            }
            p.position = a->second.position;
            p.insee = a->second.insee;
            if (!p.pbo_zone.empty()) {
                p.declared_pbo = pbo_of_zone(p.pbo_zone);
                if (p.declared_pbo.empty()) {
                    sink_.kept(
                        t->name(), id, "sf_zp_code",
                        fmt::format("names PBO zone '{}', which has no PBO in the delivery", p.pbo_zone));
                }
            }
            if (!sink_.writer().add(p)) {
                throw DataError("duplicate premise code", ErrorContext{{}, {}, {}, "sf_code"});
            }
            sink_.imported(t->name());
        });
    }

    std::string pbo_of_zone(const std::string& zone) const {
        if (const auto b = pbo_zone_box_.find(zone); b != pbo_zone_box_.end() && !b->second.empty()) {
            return b->second;
        }
        if (const auto n = pbo_zone_node_.find(zone); n != pbo_zone_node_.end()) {
            if (const auto pbo = pbo_on_node_.find(n->second); pbo != pbo_on_node_.end()) {
                return pbo->second;
            }
        }
        return {};
    }

    void write_zones() {
        for (auto& z : zones_) {
            if (z.zone.owner_code.empty() && !z.owner_node.empty()) {
                if (z.zone.kind == "zpbo") {
                    if (const auto it = pbo_on_node_.find(z.owner_node); it != pbo_on_node_.end()) {
                        z.zone.owner_code = it->second;
                    }
                } else {
                    const auto key = z.owner_node + "|" + (z.zone.kind == "znro" ? "NRO" : "PM");
                    if (const auto it = site_on_node_.find(key); it != site_on_node_.end()) {
                        z.zone.owner_code = it->second;
                    }
                }
                if (z.zone.owner_code.empty()) {
                    sink_.kept(
                        z.layer, z.zone.code, z.layer.substr(2) + "_nd_code",
                        fmt::format("no {} stands on its node '{}'",
                                    z.zone.kind == "zpbo" ? "PBO" : (z.zone.kind == "znro" ? "NRO" : "PM"),
                                    z.owner_node));
                }
            }
            sink_.writer().add(z.zone);
            sink_.imported(z.layer);
        }
        zones_.clear();
        zones_.shrink_to_fit();
    }

    void read_paths() {
        auto t = open("t_cheminement");
        if (!t) {
            return;
        }
        const int code = t->require("cm_code");
        const int nd1 = t->index("cm_ndcode1");
        const int nd2 = t->index("cm_ndcode2");
        GeometryConverter conv(t->srs(), options_.srs_epsg);
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            model::Link l;
            l.kind = model::LinkKind::path;
            l.code = str(f, code);
            if (l.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "cm_code"});
            }
            l.node1 = str(f, nd1);
            l.node2 = str(f, nd2);
            l.level = code_of(*t, f, "cm_typelog", gracethd::infra_type, id);
            l.life = life_of(*t, f, "cm", "cm_datcons", id);
            l.length_m = number_of(*t, f, t->index("cm_long") >= 0 ? "cm_long" : "cm_lgreel", id);
            l.implantation = str(f, t->index("cm_typ_imp"));
            try {
                l.geometry = conv.line(f.GetGeometryRef());
            } catch (const DataError& e) {
                throw geometry_error(e);
            }
            check_node(*t, id, "cm_ndcode1", l.node1);
            check_node(*t, id, "cm_ndcode2", l.node2);
            sink_.writer().add(l);
            sink_.imported(t->name());
            path_codes_.insert(l.code);
        });
    }

    /// Reads every cable with its geometry (t_cableline). An end with no node code is taken
    /// from the rack (cb_ba1 / cb_ba2) or the box (cb_bp1 / cb_bp2) named there, when those
    /// are placed; a box that nothing else places is placed at the end of a cable naming it.
    void read_cables() {
        auto t = open("t_cable");
        if (!t) {
            return;
        }
        const int code = t->require("cb_code");
        const int rack1 = t->index("cb_ba1");
        const int rack2 = t->index("cb_ba2");
        each(*t, code, [&](OGRFeature& f, const std::string& id) {
            PendingCable c;
            auto& l = c.link;
            l.kind = model::LinkKind::cable;
            l.code = str(f, code);
            if (l.code.empty()) {
                throw DataError("no code", ErrorContext{{}, {}, {}, "cb_code"});
            }
            l.node1 = str(f, t->index("cb_nd1"));
            l.node2 = str(f, t->index("cb_nd2"));
            l.box1 = str(f, t->index("cb_bp1"));
            l.box2 = str(f, t->index("cb_bp2"));
            c.rack[0] = str(f, rack1);
            c.rack[1] = str(f, rack2);
            l.level = code_of(*t, f, "cb_typelog", gracethd::infra_type, id);
            l.life = life_of(*t, f, "cb", "cb_dateins", id);
            l.capacity = integer_of(*t, f, "cb_capafo", id);
            l.length_m = number_of(*t, f, t->index("cb_lgreel") >= 0 ? "cb_lgreel" : "cb_long", id);
            check_node(*t, id, "cb_nd1", l.node1);
            check_node(*t, id, "cb_nd2", l.node2);
            if (cable_index_.count(l.code) != 0) {
                throw DataError("duplicate cable code", ErrorContext{{}, {}, {}, "cb_code"});
            }
            cable_index_.emplace(l.code, cables_.size());
            cables_.push_back(std::move(c));
        });
        if (auto lines = open("t_cableline")) {
            const int cl = lines->require("cl_code");
            const int cb = lines->require("cl_cb_code");
            GeometryConverter conv(lines->srs(), options_.srs_epsg);
            each(*lines, cl, [&](OGRFeature& f, const std::string& id) {
                const auto cable = str(f, cb);
                const auto it = cable_index_.find(cable);
                if (it == cable_index_.end()) {
                    throw DataError(fmt::format("names cable '{}', which t_cable does not have", cable),
                                    ErrorContext{{}, {}, {}, "cl_cb_code"});
                }
                model::LineString g;
                try {
                    g = conv.line(f.GetGeometryRef());
                } catch (const DataError& e) {
                    throw geometry_error(e);
                }
                auto& link = cables_[it->second].link;
                if (!link.geometry.empty()) {
                    throw DataError(fmt::format("cable '{}' already has a cableline", cable),
                                    ErrorContext{{}, {}, {}, "cl_cb_code"});
                }
                link.geometry = std::move(g);
                sink_.imported(lines->name());
                (void)id;
            });
        }
        for (auto& c : cables_) {
            complete_cable_ends(t->name(), c);
        }
    }

    /// The geometry's point at the cable's end @p k (0 first, 1 second): producers draw some
    /// cables against their declared direction, which the other end's node tells.
    model::Point geometry_end(const model::Link& l, int k) const {
        const auto& g = l.geometry;
        const std::string& other = k == 0 ? l.node2 : l.node1;
        if (const auto n = nodes_.find(other); n != nodes_.end()) {
            const auto d = [&](const model::Point& p) {
                return std::hypot(p.x - n->second.x, p.y - n->second.y);
            };
            return d(g.front()) > d(g.back()) ? g.front() : g.back();
        }
        return k == 0 ? g.front() : g.back();
    }

    void complete_cable_ends(const std::string& layer, PendingCable& c) {
        auto& l = c.link;
        std::string* node[2] = {&l.node1, &l.node2};
        const std::string* box[2] = {&l.box1, &l.box2};
        for (int k = 0; k < 2; ++k) {
            const char* field = k == 0 ? "cb_nd1" : "cb_nd2";
            if (node[k]->empty()) {
                if (const auto r = rack_node_.find(c.rack[k]); !c.rack[k].empty() && r != rack_node_.end()) {
                    *node[k] = r->second;
                    sink_.kept(layer, l.code, field,
                               fmt::format("no end node; taken from its rack '{}': node '{}'", c.rack[k],
                                           r->second));
                } else if (const auto b = box_node_.find(*box[k]); !box[k]->empty() && b != box_node_.end()) {
                    *node[k] = b->second;
                    sink_.kept(
                        layer, l.code, field,
                        fmt::format("no end node; taken from its box '{}': node '{}'", *box[k], b->second));
                }
            }
        }
        for (int k = 0; k < 2; ++k) {
            const auto it = box[k]->empty() ? unplaced_boxes_.end() : unplaced_boxes_.find(*box[k]);
            if (it == unplaced_boxes_.end() || !it->second.node.empty()) {
                continue; // placed already, or by a cable whose end node exists
            }
            if (const auto n = nodes_.find(*node[k]); n != nodes_.end()) {
                it->second = CableEnd{l.code, *node[k], n->second};
            } else if (l.geometry.size() >= 2 && it->second.cable.empty()) {
                it->second = CableEnd{l.code, {}, geometry_end(l, k)};
            }
        }
    }

    void write_cables() {
        for (auto& c : cables_) {
            auto& l = c.link;
            if (l.geometry.empty()) {
                sink_.kept("t_cable", l.code, "geometry",
                           "no t_cableline row draws it: kept without geometry");
            }
            sink_.writer().add(l);
            sink_.imported("t_cable");
            cable_codes_.insert(l.code);
        }
        cables_.clear();
        cables_.shrink_to_fit();
        cable_index_.clear();
    }

    void add_cable_path(const std::string& layer, const std::string& id, const std::string& cable,
                        const std::string& path) {
        if (cable.empty() || path.empty()) {
            throw DataError("a cable and a path are both needed",
                            ErrorContext{{}, {}, {}, cable.empty() ? "cc_cb_code" : "cc_cm_code"});
        }
        if (cable_codes_.count(cable) == 0) {
            sink_.kept(layer, id, "cc_cb_code",
                       fmt::format("names cable '{}', which the delivery does not have", cable));
        }
        if (path_codes_.count(path) == 0) {
            sink_.kept(layer, id, "cm_code",
                       fmt::format("names path '{}', which the delivery does not have", path));
        }
        sink_.writer().add(model::CablePath{cable, path});
        sink_.imported(layer);
    }

    void read_cable_paths() {
        if (auto t = open("t_cab_chem")) {
            const int cb = t->require("cc_cb_code");
            const int cm = t->require("cc_cm_code");
            each(*t, cb, [&](OGRFeature& f, const std::string& id) {
                add_cable_path(t->name(), id + " / " + str(f, cm), str(f, cb), str(f, cm));
            });
            return;
        }
        // v2: a cable lies in conduits (t_cab_cond), which run along paths (t_cond_chem).
        auto conds = open("t_cond_chem");
        auto cabs = open("t_cab_cond");
        if (!conds || !cabs) {
            return;
        }
        std::unordered_map<std::string, std::vector<std::string>> paths_of_conduit;
        const int dm_cd = conds->require("dm_cd_code");
        const int dm_cm = conds->require("dm_cm_code");
        each(*conds, dm_cd, [&](OGRFeature& f, const std::string&) {
            paths_of_conduit[str(f, dm_cd)].push_back(str(f, dm_cm));
            sink_.imported(conds->name());
        });
        const int cc_cb = cabs->require("cc_cb_code");
        const int cc_cd = cabs->require("cc_cd_code");
        std::set<std::pair<std::string, std::string>> seen;
        each(*cabs, cc_cb, [&](OGRFeature& f, const std::string& id) {
            const auto cable = str(f, cc_cb);
            const auto conduit = str(f, cc_cd);
            const auto it = paths_of_conduit.find(conduit);
            if (it == paths_of_conduit.end()) {
                sink_.kept(
                    cabs->name(), id, "cc_cd_code",
                    fmt::format("names conduit '{}', which runs along no path in t_cond_chem", conduit));
                return;
            }
            for (const auto& path : it->second) {
                if (seen.emplace(cable, path).second) {
                    add_cable_path("t_cab_cond", id + " / " + conduit, cable, path);
                }
            }
        });
    }

    const Source& source_;
    const ReadOptions& options_;
    ImportSink& sink_;
    Delivery delivery_;
    std::set<std::string> opened_; ///< the tables opened so far
    bool v3_ = false;

    std::unordered_map<std::string, model::Point> nodes_;
    std::unordered_map<std::string, AddressInfo> addresses_;
    std::unordered_map<std::string, std::string> ptech_node_;         // pt_code -> nd_code
    std::unordered_map<std::string, SiteInfo> sites_;                 // v3 st_code -> node, address
    std::unordered_map<std::string, std::string> network_local_node_; // NRO / PM lc_code -> nd_code
    std::unordered_map<std::string, std::string> rack_node_;          // ba_code -> nd_code
    std::unordered_map<std::string, std::string> local_site_; // lc_code -> st_code (locals holding boxes)
    std::unordered_set<std::string> wanted_locals_;           // lc codes that boxes name
    std::unordered_map<std::string, std::pair<std::string, std::string>>
        wanted_sufs_; // sf -> (node, address)
    std::unordered_map<std::string, std::string> refpm_by_local_;
    std::unordered_map<std::string, std::string> refpm_by_node_;
    std::unordered_map<std::string, std::string> site_on_node_; // "node|NRO" / "node|PM" -> site code
    std::unordered_map<std::string, std::string> pbo_on_node_;  // node -> PBO code
    std::unordered_map<std::string, std::string> pbo_zone_node_;
    std::unordered_map<std::string, std::string> pbo_zone_box_;
    std::unordered_set<std::string> box_codes_;
    std::unordered_set<std::string> path_codes_;
    std::unordered_set<std::string> cable_codes_;
    std::vector<PendingBox> boxes_;
    std::unordered_map<std::string, std::string> box_node_;    // placed box -> nd_code
    std::unordered_map<std::string, CableEnd> unplaced_boxes_; // box -> the cable end placing it
    std::vector<PendingCable> cables_;
    std::unordered_map<std::string, std::size_t> cable_index_;
    std::vector<PendingZone> zones_;
};

const char* const known_tables[] = {"t_noeud",    "t_cheminement", "t_cable",    "t_cableline", "t_ebp",
                                    "t_ptech",    "t_adresse",     "t_znro",     "t_zsro",      "t_zpbo",
                                    "t_site",     "t_local",       "t_sitetech", "t_suf",       "t_cab_chem",
                                    "t_cab_cond", "t_baie"};

/// Sorted, distinct, non-empty values of one column.
void collect(const Delivery& d, const std::string& table, const std::string& field,
             std::set<std::string>& out, const std::string& type_field = {},
             const std::set<std::string>& types = {}) {
    const auto* ref = d.find(table);
    if (ref == nullptr) {
        return;
    }
    Table t(*ref, table);
    const int i = t.require(field);
    const int ti = type_field.empty() ? -1 : t.require(type_field);
    while (auto f = t.next()) {
        if (ti >= 0) {
            const auto type = gracethd::map_code(gracethd::site_type, str(*f, ti));
            if (!type || types.count(*type) == 0) {
                continue;
            }
        }
        auto v = str(*f, i);
        if (!v.empty()) {
            out.insert(std::move(v));
        }
    }
}

std::string join(const std::string& prefix, const std::set<std::string>& values) {
    std::string out = prefix;
    bool first = true;
    for (const auto& v : values) {
        out += (first ? "" : ",") + v;
        first = false;
    }
    return out;
}

} // namespace

int GracethdReader::detect(const Source& source) const {
    try {
        const Delivery d(source);
        int found = 0;
        for (const char* t : known_tables) {
            found += d.has(t) ? 1 : 0;
        }
        if (!d.has("t_noeud")) {
            return found >= 2 ? 40 : 0;
        }
        return found >= 3 ? 95 : 60;
    } catch (const Error&) {
        return 0;
    }
}

std::string GracethdReader::perimeter(const Source& source) const {
    const Delivery d(source);
    std::set<std::string> codes;
    // ARCEP's ReferencePM and the NRO reference are national; site and local codes are
    // numbered per delivery, so two deliveries of one département share them (docs/commands/import.md).
    if (const auto* zsro = d.find("t_zsro");
        zsro != nullptr && Table(*zsro, "t_zsro").index("zs_refpm") >= 0) {
        collect(d, "t_zsro", "zs_refpm", codes);
        if (!codes.empty()) {
            return join("pm:", codes);
        }
    }
    if (const auto* znro = d.find("t_znro");
        znro != nullptr && Table(*znro, "t_znro").index("zn_nroref") >= 0) {
        collect(d, "t_znro", "zn_nroref", codes);
        if (!codes.empty()) {
            return join("nro:", codes);
        }
    }
    const std::set<std::string> site_types = {"NRO", "SRO", "SROL"};
    if (d.has("t_sitetech")) {
        collect(d, "t_sitetech", "st_code", codes, "st_typelog", site_types);
    } else {
        const auto* znro = d.find("t_znro");
        const auto* zsro = d.find("t_zsro");
        if (znro != nullptr && Table(*znro, "t_znro").index("zn_lc_code") >= 0) {
            collect(d, "t_znro", "zn_lc_code", codes);
        }
        if (zsro != nullptr && Table(*zsro, "t_zsro").index("zs_lc_code") >= 0) {
            collect(d, "t_zsro", "zs_lc_code", codes);
        }
        if (codes.empty() && d.has("t_local")) {
            collect(d, "t_local", "lc_code", codes, "lc_typelog", site_types);
        }
    }
    if (!codes.empty()) {
        return join("nro-pm:", codes);
    }
    std::set<std::string> insee;
    collect(d, "t_adresse", "ad_insee", insee);
    return insee.empty() ? std::string() : join("insee:", insee);
}

void GracethdReader::read(const Source& source, const ReadOptions& options, ImportSink& sink) {
    Reading(source, options, sink).run();
}

} // namespace fibre::importers
