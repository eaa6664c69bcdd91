#pragma once
/// @file analysis_input.hpp
/// Bulk readers for the analysis: only the columns it needs, into vectors sized up front,
/// because reading the store is most of what `fibre analyze` spends.

#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <vector>

namespace fibre::store {

class Database;

/// Every link, as read_links gives it (code, kind, level, end nodes and boxes, lifecycle,
/// declared length, geometry), but capacity and implantation left empty. @throws StoreError.
std::vector<model::Link> read_links_for_analysis(Database& db);

/// Every premise, as read_premises gives it, but without its type. With @p hexacles, also
/// the hexaclé of each premise's address (same order; empty when it has none), joined in
/// the store rather than by reading every address. @throws StoreError.
std::vector<model::Premise> read_premises_for_analysis(Database& db,
                                                       std::vector<std::string>* hexacles = nullptr);

/// Every IPE line with what the analysis compares (building id, hexaclé, state, PBO, modified
/// date, position); the other fields are left empty. @throws StoreError.
std::vector<model::Declaration> read_declarations_for_analysis(Database& db);

} // namespace fibre::store
