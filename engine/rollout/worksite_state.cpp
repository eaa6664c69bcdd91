#include "engine/rollout/worksite_state.hpp"

#include "engine/model/worksite_calendar.hpp"
#include "engine/support/text.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace fibre::rollout {

const char* to_string(WorksiteState s) {
    switch (s) {
    case WorksiteState::planned:
        return "planned";
    case WorksiteState::active:
        return "active";
    case WorksiteState::suspended:
        return "suspended";
    case WorksiteState::overdue:
        return "overdue";
    case WorksiteState::completed:
        return "completed";
    case WorksiteState::abandoned:
        return "abandoned";
    }
    return "planned";
}

bool is_suspended_on(const model::Worksite& w, Date day) {
    return std::any_of(w.suspensions.begin(), w.suspensions.end(), [&](const model::Suspension& s) {
        return model::suspension_covers(s.from, s.to.value_or(Date::never()), day);
    });
}

WorksiteState worksite_state(const model::Worksite& w, Date at) {
    const bool dated = w.planned_start || w.planned_end || w.actual_start || w.actual_end || w.abandoned ||
                       !w.suspensions.empty();
    if (!dated) {
        const auto declared = text::lower(text::trim(w.declared_state));
        for (auto s : all_worksite_states) {
            if (declared == to_string(s)) {
                return s;
            }
        }
        return WorksiteState::planned;
    }
    const auto never = Date::never();
    switch (model::worksite_state_on(at, w.actual_start.value_or(never), w.actual_end.value_or(never),
                                     w.abandoned.value_or(never), w.planned_end.value_or(never),
                                     is_suspended_on(w, at))) {
    case model::WorksiteCalendarState::planned:
        return WorksiteState::planned;
    case model::WorksiteCalendarState::active:
        return WorksiteState::active;
    case model::WorksiteCalendarState::suspended:
        return WorksiteState::suspended;
    case model::WorksiteCalendarState::overdue:
        return WorksiteState::overdue;
    case model::WorksiteCalendarState::completed:
        return WorksiteState::completed;
    case model::WorksiteCalendarState::abandoned:
        return WorksiteState::abandoned;
    }
    return WorksiteState::planned;
}

long long suspended_days(const model::Worksite& w, Date at) {
    std::vector<std::pair<std::int32_t, std::int32_t>> spans; // [first, last] day numbers
    for (const auto& s : w.suspensions) {
        if (s.from > at) {
            continue;
        }
        const Date last = s.to ? std::min(*s.to, at) : at;
        if (last < s.from) {
            continue;
        }
        spans.emplace_back(s.from.days, last.days);
    }
    std::sort(spans.begin(), spans.end());
    long long total = 0;
    std::int32_t covered_to = std::numeric_limits<std::int32_t>::min();
    for (auto [first, last] : spans) {
        const std::int32_t begin =
            std::max(first, covered_to == std::numeric_limits<std::int32_t>::min() ? first : covered_to + 1);
        if (last >= begin) {
            total += last - begin + 1;
        }
        covered_to = std::max(covered_to, last);
    }
    return total;
}

} // namespace fibre::rollout
