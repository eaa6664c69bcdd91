#pragma once
/// @file reconcile.hpp
/// Declared against computed: the mismatches between the operators' IPE lines and the
/// network that the latest analysis stored, counted per kind, per cause and per PM or
/// commune (docs/commands/reconcile.md). Reads the store, computes nothing again.

#include "engine/model/declaration_mismatch.hpp"
#include "engine/store/declaration_mismatches.hpp"
#include "engine/support/date.hpp"

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::rollout {

/// The number of mismatch kinds (model::MismatchKind).
inline constexpr std::size_t mismatch_kinds = 5;

/// What to count.
struct ReconcileOptions {
    std::optional<model::MismatchKind> kind; ///< only this kind; all when empty
    std::string by;                          ///< "pm", "commune", or empty for totals only
};

/// The counts of one PM or commune.
struct MismatchGroup {
    std::string code; ///< the PM site code (empty when only its ReferencePM is known) or the INSEE code
    std::string name; ///< the PM's ReferencePM, or the commune's name
    std::array<long long, mismatch_kinds> counts{};
    long long total = 0;
};

/// The mismatches of the latest analysis, and their counts.
struct Reconciliation {
    long long analysis = 0;               ///< the analysis run they come from
    Date at;                              ///< the date the analysis compared at
    std::vector<store::MismatchRow> rows; ///< those kept by the options, in the order found
    std::array<long long, mismatch_kinds> counts{};
    long long total = 0;
    std::map<model::FeedCause, long long> causes; ///< of the declared_not_fed ones
    std::vector<MismatchGroup> groups;            ///< with ReconcileOptions::by, in code order
};

/// Reads and counts the mismatches of the latest analysis of @p db.
/// @throws DataError when the store holds no analysis, or when its latest analysis stored
/// no mismatches (made by an earlier version of fibre); StoreError.
Reconciliation reconcile(store::Database& db, const std::filesystem::path& path,
                         const ReconcileOptions& options);

/// "raccordable", "raccordable from YYYY-MM-DD" (later than @p at), or "not_raccordable".
std::string computed_state(Date raccordable_since, Date at);

} // namespace fibre::rollout
