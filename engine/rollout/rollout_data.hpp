#pragma once
/// @file rollout_data.hpp
/// Everything the rollout figures are computed from, read once from the store: premises
/// with their analysis results, communes, worksites with the premises and links they cover,
/// and the ARCEP figures. Every command that prints a rollout figure starts from this, so
/// that they all agree to the unit.

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

    /// Fills the derived indexes (call after filling the vectors by hand, as tests do).
    void index();

    /// Locaux of each commune, by INSEE: the sum of its premises' locaux, or the commune
    /// reference's logements + etablissements when larger. Premises of an INSEE code with no
    /// commune row count for that code too.
    std::unordered_map<std::string, long long> commune_locaux;
    /// Sum of the premises' locaux by INSEE code.
    std::unordered_map<std::string, long long> premise_locaux;
    /// Index in @c communes by INSEE code.
    std::unordered_map<std::string, std::size_t> commune_index;
    /// For each premise (same index), the indexes of the worksites that cover it.
    std::vector<std::vector<std::size_t>> premise_worksites;

    /// Locaux of the whole territory: the sum of commune_locaux.
    [[nodiscard]] long long total_locaux() const;
    /// Locaux raccordables at @p at: the sum of locaux of premises with raccordable_since <= at.
    [[nodiscard]] long long raccordables_at(Date at) const;
    /// Locaux raccordés at @p at: the sum of raccorde_locaux of premises with raccorde_since <= at.
    [[nodiscard]] long long raccordes_at(Date at) const;
};

} // namespace fibre::rollout
