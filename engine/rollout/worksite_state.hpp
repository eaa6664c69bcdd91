#pragma once
/// @file worksite_state.hpp
/// The state of a worksite at a date, from its planned and actual dates and its suspensions.

#include "engine/model/rollout.hpp"
#include "engine/support/date.hpp"

#include <string_view>

namespace fibre::rollout {

/// What a worksite is doing on a given day (docs/rollout-figures.md).
enum class WorksiteState {
    planned,   ///< not started, and its planned end is not past
    active,    ///< started, not suspended, not finished, within its planned end
    suspended, ///< started and stopped on that day
    overdue,   ///< past its planned end and not finished (started or not)
    completed, ///< finished on or before that day
    abandoned  ///< abandoned on or before that day
};

/// Every state, in the order tables and totals list them.
inline constexpr WorksiteState all_worksite_states[] = {WorksiteState::planned,   WorksiteState::active,
                                                        WorksiteState::suspended, WorksiteState::overdue,
                                                        WorksiteState::completed, WorksiteState::abandoned};

/// "planned", "active", "suspended", "overdue", "completed", "abandoned".
const char* to_string(WorksiteState s);

/// Whether a suspension covers @p day: from its first day to its end date, both included
/// (an open suspension covers every day from its start).
bool is_suspended_on(const model::Worksite& w, Date day);

/// The worksite's state on @p at. A worksite with no date at all falls back on the state
/// its source declared (unknown words read as planned).
WorksiteState worksite_state(const model::Worksite& w, Date at);

/// Days of suspension up to and including @p at (days covered by several suspensions
/// count once).
long long suspended_days(const model::Worksite& w, Date at);

} // namespace fibre::rollout
