#pragma once
/// @file worksite_calendar.hpp
/// What a worksite's dates mean on a given day: the one rule the engine's worksite states and
/// the demo generator's ground truth share (docs/rollout-figures.md, "Worksite dates").
/// Header only, on plain dates, so that the demo needs no engine library to use it.

#include "engine/support/date.hpp"

namespace fibre::model {

/// A worksite's state on a day, as its dates give it.
enum class WorksiteCalendarState { planned, active, suspended, overdue, completed, abandoned };

/// Whether a suspension from @p first to @p last covers @p day. The end date is the last day
/// suspended (works resume the day after); an open suspension (@p last never()) covers every
/// day from its first.
constexpr bool suspension_covers(Date first, Date last, Date day) {
    return first <= day && (last.is_never() || day <= last);
}

/// The state on @p day of a worksite with these dates (never() when absent), in this order:
/// abandoned on or before the day; completed (its actual end day is completed); suspended
/// (started and a suspension covers the day); overdue (the day is after its planned end, started
/// or not); active (started); planned.
constexpr WorksiteCalendarState worksite_state_on(Date day, Date actual_start, Date actual_end,
                                                  Date abandoned, Date planned_end, bool suspended_on_day) {
    if (!abandoned.is_never() && abandoned <= day) {
        return WorksiteCalendarState::abandoned;
    }
    if (!actual_end.is_never() && actual_end <= day) {
        return WorksiteCalendarState::completed;
    }
    const bool started = !actual_start.is_never() && actual_start <= day;
    if (started && suspended_on_day) {
        return WorksiteCalendarState::suspended;
    }
    if (!planned_end.is_never() && planned_end < day) {
        return WorksiteCalendarState::overdue;
    }
    return started ? WorksiteCalendarState::active : WorksiteCalendarState::planned;
}

} // namespace fibre::model
