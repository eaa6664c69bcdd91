#pragma once
/// @file network_analysis.hpp
/// The analysis: from the delivered network and premises to, for every premise, the
/// earliest date it is raccordable, what serves it, its optical distance, and the
/// network's defects. One pass over the graph gives every date: a multi-source search
/// from the NROs on the key (latest in-service date on the path, then optical distance).

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/provenance.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace fibre::graph {

/// Everything the analysis reads, as the store gives it.
struct NetworkInput {
    std::vector<model::Node> nodes;
    std::vector<model::Link> links;
    std::vector<model::Site> sites;
    std::vector<model::Box> boxes;
    std::vector<model::Zone> zones;
    std::vector<model::Premise> premises;
    std::vector<model::Address> addresses;        ///< only needed to join IPE declarations
    std::vector<model::Declaration> declarations; ///< IPE lines
    std::vector<model::Reject> rejects;           ///< repaired features are reported as INVALID_GEOMETRY
    std::vector<model::Worksite> worksites;       ///< what each unfinished one brings is computed
};

/// The analysis' parameters.
struct AnalysisOptions {
    double tolerance_m = 0.5;     ///< snapping distance for link ends, metres
    double max_drop_m = 150;      ///< farthest PBO a premise may be given by proximity, metres
    double max_optical_m = 20000; ///< optical budget NRO -> PBO, metres
    Date today = Date::today();   ///< the date declared-versus-computed checks compare at
};

/// What the analysis gives.
struct AnalysisResult {
    std::vector<model::PremiseStatus> statuses; ///< one per premise, in input order
    std::vector<model::Defect> defects;
    std::string link_source; ///< "cables" or "paths"
    std::size_t vertices = 0;
    std::size_t edges = 0;
    std::size_t t_junctions = 0;        ///< links cut where another link's end falls on them
    std::size_t geometric_ends = 0;     ///< link ends placed from geometry
    std::size_t built_without_date = 0; ///< elements counted in service from the beginning of time
    std::size_t assigned_declared = 0;
    std::size_t assigned_zone = 0;
    std::size_t assigned_nearest = 0;
    std::size_t raccordables = 0; ///< premises raccordable at some date
    double graph_s = 0;           ///< seconds building the topology and assigning premises
    double search_s = 0;          ///< seconds in the earliest-date search
    double checks_s = 0;          ///< seconds in the network checks
    /// Per worksite with no actual end, in input order: what its completion would make
    /// raccordable (graph/completion.hpp).
    std::vector<model::WorksiteOutcome> worksite_outcomes;
    double completion_s = 0; ///< seconds computing worksite_outcomes
};

/// The date stored for a premise fed only by elements built with no date at all: it counts
/// at any date (docs/figures.md, rule 4).
Date beginning_of_time();

/// Runs the analysis. Never throws on bad data: problems become defects.
AnalysisResult analyze_network(const NetworkInput& input, const AnalysisOptions& options);

} // namespace fibre::graph
