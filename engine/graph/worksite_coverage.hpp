#pragma once
/// @file worksite_coverage.hpp
/// Which worksite brings each premise: the one building the PM zone that serves it (its
/// perimeter reference names the PM), else one whose perimeter holds its position. Computed
/// once by the analysis, so that the rollout figures read it instead of testing points against
/// polygons again. Rules: docs/rollout-figures.md ("Which worksite brings a premise").

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace fibre::graph {

/// Whether worksite @p w may take premises by the position of its perimeter: not a transport
/// worksite (it builds NRO → PM routes, no premise), and naming no PM zone a site carries
/// (@p carried_refs: the ReferencePM of every PM; such a worksite brings that zone's premises,
/// not the neighbours its drawn perimeter spills over).
bool takes_by_position(const model::Worksite& w, const std::unordered_set<std::string>& carried_refs);

/// The one worksite (an index in @p worksites) that brings a premise served by PM reference
/// @p pm_ref, among the @p candidates that cover it: those naming its PM zone first; else the
/// others. Among several, the one started latest (actual start, else planned start; undated
/// last), then the smallest code. Empty when there is no candidate.
std::optional<std::uint32_t> pick_worksite(const std::vector<std::uint32_t>& candidates,
                                           const std::string& pm_ref,
                                           const std::vector<model::Worksite>& worksites);

/// For each premise (same index as @p premises), the worksite that brings it (a list of at most
/// one index in @p worksites). A premise is a candidate of a worksite when the analysis gave it
/// a PM whose ReferencePM is the worksite's perimeter reference, or when its position is inside
/// or on the boundary of the perimeter of a worksite that takes_by_position; pick_worksite
/// chooses among them. Never throws on bad geometry: a perimeter without rings covers nothing
/// by position.
std::vector<std::vector<std::uint32_t>> worksite_coverage(const std::vector<model::Premise>& premises,
                                                          const std::vector<model::PremiseStatus>& statuses,
                                                          const std::vector<model::Site>& sites,
                                                          const std::vector<model::Worksite>& worksites);

} // namespace fibre::graph
