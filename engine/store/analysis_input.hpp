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
/// declared length, geometry), but capacity and implantation left empty; drops (RA cables)
/// are left out, or, with @p drops, put there in the same pass (without geometry) for
/// join_drops. @throws StoreError.
std::vector<model::Link> read_links_for_analysis(Database& db, std::vector<model::Link>* drops = nullptr);

/// Every box but the PTOs, as read_boxes gives it (its position from its point); with @p ptos,
/// the PTOs are put there in the same pass, for join_drops. @throws StoreError.
std::vector<model::Box> read_boxes_for_analysis(Database& db, std::vector<model::Box>* ptos = nullptr);

/// The drops made of @p cables (RA cables) and @p ptos, as read_drops describes them. Never throws.
std::vector<model::Drop> join_drops(const std::vector<model::Link>& cables,
                                    const std::vector<model::Box>& ptos,
                                    const std::vector<model::Premise>& premises);

/// Every drop: each RA cable, with the PTO of its delivery that one of its ends names (the
/// second end first), that PTO's local and, among @p premises (as read_premises_for_analysis
/// gives them), the premise of that code in the delivery; the other end's box is the PBO. In
/// link order. @throws StoreError.
std::vector<model::Drop> read_drops(Database& db, const std::vector<model::Premise>& premises);

/// Every premise, as read_premises gives it, but without its type. With @p hexacles, also
/// the hexaclé of each premise's address (same order; empty when it has none), joined in
/// the store rather than by reading every address. @throws StoreError.
std::vector<model::Premise> read_premises_for_analysis(Database& db,
                                                       std::vector<std::string>* hexacles = nullptr);

/// Every IPE line with what the analysis compares (building id, hexaclé, state, PBO, modified
/// date, position); the other fields are left empty. @throws StoreError.
std::vector<model::Declaration> read_declarations_for_analysis(Database& db);

} // namespace fibre::store
