#pragma once
/// @file network_defects.hpp
/// The network's defects as `fibre check` reports them, for check and for export's
/// defects layer, so that both give the same defects.

#include "engine/graph/network_analysis.hpp"
#include "engine/model/analysis.hpp"
#include "engine/model/provenance.hpp"

#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::cli {

/// The network's defects, the checks run afresh on the store as it is now, sorted graver
/// first, then by code and element. @param rejects when given, receives the features the
/// imports did not take as delivered. @throws StoreError.
std::vector<model::Defect> find_network_defects(store::Database& db, const graph::AnalysisOptions& options,
                                                std::vector<model::Reject>* rejects = nullptr);

} // namespace fibre::cli
