// Writes the demo's source folders in the formats départements really receive (see
// docs/formats.md): the commune reference, the Etalab cadastre, the BAN, a GraceTHD v3
// delivery, an IPE file and the worksites. Text formats are written by hand: it is several
// times faster than going through OGR, and the output is byte for byte reproducible.

#include "engine/demo/demo.hpp"
#include "engine/demo/gracethd_v3.hpp"
#include "engine/demo/shapefile_writer.hpp"
#include "engine/demo/world.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <iterator>
#include <memory>
#include <proj.h>
#include <set>
#include <stdexcept>
#include <thread>

namespace fibre::demo {
namespace {

const char* const bom = "\xEF\xBB\xBF";

using Buffer = std::string;

template <typename... Args>
void put(Buffer& out, fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

std::string iso(Date d) {
    return d.is_never() || d == Date::always() ? std::string{} : d.iso();
}

std::string compact(Date d) {
    if (d.is_never()) {
        return {};
    }
    int y = 0;
    unsigned m = 0, day = 0;
    d.to_ymd(y, m, day);
    return fmt::format("{:04d}{:02d}{:02d}", y, m, day);
}

// Quotes a `;` CSV field when it needs it.
std::string csv_field(std::string_view s) {
    if (s.find_first_of(";\"\n") == std::string_view::npos) {
        return std::string(s);
    }
    std::string out = "\"";
    for (char c : s) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

// Appends a `;` CSV field, quoted when it needs it.
void append_csv_field(std::string& out, std::string_view s) {
    if (s.find_first_of(";\"\n") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
}

// JSON string body (the names hold quotes and apostrophes, never control characters).
std::string json_text(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// Upper-case ASCII form of a French name, as BAN's nom_afnor (accents dropped).
std::string afnor(std::string_view s) {
    static const std::pair<std::string_view, char> accents[] = {
        {"é", 'E'}, {"è", 'E'}, {"ê", 'E'}, {"ë", 'E'}, {"à", 'A'}, {"â", 'A'}, {"ä", 'A'}, {"î", 'I'},
        {"ï", 'I'}, {"ô", 'O'}, {"ö", 'O'}, {"û", 'U'}, {"ü", 'U'}, {"ù", 'U'}, {"ç", 'C'}, {"É", 'E'},
        {"È", 'E'}, {"Ê", 'E'}, {"Î", 'I'}, {"Ô", 'O'}, {"À", 'A'}, {"Ç", 'C'}, {"œ", 'O'}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool done = false;
        for (const auto& [from, to] : accents) {
            if (s.substr(i, from.size()) == from) {
                out += to;
                i += from.size();
                done = true;
                break;
            }
        }
        if (!done) {
            const char c = s[i++];
            out += c == '\'' || c == '-' ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
    }
    return out;
}

// Lambert-93 to WGS84 (lon, lat) through PROJ, many points per call.
class ToWgs84 {
public:
    ToWgs84() : ctx_(proj_context_create(), &proj_context_destroy), pj_(nullptr, &proj_destroy) {
        PJ* raw = proj_create_crs_to_crs(ctx_.get(), "EPSG:2154", "EPSG:4326", nullptr);
        if (raw == nullptr) {
            throw DataError(
                fmt::format("PROJ cannot transform EPSG:2154 to EPSG:4326: {}",
                            proj_context_errno_string(ctx_.get(), proj_context_errno(ctx_.get()))));
        }
        pj_.reset(proj_normalize_for_visualization(ctx_.get(), raw));
        proj_destroy(raw);
        if (!pj_) {
            throw DataError("PROJ cannot order EPSG:4326 as longitude, latitude");
        }
    }
    /// Transforms in place: x becomes longitude, y latitude (degrees).
    void transform(std::vector<double>& x, std::vector<double>& y) const {
        if (x.empty()) {
            return;
        }
        proj_trans_generic(pj_.get(), PJ_FWD, x.data(), sizeof(double), x.size(), y.data(), sizeof(double),
                           y.size(), nullptr, 0, 0, nullptr, 0, 0);
    }

private:
    std::unique_ptr<PJ_CONTEXT, decltype(&proj_context_destroy)> ctx_;
    std::unique_ptr<PJ, decltype(&proj_destroy)> pj_;
};

// Convex hull (monotone chain), counter-clockwise and closed. Zones are drawn as hulls of
// what they hold; each input point stands for a small square so that the hull never degenerates.
Ring hull(const std::vector<Point>& centres, double margin) {
    std::vector<Point> pts;
    pts.reserve(centres.size() * 4);
    for (const auto& p : centres) {
        pts.push_back({p.x - margin, p.y - margin});
        pts.push_back({p.x + margin, p.y - margin});
        pts.push_back({p.x + margin, p.y + margin});
        pts.push_back({p.x - margin, p.y + margin});
    }
    std::sort(pts.begin(), pts.end(), [](Point a, Point b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
    auto cross = [](Point o, Point a, Point b) {
        return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    };
    std::vector<Point> h(2 * pts.size());
    std::size_t k = 0;
    for (const auto& p : pts) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p) <= 0) {
            --k;
        }
        h[k++] = p;
    }
    for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(h[k - 2], h[k - 1], pts[i]) <= 0) {
            --k;
        }
        h[k++] = pts[i];
    }
    h.resize(k);
    return h;
}

std::string statut(const Lifecycle& l) {
    switch (l.build) {
    case Build::built:
        return "REC";
    case Build::works:
        return "EXE";
    case Build::planned:
        return "PRO";
    case Build::abandoned:
        return "EXE";
    }
    return {};
}

std::string avct(const Lifecycle& l) {
    switch (l.build) {
    case Build::built:
        return "E";
    case Build::works:
        return "T";
    case Build::planned:
        return "C";
    case Build::abandoned:
        return "A";
    }
    return {};
}

std::string num(double v) {
    return fmt::format("{:.2f}", v);
}

// Columns written as dBASE numbers; every other column is text.
bool numeric_column(std::string_view c) {
    static const std::set<std::string_view> numbers{
        "ad_numero",  "ad_nblres",  "ad_nblpro",  "ad_nblent",  "ad_nblpub",  "ad_nblobj", "ad_nblope",
        "ad_nbfotte", "ad_nbfogfu", "ad_nbfotto", "ad_nbfotth", "ad_nbfofon", "ad_x_ban",  "ad_y_ban",
        "cl_long",    "zs_nblogmt", "zs_capamax", "zp_capamax", "pl_x",       "pl_y",      "pl_z"};
    return numbers.contains(c);
}

int decimals(std::string_view c) {
    return c == "cl_long" || c == "ad_x_ban" || c == "ad_y_ban" || c == "pl_x" || c == "pl_y" || c == "pl_z"
               ? 2
               : 0;
}

// One table of a GraceTHD v3 delivery: exactly the standard's columns, in its order and its
// container (`;` CSV, UTF-8 with BOM; or a shapefile of the standard's geometry). A column the
// standard does not have cannot be named.
class V3Writer {
public:
    V3Writer(std::string_view table, const std::string& folder, Date dbf_date)
        : t_(gracethd_v3_table(table)), folder_(folder), values_(t_.columns.size()) {
        if (t_.geometry == V3Geometry::none) {
            csv_ = bom;
            for (std::size_t i = 0; i < t_.columns.size(); ++i) {
                if (i > 0) {
                    csv_ += ';';
                }
                csv_ += t_.columns[i];
            }
            csv_ += '\n';
            return;
        }
        std::vector<ShapeField> fields;
        for (const auto c : t_.columns) {
            fields.push_back({std::string(c), numeric_column(c) ? 'N' : 'C', 0, decimals(c)});
        }
        const auto shape = t_.geometry == V3Geometry::point  ? ShapefileWriter::Shape::point
                           : t_.geometry == V3Geometry::line ? ShapefileWriter::Shape::polyline
                                                             : ShapefileWriter::Shape::polygon;
        shp_ = std::make_unique<ShapefileWriter>(folder + "/" + std::string(t_.name), shape,
                                                 std::move(fields), lambert93_prj(), dbf_date);
    }

    [[nodiscard]] std::string_view name() const { return t_.name; }

    /// Index of column @p c. @throws std::logic_error when the standard's table has no such column.
    [[nodiscard]] int col(std::string_view c) const {
        const auto it = std::find(t_.columns.begin(), t_.columns.end(), c);
        if (it == t_.columns.end()) {
            throw std::logic_error(fmt::format("GraceTHD v3 {} has no column {}", t_.name, c));
        }
        return static_cast<int>(it - t_.columns.begin());
    }

    void set(int c, std::string v) { values_[static_cast<std::size_t>(c)] = std::move(v); }

    /// Ends a row of a CSV table.
    void row() {
        assert(!shp_);
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (i > 0) {
                csv_ += ';';
            }
            append_csv_field(csv_, values_[i]);
            values_[i].clear();
        }
        csv_ += '\n';
    }
    /// Ends a feature of a shapefile table.
    void point(Point p) {
        shp_->add_point(p, views());
        clear();
    }
    void line(const std::vector<Point>& l) {
        shp_->add_line(l, views());
        clear();
    }
    void polygon(const std::vector<Ring>& rings) {
        shp_->add_polygon(rings, views());
        clear();
    }

    /// Writes the table's file(s). @throws DataError naming a file that cannot be written.
    void write() {
        if (shp_) {
            shp_->finish();
        } else {
            write_file(folder_ + "/" + std::string(t_.name) + ".csv", csv_);
        }
    }

private:
    std::vector<std::string_view> views() const { return {values_.begin(), values_.end()}; }
    void clear() {
        for (auto& v : values_) {
            v.clear();
        }
    }

    const V3Table& t_;
    std::string folder_;
    std::vector<std::string> values_;
    std::string csv_;
    std::unique_ptr<ShapefileWriter> shp_;
};

class SourceWriter {
public:
    SourceWriter(const World& world, std::string out) : w_(world), out_(std::move(out)) { zone_points(); }

    /// Writes every folder; the cadastre, the largest, on a second thread.
    /// Writes every folder on two threads: the cadastre, the largest, on the second; the GraceTHD
    /// deliveries, each a folder of its own, shared between both as they come free.
    void write_all() {
        const std::string gracethd = dir("gracethd");
        bucket_elements();
        std::atomic<std::size_t> next{0};
        const auto deliveries = [&] {
            for (std::size_t d = next++; d < w_.deliveries.size(); d = next++) {
                write_delivery_folder(w_.deliveries[d], gracethd);
            }
        };
        std::exception_ptr second_error;
        std::thread second([&] {
            try {
                write_cadastre();
                deliveries();
            } catch (...) {
                second_error = std::current_exception();
            }
        });
        std::exception_ptr error;
        try {
            write_communes();
            write_ban();
            write_ipe();
            write_worksites();
            deliveries();
        } catch (...) {
            error = std::current_exception();
        }
        second.join();
        for (const auto& e : {error, second_error}) {
            if (e) {
                std::rethrow_exception(e);
            }
        }
    }

private:
    std::string dir(const std::string& name) const {
        const auto p = std::filesystem::path(out_) / name;
        std::error_code ec;
        std::filesystem::create_directories(p, ec);
        if (ec) {
            throw DataError(fmt::format("cannot create the folder: {}", ec.message()),
                            ErrorContext::in_file(p.string()));
        }
        return p.string();
    }

    const Commune& commune_of(const Address& a) const {
        return w_.communes[static_cast<std::size_t>(a.commune)];
    }

    std::string ban_id(const Address& a) const {
        return fmt::format("{}_{:04d}_{:05d}", commune_of(a).insee,
                           w_.streets[static_cast<std::size_t>(a.street)].number, a.number);
    }
    std::string parcel_id(const Address& a) const {
        static constexpr char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const int k = a.parcel_number - 1;
        const int section = k / 800;
        std::string s;
        if (section < 26) {
            s = std::string("0") + letters[section];
        } else {
            s = std::string(1, letters[((section - 26) / 26) % 26]) + letters[(section - 26) % 26];
        }
        return fmt::format("{}000{}{:04d}", commune_of(a).insee, s, k % 800 + 1);
    }

    const Worksite& zone_works(int pm) const {
        return w_.worksites[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(pm)].worksite)];
    }
    Date commercial(int pm) const {
        const Worksite& ws = zone_works(pm);
        if (ws.actual_end.is_never()) {
            return Date::never();
        }
        const Date d{ws.actual_end.days + 90};
        return d > w_.delivery ? Date::never() : d;
    }
    int address_pm(int ai) const {
        const Address& a = w_.addresses[static_cast<std::size_t>(ai)];
        const int box = w_.local_box[static_cast<std::size_t>(a.first_local)];
        return box < 0 ? -1 : w_.boxes[static_cast<std::size_t>(box)].pm;
    }

    void zone_points() {
        pm_hull_.resize(w_.pms.size());
        for (std::size_t p = 0; p < w_.pms.size(); ++p) {
            std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(w_.pms[p].node)].p};
            for (int b : w_.pms[p].boxes) {
                for (int ai : w_.boxes[static_cast<std::size_t>(b)].addresses) {
                    const Rect& r = w_.addresses[static_cast<std::size_t>(ai)].parcel;
                    pts.push_back({r.x0, r.y0});
                    pts.push_back({r.x1, r.y1});
                }
            }
            pm_hull_[p] = hull(pts, 10);
        }
    }

    void write_communes() {
        Buffer b;
        b += "code_insee;nom;departement;region;population;codes_postaux;epci_siren;epci_nom;logements;"
             "etablissements\n";
        for (const auto& c : w_.communes) {
            put(b, "{};{};{};{};{};{};{};{};{};{}\n", c.insee, csv_field(c.name), c.departement, c.region,
                c.population, c.postcodes, c.epci_siren, csv_field(c.epci_name), c.logements,
                c.etablissements);
        }
        write_file(dir("communes") + "/communes-17.csv", b);
    }

    static void put_ring(Buffer& b, const std::vector<double>& x, const std::vector<double>& y,
                         std::size_t from, std::size_t n) {
        b += '[';
        for (std::size_t i = 0; i <= n; ++i) {
            const std::size_t k = from + (i % n);
            put(b, "{}[{:.7f},{:.7f}]", i == 0 ? "" : ",", x[k], y[k]);
        }
        b += ']';
    }

    void write_cadastre() {
        const std::string folder = dir("cadastre");
        const ToWgs84 wgs;
        const std::string created = "2017-01-01";
        const std::string updated = w_.delivery.iso();
        for (const auto& c : w_.communes) {
            std::vector<double> x, y;
            for (const auto& part : c.parts) {
                for (const auto& p : part) {
                    x.push_back(p.x);
                    y.push_back(p.y);
                }
            }
            wgs.transform(x, y);
            Buffer b = "{\"type\":\"FeatureCollection\",\"features\":[\n";
            put(b,
                "{{\"type\":\"Feature\",\"id\":\"{}\",\"geometry\":{{\"type\":\"MultiPolygon\","
                "\"coordinates\":[",
                c.insee);
            std::size_t at = 0;
            for (std::size_t k = 0; k < c.parts.size(); ++k) {
                b += k == 0 ? "[" : ",[";
                put_ring(b, x, y, at, c.parts[k].size());
                b += ']';
                at += c.parts[k].size();
            }
            put(b,
                "]}},\"properties\":{{\"id\":\"{}\",\"nom\":\"{}\",\"created\":\"{}\",\"updated\":\"{}\"}}}}"
                "\n]}}\n",
                c.insee, json_text(c.name), created, updated);
            write_file(fmt::format("{}/cadastre-{}-communes.json", folder, c.insee), b);

            x.clear();
            y.clear();
            for (int ai = c.first_address; ai < c.end_address; ++ai) {
                const Address& a = w_.addresses[static_cast<std::size_t>(ai)];
                for (const Rect* r : {&a.parcel, &a.building}) {
                    x.insert(x.end(), {r->x0, r->x1, r->x1, r->x0});
                    y.insert(y.end(), {r->y0, r->y0, r->y1, r->y1});
                }
            }
            wgs.transform(x, y);
            Buffer parcels = "{\"type\":\"FeatureCollection\",\"features\":[\n";
            Buffer buildings = "{\"type\":\"FeatureCollection\",\"features\":[\n";
            for (int ai = c.first_address; ai < c.end_address; ++ai) {
                const Address& a = w_.addresses[static_cast<std::size_t>(ai)];
                const auto base = static_cast<std::size_t>(ai - c.first_address) * 8;
                const std::string id = parcel_id(a);
                const char* sep = ai == c.first_address ? "" : ",\n";
                put(parcels,
                    "{}{{\"type\":\"Feature\",\"id\":\"{}\",\"geometry\":{{\"type\":\"Polygon\","
                    "\"coordinates\":[",
                    sep, id);
                put_ring(parcels, x, y, base, 4);
                const auto area = std::lround((a.parcel.x1 - a.parcel.x0) * (a.parcel.y1 - a.parcel.y0));
                put(parcels,
                    "]}},\"properties\":{{\"id\":\"{}\",\"commune\":\"{}\",\"prefixe\":\"000\",\"section\":"
                    "\"{}\","
                    "\"numero\":\"{}\",\"contenance\":{},\"arpente\":false,\"created\":\"{}\",\"updated\":\"{"
                    "}\"}}}}",
                    id, c.insee, id.substr(8, 2), id.substr(10, 4), area, created, updated);
                put(buildings,
                    "{}{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[", sep);
                put_ring(buildings, x, y, base + 4, 4);
                put(buildings,
                    "]}},\"properties\":{{\"type\":\"{}\",\"nom\":null,\"commune\":\"{}\",\"created\":\"{}\","
                    "\"updated\":\"{}\"}}}}",
                    (ai % 37) == 5 && !a.apartment ? "02" : "01", c.insee, created, updated);
            }
            parcels += "\n]}\n";
            buildings += "\n]}\n";
            write_file(fmt::format("{}/cadastre-{}-parcelles.json", folder, c.insee), parcels);
            write_file(fmt::format("{}/cadastre-{}-batiments.json", folder, c.insee), buildings);
        }
    }

    void write_ban() {
        std::vector<double> lon, lat;
        lon.reserve(w_.addresses.size());
        lat.reserve(w_.addresses.size());
        for (const auto& a : w_.addresses) {
            lon.push_back(a.pos.x);
            lat.push_back(a.pos.y);
        }
        ToWgs84().transform(lon, lat);
        Buffer b =
            "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_"
            "commune;"
            "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;"
            "source_position;source_nom_voie;certification_commune;cad_parcelles\n";
        for (std::size_t ai = 0; ai < w_.addresses.size(); ++ai) {
            const Address& a = w_.addresses[ai];
            const Commune& c = commune_of(a);
            const Street& s = w_.streets[static_cast<std::size_t>(a.street)];
            const bool lieu_dit = s.type.empty();
            put(b,
                "{};{}_{:04d};{};;{};{};{};{};;;{:.2f};{:.2f};{:.6f};{:.6f};bâtiment;;{};{};{};commune;"
                "commune;1;{}\n",
                ban_id(a), c.insee, s.number, a.number, csv_field(s.name), c.postcode, c.insee,
                csv_field(c.name), a.pos.x, a.pos.y, lon[ai], lat[ai],
                lieu_dit ? csv_field(s.name) : std::string{}, afnor(c.name), afnor(s.name), parcel_id(a));
        }
        write_file(dir("ban") + "/adresses-17.csv", b);
    }

    std::string ad_ietat(const std::string& ipe) const {
        if (ipe == "DEPLOYE") {
            return "DE";
        }
        if (ipe == "EN COURS DE DEPLOIEMENT" || ipe == "RACCORDABLE DEMANDE") {
            return "EC";
        }
        if (ipe == "SIGNE") {
            return "SI";
        }
        if (ipe == "CIBLE") {
            return "CI";
        }
        if (ipe == "ABANDONNE") {
            return "AB";
        }
        return {};
    }

    Date cabling(int ai) const {
        const Address& a = w_.addresses[static_cast<std::size_t>(ai)];
        if (a.ipe_state != "DEPLOYE") {
            return Date::never();
        }
        return zone_works(address_pm(ai)).actual_end;
    }

    Lifecycle node_life(const Node& n) const {
        Lifecycle l;
        if (n.owner < 0) {
            return l;
        }
        const Worksite& ws = w_.worksites[static_cast<std::size_t>(n.owner)];
        if (!ws.abandoned.is_never()) {
            l.build = Build::abandoned;
        } else if (!ws.actual_end.is_never()) {
            l.build = Build::built;
            l.installed = ws.actual_start;
        } else if (!ws.actual_start.is_never()) {
            l.build = Build::works;
        }
        return l;
    }

    // Where node @p i (a network node, or a building node past the network's) stands in delivery
    // @p d: in the -b half of the split zone, the elements both halves share sit 1 m east.
    Point node_at(int i, const Delivery& d) const {
        const auto nodes = static_cast<int>(w_.nodes.size());
        Point p = i < nodes ? w_.nodes[static_cast<std::size_t>(i)].p
                            : w_.addresses[static_cast<std::size_t>(i - nodes)].pos;
        if (d.half == 2 &&
            w_.numbering[static_cast<std::size_t>(Kind::node)].halves[static_cast<std::size_t>(i)] == 3) {
            p.x += 1;
        }
        return p;
    }

    std::string code(Kind k, int i) const { return code_of(w_, k, i); }
    std::string rack_of_nro(int n) const { return code(Kind::rack, n); }
    std::string rack_of_pm(int p) const { return code(Kind::rack, static_cast<int>(w_.nros.size()) + p); }
    std::string site_of_nro(int n) const { return code(Kind::site, n); }
    std::string site_of_pm(int p) const { return code(Kind::site, static_cast<int>(w_.nros.size()) + p); }
    std::string site_of_address(int a) const {
        return code(Kind::site, static_cast<int>(w_.nros.size() + w_.pms.size()) + a);
    }
    std::string building_node(int a) const { return code(Kind::node, static_cast<int>(w_.nodes.size()) + a); }
    std::string splice_code(int s) const { return code(Kind::box, static_cast<int>(w_.boxes.size()) + s); }

    /// Element indexes of each kind, per NRO, in index order.
    void bucket_elements() {
        for (std::size_t k = 0; k < kind_count; ++k) {
            auto& out = by_nro_[k];
            out.assign(w_.nros.size(), {});
            const Numbering& n = w_.numbering[k];
            for (std::size_t i = 0; i < n.nro.size(); ++i) {
                if (n.nro[i] >= 0 && n.number[i] > 0) {
                    out[static_cast<std::size_t>(n.nro[i])].push_back(static_cast<int>(i));
                }
            }
        }
    }

    /// Calls @p f for every element of @p kind that delivery @p d holds.
    template <typename F>
    void each(Kind kind, const Delivery& d, F&& f) const {
        const auto k = static_cast<std::size_t>(kind);
        for (int i : by_nro_[k][static_cast<std::size_t>(d.nro)]) {
            if ((w_.numbering[k].halves[static_cast<std::size_t>(i)] & d.half) != 0) {
                f(i);
            }
        }
    }

    void write_delivery_folder(const Delivery& d, const std::string& gracethd) const {
        const std::string folder = (std::filesystem::path(gracethd) / d.name).string();
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        if (ec) {
            throw DataError(fmt::format("cannot create the folder: {}", ec.message()),
                            ErrorContext::in_file(folder));
        }
        write_delivery(d, folder);
    }

    void write_delivery(const Delivery& d, const std::string& g) const {
        const bool no_datemes = d.nro == w_.no_datemes_nro;
        const auto datemes = [&](const Lifecycle& l) {
            return no_datemes ? std::string{} : iso(l.commissioned);
        };
        std::set<std::string_view> written;
        const auto done = [&](V3Writer& t) {
            t.write();
            written.insert(t.name());
        };
        {
            V3Writer t("t_noeud", g, w_.delivery);
            const int code = t.col("nd_code");
            const int created = t.col("nd_creadat");
            each(Kind::node, d, [&](int i) {
                const bool network = i < static_cast<int>(w_.nodes.size());
                if (network && w_.nodes[static_cast<std::size_t>(i)].hidden) {
                    return;
                }
                const int copies = i == w_.duplicated_node ? 2 : 1;
                for (int k = 0; k < copies; ++k) {
                    t.set(code, this->code(Kind::node, i));
                    if (network) {
                        t.set(created, iso(node_life(w_.nodes[static_cast<std::size_t>(i)]).installed));
                    }
                    t.point(node_at(i, d));
                }
            });
            done(t);
        }
        {
            V3Writer t("t_ptech", g, w_.delivery);
            const int c_code = t.col("pt_code"), c_nd = t.col("pt_nd_code"), c_statut = t.col("pt_statut"),
                      c_avct = t.col("pt_avct"), c_phy = t.col("pt_typephy"), c_log = t.col("pt_typelog");
            each(Kind::ptech, d, [&](int i) {
                const Node& n = w_.nodes[static_cast<std::size_t>(i)];
                const Lifecycle l = node_life(n);
                t.set(c_code, code(Kind::ptech, i));
                t.set(c_nd, code(Kind::node, i));
                t.set(c_statut, statut(l));
                t.set(c_avct, avct(l));
                t.set(c_phy, std::string(1, n.ptech));
                t.set(c_log, "T");
                t.row();
            });
            done(t);
        }
        {
            V3Writer t("t_cheminement", g, w_.delivery);
            const int c_code = t.col("cm_code"), c_n1 = t.col("cm_ndcode1"), c_n2 = t.col("cm_ndcode2"),
                      c_statut = t.col("cm_statut"), c_avct = t.col("cm_avct"), c_log = t.col("cm_typelog"),
                      c_imp = t.col("cm_typ_imp");
            each(Kind::path, d, [&](int i) {
                const Path& p = w_.paths[static_cast<std::size_t>(i)];
                t.set(c_code, code(Kind::path, i));
                t.set(c_n1, code(Kind::node, p.n1));
                t.set(c_n2, p.missing_end.empty() ? code(Kind::node, p.n2) : p.missing_end);
                t.set(c_statut, statut(p.life));
                t.set(c_avct, avct(p.life));
                t.set(c_log, p.transport ? "TR" : "DI");
                t.set(c_imp, std::to_string(p.implantation));
                std::vector<Point> line = p.line;
                const Point a = node_at(p.n1, d), a0 = w_.nodes[static_cast<std::size_t>(p.n1)].p;
                line.front().x += a.x - a0.x;
                if (p.missing_end.empty()) {
                    const Point b = node_at(p.n2, d), b0 = w_.nodes[static_cast<std::size_t>(p.n2)].p;
                    line.back().x += b.x - b0.x;
                }
                t.line(line);
            });
            done(t);
        }
        {
            V3Writer lines("t_cableline", g, w_.delivery);
            const int l_code = lines.col("cl_code"), l_cb = lines.col("cl_cb_code"),
                      l_long = lines.col("cl_long");
            V3Writer cables("t_cable", g, w_.delivery);
            const int c_code = cables.col("cb_code"), c_nd1 = cables.col("cb_nd1"),
                      c_nd2 = cables.col("cb_nd2"), c_bp1 = cables.col("cb_bp1"),
                      c_ba1 = cables.col("cb_ba1"), c_bp2 = cables.col("cb_bp2"),
                      c_ba2 = cables.col("cb_ba2"), c_statut = cables.col("cb_statut"),
                      c_dateins = cables.col("cb_dateins"), c_avct = cables.col("cb_avct"),
                      c_log = cables.col("cb_typelog"), c_capa = cables.col("cb_capafo"),
                      c_len = cables.col("cb_lgreel"), c_datemes = cables.col("cb_datemes");
            V3Writer cab_chem("t_cab_chem", g, w_.delivery);
            const int cc_cb = cab_chem.col("cc_cb_code"), cc_cm = cab_chem.col("cc_cm_code");
            static constexpr int capacities[] = {12, 24, 36, 48, 72, 96, 144, 288, 432, 576, 720};
            const auto cable_count = static_cast<int>(w_.cables.size());
            each(Kind::cable, d, [&](int i) {
                if (i >= cable_count) {
                    // A drop: from the PBO's node to the node of the local's building, naming the
                    // PBO and the PTO at its ends.
                    const Drop& drop = w_.drops[static_cast<std::size_t>(i - cable_count)];
                    const int pbo_node = w_.boxes[static_cast<std::size_t>(drop.box)].node;
                    const int building = static_cast<int>(w_.nodes.size()) +
                                         w_.local_address[static_cast<std::size_t>(drop.local)];
                    const Point a = node_at(pbo_node, d);
                    const Point b = node_at(building, d);
                    const double len = std::hypot(b.x - a.x, b.y - a.y);
                    const std::string cb = code(Kind::cable, i);
                    lines.set(l_code, cableline_code(w_, i));
                    lines.set(l_cb, cb);
                    lines.set(l_long, num(len));
                    lines.line({a, b});
                    cables.set(c_code, cb);
                    cables.set(c_nd1, code(Kind::node, pbo_node));
                    cables.set(c_nd2, code(Kind::node, building));
                    cables.set(c_bp1, code(Kind::box, drop.box));
                    cables.set(c_bp2, code(Kind::box, drop_box_index(w_, i - cable_count)));
                    cables.set(c_statut, statut(drop.cable));
                    cables.set(c_dateins, iso(drop.cable.installed));
                    cables.set(c_avct, avct(drop.cable));
                    cables.set(c_log, "RA");
                    cables.set(c_capa, "1");
                    cables.set(c_len, num(len));
                    cables.set(c_datemes, datemes(drop.cable));
                    cables.row();
                    return;
                }
                const Cable& c = w_.cables[static_cast<std::size_t>(i)];
                const Point a = node_at(c.n1, d);
                const Point b = node_at(c.n2, d);
                const double len = std::hypot(b.x - a.x, b.y - a.y);
                const std::string cb = code(Kind::cable, i);
                lines.set(l_code, cableline_code(w_, i));
                lines.set(l_cb, cb);
                lines.set(l_long, num(len));
                lines.line(c.reversed_empty_end ? std::vector<Point>{b, a} : std::vector<Point>{a, b});
                const double need = c.transport ? static_cast<double>(c.downstream) / 32.0 * 1.5
                                                : static_cast<double>(c.downstream) * 1.2;
                int capa = capacities[std::size(capacities) - 1];
                for (int k : capacities) {
                    if (k >= need) {
                        capa = k;
                        break;
                    }
                }
                cables.set(c_code, cb);
                if (!c.reversed_empty_end) {
                    cables.set(c_nd1, code(Kind::node, c.n1));
                    if (c.parent < 0) {
                        cables.set(c_ba1, c.transport ? rack_of_nro(c.nro) : rack_of_pm(c.pm));
                    }
                }
                cables.set(c_nd2, code(Kind::node, c.n2));
                if (c.splice1 >= 0) {
                    cables.set(c_bp1, splice_code(c.splice1));
                }
                if (c.box2 >= 0) {
                    cables.set(c_bp2, code(Kind::box, c.box2));
                } else if (c.splice2 >= 0) {
                    cables.set(c_bp2, splice_code(c.splice2));
                }
                if (c.transport && c.pm >= 0) {
                    cables.set(c_ba2, rack_of_pm(c.pm));
                }
                cables.set(c_statut, statut(c.life));
                cables.set(c_dateins, iso(c.life.installed));
                cables.set(c_avct, avct(c.life));
                cables.set(c_log, c.transport ? "TR" : "DI");
                cables.set(c_capa, std::to_string(capa));
                cables.set(c_len, num(len));
                cables.set(c_datemes, datemes(c.life));
                cables.row();
                if (!w_.paths[static_cast<std::size_t>(c.path)].dropped) {
                    cab_chem.set(cc_cb, cb);
                    cab_chem.set(cc_cm, code(Kind::path, c.path));
                    cab_chem.row();
                }
            });
            done(lines);
            done(cables);
            done(cab_chem);
        }
        {
            V3Writer t("t_ebp", g, w_.delivery);
            const int c_code = t.col("bp_code"), c_pt = t.col("bp_pt_code"), c_statut = t.col("bp_statut"),
                      c_dateins = t.col("bp_dateins"), c_avct = t.col("bp_avct"), c_log = t.col("bp_typelog"),
                      c_datemes = t.col("bp_datemes");
            const auto boxes = static_cast<int>(w_.boxes.size());
            const int c_lc = t.col("bp_lc_code");
            const auto splice_end = boxes + static_cast<int>(w_.splices.size());
            each(Kind::box, d, [&](int i) {
                if (i >= splice_end) {
                    // A PTO: inside the local it serves, located through it (bp_lc_code).
                    const Drop& drop = w_.drops[static_cast<std::size_t>(i - splice_end)];
                    t.set(c_code, code(Kind::box, i));
                    t.set(c_lc, code(Kind::local, drop.local));
                    t.set(c_statut, statut(drop.pto));
                    t.set(c_dateins, iso(drop.pto.installed));
                    t.set(c_avct, avct(drop.pto));
                    t.set(c_log, "PTO");
                    t.set(c_datemes, datemes(drop.pto));
                    t.row();
                    return;
                }
                const bool pbo = i < boxes;
                const Lifecycle& l = pbo ? w_.boxes[static_cast<std::size_t>(i)].life
                                         : w_.splices[static_cast<std::size_t>(i - boxes)].life;
                const int node = pbo ? w_.boxes[static_cast<std::size_t>(i)].node
                                     : w_.splices[static_cast<std::size_t>(i - boxes)].node;
                t.set(c_code, code(Kind::box, i));
                if (!pbo || !w_.boxes[static_cast<std::size_t>(i)].located_by_cables) {
                    t.set(c_pt, code(Kind::ptech, node));
                }
                t.set(c_statut, statut(l));
                t.set(c_dateins, iso(l.installed));
                t.set(c_avct, avct(l));
                t.set(c_log, pbo ? "PBO" : "BPE");
                t.set(c_datemes, datemes(l));
                t.row();
            });
            done(t);
        }
        write_sites_and_locals(d, g, written);
        write_addresses(d, g, written);
        write_zones(d, g, written);
        for (const auto& table : gracethd_v3_tables()) {
            if (!written.contains(table.name)) {
                V3Writer t(table.name, g, w_.delivery);
                t.write();
            }
        }
    }

    void write_sites_and_locals(const Delivery& d, const std::string& g,
                                std::set<std::string_view>& written) const {
        const bool no_datemes = d.nro == w_.no_datemes_nro;
        V3Writer sites("t_site", g, w_.delivery);
        const int s_code = sites.col("st_code"), s_nd = sites.col("st_nd_code"),
                  s_statut = sites.col("st_statut"), s_dateins = sites.col("st_dateins"),
                  s_avct = sites.col("st_avct"), s_log = sites.col("st_typelog"),
                  s_ad = sites.col("st_ad_code"), s_insee = sites.col("st_insee"),
                  s_commune = sites.col("st_commune"), s_voie = sites.col("st_nomvoie"),
                  s_numero = sites.col("st_numero"), s_nom = sites.col("st_nom"),
                  s_datemes = sites.col("st_datemes"), s_postal = sites.col("st_postal");
        V3Writer locals("t_local", g, w_.delivery);
        const int l_code = locals.col("lc_code"), l_f = locals.col("lc_bp_codf"),
                  l_p = locals.col("lc_bp_codp"), l_statut = locals.col("lc_statut"),
                  l_dateins = locals.col("lc_dateins"), l_avct = locals.col("lc_avct"),
                  l_st = locals.col("lc_st_code"), l_log = locals.col("lc_typelog"),
                  l_datemes = locals.col("lc_datemes");
        V3Writer racks("t_baie", g, w_.delivery);
        const int b_code = racks.col("ba_code"), b_lc = racks.col("ba_lc_code"),
                  b_statut = racks.col("ba_statut"), b_etiquet = racks.col("ba_etiquet");
        const auto nros = static_cast<int>(w_.nros.size());
        const auto pms = static_cast<int>(w_.pms.size());
        const auto premises = static_cast<int>(w_.local_address.size());
        each(Kind::site, d, [&](int i) {
            sites.set(s_code, code(Kind::site, i));
            if (i < nros + pms) {
                const bool is_nro = i < nros;
                const Lifecycle& l = is_nro ? w_.nros[static_cast<std::size_t>(i)].life
                                            : w_.pms[static_cast<std::size_t>(i - nros)].life;
                const int node = is_nro ? w_.nros[static_cast<std::size_t>(i)].node
                                        : w_.pms[static_cast<std::size_t>(i - nros)].node;
                sites.set(s_nd, code(Kind::node, node));
                sites.set(s_statut, statut(l));
                sites.set(s_dateins, iso(l.installed));
                sites.set(s_avct, avct(l));
                sites.set(s_log, "RESEAU");
                sites.set(s_nom,
                          is_nro ? fmt::format("NRO {}",
                                               w_.communes[static_cast<std::size_t>(
                                                               w_.nros[static_cast<std::size_t>(i)].commune)]
                                                   .name)
                                 : pm_refpm(i - nros));
                if (!no_datemes) {
                    sites.set(s_datemes, iso(l.commissioned));
                }
            } else {
                // A building: its status is the customer side's, left empty as real deliveries do.
                const int a = i - nros - pms;
                const Address& ad = w_.addresses[static_cast<std::size_t>(a)];
                const Commune& c = commune_of(ad);
                sites.set(s_nd, building_node(a));
                sites.set(s_log, "CLIENT");
                sites.set(s_ad, code(Kind::address, a));
                sites.set(s_postal, c.postcode);
                sites.set(s_insee, c.insee);
                sites.set(s_commune, c.name);
                sites.set(s_voie, w_.streets[static_cast<std::size_t>(ad.street)].name);
                sites.set(s_numero, std::to_string(ad.number));
            }
            sites.row();
        });
        each(Kind::local, d, [&](int i) {
            locals.set(l_code, code(Kind::local, i));
            if (i < premises) {
                const int box = w_.local_box[static_cast<std::size_t>(i)];
                if (box >= 0) {
                    locals.set(l_f, code(Kind::box, box));
                    locals.set(l_p, code(Kind::box, box));
                }
                locals.set(l_st, site_of_address(w_.local_address[static_cast<std::size_t>(i)]));
                locals.set(l_log, "FTTH");
            } else {
                const bool is_nro = i < premises + nros;
                const int k = is_nro ? i - premises : i - premises - nros;
                const Lifecycle& l = is_nro ? w_.nros[static_cast<std::size_t>(k)].life
                                            : w_.pms[static_cast<std::size_t>(k)].life;
                locals.set(l_statut, statut(l));
                locals.set(l_dateins, iso(l.installed));
                locals.set(l_avct, avct(l));
                locals.set(l_st, is_nro ? site_of_nro(k) : site_of_pm(k));
                locals.set(l_log, is_nro ? "NRO" : "SRO");
                if (!no_datemes) {
                    locals.set(l_datemes, iso(l.commissioned));
                }
            }
            locals.row();
        });
        each(Kind::rack, d, [&](int i) {
            const bool is_nro = i < nros;
            const int k = is_nro ? i : i - nros;
            const Lifecycle& l =
                is_nro ? w_.nros[static_cast<std::size_t>(k)].life : w_.pms[static_cast<std::size_t>(k)].life;
            racks.set(b_code, code(Kind::rack, i));
            racks.set(b_etiquet, is_nro ? nro_ref(k) : pm_refpm(k));
            racks.set(b_lc, code(Kind::local, is_nro ? nro_local_index(w_, k) : pm_local_index(w_, k)));
            racks.set(b_statut, statut(l));
            racks.row();
        });
        for (V3Writer* t : {&sites, &locals, &racks}) {
            t->write();
            written.insert(t->name());
        }
    }

    void write_addresses(const Delivery& d, const std::string& g, std::set<std::string_view>& written) const {
        V3Writer t("t_adresse", g, w_.delivery);
        const int c_code = t.col("ad_code"), c_ban = t.col("ad_ban_id"), c_voie = t.col("ad_nomvoie"),
                  c_numero = t.col("ad_numero"), c_insee = t.col("ad_insee"), c_postal = t.col("ad_postal"),
                  c_commune = t.col("ad_commune"), c_hex = t.col("ad_hexacle"), c_ietat = t.col("ad_ietat"),
                  c_cab = t.col("ad_idatcab"), c_com = t.col("ad_idatcom"), c_res = t.col("ad_nblres"),
                  c_pro = t.col("ad_nblpro"), c_fotth = t.col("ad_nbfotth"), c_x = t.col("ad_x_ban"),
                  c_y = t.col("ad_y_ban");
        const std::vector<int> zeros{t.col("ad_nblent"),  t.col("ad_nblpub"),  t.col("ad_nblobj"),
                                     t.col("ad_nblope"),  t.col("ad_nbfotte"), t.col("ad_nbfogfu"),
                                     t.col("ad_nbfotto"), t.col("ad_nbfofon")};
        each(Kind::address, d, [&](int i) {
            const Address& a = w_.addresses[static_cast<std::size_t>(i)];
            const Commune& c = commune_of(a);
            const int pm = address_pm(i);
            const Date cab = cabling(i);
            t.set(c_code, code(Kind::address, i));
            t.set(c_ban, ban_id(a));
            t.set(c_voie, w_.streets[static_cast<std::size_t>(a.street)].name);
            t.set(c_numero, std::to_string(a.number));
            t.set(c_insee, c.insee);
            t.set(c_postal, c.postcode);
            t.set(c_commune, c.name);
            t.set(c_hex, hexacle(w_, i));
            t.set(c_ietat, ad_ietat(a.ipe_state));
            t.set(c_cab, iso(cab));
            t.set(c_com, cab.is_never() || pm < 0 ? std::string{} : iso(commercial(pm)));
            t.set(c_res, std::to_string(a.locals - a.pro));
            t.set(c_pro, std::to_string(a.pro));
            t.set(c_fotth, std::to_string(a.locals));
            t.set(c_x, num(a.pos.x));
            t.set(c_y, num(a.pos.y));
            for (int z : zeros) {
                t.set(z, "0");
            }
            t.point(a.pos);
        });
        t.write();
        written.insert(t.name());
    }

    void write_zones(const Delivery& d, const std::string& g, std::set<std::string_view>& written) const {
        V3Writer znro("t_znro", g, w_.delivery);
        const int n_code = znro.col("zn_code"), n_nd = znro.col("zn_nd_code"), n_ref = znro.col("zn_nroref"),
                  n_nom = znro.col("zn_nom"), n_lc = znro.col("zn_lc_code");
        each(Kind::znro, d, [&](int n) {
            const Nro& nro = w_.nros[static_cast<std::size_t>(n)];
            std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(nro.node)].p};
            for (int p : nro.pms) {
                if ((w_.pm_half[static_cast<std::size_t>(p)] & d.half) == 0) {
                    continue;
                }
                const Ring& r = pm_hull_[static_cast<std::size_t>(p)];
                pts.insert(pts.end(), r.begin(), r.end());
            }
            znro.set(n_code, code(Kind::znro, n));
            znro.set(n_nd, code(Kind::node, nro.node));
            znro.set(n_ref, nro_ref(n));
            znro.set(n_nom, fmt::format("NRO {}", w_.communes[static_cast<std::size_t>(nro.commune)].name));
            znro.set(n_lc, nro_local_code(w_, n));
            znro.polygon({hull(pts, 20)});
        });
        V3Writer zsro("t_zsro", g, w_.delivery);
        const int s_code = zsro.col("zs_code"), s_nd = zsro.col("zs_nd_code"), s_zn = zsro.col("zs_zn_code"),
                  s_etat = zsro.col("zs_etatpm"), s_nblogmt = zsro.col("zs_nblogmt"),
                  s_datcomr = zsro.col("zs_datcomr"), s_lc = zsro.col("zs_lc_code"),
                  s_ref = zsro.col("zs_refpm"), s_nom = zsro.col("zs_nom");
        each(Kind::zsro, d, [&](int p) {
            const Pm& pm = w_.pms[static_cast<std::size_t>(p)];
            const Worksite& ws = zone_works(p);
            const char* etat = !ws.abandoned.is_never()      ? "AB"
                               : !ws.actual_end.is_never()   ? "DP"
                               : !ws.actual_start.is_never() ? "EC"
                                                             : "PL";
            zsro.set(s_code, code(Kind::zsro, p));
            zsro.set(s_nd, code(Kind::node, pm.node));
            zsro.set(s_zn, code(Kind::znro, pm.nro));
            zsro.set(s_etat, etat);
            zsro.set(s_nblogmt, std::to_string(pm.locals));
            zsro.set(s_datcomr, iso(commercial(p)));
            zsro.set(s_lc, pm_local_code(w_, p));
            zsro.set(s_ref, pm_refpm(p));
            zsro.set(s_nom, pm_refpm(p));
            zsro.polygon({pm_hull_[static_cast<std::size_t>(p)]});
        });
        V3Writer zpbo("t_zpbo", g, w_.delivery);
        const int p_code = zpbo.col("zp_code"), p_nd = zpbo.col("zp_nd_code"), p_bp = zpbo.col("zp_bp_code"),
                  p_zs = zpbo.col("zp_zs_code");
        each(Kind::zpbo, d, [&](int b) {
            const Box& box = w_.boxes[static_cast<std::size_t>(b)];
            std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(box.node)].p};
            for (int ai : box.addresses) {
                const Rect& r = w_.addresses[static_cast<std::size_t>(ai)].parcel;
                pts.push_back({r.x0, r.y0});
                pts.push_back({r.x1, r.y1});
            }
            Ring ring = hull(pts, 2);
            if (b == w_.invalid_zone_box) {
                // A bow tie: the two diagonals of the zone's bounding box cross.
                double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
                for (const auto& q : ring) {
                    x0 = std::min(x0, q.x);
                    y0 = std::min(y0, q.y);
                    x1 = std::max(x1, q.x);
                    y1 = std::max(y1, q.y);
                }
                ring = {{x0, y0}, {x1, y1}, {x1, y0}, {x0, y1}, {x0, y0}};
            }
            zpbo.set(p_code, code(Kind::zpbo, b));
            if (!box.located_by_cables) {
                zpbo.set(p_nd, code(Kind::node, box.node));
            }
            zpbo.set(p_bp, code(Kind::box, b));
            zpbo.set(p_zs, code(Kind::zsro, box.pm));
            zpbo.polygon({ring});
        });
        for (V3Writer* t : {&znro, &zsro, &zpbo}) {
            t->write();
            written.insert(t->name());
        }
    }

    static const char* etat_pm(const Worksite& ws) {
        if (!ws.abandoned.is_never()) {
            return "ABANDONNE";
        }
        if (!ws.actual_end.is_never()) {
            return "DEPLOYE";
        }
        return ws.actual_start.is_never() ? "PLANIFIE" : "EN COURS DE DEPLOIEMENT";
    }

    void write_ipe() {
        Buffer b =
            "IdentifiantImmeuble;EtatImmeuble;CodeInseeImmeuble;CodeAdresseImmeuble;NumeroVoieImmeuble;"
            "ComplementNumeroVoieImmeuble;TypeVoieImmeuble;NomVoieImmeuble;CoordonneeImmeubleX;"
            "CoordonneeImmeubleY;TypeProjectionGeographique;NombreLogementsAdresseIPE;DateCablageAdresse;"
            "DateMiseEnServiceCommercialeImmeuble;ReferencePM;EtatPM;DateDerniereModification\n";
        auto comma = [](double v) {
            std::string s = fmt::format("{:.2f}", v);
            std::replace(s.begin(), s.end(), '.', ',');
            return s;
        };
        for (std::size_t i = 0; i < w_.addresses.size(); ++i) {
            const Address& a = w_.addresses[i];
            if (a.ipe_state.empty()) {
                continue;
            }
            const int pm = address_pm(static_cast<int>(i));
            const Worksite& ws = zone_works(pm);
            const Street& s = w_.streets[static_cast<std::size_t>(a.street)];
            const Date cab = cabling(static_cast<int>(i));
            const Date com = cab.is_never() ? Date::never() : commercial(pm);
            Date modified = ws.actual_start.is_never() ? Date{ws.planned_start.days - 400} : ws.actual_start;
            for (Date e : {ws.abandoned, cab, com}) {
                if (!e.is_never()) {
                    modified = std::max(modified, e);
                }
            }
            modified = std::min(modified, w_.delivery);
            put(b, "{};{};{};{};{};;{};{};{};{};2154;{};{};{};{};{};{}\n",
                ipe_building_id(w_, static_cast<int>(i)), a.ipe_state, commune_of(a).insee,
                hexacle(w_, static_cast<int>(i)), a.number, s.type, csv_field(s.bare), comma(a.pos.x),
                comma(a.pos.y), a.locals, compact(cab), compact(com), pm_refpm(pm), etat_pm(ws),
                compact(modified));
        }
        write_file(dir("ipe") + "/IPE_FIBRE17_FI17_PM_IPEZMD_V30_" + compact(w_.delivery) + ".csv", b);
    }

    static const char* declared(const std::string& state) {
        if (state == "planned") {
            return "prevu";
        }
        if (state == "suspended") {
            return "suspendu";
        }
        if (state == "completed") {
            return "termine";
        }
        if (state == "abandoned") {
            return "abandonne";
        }
        return "en_cours";
    }

    void write_worksites() {
        Buffer b = "{\"type\":\"FeatureCollection\",\"name\":\"chantiers\",\"crs\":{\"type\":\"name\","
                   "\"properties\":"
                   "{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}},\"features\":[\n";
        for (std::size_t i = 0; i < w_.worksites.size(); ++i) {
            const Worksite& ws = w_.worksites[i];
            Ring ring;
            std::string name, ref_pm;
            if (ws.transport) {
                const Nro& nro = w_.nros[static_cast<std::size_t>(ws.owner)];
                std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(nro.node)].p};
                for (int p : nro.pms) {
                    pts.push_back(
                        w_.nodes[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(p)].junction)].p);
                }
                ring = hull(pts, 20);
                name = fmt::format("Transport NRO-17-{:03d} ({})", ws.owner + 1,
                                   w_.communes[static_cast<std::size_t>(nro.commune)].name);
            } else {
                ring = pm_hull_[static_cast<std::size_t>(ws.owner)];
                ref_pm = pm_refpm(ws.owner);
                name = fmt::format("Déploiement {}", ref_pm);
            }
            std::string suspensions;
            for (const auto& s : ws.suspensions) {
                suspensions +=
                    fmt::format("{}{}/{}", suspensions.empty() ? "" : "|", iso(s.start), iso(s.end));
            }
            put(b,
                "{}{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{}\",\"nom\":\"{}\",\"nature\":\"{}\","
                "\"ref_pm\":{},"
                "\"etat\":\"{}\",\"debut_prevu\":\"{}\",\"fin_prevue\":\"{}\",\"debut_reel\":{},\"fin_"
                "reelle\":{},"
                "\"date_abandon\":{},\"suspensions\":{},\"lineaire_prevu_m\":{}}},\"geometry\":{{\"type\":"
                "\"Polygon\","
                "\"coordinates\":[[",
                i == 0 ? "" : ",\n", worksite_code(w_, static_cast<int>(i)), json_text(name),
                ws.transport ? "transport" : "distribution", ref_pm.empty() ? "null" : "\"" + ref_pm + "\"",
                declared(ws.state_at(w_.delivery)), iso(ws.planned_start), iso(ws.planned_end),
                quoted(ws.actual_start), quoted(ws.actual_end), quoted(ws.abandoned),
                suspensions.empty() ? "null" : "\"" + suspensions + "\"", std::lround(ws.length_m));
            for (std::size_t k = 0; k <= ring.size(); ++k) {
                const Point& p = ring[k % ring.size()];
                put(b, "{}[{:.2f},{:.2f}]", k == 0 ? "" : ",", p.x, p.y);
            }
            b += "]]}}";
        }
        b += "\n]}\n";
        write_file(dir("worksites") + "/chantiers.geojson", b);
    }

    static std::string quoted(Date d) { return d.is_never() ? "null" : fmt::format("\"{}\"", d.iso()); }

    const World& w_;
    std::string out_;
    std::vector<Ring> pm_hull_;
    std::array<std::vector<std::vector<int>>, kind_count> by_nro_; ///< per Kind, per NRO: element indexes
};

} // namespace

void write_sources(const World& world, const std::string& out) {
    SourceWriter writer(world, out);
    writer.write_all();
}

} // namespace fibre::demo
