#pragma once
/// @file topology.hpp
/// The network's topology: which links meet where. Link ends come from their declared
/// node codes where those exist, otherwise from their geometry: an end is snapped to a
/// node or another end within a tolerance, and an end that falls on another link's
/// interior splits that link there (a T-junction with no node). Sites and boxes attach
/// to their nodes.

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/support/date.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::graph {

/// One piece of a link between two vertices (a whole link, or the part of it between
/// two T-junctions).
struct TopologyEdge {
    int u = 0;
    int v = 0;
    std::size_t link = 0;      ///< index in the links given to build_topology
    double length_m = 0;       ///< along the link's geometry, metres
    Date from = Date::never(); ///< in service from (the link and the boxes its ends join)
    int box1 = -1;             ///< index in the boxes given of the box the link names at its first end, -1
    int box2 = -1;             ///< same at its second end
};

/// The network as vertices and edges; built once, kept in memory.
struct Topology {
    std::vector<model::Point> vertices;   ///< Lambert-93
    std::vector<char> vertex_is_node;     ///< 1 when the vertex is a delivered node
    std::vector<std::string> vertex_code; ///< the node code, empty for a vertex made from geometry
    std::vector<TopologyEdge> edges;
    std::vector<int> site_vertex;   ///< per site given: its vertex, -1 when unattached
    std::vector<int> box_vertex;    ///< per box given: its vertex, -1 when unattached
    std::vector<char> link_used;    ///< per link given: 1 when it is part of the graph
    std::string link_source;        ///< "cables" or "paths"
    std::size_t t_junctions = 0;    ///< links split where another link's end falls on them
    std::size_t geometric_ends = 0; ///< link ends placed from geometry (no usable declared node)
};

/// Options of the topology.
struct TopologyOptions {
    double tolerance_m = 0.5; ///< snapping distance for link ends, metres
    /// Boxes the import rejected, by code, with why: named, they are REJECTED_BOX, not MISSING_BOX.
    const std::unordered_map<std::string, std::string>* rejected_boxes = nullptr;
};

/// Whether @p link is a drop (a cable of level RA, from a PBO to a PTO): never part of the
/// topology.
inline bool is_drop(const model::Link& link) {
    return link.kind == model::LinkKind::cable && link.level == "RA";
}

/// Builds the topology. Cables make the links when the delivery has any; civil-works paths
/// otherwise. @p service_from gives each link's, site's and box's in-service date (same
/// order as the inputs). Topology defects (END_SNAPPED, END_FAR_FROM_NODE, MISSING_NODE,
/// MISSING_BOX, DUPLICATE_CODE, DANGLING_END) are appended to @p defects. Never throws on
/// bad data.
Topology build_topology(const std::vector<model::Node>& nodes, const std::vector<model::Link>& links,
                        const std::vector<model::Site>& sites, const std::vector<model::Box>& boxes,
                        const std::vector<Date>& link_from, const std::vector<Date>& box_from,
                        const TopologyOptions& options, std::vector<model::Defect>& defects);

} // namespace fibre::graph
