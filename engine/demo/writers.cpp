// Writes the demo's source folders in the formats départements really receive (see
// docs/formats.md): the commune reference, the Etalab cadastre, the BAN, a GraceTHD v3
// delivery, an IPE file and the worksites. Text formats are written by hand: it is several
// times faster than going through OGR, and the output is byte for byte reproducible.

#include "engine/demo/demo.hpp"
#include "engine/demo/shapefile_writer.hpp"
#include "engine/demo/world.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <iterator>
#include <memory>
#include <proj.h>
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

class SourceWriter {
public:
    SourceWriter(const World& world, std::string out) : w_(world), out_(std::move(out)) { zone_points(); }

    /// Writes every folder; the cadastre, the largest, on a second thread.
    void write_all() {
        std::exception_ptr cadastre_error;
        std::thread cadastre([&] {
            try {
                write_cadastre();
            } catch (...) {
                cadastre_error = std::current_exception();
            }
        });
        std::exception_ptr error;
        try {
            write_communes();
            write_ban();
            write_gracethd();
            write_ipe();
            write_worksites();
        } catch (...) {
            error = std::current_exception();
        }
        cadastre.join();
        for (const auto& e : {error, cadastre_error}) {
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

    std::string address_code(int i) const { return fmt::format("AD17{:08d}", i + 1); }
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
    std::string nro_local(int n) const { return nro_local_code(w_, n); }
    std::string pm_local(int p) const { return pm_local_code(w_, p); }
    static std::string site_code(int i) { return fmt::format("ST17{:08d}", i + 1); }
    std::string nro_site(int n) const { return site_code(n); }
    std::string pm_site(int p) const { return site_code(static_cast<int>(w_.nros.size()) + p); }
    static std::string pt_code(int node) { return fmt::format("PT17{:08d}", node + 1); }

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

    void write_gracethd() {
        const std::string g = dir("gracethd");
        const std::string& prj = lambert93_prj();
        const Date d = w_.delivery;
        {
            ShapefileWriter nodes(g + "/t_noeud", ShapefileWriter::Shape::point,
                                  {{"nd_code", 'C', 16}, {"nd_type", 'C', 2}, {"nd_creadat", 'C', 10}}, prj,
                                  d);
            for (std::size_t i = 0; i < w_.nodes.size(); ++i) {
                const Node& n = w_.nodes[i];
                const std::string code = node_code(static_cast<int>(i));
                const std::string created = iso(node_life(n).installed);
                const int copies = static_cast<int>(i) == w_.duplicated_node ? 2 : 1;
                for (int k = 0; k < copies; ++k) {
                    nodes.add_point(n.p, {code, n.site ? "ST" : "PT", created});
                }
            }
            nodes.finish();
        }
        {
            ShapefileWriter paths(g + "/t_cheminement", ShapefileWriter::Shape::polyline,
                                  {{"cm_code", 'C', 16},
                                   {"cm_ndcode1", 'C', 16},
                                   {"cm_ndcode2", 'C', 16},
                                   {"cm_statut", 'C', 3},
                                   {"cm_avct", 'C', 1},
                                   {"cm_typelog", 'C', 2},
                                   {"cm_typ_imp", 'C', 2},
                                   {"cm_long", 'N', 12, 2},
                                   {"cm_datcons", 'C', 10},
                                   {"cm_datemes", 'C', 10}},
                                  prj, d);
            for (std::size_t i = 0; i < w_.paths.size(); ++i) {
                const Path& p = w_.paths[i];
                const double len =
                    std::hypot(p.line.back().x - p.line.front().x, p.line.back().y - p.line.front().y);
                paths.add_line(p.line,
                               {fmt::format("CM17{:08d}", i + 1), node_code(p.n1),
                                p.missing_end.empty() ? node_code(p.n2) : p.missing_end, statut(p.life),
                                avct(p.life), p.transport ? "TR" : "DI", std::to_string(p.implantation),
                                num(len), iso(p.life.installed), iso(p.life.commissioned)});
            }
            paths.finish();
        }
        {
            ShapefileWriter lines(g + "/t_cableline", ShapefileWriter::Shape::polyline,
                                  {{"cl_code", 'C', 16}, {"cl_cb_code", 'C', 16}, {"cl_long", 'N', 12, 2}},
                                  prj, d);
            Buffer cables = bom;
            cables += "cb_code;cb_nd1;cb_nd2;cb_bp1;cb_bp2;cb_typelog;cb_statut;cb_avct;cb_capafo;cb_long;cb_"
                      "dateins;cb_datemes\n";
            Buffer cab_chem = bom;
            cab_chem += "cc_cb_code;cc_cm_code\n";
            static constexpr int capacities[] = {12, 24, 36, 48, 72, 96, 144, 288, 432, 576, 720};
            for (std::size_t i = 0; i < w_.cables.size(); ++i) {
                const Cable& c = w_.cables[i];
                const Point a = w_.nodes[static_cast<std::size_t>(c.n1)].p;
                const Point b = w_.nodes[static_cast<std::size_t>(c.n2)].p;
                const double len = std::hypot(b.x - a.x, b.y - a.y);
                const std::string code = fmt::format("CB17{:08d}", i + 1);
                lines.add_line({a, b}, {fmt::format("CL17{:08d}", i + 1), code, num(len)});
                const double need = c.transport ? static_cast<double>(c.downstream) / 32.0 * 1.5
                                                : static_cast<double>(c.downstream) * 1.2;
                int capa = capacities[std::size(capacities) - 1];
                for (int k : capacities) {
                    if (k >= need) {
                        capa = k;
                        break;
                    }
                }
                put(cables, "{};{};{};;{};{};{};{};{};{};{};{}\n", code, node_code(c.n1), node_code(c.n2),
                    c.box2 >= 0 ? box_code(c.box2) : std::string{}, c.transport ? "TR" : "DI", statut(c.life),
                    avct(c.life), capa, num(len), iso(c.life.installed), iso(c.life.commissioned));
                put(cab_chem, "{};CM17{:08d}\n", code, c.path + 1);
            }
            lines.finish();
            write_file(g + "/t_cable.csv", cables);
            write_file(g + "/t_cab_chem.csv", cab_chem);
        }
        {
            ShapefileWriter adr(g + "/t_adresse", ShapefileWriter::Shape::point,
                                {{"ad_code", 'C', 16},
                                 {"ad_ban_id", 'C', 16},
                                 {"ad_insee", 'C', 5},
                                 {"ad_hexacle", 'C', 10},
                                 {"ad_numero", 'N', 6},
                                 {"ad_rep", 'C', 10},
                                 {"ad_nomvoie", 'C', 64},
                                 {"ad_postal", 'C', 5},
                                 {"ad_commune", 'C', 48},
                                 {"ad_nbfotth", 'N', 6},
                                 {"ad_nblhab", 'N', 6},
                                 {"ad_nblpro", 'N', 6},
                                 {"ad_ietat", 'C', 2},
                                 {"ad_idatcab", 'C', 10},
                                 {"ad_idatcom", 'C', 10}},
                                prj, d);
            for (std::size_t i = 0; i < w_.addresses.size(); ++i) {
                const Address& a = w_.addresses[i];
                const Commune& c = commune_of(a);
                const int pm = address_pm(static_cast<int>(i));
                const Date cab = cabling(static_cast<int>(i));
                adr.add_point(a.pos, {address_code(static_cast<int>(i)), ban_id(a), c.insee,
                                      hexacle(w_, static_cast<int>(i)), std::to_string(a.number), "",
                                      w_.streets[static_cast<std::size_t>(a.street)].name, c.postcode, c.name,
                                      std::to_string(a.locals), std::to_string(a.locals - a.pro),
                                      std::to_string(a.pro), ad_ietat(a.ipe_state), iso(cab),
                                      cab.is_never() || pm < 0 ? std::string{} : iso(commercial(pm))});
            }
            adr.finish();
        }
        write_zones(g);
        write_sites_and_locals(g);
    }

    void write_zones(const std::string& g) {
        const std::string& prj = lambert93_prj();
        ShapefileWriter znro(g + "/t_znro", ShapefileWriter::Shape::polygon,
                             {{"zn_code", 'C', 16}, {"zn_lc_code", 'C', 16}, {"zn_nroref", 'C', 16}}, prj,
                             w_.delivery);
        for (std::size_t n = 0; n < w_.nros.size(); ++n) {
            std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(w_.nros[n].node)].p};
            for (int p : w_.nros[n].pms) {
                const Ring& r = pm_hull_[static_cast<std::size_t>(p)];
                pts.insert(pts.end(), r.begin(), r.end());
            }
            znro.add_polygon({hull(pts, 20)},
                             {fmt::format("ZN17{:08d}", n + 1), nro_local(static_cast<int>(n)),
                              fmt::format("NRO-17-{:03d}", n + 1)});
        }
        znro.finish();
        ShapefileWriter zsro(g + "/t_zsro", ShapefileWriter::Shape::polygon,
                             {{"zs_code", 'C', 16},
                              {"zs_lc_code", 'C', 16},
                              {"zs_zn_code", 'C', 16},
                              {"zs_refpm", 'C', 16},
                              {"zs_etatpm", 'C', 2},
                              {"zs_nblogmt", 'N', 9},
                              {"zs_datcomr", 'C', 10}},
                             prj, w_.delivery);
        for (std::size_t p = 0; p < w_.pms.size(); ++p) {
            const Pm& pm = w_.pms[p];
            const Worksite& ws = zone_works(static_cast<int>(p));
            const char* etat = !ws.abandoned.is_never()      ? "AB"
                               : !ws.actual_end.is_never()   ? "DP"
                               : !ws.actual_start.is_never() ? "EC"
                                                             : "PL";
            zsro.add_polygon({pm_hull_[p]},
                             {fmt::format("ZS17{:08d}", p + 1), pm_local(static_cast<int>(p)),
                              fmt::format("ZN17{:08d}", pm.nro + 1), pm_refpm(static_cast<int>(p)), etat,
                              std::to_string(pm.locals), iso(commercial(static_cast<int>(p)))});
        }
        zsro.finish();
        ShapefileWriter zpbo(g + "/t_zpbo", ShapefileWriter::Shape::polygon,
                             {{"zp_code", 'C', 16}, {"zp_bp_code", 'C', 16}, {"zp_zs_code", 'C', 16}}, prj,
                             w_.delivery);
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            const Box& box = w_.boxes[b];
            std::vector<Point> pts{w_.nodes[static_cast<std::size_t>(box.node)].p};
            for (int ai : box.addresses) {
                const Rect& r = w_.addresses[static_cast<std::size_t>(ai)].parcel;
                pts.push_back({r.x0, r.y0});
                pts.push_back({r.x1, r.y1});
            }
            Ring ring = hull(pts, 2);
            if (static_cast<int>(b) == w_.invalid_zone_box) {
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
            zpbo.add_polygon({ring}, {fmt::format("ZP17{:08d}", b + 1), box_code(static_cast<int>(b)),
                                      fmt::format("ZS17{:08d}", box.pm + 1)});
        }
        zpbo.finish();
    }

    void write_sites_and_locals(const std::string& g) {
        Buffer sites = bom;
        sites += "st_code;st_nd_code;st_typelog;st_statut;st_avct;st_dateins;st_datemes;st_nom\n";
        Buffer locals = bom;
        locals +=
            "lc_code;lc_st_code;lc_ad_code;lc_bp_codf;lc_typelog;lc_statut;lc_avct;lc_dateins;lc_datemes\n";
        for (std::size_t i = 0; i < w_.local_address.size(); ++i) {
            const int box = w_.local_box[i];
            put(locals, "{};;{};{};FTTH;;;;\n", local_code(static_cast<int>(i)),
                address_code(w_.local_address[i]), box >= 0 ? box_code(box) : std::string{});
        }
        for (std::size_t n = 0; n < w_.nros.size(); ++n) {
            const Nro& nro = w_.nros[n];
            const auto& l = nro.life;
            const std::string name =
                fmt::format("NRO {}", w_.communes[static_cast<std::size_t>(nro.commune)].name);
            put(sites, "{};{};RESEAU;{};{};{};{};{}\n", nro_site(static_cast<int>(n)), node_code(nro.node),
                statut(l), avct(l), iso(l.installed), iso(l.commissioned), csv_field(name));
            put(locals, "{};{};;;NRO;{};{};{};{}\n", nro_local(static_cast<int>(n)),
                nro_site(static_cast<int>(n)), statut(l), avct(l), iso(l.installed), iso(l.commissioned));
        }
        for (std::size_t p = 0; p < w_.pms.size(); ++p) {
            const Pm& pm = w_.pms[p];
            const auto& l = pm.life;
            put(sites, "{};{};RESEAU;{};{};{};{};{}\n", pm_site(static_cast<int>(p)), node_code(pm.node),
                statut(l), avct(l), iso(l.installed), iso(l.commissioned), pm_refpm(static_cast<int>(p)));
            put(locals, "{};{};;;SRO;{};{};{};{}\n", pm_local(static_cast<int>(p)),
                pm_site(static_cast<int>(p)), statut(l), avct(l), iso(l.installed), iso(l.commissioned));
        }
        write_file(g + "/t_site.csv", sites);
        write_file(g + "/t_local.csv", locals);

        Buffer ptech = bom;
        ptech += "pt_code;pt_nd_code;pt_typelog;pt_statut;pt_avct\n";
        for (std::size_t i = 0; i < w_.nodes.size(); ++i) {
            const Node& n = w_.nodes[i];
            if (n.site) {
                continue;
            }
            const Lifecycle l = node_life(n);
            put(ptech, "{};{};{};{};{}\n", pt_code(static_cast<int>(i)), node_code(static_cast<int>(i)),
                n.ptech, statut(l), avct(l));
        }
        write_file(g + "/t_ptech.csv", ptech);

        Buffer ebp = bom;
        ebp += "bp_code;bp_pt_code;bp_lc_code;bp_typelog;bp_statut;bp_avct;bp_dateins;bp_datemes\n";
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            const Box& box = w_.boxes[b];
            put(ebp, "{};{};;PBO;{};{};{};{}\n", box_code(static_cast<int>(b)), pt_code(box.node),
                statut(box.life), avct(box.life), iso(box.life.installed), iso(box.life.commissioned));
        }
        write_file(g + "/t_ebp.csv", ebp);
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
};

} // namespace

void write_sources(const World& world, const std::string& out) {
    SourceWriter writer(world, out);
    writer.write_all();
}

} // namespace fibre::demo
