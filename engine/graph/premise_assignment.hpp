#pragma once
/// @file premise_assignment.hpp
/// Which PBO serves each premise: the declared one first (t_local.lc_bp_codf, the PBO of
/// its t_suf zone, or the PBO its IPE line names), then the PBO zone polygon that holds
/// it, then the nearest PBO within the maximum drop length.

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/territory.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::graph {

/// A premise's PBO and how it was found.
struct PboAssignment {
    int box = -1; ///< index in the boxes given; -1 when none
    model::Assignment how = model::Assignment::none;
};

struct AssignmentOptions {
    double max_drop_m = 150; ///< farthest a PBO may be from a premise it serves, metres (straight line)
    /// Boxes the import rejected, by code, with why: named, they are REJECTED_BOX, not MISSING_BOX.
    const std::unordered_map<std::string, std::string>* rejected_boxes = nullptr;
};

/// Whether a box is a PBO (bp_typelog PBO, any case).
bool is_pbo(const model::Box& box);

/// Assigns every premise to a PBO. @p ipe_pbo gives, per premise, the PBO its IPE line
/// names (empty vector, or empty strings, when none). A declared PBO that does not exist
/// is reported as MISSING_BOX and the next rule is tried; a premise left with no PBO is
/// reported as PREMISE_WITHOUT_PBO. Never throws on bad data.
std::vector<PboAssignment>
assign_premises(const std::vector<model::Premise>& premises, const std::vector<model::Box>& boxes,
                const std::vector<model::Zone>& zones, const std::vector<std::string>& ipe_pbo,
                const AssignmentOptions& options, std::vector<model::Defect>& defects);

} // namespace fibre::graph
