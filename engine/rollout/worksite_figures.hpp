#pragma once
/// @file worksite_figures.hpp
/// Each worksite at a date: its state, suspension days, network length planned and built,
/// and the locaux that will become raccordable when it completes.

#include "engine/rollout/rollout_data.hpp"
#include "engine/rollout/worksite_state.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace fibre::rollout {

/// Counts the locaux of worksite @p worksite (an index in RolloutData::worksites) that are
/// not raccordable at @p at and would be if its unfinished elements were built. Given to
/// compute_worksites, it replaces the analysis' figure (RolloutData::completion_locaux).
using CompletionCounter = std::function<long long(const RolloutData& d, std::size_t worksite, Date at)>;

/// An estimate, used only for a worksite the latest analysis holds no figure for (a store
/// analysed by an older build): the locaux of the premises the worksite covers that are tied
/// to a PBO and are not raccordable at @p at.
long long locaux_on_completion_by_assignment(const RolloutData& d, std::size_t worksite, Date at);

/// One worksite at a date.
struct WorksiteFigures {
    std::size_t worksite = 0; ///< index in RolloutData::worksites
    WorksiteState state = WorksiteState::planned;
    long long suspended_days = 0;
    double planned_length_m = 0;  ///< the order's planned length, else the length of its perimeter's links
    double built_length_m = 0;    ///< length of its perimeter's links in service at the date
    double to_build_length_m = 0; ///< its perimeter's links not in service at the date, not abandoned
    long long locaux = 0;         ///< locaux of the premises it covers
    long long raccordables = 0;   ///< of which raccordable at the date
    /// Completed at the date, or completed since (an actual end after it): the locaux of the
    /// premises it covers that became raccordable the day it ended. Still unfinished in the
    /// delivery: the locaux its completion would make raccordable (the analysis' figure, or the
    /// counter's answer). Abandoned: 0.
    long long locaux_on_completion = 0;
    bool estimated = false; ///< locaux_on_completion is locaux_on_completion_by_assignment's estimate
};

/// Every worksite's figures at @p at, in worksite code order. Without @p counter, a worksite
/// still unfinished in the delivery takes the analysis' figure; when the analysis holds none,
/// locaux_on_completion_by_assignment's estimate, said once on stderr.
std::vector<WorksiteFigures> compute_worksites(const RolloutData& d, Date at,
                                               const CompletionCounter& counter = {});

/// Number of worksites in each state (indexed by the state's enum value).
std::vector<long long> count_states(const std::vector<WorksiteFigures>& figures);

} // namespace fibre::rollout
