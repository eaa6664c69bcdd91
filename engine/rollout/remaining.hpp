#pragma once
/// @file remaining.hpp
/// What remains to reach a coverage target: locaux still to make raccordable, the pace
/// needed and the pace observed, the projected quarter, and the remainder split by cause.

#include "engine/rollout/progress.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/support/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fibre::rollout {

/// The target: a share of the locaux raccordable by a date.
struct Target {
    Date date = Date::from_ymd(2022, 12, 31);
    double share = 100; ///< percent of the locaux
};

/// Locaux not raccordable at the date, by why.
struct RemainingByCause {
    long long in_worksite = 0;         ///< covered by a worksite started and not abandoned
    double in_worksite_km = 0;         ///< network still to build in those worksites, km
    long long planned_not_started = 0; ///< covered by a worksite not started, or tied to a planned PBO
    double planned_not_started_km = 0; ///< network still to build in the worksites not started, km
    long long no_plan = 0;             ///< no worksite and no network planned near them
    long long not_located = 0;         ///< locaux the commune reference counts beyond the premises known
};

/// The answer for one area.
struct Remaining {
    Target target;
    Date at;
    long long locaux = 0;
    long long raccordables = 0;                   ///< at @c at
    long long target_locaux = 0;                  ///< share × locaux, rounded up
    long long remaining = 0;                      ///< target_locaux − raccordables, at least 0
    std::optional<double> required_per_quarter;   ///< empty when the target date is past
    double observed_per_quarter = 0;              ///< mean gain over the last four quarters
    std::optional<Quarter> projected_quarter;     ///< when the target is reached at the observed pace
    bool reached = false;                         ///< the target is met at @c at
    std::optional<long long> shortfall_at_target; ///< when the target date is past
    std::optional<Date> met_on;                   ///< the day the target was met, if it was
    RemainingByCause by_cause;
};

/// One area's answer.
struct AreaRemaining {
    std::string code;
    std::string name;
    Remaining figures;
};

/// Computes the remainder for the whole territory at @p at.
/// @throws UsageError when the share is not in (0, 100].
Remaining compute_remaining(const RolloutData& d, const Target& target, Date at);

/// The same, for each area of @p by (in code order).
std::vector<AreaRemaining> compute_remaining_by(const RolloutData& d, const Target& target, Date at,
                                                Grouping by);

/// The last quarter completed on @p at (whose last day is on or before it).
Quarter last_complete_quarter(Date at);

} // namespace fibre::rollout
