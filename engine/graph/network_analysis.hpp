#pragma once
/// @file network_analysis.hpp
/// The analysis: from the delivered network and premises to, for every premise, the
/// earliest date it is raccordable, what serves it, its optical distance, and the
/// network's defects. One pass over the graph gives every date: a multi-source search
/// from the NROs on the key (latest in-service date on the path, then optical distance).

#include "engine/graph/delivery_scope.hpp"
#include "engine/graph/premise_assignment.hpp"
#include "engine/graph/topology.hpp"
#include "engine/model/analysis.hpp"
#include "engine/model/declaration_mismatch.hpp"
#include "engine/model/network.hpp"
#include "engine/model/provenance.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
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
    /// The hexaclé of each premise's address (same order as @c premises; empty when it has
    /// none): what joins IPE declarations to premises. May be left empty without declarations.
    std::vector<std::string> premise_hexacles;
    std::vector<model::Declaration> declarations; ///< IPE lines
    std::vector<model::Reject> rejects;           ///< repaired features are reported as INVALID_GEOMETRY
    std::vector<model::Worksite> worksites;       ///< what each unfinished one brings is computed
    /// The label of each delivery (import run) the elements name, for the statuses.
    std::unordered_map<std::int32_t, std::string> delivery_labels;
    /// The boxes the import rejected (from @c rejects, see index_rejected_boxes): code -> why.
    std::unordered_map<std::string, std::string> rejected_boxes;
    /// The drops (RA cables to PTOs): what makes a premise raccordé. They are not links of the
    /// network: @c links and @c boxes need not hold them, and RA cables there are left out of
    /// the search.
    std::vector<model::Drop> drops;
};

/// Fills @p input.rejected_boxes from its rejects and delivery labels: each box the import
/// rejected, under its code and its CODE@delivery key, with the layer, field and reason.
void index_rejected_boxes(NetworkInput& input);

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
    std::size_t raccordables = 0;     ///< premises raccordable at some date
    std::size_t raccordes = 0;        ///< premises raccordés at some date (a drop in service)
    std::size_t drops_in_service = 0; ///< drops whose RA cable and PTO are in service at some date
    /// Seconds building the topology plus seconds assigning premises (both may have run
    /// while the input was still being read).
    double graph_s = 0;
    double search_s = 0; ///< seconds in the earliest-date search
    double checks_s = 0; ///< seconds in the network checks
    /// Per worksite with no actual end, in input order: what its completion would make
    /// raccordable (graph/completion.hpp).
    std::vector<model::WorksiteOutcome> worksite_outcomes;
    double completion_s = 0; ///< seconds computing worksite_outcomes
    /// Where the IPE lines and the analysis disagree at AnalysisOptions::today, with the cause
    /// of each premise declared deployed and not fed (graph/feed_cause.hpp).
    std::vector<model::DeclarationMismatch> mismatches;
    double mismatches_s = 0; ///< seconds computing mismatches (part of checks_s)
};

/// The date stored for a premise fed only by elements built with no date at all: it counts
/// at any date (docs/figures.md, rule 4).
Date beginning_of_time();

/// A box whose declared status disagrees with the cables that name it (docs/figures.md,
/// "Status conflicts").
struct StatusConflict {
    enum class Kind : std::uint8_t {
        closure_taken_in_service, ///< a box other than a PBO, not built, with a cable in service through it
        pbo_not_built,            ///< a PBO not built, with a cable in service reaching it
        pbo_without_cable,        ///< a PBO in service, with no cable in service reaching it
    };
    Kind kind = Kind::closure_taken_in_service;
    std::size_t box = 0;  ///< index in the boxes
    std::size_t link = 0; ///< a cable that names it
};

/// The part of the analysis that needs only the network (nodes, links, sites, boxes): each
/// element's in-service date and the topology, with the topology's defects. Computing it
/// first lets a caller do it while the premises are still being read.
struct NetworkStage {
    std::vector<Date> link_from; ///< in-service date of each link (same order as the input)
    std::vector<Date> site_from;
    std::vector<Date> box_from;
    /// Which of its dates each one's in-service date is (same orders).
    std::vector<model::DateBasis> link_basis;
    std::vector<model::DateBasis> site_basis;
    std::vector<model::DateBasis> box_basis;
    Topology topology;
    std::vector<model::Defect> defects;
    std::vector<StatusConflict> conflicts;
    std::size_t built_without_date = 0;
    double seconds = 0;
};

/// Computes the network stage from @p input's nodes, links, sites and boxes (premises,
/// zones and declarations are not read). Never throws on bad data.
NetworkStage prepare_network(const NetworkInput& input, const AnalysisOptions& options);

/// The part of the analysis that needs only the premises, the boxes, the zones and the IPE
/// lines: which IPE line speaks for each premise and which PBO serves it, with the defects
/// found on the way. Computing it apart lets a caller do it while the rest of the network is
/// still being read and built.
struct PremiseStage {
    /// Per premise, the index in the declarations of the IPE line that speaks for it, or -1:
    /// the line of its address' hexaclé, the most recently modified one when several are.
    std::vector<int> declaration;
    std::vector<PboAssignment> assigned; ///< per premise
    std::vector<model::Defect> defects;
    double seconds = 0;
};

/// Computes the premise stage. @p hexacles gives each premise's address hexaclé (may be
/// empty without declarations). With several deliveries, @p premises' references are already
/// scoped (scope_premises) and @p scope resolves the PBOs IPE lines name for each premise.
/// Never throws on bad data.
PremiseStage prepare_premises(const std::vector<model::Premise>& premises,
                              const std::vector<std::string>& hexacles,
                              const std::vector<model::Declaration>& declarations,
                              const std::vector<model::Box>& boxes, const std::vector<model::Zone>& zones,
                              const AnalysisOptions& options, const DeliveryScope* scope = nullptr,
                              const std::unordered_map<std::string, std::string>* rejected_boxes = nullptr);

/// Called once every premise's status is final, before the checks and the worksites'
/// outcomes are computed: a caller may start storing the statuses meanwhile, reading them
/// from another thread (they do not change any more).
using StatusesReady = std::function<void(const AnalysisResult&)>;

/// Scopes the codes of @p input's deliveries (delivery_scope.hpp) when it holds several, in
/// place, premises included; the conflicts found are returned as defects.
DeliveryScope scope_input(NetworkInput& input);

/// Runs the analysis, scoping a copy of @p input's codes first when it holds several
/// deliveries. Never throws on bad data: problems become defects.
AnalysisResult analyze_network(const NetworkInput& input, const AnalysisOptions& options);

/// Runs the rest of the analysis on the stages prepared from the same input. The stages'
/// defects are moved into the result; the rest of them is only read, and left to the caller.
AnalysisResult analyze_network(const NetworkInput& input, const AnalysisOptions& options,
                               NetworkStage&& network, PremiseStage&& premises,
                               const StatusesReady& statuses_ready = {});

} // namespace fibre::graph
