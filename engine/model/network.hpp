#pragma once
/// @file network.hpp
/// The optical network as delivered: nodes, links (cables and civil-works paths),
/// sites (NRO, PM), boxes (PBO) and zones. Codes are the delivery's own (nd_code,
/// cb_code...), unique only inside that delivery: each element carries the delivery it
/// came from (graph/delivery_scope.hpp makes the codes of several deliveries unique).
/// References are kept as codes even when they point nowhere: the network checks report
/// them.

#include "engine/model/geometry.hpp"
#include "engine/model/lifecycle.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fibre::model {

/// A located thing (chamber, pole, site, box): GraceTHD t_noeud.
struct Node {
    std::string code;
    std::string type; ///< nd_type (PT, ST...), free text
    Point position;
    std::int32_t delivery = 0; ///< the import run that delivered it (0: unknown)
    /// The code of the node it is one with, delivered by another delivery a metre or two
    /// away; empty for most nodes.
    std::string same_as;
    friend bool operator==(const Node&, const Node&) = default;
};

enum class LinkKind { cable, path };

/// A cable (t_cable + t_cableline) or a civil-works path (t_cheminement).
struct Link {
    std::string code;
    LinkKind kind = LinkKind::cable;
    std::string level; ///< cables: cb_typelog TR (transport), DI (distribution), RA (raccordement)
    std::string node1; ///< declared end node codes (cb_nd1/cb_nd2, cm_ndcode1/2); may be empty
    std::string node2;
    std::string box1; ///< cables: the boxes at its ends (cb_bp1/cb_bp2); may be empty
    std::string box2;
    Lifecycle life;
    double length_m = 0;      ///< declared length (cb_long, cm_long), 0 when unknown
    int capacity = 0;         ///< fibres (cb_capafo)
    std::string implantation; ///< aerial / underground / façade (cm_typ_imp, l_implantation_type)
    LineString geometry;      ///< may be empty for a cable without cableline
    std::int32_t delivery = 0;
    friend bool operator==(const Link&, const Link&) = default;
};

/// A cable's passage through a civil-works path (t_cab_chem, or t_cab_cond + t_cond_chem).
struct CablePath {
    std::string cable_code;
    std::string path_code;
    friend bool operator==(const CablePath&, const CablePath&) = default;
};

/// A technical site: NRO, PM (SRO / SROL), client or network site.
struct Site {
    std::string code;      ///< st_code, or lc_code for a v3 local of type NRO/SRO
    std::string type;      ///< NRO, SRO, SROL, CLIENT, RESEAU...; "PM" is written SRO
    std::string node_code; ///< the node it stands on
    std::string ref_pm;    ///< ARCEP ReferencePM for a PM, when known
    Lifecycle life;
    Point position;
    std::int32_t delivery = 0;
    /// Whether it is an NRO, where the network is fed.
    [[nodiscard]] bool is_nro() const { return type == "NRO"; }
    /// Whether it is a PM (written SRO or SROL in GraceTHD, PM elsewhere).
    [[nodiscard]] bool is_pm() const { return type == "SRO" || type == "SROL" || type == "PM"; }
    friend bool operator==(const Site&, const Site&) = default;
};

/// A box: PBO (where drops start), BPE (splice), PTO, DTI.
struct Box {
    std::string code;
    std::string type;      ///< bp_typelog
    std::string node_code; ///< its node (through t_ptech or its site)
    Lifecycle life;
    Point position;
    std::int32_t delivery = 0;
    /// The local that holds it (v3 bp_lc_code; a v2 PTO: the t_suf row it serves, bp_sf_code);
    /// for a PTO, the premise it connects. Empty when the delivery names none.
    std::string local_code;
    friend bool operator==(const Box&, const Box&) = default;
};

/// A drop as the analysis sees it: an RA cable (cb_typelog RA) whose end names a PTO box,
/// joined to the local that PTO stands in. Drops are not part of the network the search runs
/// on: a drop is downstream of its PBO and says nothing about raccordabilité (docs/figures.md,
/// "Raccordé").
struct Drop {
    std::string cable_code;
    std::string pbo_code;   ///< the box at the cable's other end (cb_bp1 / cb_bp2); may be empty
    std::string pto_code;   ///< empty when no end of the cable names a PTO of the delivery
    std::string local_code; ///< the PTO's local (bp_lc_code, v2 bp_sf_code); may be empty
    Lifecycle cable;        ///< the RA cable's
    Lifecycle pto;          ///< the PTO's
    Point position;         ///< the PTO's (meaningless without one)
    std::int32_t delivery = 0;
    std::int64_t premise_id = 0; ///< the premise (premise.id) whose code is local_code in that delivery, 0
    friend bool operator==(const Drop&, const Drop&) = default;
};

/// A service area: NRO zone, PM zone (ZSRO) or PBO zone.
struct Zone {
    std::string code;
    std::string kind;       ///< "znro", "zsro" or "zpbo"
    std::string owner_code; ///< the NRO / PM site code, or the PBO box code
    std::string ref_pm;     ///< zs_refpm for PM zones
    std::string state;      ///< zs_etatpm (PL EC DP AB) for PM zones
    int declared_logements = 0;
    std::optional<Date> commercial_date; ///< zs_datcomr
    MultiPolygon geometry;
    std::int32_t delivery = 0;
    friend bool operator==(const Zone&, const Zone&) = default;
};

} // namespace fibre::model
