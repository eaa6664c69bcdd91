#pragma once
/// @file worksite_coverage.hpp
/// Which premises each worksite covers: those inside its perimeter, and those served by the
/// PM zone it builds (its perimeter reference names the PM). Computed once by the analysis,
/// so that the rollout figures read it instead of testing points against polygons again.

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <cstdint>
#include <vector>

namespace fibre::graph {

/// For each premise (same index as @p premises), the indexes in @p worksites of the
/// worksites that cover it, in increasing order. A premise is covered when its position is
/// inside or on the boundary of the worksite's perimeter, or when the analysis gave it a PM
/// whose ReferencePM is the worksite's perimeter reference. Never throws on bad geometry: a
/// perimeter without rings covers nothing by position.
std::vector<std::vector<std::uint32_t>> worksite_coverage(const std::vector<model::Premise>& premises,
                                                          const std::vector<model::PremiseStatus>& statuses,
                                                          const std::vector<model::Site>& sites,
                                                          const std::vector<model::Worksite>& worksites);

} // namespace fibre::graph
