#include "engine/rollout/remaining.hpp"

#include "engine/rollout/worksite_figures.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace fibre::rollout {

Quarter last_complete_quarter(Date at) {
    const Quarter q = Quarter::of(at);
    return q.last_day() <= at ? q : q.prev();
}

namespace {

// The premises of one area, by index; an empty selection with all=true means every premise.
struct Selection {
    bool all = true;
    std::vector<std::size_t> premises;
    long long locaux = 0;
    std::vector<bool> worksites; ///< worksites touching the area
};

long long raccordables_on(const RolloutData& d, const Selection& s, Date day) {
    long long n = 0;
    auto add = [&](std::size_t i) {
        if (d.premises[i].raccordable_since <= day) {
            n += d.premises[i].locaux;
        }
    };
    if (s.all) {
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            add(i);
        }
    } else {
        for (auto i : s.premises) {
            add(i);
        }
    }
    return n;
}

Remaining remaining_of(const RolloutData& d, const Selection& s, const std::vector<WorksiteFigures>& works,
                       const Target& target, Date at) {
    Remaining r;
    r.target = target;
    r.at = at;
    r.locaux = s.locaux;
    r.raccordables = raccordables_on(d, s, at);
    r.target_locaux =
        static_cast<long long>(std::ceil(target.share / 100.0 * static_cast<double>(s.locaux) - 1e-9));
    r.remaining = std::max(0LL, r.target_locaux - r.raccordables);
    r.reached = r.remaining == 0;

    const Quarter last = last_complete_quarter(at);
    const long long year_ago = raccordables_on(d, s, last.prev().prev().prev().prev().last_day());
    const long long at_last = raccordables_on(d, s, last.last_day());
    r.observed_per_quarter = static_cast<double>(at_last - year_ago) / 4.0;

    const Quarter target_quarter = Quarter::of(target.date);
    if (target.date >= at) {
        // Quarters left to work in, the current one included when it is not over.
        const int left = std::max(1, target_quarter.minus(last));
        r.required_per_quarter = static_cast<double>(r.remaining) / left;
    } else {
        r.shortfall_at_target = std::max(0LL, r.target_locaux - raccordables_on(d, s, target.date));
    }

    // The day the target was met: walk the premises in raccordable order.
    if (r.target_locaux > 0) {
        std::vector<std::pair<Date, int>> dated;
        auto add = [&](std::size_t i) {
            if (d.premises[i].raccordable_since <= at) {
                dated.emplace_back(d.premises[i].raccordable_since, d.premises[i].locaux);
            }
        };
        if (s.all) {
            for (std::size_t i = 0; i < d.premises.size(); ++i) {
                add(i);
            }
        } else {
            for (auto i : s.premises) {
                add(i);
            }
        }
        std::sort(dated.begin(), dated.end());
        long long running = 0;
        for (const auto& [day, n] : dated) {
            running += n;
            if (running >= r.target_locaux) {
                r.met_on = day;
                break;
            }
        }
    }
    if (r.reached) {
        if (r.met_on) {
            r.projected_quarter = Quarter::of(*r.met_on);
        }
    } else if (r.observed_per_quarter > 0) {
        const auto quarters =
            static_cast<int>(std::ceil(static_cast<double>(r.remaining) / r.observed_per_quarter - 1e-9));
        Quarter q = last;
        for (int i = 0; i < quarters; ++i) {
            q = q.next();
        }
        r.projected_quarter = q;
    }

    // Why the rest is not raccordable.
    auto classify = [&](std::size_t i) {
        const auto& p = d.premises[i];
        if (p.raccordable_since <= at) {
            return;
        }
        bool started = false;
        bool planned = !p.pbo_code.empty();
        for (auto w : d.premise_worksites[i]) {
            const auto state = works[w].state;
            if (state == WorksiteState::abandoned) {
                continue;
            }
            const auto& ws = d.worksites[w];
            if (ws.actual_start && *ws.actual_start <= at) {
                started = true;
            } else {
                planned = true;
            }
        }
        if (started) {
            r.by_cause.in_worksite += p.locaux;
        } else if (planned) {
            r.by_cause.planned_not_started += p.locaux;
        } else {
            r.by_cause.no_plan += p.locaux;
        }
    };
    if (s.all) {
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            classify(i);
        }
    } else {
        for (auto i : s.premises) {
            classify(i);
        }
    }
    long long known = 0;
    if (s.all) {
        for (const auto& p : d.premises) {
            known += p.locaux;
        }
    } else {
        for (auto i : s.premises) {
            known += d.premises[i].locaux;
        }
    }
    r.by_cause.not_located = std::max(0LL, s.locaux - known);
    for (std::size_t w = 0; w < d.worksites.size(); ++w) {
        if (!s.all && !s.worksites[w]) {
            continue;
        }
        const auto& f = works[w];
        if (f.state == WorksiteState::abandoned || f.state == WorksiteState::completed) {
            continue;
        }
        const auto& ws = d.worksites[w];
        if (ws.actual_start && *ws.actual_start <= at) {
            r.by_cause.in_worksite_km += f.to_build_length_m / 1000.0;
        } else {
            r.by_cause.planned_not_started_km += f.to_build_length_m / 1000.0;
        }
    }
    return r;
}

void check_target(const Target& target) {
    if (!(target.share > 0 && target.share <= 100)) {
        throw UsageError(fmt::format("--share must be above 0 and at most 100, not {}", target.share));
    }
}

} // namespace

Remaining compute_remaining(const RolloutData& d, const Target& target, Date at) {
    check_target(target);
    const auto works = compute_worksites(d, at, [](const RolloutData&, std::size_t, Date) { return 0LL; });
    Selection all;
    all.locaux = d.total_locaux();
    return remaining_of(d, all, works, target, at);
}

std::vector<AreaRemaining> compute_remaining_by(const RolloutData& d, const Target& target, Date at,
                                                Grouping by) {
    check_target(target);
    const auto works = compute_worksites(d, at, [](const RolloutData&, std::size_t, Date) { return 0LL; });
    const Areas areas = make_areas(d, by);
    std::vector<Selection> selections(areas.codes.size());
    for (std::size_t a = 0; a < selections.size(); ++a) {
        selections[a].all = false;
        selections[a].locaux = areas.locaux[a];
        selections[a].worksites.assign(d.worksites.size(), false);
    }
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        selections[areas.of_premise[i]].premises.push_back(i);
    }
    for (std::size_t w = 0; w < d.worksites.size(); ++w) {
        for (auto a : areas.of_worksite[w]) {
            selections[a].worksites[w] = true;
        }
    }
    std::vector<AreaRemaining> out;
    for (std::size_t a = 0; a < selections.size(); ++a) {
        out.push_back({areas.codes[a], areas.names[a], remaining_of(d, selections[a], works, target, at)});
    }
    return out;
}

} // namespace fibre::rollout
