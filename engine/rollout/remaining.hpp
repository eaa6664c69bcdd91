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

/// Locaux not raccordable at the date, by why. Every local falls in exactly one cause, so the
/// causes add up to locaux − raccordables. Precedence (docs/rollout-figures.md, "Causes"):
/// declared abandoned, declared raccordable on demand, then the state of the worksite that
/// brings it, then no plan; not_located counts locaux no premise stands for.
struct RemainingByCause {
    long long running = 0;   ///< its worksite is started and not suspended (active, or overdue and started)
    long long suspended = 0; ///< its worksite is suspended on the date
    long long planned = 0;   ///< its worksite is not started (planned, or overdue and not started)
    long long overdue_not_started = 0; ///< of planned: the worksite's planned end is past
    long long left_behind = 0;         ///< its worksite is completed and it is still not raccordable
    long long no_plan = 0;             ///< no worksite brings it
    long long abandoned = 0;           ///< declared abandoned (IPE ABANDONNE, address AB), or its worksite is
    long long on_demand = 0;   ///< declared raccordable on demand (IPE RACCORDABLE DEMANDE, address RD)
    long long not_located = 0; ///< locaux the commune reference counts beyond the premises known
    double running_km = 0;     ///< network still to build in the running worksites, km
    double suspended_km = 0;   ///< in the suspended ones, km
    double planned_km = 0;     ///< in the ones not started, km
    /// Sum of every cause: locaux − raccordables.
    [[nodiscard]] long long total() const {
        return running + suspended + planned + left_behind + no_plan + abandoned + on_demand + not_located;
    }
    [[nodiscard]] double km() const { return running_km + suspended_km + planned_km; }
};

/// When an area's locaux still to build are expected to be raccordable (docs/rollout-figures.md,
/// "Expected date").
struct ExpectedDate {
    std::optional<Date> date;           ///< empty: nothing to build, or some part has no date
    bool nothing_to_build = false;      ///< no local waits on works (all raccordable, or not to build)
    bool overdue = false;               ///< part of it rests on worksites past their planned end
    long long by_worksites = 0;         ///< locaux dated by a worksite's planned end
    long long by_pace = 0;              ///< locaux dated by the observed pace
    std::vector<std::string> worksites; ///< codes of the worksites bringing the remainder, in code order
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
    std::optional<Date> data_date; ///< the newest date of the data (RolloutData::data_date)
    /// The quarter the target is reached when the worksites under way or planned end on their
    /// planned end dates and the rest goes at the observed pace; empty when never.
    std::optional<Quarter> planned_quarter;
    ExpectedDate expected;
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

/// Whether @p at stands after the data's newest date (nothing after it is known).
bool beyond_data(const std::optional<Date>& data_date, Date at);

} // namespace fibre::rollout
