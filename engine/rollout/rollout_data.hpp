#pragma once
/// @file rollout_data.hpp
/// Everything the rollout figures are computed from, read once from the store: premises
/// with their analysis results, communes, worksites with the premises and links they cover,
/// and the ARCEP figures. Every command that prints a rollout figure starts from this, so
/// that they all agree to the unit.

#include "engine/model/coverage.hpp"
#include "engine/model/rollout.hpp"
#include "engine/store/rollout_queries.hpp"
#include "engine/support/date.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::rollout {

/// The rollout's inputs, indexed for the computations.
struct RolloutData {
    std::vector<store::RolloutPremise> premises;   ///< in code order
    std::vector<store::CommuneReference> communes; ///< in INSEE order
    std::vector<model::Worksite> worksites;        ///< in code order
    /// For each worksite (same index), the indexes in @c premises of the premises it covers.
    std::vector<std::vector<std::size_t>> worksite_premises;
    /// For each worksite (same index), the links in its perimeter.
    std::vector<std::vector<store::WorksiteLink>> worksite_links;
    std::vector<model::ArcepFigure> arcep;
    /// For each worksite (same index), the locaux its completion would make raccordable, as
    /// the latest analysis computed it for worksites with no actual end; empty when the
    /// analysis holds no figure for it (a store analysed by an older build).
    std::vector<std::optional<long long>> completion_locaux;
    /// The newest date the data stands at (store::read_data_date); empty when none is known.
    std::optional<Date> data_date;

    /// How the premises are read: one entry per premise (what an export of the premises
    /// writes), or one per group of premises the analysis summed up, sharing a commune, PM,
    /// NRO, raccordable_since, PBO or not and covering worksites (every figure adds locaux up,
    /// so they give the same numbers from a few thousand rows). A group's code is empty and
    /// its pbo_code is "*" when its premises have a PBO.
    enum class Premises { summed, each };

    /// Reads everything from the store; without @p with_links, worksite_links stay empty
    /// (quarterly progress needs no link). With Premises::summed, a store whose analysis wrote
    /// no summary (an older version's) is read premise by premise. @throws StoreError.
    static RolloutData load(store::Database& db, bool with_links = true,
                            Premises premises = Premises::summed);

    /// Fills the derived indexes (call after filling the vectors by hand, as tests do). Leaves
    /// each premise to the one worksite that brings it (graph::pick_worksite among the worksites
    /// covering it: those naming its PM zone, else those whose perimeter holds it and may take
    /// premises by position), and each link's length to one worksite (WorksiteLink::counted).
    void index();

    /// Locaux of each commune, by INSEE: its coverage denominator (model::commune_denominator,
    /// docs/figures.md "Coverage rate"): ARCEP's best estimate of its locaux when imported,
    /// else the sum of its premises' locaux, or the commune reference's logements +
    /// etablissements when larger. Every commune of the commune table counts, and premises of an
    /// INSEE code with no commune row count for that code too.
    std::unordered_map<std::string, long long> commune_locaux;
    /// The same denominators with their basis.
    std::unordered_map<std::string, model::Denominator> commune_denominators;
    /// Sum of the premises' locaux by INSEE code.
    std::unordered_map<std::string, long long> premise_locaux;
    /// Index in @c communes by INSEE code.
    std::unordered_map<std::string, std::size_t> commune_index;
    /// For each premise (same index), the index of the worksite that brings it (none or one).
    std::vector<std::vector<std::size_t>> premise_worksites;
    /// For each worksite (same index), whether each of its links (same index as
    /// worksite_links[w]) counts its length there: a link lying in several perimeters counts in
    /// the one holding its midpoint, the smallest of them, then the first by code.
    std::vector<std::vector<bool>> link_counted;

    /// Locaux of the whole territory: the sum of commune_locaux.
    [[nodiscard]] long long total_locaux() const;
    /// The whole territory's denominator with its basis (the sum of commune_denominators).
    [[nodiscard]] model::Denominator total_denominator() const;
    /// Locaux raccordables at @p at: the sum of locaux of premises with raccordable_since <= at.
    [[nodiscard]] long long raccordables_at(Date at) const;
    /// Locaux raccordés at @p at: the sum of raccorde_locaux of premises with raccorde_since <= at.
    [[nodiscard]] long long raccordes_at(Date at) const;
};

} // namespace fibre::rollout
