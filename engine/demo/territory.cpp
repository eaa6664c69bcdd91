// The territory of the demo: the communes of département 17 tiling a plausible outline of
// Charente-Maritime, then settlements laid out as combs of streets with parcels, buildings,
// addresses and premises.

#include "engine/demo/demo.hpp"
#include "engine/demo/world.hpp"
#include "engine/support/error.hpp"
#include "engine/support/geos_context.hpp"
#include "engine/support/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <geos_c.h>
#include <numeric>

namespace fibre::demo {
namespace {

// A plausible outline of Charente-Maritime in Lambert-93, counter-clockwise from the
// southern tip on the Gironde estuary; the islands of Ré and Oléron are drawn as peninsulas
// so that the tiling stays one piece.
const std::array<Point, 36> outline_points{{
    {437000, 6442000}, {455000, 6450000}, {468000, 6468000}, {475000, 6490000}, {470000, 6505000},
    {478000, 6520000}, {472000, 6540000}, {462000, 6552000}, {458000, 6570000}, {445000, 6580000},
    {430000, 6592000}, {410000, 6598000}, {392000, 6596000}, {380000, 6590000}, {368000, 6585000},
    {345000, 6590000}, {333000, 6584000}, {350000, 6578000}, {375000, 6572000}, {380000, 6560000},
    {385000, 6548000}, {375000, 6545000}, {362000, 6558000}, {352000, 6548000}, {358000, 6528000},
    {368000, 6520000}, {378000, 6530000}, {384000, 6525000}, {375000, 6512000}, {383000, 6505000},
    {400000, 6495000}, {415000, 6478000}, {428000, 6458000}, {431000, 6450000}, {434000, 6445000},
    {437000, 6442000},
}};

// The outline above, once drawn, enclosed 11 700 km2; the département covers 6 864 km2. Shrinking
// it about its middle keeps its shape and brings its area to the real one.
constexpr Point shrink_centre{405000, 6520000};
constexpr double shrink = 0.767;
Point shrunk(Point p) {
    return {shrink_centre.x + shrink * (p.x - shrink_centre.x),
            shrink_centre.y + shrink * (p.y - shrink_centre.y)};
}

// The four largest towns sit where they really are; the other communes are spread by
// best-candidate sampling.
struct Anchor {
    const char* insee;
    Point p;
};
const std::array<Anchor, 4> anchors{{
    {"17300", {380500, 6570500}},
    {"17415", {426000, 6522000}},
    {"17299", {401000, 6547000}},
    {"17306", {387500, 6508500}},
}};

const std::array<const char*, 8> street_types{"RUE",   "AVENUE", "CHEMIN", "IMPASSE",
                                              "ALLEE", "ROUTE",  "PLACE",  "BOULEVARD"};
const std::array<const char*, 8> street_labels{"Rue",   "Avenue", "Chemin", "Impasse",
                                               "Allée", "Route",  "Place",  "Boulevard"};
const std::array<const char*, 60> street_names{
    "des Lilas",      "de la Gare",     "du Moulin",    "de l'Église",  "des Écoles",      "du Port",
    "des Mouettes",   "des Vignes",     "de la Mairie", "du Château",   "des Tilleuls",    "des Peupliers",
    "de la Fontaine", "du Marais",      "des Salines",  "de l'Océan",   "des Pins",        "du Stade",
    "de la Poste",    "des Jardins",    "du Puits",     "des Chênes",   "de la Forge",     "du Lavoir",
    "des Prés",       "de la Croix",    "du Bourg",     "des Acacias",  "des Ormeaux",     "de la Plage",
    "des Dunes",      "du Phare",       "des Pêcheurs", "des Huîtres",  "de la Saintonge", "de l'Aunis",
    "du Pont",        "de la Charente", "des Genêts",   "des Roses",    "des Coquelicots", "du Clos",
    "de la Prairie",  "des Cèdres",     "de la Tour",   "des Remparts", "du Four",         "des Fleurs",
    "de la Vallée",   "des Sources",    "du Calvaire",  "des Treilles", "du Logis",        "des Chaumes",
    "de la Garenne",  "des Bruyères",   "du Fief",      "des Écluses",  "de la Digue",     "des Marronniers"};
const std::array<const char*, 40> person_names{"Victor Hugo",
                                               "Jean Jaurès",
                                               "Pierre Loti",
                                               "Émile Zola",
                                               "Jules Ferry",
                                               "Louis Pasteur",
                                               "du Général de Gaulle",
                                               "Jean Moulin",
                                               "Aristide Briand",
                                               "Gambetta",
                                               "Clemenceau",
                                               "Pierre Curie",
                                               "Marie Curie",
                                               "Georges Brassens",
                                               "Anatole France",
                                               "Paul Bert",
                                               "Jules Verne",
                                               "Eugène Fromentin",
                                               "Champlain",
                                               "Foch",
                                               "Lafayette",
                                               "Colbert",
                                               "Voltaire",
                                               "Molière",
                                               "Racine",
                                               "La Fontaine",
                                               "Jean Macé",
                                               "Condorcet",
                                               "Camille Desmoulins",
                                               "Danton",
                                               "Mozart",
                                               "Jean Monnet",
                                               "Charles Péguy",
                                               "Albert Camus",
                                               "Saint-Exupéry",
                                               "René Caillé",
                                               "Henri Dunant",
                                               "Denis Papin",
                                               "Ampère",
                                               "Michelet"};
const std::array<const char*, 40> hamlet_names{
    "Chez Giraud",      "Les Ouches",       "La Brousse",       "Le Treuil",   "Les Granges",
    "La Maison Neuve",  "Le Grand Village", "Chez Bernard",     "Les Loges",   "La Métairie",
    "Le Fief Rouge",    "Les Touches",      "La Croix Blanche", "Chez Rabaud", "Le Petit Bois",
    "Les Brandes",      "La Prée",          "Le Pinier",        "Chez Drouet", "Les Fontenelles",
    "La Bergerie",      "Le Moulin Neuf",   "Les Essarts",      "La Coudre",   "Chez Jolly",
    "Les Rivières",     "La Grève",         "Le Breuil",        "Les Combes",  "La Boirie",
    "Chez Massé",       "Le Chaillot",      "Les Groies",       "La Chagnée",  "Le Cormier",
    "Les Maisonnettes", "La Guignarderie",  "Chez Moreau",      "Le Pas",      "Les Bujoliers"};

// Splits one line of a `;` CSV, with "quoted ""fields""".
std::vector<std::string> split_csv_line(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

std::vector<Commune> read_communes() {
    const std::string& csv = communes_17_csv();
    std::vector<Commune> communes;
    std::size_t start = 0;
    int row = 0;
    while (start < csv.size()) {
        std::size_t end = csv.find('\n', start);
        if (end == std::string::npos) {
            end = csv.size();
        }
        const std::string_view line(csv.data() + start, end - start);
        start = end + 1;
        if (row++ == 0 || text::trim(line).empty()) {
            continue;
        }
        auto f = split_csv_line(line);
        if (f.size() < 8) {
            throw DataError(fmt::format("expected 8 fields, found {}", f.size()),
                            ErrorContext{"data/communes-17.csv", "", std::to_string(row), ""});
        }
        Commune c;
        c.insee = f[0];
        c.name = f[1];
        c.departement = f[2];
        c.region = f[3];
        c.population = static_cast<long>(text::parse_integer(f[4]).value_or(0));
        c.postcodes = f[5];
        c.postcode = f[5].substr(0, f[5].find('|'));
        c.epci_siren = f[6];
        c.epci_name = f[7];
        communes.push_back(std::move(c));
    }
    if (communes.empty()) {
        throw DataError("the embedded commune list is empty", ErrorContext::in_file("data/communes-17.csv"));
    }
    return communes;
}

bool inside(const Ring& ring, Point p) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point a = ring[i];
        const Point b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
            in = !in;
        }
    }
    return in;
}

bool inside(const Commune& c, Point p) {
    return std::any_of(c.parts.begin(), c.parts.end(), [&](const Ring& r) { return inside(r, p); });
}

double ring_area(const Ring& r) {
    double a = 0;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        a += (r[j].x * r[i].y) - (r[i].x * r[j].y);
    }
    return a / 2;
}

void place_seeds(World& world, Random& random) {
    double xmin = 1e18, xmax = -1e18, ymin = 1e18, ymax = -1e18;
    for (const auto& p : world.outline) {
        xmin = std::min(xmin, p.x);
        xmax = std::max(xmax, p.x);
        ymin = std::min(ymin, p.y);
        ymax = std::max(ymax, p.y);
    }
    std::vector<Point> placed;
    std::vector<bool> done(world.communes.size(), false);
    for (const auto& a : anchors) {
        for (std::size_t i = 0; i < world.communes.size(); ++i) {
            if (world.communes[i].insee == a.insee) {
                world.communes[i].seed = shrunk(a.p);
                placed.push_back(shrunk(a.p));
                done[i] = true;
            }
        }
    }
    for (std::size_t i = 0; i < world.communes.size(); ++i) {
        if (done[i]) {
            continue;
        }
        Point best{};
        double best_d = -1;
        for (int k = 0; k < 10; ++k) {
            Point p{};
            do {
                p = {random.uniform(xmin, xmax), random.uniform(ymin, ymax)};
            } while (!inside(world.outline, p));
            double d = 1e18;
            for (const auto& q : placed) {
                d = std::min(d, (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y));
            }
            if (d > best_d) {
                best_d = d;
                best = p;
            }
        }
        world.communes[i].seed = best;
        placed.push_back(best);
    }
}

Ring ring_of(GEOSContextHandle_t h, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    Ring r;
    r.reserve(n);
    for (unsigned int i = 0; i < n; ++i) {
        Point p{};
        GEOSCoordSeq_getXY_r(h, seq, i, &p.x, &p.y);
        r.push_back(p);
    }
    if (ring_area(r) < 0) {
        std::reverse(r.begin(), r.end());
    }
    return r;
}

geos::GeometryPtr polygon_of(const geos::Context& ctx, Ring ring) {
    if (ring.front().x != ring.back().x || ring.front().y != ring.back().y) {
        ring.push_back(ring.front());
    }
    GEOSContextHandle_t h = ctx.handle();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i) {
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), ring[i].x, ring[i].y);
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    return geos::own(ctx, GEOSGeom_createPolygon_r(h, shell, nullptr, 0));
}

// Voronoi cells of the seeds, clipped to the outline: the communes tile the territory.
void tile_communes(World& world) {
    const geos::Context ctx;
    GEOSContextHandle_t h = ctx.handle();
    auto outline = polygon_of(ctx, world.outline);
    if (!outline) {
        throw DataError("GEOS could not build the outline: " + ctx.last_message());
    }
    std::vector<GEOSGeometry*> points;
    for (const auto& c : world.communes) {
        points.push_back(GEOSGeom_createPointFromXY_r(h, c.seed.x, c.seed.y));
    }
    auto seeds = geos::own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, points.data(),
                                                            static_cast<unsigned>(points.size())));
    auto cells = geos::own(ctx, GEOSVoronoiDiagram_r(h, seeds.get(), outline.get(), 0.0, 0));
    if (!cells) {
        throw DataError("GEOS could not tile the communes: " + ctx.last_message());
    }
    const int n = GEOSGetNumGeometries_r(h, cells.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* cell = GEOSGetGeometryN_r(h, cells.get(), i);
        auto prepared = geos::own_prepared(ctx, GEOSPrepare_r(h, cell));
        for (auto& c : world.communes) {
            if (!c.parts.empty()) {
                continue;
            }
            auto pt = geos::own(ctx, GEOSGeom_createPointFromXY_r(h, c.seed.x, c.seed.y));
            if (GEOSPreparedContains_r(h, prepared.get(), pt.get()) != 1) {
                continue;
            }
            auto clipped = geos::own(ctx, GEOSIntersection_r(h, cell, outline.get()));
            if (!clipped) {
                throw DataError("GEOS could not clip a commune: " + ctx.last_message());
            }
            const int parts = GEOSGetNumGeometries_r(h, clipped.get());
            for (int k = 0; k < parts; ++k) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(h, clipped.get(), k);
                if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) {
                    c.parts.push_back(ring_of(h, GEOSGetExteriorRing_r(h, part)));
                }
            }
            break;
        }
    }
    for (const auto& c : world.communes) {
        if (c.parts.empty()) {
            throw DataError(fmt::format("commune {} got no cell in the tiling", c.insee));
        }
    }
}

// Premises per commune proportional to population, by largest remainder (exact integers).
void allocate_premises(World& world, std::uint64_t premises) {
    std::int64_t total_pop = 0;
    for (const auto& c : world.communes) {
        total_pop += c.population;
    }
    const auto n = static_cast<std::int64_t>(premises);
    std::vector<std::pair<std::int64_t, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < world.communes.size(); ++i) {
        const std::int64_t share = n * world.communes[i].population;
        world.communes[i].locals = share / total_pop;
        given += world.communes[i].locals;
        remainders.emplace_back(share % total_pop, i);
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; given < n; ++k, ++given) {
        world.communes[remainders[k % remainders.size()].second].locals += 1;
    }
}

struct Building {
    int locals = 1;
    int pro = 0;
    bool apartment = false;
};

struct KindParams {
    double apartment_share;
    int apt_lo, apt_hi;
    int branches, per_side;
    double house_width, depth;
    int implantation;
};

KindParams params(SettlementKind kind) {
    switch (kind) {
    case SettlementKind::town:
        return {0.6, 6, 40, 10, 24, 15, 40, 7};
    case SettlementKind::small_town:
        return {0.3, 4, 16, 8, 20, 18, 36, 7};
    case SettlementKind::village:
        return {0.05, 3, 8, 6, 14, 22, 35, 0};
    case SettlementKind::hamlet:
        break;
    }
    return {0.0, 2, 2, 2, 8, 26, 40, 0};
}

std::vector<Building> buildings_for(std::int64_t locals, const KindParams& kp, Random& random) {
    const double avg = (kp.apt_lo + kp.apt_hi) / 2.0;
    const double a = kp.apartment_share;
    const double q = a * 1.1 / (avg * (1 - a) + a * 1.1);
    std::vector<Building> out;
    while (locals > 0) {
        Building b;
        if (locals >= 3 && a > 0 && random.chance(q)) {
            b.apartment = true;
            b.locals = static_cast<int>(std::min<std::int64_t>(locals, random.integer(kp.apt_lo, kp.apt_hi)));
            b.pro = random.chance(0.3) ? 1 : 0;
        } else if (locals >= 2 && random.chance(0.04)) {
            b.locals = 2;
            b.pro = 1;
        } else {
            b.pro = random.chance(0.06) ? 1 : 0;
        }
        locals -= b.locals;
        out.push_back(b);
    }
    return out;
}

int new_street(World& world, int commune, bool hamlet, int hamlet_index, int hamlet_branch) {
    Commune& c = world.communes[static_cast<std::size_t>(commune)];
    Street s;
    s.commune = commune;
    s.number = ++c.streets;
    if (hamlet) {
        const std::string place =
            hamlet_names[static_cast<std::size_t>(hamlet_index + commune) % hamlet_names.size()];
        if (hamlet_branch == 0) {
            s.bare = place;
            s.name = place;
        } else {
            s.type = "ROUTE";
            s.bare = "de " + place;
            s.name = "Route de " + place;
        }
    } else {
        const auto k = static_cast<std::size_t>(s.number - 1);
        const std::size_t t = k % street_types.size();
        const std::size_t combos = street_types.size() * (street_names.size() + person_names.size());
        const std::size_t ni = (k / street_types.size()) % (street_names.size() + person_names.size());
        s.type = street_types[t];
        s.bare = ni < street_names.size() ? std::string(street_names[ni])
                                          : std::string(person_names[ni - street_names.size()]);
        if (k >= combos) {
            s.bare += fmt::format(" {}", k / combos + 1);
        }
        s.name = std::string(street_labels[t]) + " " + s.bare;
    }
    world.streets.push_back(std::move(s));
    return static_cast<int>(world.streets.size()) - 1;
}

// Lays the buildings out as one comb (relative to its entry at 0,0) and appends its addresses.
int lay_comb(World& world, int commune, SettlementKind kind, const std::vector<Building>& buildings,
             std::size_t from, std::size_t to, int hamlet_index, Random& random) {
    const KindParams kp = params(kind);
    Comb comb;
    comb.commune = commune;
    comb.kind = kind;
    comb.depth = kp.depth;
    comb.implantation = kp.implantation;
    if (kind == SettlementKind::small_town) {
        comb.implantation = random.chance(0.5) ? 7 : 0;
    }
    const int comb_index = static_cast<int>(world.combs.size());
    const double pitch = 2 * kp.depth + 12;
    double cursor[2] = {6, 6};
    int on_side[2] = {0, 0};
    double max_x = 6;
    for (std::size_t i = from; i < to; ++i) {
        if (comb.branches.empty() || on_side[0] + on_side[1] >= 2 * kp.per_side) {
            Branch br;
            br.y = kp.depth + 12 + pitch * static_cast<double>(comb.branches.size());
            br.street = new_street(world, commune, kind == SettlementKind::hamlet, hamlet_index,
                                   static_cast<int>(comb.branches.size()));
            comb.branches.push_back(br);
            cursor[0] = cursor[1] = 6;
            on_side[0] = on_side[1] = 0;
        }
        Branch& br = comb.branches.back();
        const Building& b = buildings[i];
        const int side = (on_side[0] + on_side[1]) % 2;
        const double w = b.apartment ? std::min(60.0, 24 + 0.8 * b.locals) : kp.house_width;
        Address a;
        a.commune = commune;
        a.comb = comb_index;
        a.branch = static_cast<int>(comb.branches.size()) - 1;
        a.street = br.street;
        a.number = side == 0 ? 2 * on_side[0] + 1 : 2 * on_side[1] + 2;
        a.locals = b.locals;
        a.pro = b.pro;
        a.apartment = b.apartment;
        const double x0 = cursor[side];
        const double y_near = side == 0 ? br.y + 6 : br.y - 6;
        const double y_far = side == 0 ? br.y + 6 + kp.depth : br.y - 6 - kp.depth;
        a.parcel = {x0, std::min(y_near, y_far), x0 + w, std::max(y_near, y_far)};
        const double bw = b.apartment ? w - 6 : std::min(w - 6, 12.0);
        const double bd = b.apartment ? std::min(kp.depth - 8, 12 + b.locals / 2.0) : 10.0;
        const double bx0 = x0 + (w - bw) / 2;
        const double by_near = side == 0 ? y_near + 4 : y_near - 4;
        const double by_far = side == 0 ? by_near + bd : by_near - bd;
        a.building = {bx0, std::min(by_near, by_far), bx0 + bw, std::max(by_near, by_far)};
        a.pos = a.building.centre();
        cursor[side] += w;
        on_side[side] += 1;
        max_x = std::max(max_x, cursor[side]);
        comb.locals += b.locals;
        br.addresses.push_back(static_cast<int>(world.addresses.size()));
        world.addresses.push_back(a);
    }
    comb.width = max_x;
    comb.height = comb.branches.back().y + 6 + kp.depth;
    world.combs.push_back(std::move(comb));
    return comb_index;
}

void shift_comb(World& world, int comb_index, Point entry) {
    Comb& comb = world.combs[static_cast<std::size_t>(comb_index)];
    comb.entry = entry;
    for (auto& br : comb.branches) {
        br.y += entry.y;
        for (int ai : br.addresses) {
            Address& a = world.addresses[static_cast<std::size_t>(ai)];
            a.parcel = {a.parcel.x0 + entry.x, a.parcel.y0 + entry.y, a.parcel.x1 + entry.x,
                        a.parcel.y1 + entry.y};
            a.building = {a.building.x0 + entry.x, a.building.y0 + entry.y, a.building.x1 + entry.x,
                          a.building.y1 + entry.y};
            a.pos = a.building.centre();
        }
    }
}

// One settlement: buildings cut into combs, the combs placed on a grid spiralling out of the
// settlement's centre.
void make_settlement(World& world, int commune, SettlementKind kind, std::int64_t locals, Point centre,
                     int hamlet_index, Random& random) {
    if (locals <= 0) {
        return;
    }
    const KindParams kp = params(kind);
    const auto buildings = buildings_for(locals, kp, random);
    const std::size_t capacity =
        static_cast<std::size_t>(kp.branches) * 2 * static_cast<std::size_t>(kp.per_side);
    std::vector<int> combs;
    for (std::size_t from = 0; from < buildings.size(); from += capacity) {
        combs.push_back(lay_comb(world, commune, kind, buildings, from,
                                 std::min(buildings.size(), from + capacity), hamlet_index, random));
    }
    double cw = 0, ch = 0;
    for (int ci : combs) {
        cw = std::max(cw, world.combs[static_cast<std::size_t>(ci)].width + 40);
        ch = std::max(ch, world.combs[static_cast<std::size_t>(ci)].height + 40);
    }
    const int radius = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(combs.size())))) + 1;
    std::vector<std::pair<int, int>> cells;
    for (int i = -radius; i <= radius; ++i) {
        for (int j = -radius; j <= radius; ++j) {
            cells.emplace_back(i, j);
        }
    }
    std::sort(cells.begin(), cells.end(), [](auto a, auto b) {
        const int da = a.first * a.first + a.second * a.second;
        const int db = b.first * b.first + b.second * b.second;
        return da != db ? da < db : a < b;
    });
    for (std::size_t k = 0; k < combs.size(); ++k) {
        const Point entry{centre.x + (cells[k].first - 0.5) * cw + 20,
                          centre.y + (cells[k].second - 0.5) * ch + 20};
        shift_comb(world, combs[k], entry);
    }
}

SettlementKind kind_of(long population) {
    if (population >= 10000) {
        return SettlementKind::town;
    }
    if (population >= 2000) {
        return SettlementKind::small_town;
    }
    return SettlementKind::village;
}

void make_settlements(World& world, Random& random) {
    for (std::size_t ci = 0; ci < world.communes.size(); ++ci) {
        Commune& c = world.communes[ci];
        c.first_address = static_cast<int>(world.addresses.size());
        Random r = random.fork(ci);
        const SettlementKind kind = kind_of(c.population);
        const double share = kind == SettlementKind::town         ? 0.03
                             : kind == SettlementKind::small_town ? 0.10
                                                                  : 0.28;
        std::int64_t hamlet_locals =
            c.locals >= 6 ? static_cast<std::int64_t>(std::llround(share * static_cast<double>(c.locals)))
                          : 0;
        const auto hamlets = static_cast<int>(std::clamp<std::int64_t>((hamlet_locals + 11) / 12, 0, 10));
        if (hamlets == 0) {
            hamlet_locals = 0;
        }
        make_settlement(world, static_cast<int>(ci), kind, c.locals - hamlet_locals, c.seed, 0, r);
        double area = 0;
        for (const auto& part : c.parts) {
            area += ring_area(part);
        }
        const double radius = std::sqrt(area / 3.14159265358979);
        for (int hi = 0; hi < hamlets; ++hi) {
            const std::int64_t n = hamlet_locals / hamlets + (hi < hamlet_locals % hamlets ? 1 : 0);
            Point p = c.seed;
            for (int attempt = 0; attempt < 12; ++attempt) {
                const double angle = r.uniform(0, 6.283185307179586);
                const double d = r.uniform(0.35, 0.8) * radius;
                const Point q{c.seed.x + d * std::cos(angle), c.seed.y + d * std::sin(angle)};
                if (inside(c, q)) {
                    p = q;
                    break;
                }
                if (attempt == 11) {
                    p = {c.seed.x + 0.2 * radius * std::cos(angle),
                         c.seed.y + 0.2 * radius * std::sin(angle)};
                }
            }
            make_settlement(world, static_cast<int>(ci), SettlementKind::hamlet, n, p, hi, r);
        }
        c.end_address = static_cast<int>(world.addresses.size());
    }
}

// Premises in address order; counts per commune.
void make_premises(World& world, Random& random) {
    for (std::size_t ai = 0; ai < world.addresses.size(); ++ai) {
        Address& a = world.addresses[ai];
        a.first_local = static_cast<int>(world.local_address.size());
        Commune& c = world.communes[static_cast<std::size_t>(a.commune)];
        a.parcel_number = static_cast<int>(ai) - c.first_address + 1;
        for (int k = 0; k < a.locals; ++k) {
            const bool pro = k < a.pro;
            world.local_address.push_back(static_cast<int>(ai));
            world.local_pro.push_back(pro ? 1 : 0);
            (pro ? c.etablissements : c.logements) += 1;
        }
    }
    world.local_box.assign(world.local_address.size(), -1);
    (void)random;
}

// A few hamlets in no plan at all, chosen where no other settlement (so no PBO) is near.
void choose_no_plan(World& world, Random& random) {
    std::vector<int> hamlets;
    for (std::size_t i = 0; i < world.combs.size(); ++i) {
        if (world.combs[i].kind == SettlementKind::hamlet) {
            hamlets.push_back(static_cast<int>(i));
        }
    }
    if (hamlets.empty()) {
        return;
    }
    const auto wanted = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::llround(0.015 * static_cast<double>(hamlets.size()))));
    std::size_t chosen = 0;
    for (std::size_t attempt = 0; attempt < wanted * 6 && chosen < wanted; ++attempt) {
        const int ci = hamlets[static_cast<std::size_t>(
            random.integer(0, static_cast<std::int64_t>(hamlets.size()) - 1))];
        Comb& comb = world.combs[static_cast<std::size_t>(ci)];
        if (comb.no_plan) {
            continue;
        }
        const double margin = 200;
        bool clear = true;
        for (std::size_t o = 0; o < world.combs.size() && clear; ++o) {
            if (static_cast<int>(o) == ci) {
                continue;
            }
            const Comb& other = world.combs[o];
            clear = other.entry.x - 60 > comb.entry.x + comb.width + margin ||
                    other.entry.x + other.width < comb.entry.x - 60 - margin ||
                    other.entry.y - 60 > comb.entry.y + comb.height + margin ||
                    other.entry.y + other.height < comb.entry.y - 60 - margin;
        }
        if (clear) {
            comb.no_plan = true;
            ++chosen;
        }
    }
}

} // namespace

void build_territory(World& world, std::uint64_t premises, Random& random) {
    world.communes = read_communes();
    for (std::size_t i = 0; i + 1 < outline_points.size(); ++i) {
        world.outline.push_back(shrunk(outline_points[i]));
    }
    Random seeds = random.fork(1);
    place_seeds(world, seeds);
    tile_communes(world);
    allocate_premises(world, premises);
    Random settlements = random.fork(2);
    make_settlements(world, settlements);
    Random locals = random.fork(3);
    make_premises(world, locals);
    Random plans = random.fork(4);
    choose_no_plan(world, plans);
}

} // namespace fibre::demo
