#pragma once
/// @file feed_cause.hpp
/// Declared against computed: where an operator's IPE lines and the analysis disagree, and,
/// for a premise declared deployed that the network does not feed, why: the first element
/// missing or not in service met going up from the premise to an NRO (docs/figures.md,
/// "Declared versus computed"; docs/commands/reconcile.md). Works on the graph and the
/// search trees the analysis has already built: nothing is searched again.

#include "engine/graph/premise_assignment.hpp"
#include "engine/graph/topology.hpp"
#include "engine/model/analysis.hpp"
#include "engine/model/declaration_mismatch.hpp"
#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"
#include "engine/support/date.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::graph {

/// One search's tree over (vertex, side) states, state = vertex + side * vertices (side 1:
/// past a PM), as the analysis' search leaves it.
struct SearchTree {
    std::size_t vertices = 0;
    std::span<const std::int32_t> parent;           ///< per state: the state it was reached from, -1
    std::span<const std::int32_t> parent_edge;      ///< per state: the topology edge it was reached by, -1
    std::span<const int> nro;                       ///< per state: the NRO site it comes from, -1
    std::function<Date(std::size_t)> date;          ///< per state: its date, never() when unreached
    std::function<std::size_t(std::size_t)> served; ///< the state a PBO standing on a vertex is served from
};

/// The analysed network, as the cause finder reads it. Every reference must outlive the finder.
struct FeedNetworkView {
    const Topology& topology;
    const std::vector<model::Link>& links;
    const std::vector<model::Site>& sites;
    const std::vector<model::Box>& boxes;
    const std::vector<Date>& link_from;
    const std::vector<Date>& site_from;
    const std::vector<Date>& box_from;
    bool phased = false; ///< the search kept the two sides apart (a network of cables with a PM)
    SearchTree dated;    ///< the search by dates
    SearchTree layout;   ///< the search with every element counted in service
};

/// Why a PBO's premises are not fed: the cause, the element it names and when that element
/// comes into service (never() when it never does).
struct CauseOfFeed {
    model::FeedCause cause = model::FeedCause::none;
    std::string element;
    Date from = Date::never();
};

/// Finds, per PBO, the first element not in service at a date going up from it. Each PBO is
/// walked once (remembered), and the parts of the network are computed only when a PBO
/// reaches no NRO at all.
class FeedCauseFinder {
public:
    FeedCauseFinder(const FeedNetworkView& network, Date at);

    /// Why the premises of the box @p box (an index in the boxes; -1: no PBO) are not fed at
    /// the finder's date. Gives cause none when they are.
    const CauseOfFeed& cause(int box);

private:
    CauseOfFeed walk(std::size_t box, const SearchTree& tree, std::size_t state) const;
    CauseOfFeed unreached(std::size_t box);

    const FeedNetworkView& net_;
    Date at_;
    std::vector<int> pm_at_; ///< per vertex: the PM site standing there, -1
    std::unordered_map<int, CauseOfFeed> memo_;
    // Built on first need: edges per vertex, and the part of the network each vertex is in.
    std::vector<std::uint32_t> degree_;
    std::vector<std::uint32_t> part_;
    std::vector<int> part_nro_;
    std::vector<int> part_pm_;
};

/// What the mismatches are computed from: the analysis' inputs and results, in their orders.
struct MismatchInput {
    const std::vector<model::Premise>& premises;
    const std::vector<std::string>& hexacles;            ///< per premise, its address' hexaclé
    const std::vector<model::Declaration>& declarations; ///< the IPE lines
    const std::vector<int>& declaration_of;              ///< per premise: its IPE line, -1
    const std::vector<model::PremiseStatus>& statuses;   ///< per premise
    const std::vector<PboAssignment>& assigned;          ///< per premise
    const std::vector<model::Site>& sites;               ///< to name the PM of a ReferencePM
    Date at;                                             ///< the date compared at
};

/// Every disagreement between the IPE lines and the analysis at @p input.at, per premise (per
/// IPE line for lines without premise): premises in input order, then lines in input order.
/// The causes of the not-fed ones come from @p causes. Never throws on bad data.
std::vector<model::DeclarationMismatch> find_declaration_mismatches(const MismatchInput& input,
                                                                    FeedCauseFinder& causes);

/// The defects `fibre check` reports from the mismatches, one per IPE line: DECLARED_NOT_FED
/// (declared DEPLOYE, none of its premises fed) and FED_DECLARED_CIBLE (declared CIBLE, one of
/// its premises fed), in the order of their first mismatch.
std::vector<model::Defect> declaration_defects(const MismatchInput& input,
                                               const std::vector<model::DeclarationMismatch>& mismatches);

/// A sentence for a cause: "the cable CB1 is not in service (until 2024-05-01)".
std::string describe(model::FeedCause cause, const std::string& element, Date from);

} // namespace fibre::graph
