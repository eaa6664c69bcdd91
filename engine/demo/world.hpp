#pragma once
/// @file world.hpp
/// The demo's in-memory département (internal to engine/demo): territory, addresses,
/// premises, the network and its history, as the generator builds them. Indexes, not
/// pointers, link the parts; codes are derived from indexes when the files are written.

#include "engine/demo/random.hpp"
#include "engine/support/date.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fibre::demo {

struct Point {
    double x = 0; ///< Lambert-93 easting, metres
    double y = 0; ///< Lambert-93 northing, metres
};

using Ring = std::vector<Point>;

/// Axis-aligned rectangle (parcels, buildings), Lambert-93 metres.
struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    [[nodiscard]] Point centre() const { return {(x0 + x1) / 2, (y0 + y1) / 2}; }
};

enum class SettlementKind : std::uint8_t { town, small_town, village, hamlet };

struct Commune {
    std::string insee, name, departement, region, postcodes, epci_siren, epci_name;
    long population = 0;
    std::string postcode;    ///< first of postcodes
    std::vector<Ring> parts; ///< outer rings (counter-clockwise), the cell of the tiling
    Point seed;
    std::int64_t locals = 0;                ///< FTTH premises generated in it
    std::int64_t logements = 0;             ///< residential premises
    std::int64_t etablissements = 0;        ///< professional premises
    int first_address = 0, end_address = 0; ///< its addresses [first, end)
    int streets = 0;                        ///< streets named in it so far
};

struct Street {
    int commune = 0;
    int number = 0;   ///< within the commune (FANTOIR-like code)
    std::string type; ///< IPE TypeVoieImmeuble: RUE, CHEMIN, IMPASSE... (empty for a lieu-dit)
    std::string bare; ///< the name without its type: "des Lilas"
    std::string name; ///< BAN nom_voie: "Rue des Lilas"
};

struct Address {
    int commune = 0;
    int comb = 0;
    int branch = 0;
    int street = 0;
    int number = 0;
    int locals = 0; ///< premises at this address
    int pro = 0;    ///< of which professional
    bool apartment = false;
    Point pos; ///< on the building
    Rect parcel;
    Rect building;
    int parcel_number = 0; ///< within the commune
    int first_local = 0;   ///< its premises [first_local, first_local + locals)
    std::string ipe_state; ///< EtatImmeuble on the delivery date; empty when in no plan
};

/// One street of a comb: a branch leaving the trunk eastwards, plots on both sides.
struct Branch {
    double y = 0; ///< its centre line
    int street = 0;
    std::vector<int> addresses; ///< in order outwards
    int trunk_node = -1;        ///< network node where it leaves the trunk
};

/// A block of streets laid out as a comb: a trunk going north from its entry, branches east.
/// Every settlement is one or more combs.
struct Comb {
    int commune = 0;
    SettlementKind kind = SettlementKind::village;
    Point entry;
    double depth = 35; ///< plot depth, metres
    double width = 0, height = 0;
    std::vector<Branch> branches;
    bool no_plan = false; ///< a hamlet in no deployment plan: no network at all
    int nro = -1;
    int entry_node = -1;
    int implantation = 0; ///< cm_typ_imp of its streets: 0 aerial, 7 duct
    std::int64_t locals = 0;
};

enum class Build : std::uint8_t { built, works, planned, abandoned };

/// How far an element is on the delivery date, and its dates (never() when absent).
struct Lifecycle {
    Build build = Build::planned;
    Date installed = Date::never();    ///< *_dateins, cm_datcons
    Date commissioned = Date::never(); ///< *_datemes
    /// When the element starts to be in service (docs/figures.md), never() when it is not.
    [[nodiscard]] Date from() const {
        if (build != Build::built) {
            return Date::never();
        }
        if (!commissioned.is_never()) {
            return commissioned;
        }
        return installed.is_never() ? Date::always() : installed;
    }
};

struct Node {
    Point p;
    bool site = false;    ///< nd_type ST (NRO, PM) rather than PT
    char ptech = 'C';     ///< C chamber, A pole (t_ptech pt_typelog)
    int owner = -1;       ///< worksite whose works built it
    bool hidden = false;  ///< named by cables but left out of t_noeud (a box located by its cables)
    bool dropped = false; ///< no longer part of the network: not written
};

struct Path {
    int n1 = 0, n2 = 0;
    std::vector<Point> line;
    bool transport = false;
    int implantation = 0;
    int worksite = -1;
    Lifecycle life;
    std::string missing_end; ///< when set, cm_ndcode2 names this node, which does not exist
    bool dropped = false;    ///< not written (the spur of a box located only by its cable)
};

struct Cable {
    int n1 = 0, n2 = 0;
    int box2 = -1;                   ///< PBO at its n2 end
    int splice1 = -1;                ///< splice closure (BPE) at its n1 end
    int splice2 = -1;                ///< splice closure (BPE) at its n2 end
    bool reversed_empty_end = false; ///< written with cb_nd1/cb_ba1 empty and its line drawn n2 to n1
    int path = 0;                    ///< the path it lies in
    bool transport = false;
    int worksite = -1;
    int parent = -1; ///< the cable feeding it (towards the NRO)
    int pm = -1;     ///< distribution: its PM; transport ending at a PM: that PM
    int nro = -1;
    std::int64_t downstream = 0; ///< premises fed through it
    Lifecycle life;
    Date reach = Date::never(); ///< latest 'from' on the way from the NRO, itself included
};

enum class BoxRole : std::uint8_t { normal, abandoned, on_demand, not_fed };

struct Box {
    int node = 0;
    int pm = 0;
    int feed = -1; ///< the cable ending at it
    std::vector<int> locals;
    std::vector<int> addresses;
    bool whole_addresses = true; ///< every address it serves is served by it alone
    bool hamlet = false;
    BoxRole role = BoxRole::normal;
    Lifecycle life;
    bool located_by_cables = false; ///< t_ebp names neither bp_pt_code nor bp_lc_code
};

/// A drop made for a subscriber (raccordement final): an RA cable (t_cable cb_typelog RA) from
/// the local's PBO to a PTO box (t_ebp bp_typelog PTO) in the local.
struct Drop {
    int local = 0;   ///< the premise it connects
    int box = 0;     ///< its PBO
    Lifecycle cable; ///< the RA cable
    Lifecycle pto;   ///< the PTO
};

/// A splice closure (t_ebp BPE) on the transport, at a PM's junction chamber.
struct Splice {
    int node = 0;
    int nro = 0;
    Lifecycle life; ///< as declared (may say "to build" while its cables are in service)
};

struct Pm {
    int node = 0;
    int junction = 0;
    int nro = 0;
    int worksite = 0;
    std::vector<int> combs;
    int first_branch = -1, last_branch = -1; ///< set when the zone is a part of one comb
    std::int64_t locals = 0;
    std::vector<int> boxes;
    Lifecycle life;
};

struct Nro {
    int commune = 0;
    int node = 0;
    int worksite = 0;
    std::vector<int> pms;
    Lifecycle life;
};

struct Suspension {
    Date start;
    Date end = Date::never(); ///< never(): still suspended
    std::string reason;
};

struct Worksite {
    bool transport = false;
    int owner = 0; ///< its PM (distribution) or NRO (transport)
    Date planned_start, planned_end;
    Date actual_start = Date::never();
    Date actual_end = Date::never();
    Date abandoned = Date::never();
    std::vector<Suspension> suspensions;
    double length_m = 0;
    /// planned, active, suspended, overdue, completed or abandoned, at @p day.
    [[nodiscard]] std::string state_at(Date day) const;
};

/// The kinds of coded elements of a delivery; each kind is numbered from 1 inside each delivery.
/// Element indexes per kind: node: network nodes, then one building node per address; box: PBOs,
/// then splices; site: NRO sites, PM sites, then one building site per address; local: premises,
/// NRO locals, PM locals; rack: NRO racks, PM racks; the drops' PTOs and RA cables come after the
/// boxes and cables (box: PBOs, splices, PTOs; cable: cables, RA cables); ptech: node indexes (network nodes
/// that are technical points); znro: NRO; zsro: PM; zpbo: PBO.
enum class Kind : std::uint8_t {
    node,
    path,
    cable,
    box,
    site,
    local,
    address,
    rack,
    ptech,
    znro,
    zsro,
    zpbo
};
inline constexpr std::size_t kind_count = 12;

/// One folder of OUT/gracethd: a complete delivery of an NRO zone, or of a part of one.
struct Delivery {
    std::string name;      ///< nro-17-001, or nro-17-001-a / -b
    int nro = 0;           ///< NRO index
    std::uint8_t half = 1; ///< 1 (the whole zone, or -a), 2 (-b)
};

/// Where the elements of one kind are delivered, and their numbers there.
struct Numbering {
    std::vector<int> number;          ///< element -> number in its delivery (from 1); 0 when none
    std::vector<int> nro;             ///< element -> NRO whose delivery holds it
    std::vector<std::uint8_t> halves; ///< element -> halves holding it (1, 2, or 3 for both)
};

/// An element of a delivery, by kind and index.
struct ElementRef {
    Kind kind = Kind::node;
    int index = -1;
};

struct Defect {
    std::string code;
    ElementRef element;       ///< element named; index -1: element_code holds it (national code)
    std::string element_code; ///< when the element is named by a national code (IPE building id)
    std::string description;  ///< may hold one {} for the code of @ref mentioned
    ElementRef mentioned;
    Point p;
};

/// A trap of real deliveries laid on purpose, with what a correct engine gives.
struct Trap {
    std::string name;
    ElementRef element;
    std::uint8_t half = 0; ///< 0: the element's delivery; 1 or 2: that half of a split zone
    std::string expected;
};

/// The whole generated département.
struct World {
    std::uint64_t seed = 0;
    Date delivery;
    std::vector<Commune> communes;
    Ring outline;
    std::vector<Street> streets;
    std::vector<Address> addresses;
    std::vector<int> local_address;      ///< premise -> address
    std::vector<std::uint8_t> local_pro; ///< premise -> professional (1) or residential (0)
    std::vector<int> local_box;          ///< premise -> PBO, -1 in no plan
    std::vector<Comb> combs;
    std::vector<Node> nodes;
    std::vector<Path> paths;
    std::vector<Cable> cables;
    std::vector<Box> boxes;
    std::vector<Pm> pms;
    std::vector<Nro> nros;
    std::vector<Worksite> worksites;
    std::vector<Splice> splices; ///< splice closures, one per PM junction (index = PM)
    std::vector<Defect> defects;
    std::vector<Trap> traps;
    std::vector<Delivery> deliveries;            ///< in NRO order
    std::array<Numbering, kind_count> numbering; ///< per Kind
    int split_nro = -1;                          ///< the NRO zone delivered as two folders
    int no_datemes_nro = -1;                     ///< the NRO zone whose delivery has no *_datemes
    std::vector<std::uint8_t> pm_half;           ///< PM -> 1, or 2 in the -b half of the split zone
    int duplicated_node = -1;                    ///< t_noeud row written twice
    int invalid_zone_box = -1;                   ///< PBO whose zone polygon is written self-intersecting
    std::vector<Date> raccordable_since;         ///< premise -> truth (never(): not raccordable)
    std::vector<Drop> drops;                     ///< drops made by the delivery date, in premise order
    std::vector<Date> raccorde_since;            ///< premise -> truth (never(): not raccordé)
};

/// Builds the territory: communes and their tiling, settlements, streets, parcels,
/// buildings, addresses and premises. @throws DataError on an unreadable commune list.
void build_territory(World& world, std::uint64_t premises, Random& random);
/// Builds the network, its history and the injected defects, and derives the truth.
void build_network(World& world, Random& random);
/// Writes every folder of the demo. @throws DataError naming a file that cannot be written.
void write_sources(const World& world, const std::string& out);
/// Writes DIR/truth. @throws DataError naming a file that cannot be written.
void write_truth(const World& world, const std::string& out);

/// Code helpers: one place for every code pattern.
/// Code of an element in its delivery: two capital letters and 12 digits (ND000000000001).
std::string code_of(const World& world, Kind kind, int index);
std::string code_of(const World& world, ElementRef e);
/// The cable line of cable @p i (CL, numbered as its cable).
std::string cableline_code(const World& world, int i);
/// Whether delivery @p d holds the element.
bool delivered_in(const World& world, Kind kind, int index, const Delivery& d);
/// Element indexes of the PTO and of the RA cable of drop @p k.
int drop_box_index(const World& world, int k);
int drop_cable_index(const World& world, int k);
/// Index in world.deliveries of the (first) delivery holding the element; with @p half set, that half.
int delivery_of(const World& world, Kind kind, int index, std::uint8_t half = 0);
/// Element indexes of the locals, sites and racks of NRO @p n and PM @p p.
int nro_local_index(const World& world, int n);
int pm_local_index(const World& world, int p);
std::string pm_refpm(int i);
std::string nro_ref(int n);
/// lc_code of the NRO local of NRO @p n, and of the SRO local of PM @p p.
std::string nro_local_code(const World& world, int n);
std::string pm_local_code(const World& world, int p);
/// Code of a worksite: CHT-D-00001 (distribution, per PM zone), CHT-T-001 (transport, per NRO).
std::string worksite_code(const World& world, int i);
/// IPE IdentifiantImmeuble of an address.
std::string ipe_building_id(const World& world, int address);
/// Hexaclé of an address (IPE CodeAdresseImmeuble, GraceTHD ad_hexacle).
std::string hexacle(const World& world, int address);

} // namespace fibre::demo
