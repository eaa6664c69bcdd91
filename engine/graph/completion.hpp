#pragma once
/// @file completion.hpp
/// What each unfinished worksite would bring on completion: the premises that are
/// raccordable at no date and would be if the worksite's unbuilt elements (links crossing
/// its perimeter, sites and boxes inside it) were in service, everything else as
/// delivered. One incremental search per worksite, from the part of the network the
/// analysis already feeds: only what the worksite's elements newly reach is visited.

#include "engine/graph/topology.hpp"
#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"
#include "engine/support/date.hpp"

#include <vector>

namespace fibre::graph {

/// The network as the analysis' earliest-date search leaves it. Every vector is indexed
/// like the inputs it names (links, sites, boxes as given to build_topology; vertices of
/// @c topo; premises as given to the analysis).
struct FedNetwork {
    const Topology& topo;
    const std::vector<model::Link>& links;
    const std::vector<model::Site>& sites;
    const std::vector<model::Box>& boxes;
    const std::vector<model::Premise>& premises;
    const std::vector<Date>& link_from; ///< in service from; never() when never in service
    const std::vector<Date>& site_from;
    const std::vector<Date>& box_from;
    const std::vector<char>& fed_vertex;  ///< per vertex: reached from an NRO at some date
    const std::vector<int>& premise_box;  ///< per premise: its PBO (index in boxes), -1 when none
    const std::vector<char>& premise_fed; ///< per premise: raccordable at some date
};

/// For every worksite with no actual end (finished works bring nothing more), the premises
/// and locaux its completion would make raccordable. A worksite's elements are those never
/// in service by the rules of docs/figures.md, except abandoned or out-of-service ones (no
/// works build them): links of the graph whose geometry intersects its perimeter, and
/// attached sites and boxes whose position lies in it (boundary included). Perimeters and
/// positions in Lambert-93 metres. @return one outcome per such worksite, in input order
/// (a worksite with an empty perimeter brings 0). Never throws on bad data.
std::vector<model::WorksiteOutcome> worksite_outcomes(const std::vector<model::Worksite>& worksites,
                                                      const FedNetwork& net);

} // namespace fibre::graph
