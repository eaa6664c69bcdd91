#include "engine/rollout/remaining.hpp"

#include "engine/rollout/lifecycle_rules.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <unordered_map>

namespace fibre::rollout {

Quarter last_complete_quarter(Date at) {
    const Quarter q = Quarter::of(at);
    return q.last_day() <= at ? q : q.prev();
}

bool beyond_data(const std::optional<Date>& data_date, Date at) {
    return data_date && at > *data_date;
}

namespace {

// The premises of one area, by index; an empty selection with all=true means every premise.
struct Selection {
    bool all = true;
    std::vector<std::size_t> premises;
    long long locaux = 0;
    /// The links whose length counts in the area: (worksite, index in its worksite_links).
    std::vector<std::pair<std::size_t, std::size_t>> links;
};

template <typename F>
void each_premise(const RolloutData& d, const Selection& s, F&& f) {
    if (s.all) {
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            f(i);
        }
    } else {
        for (auto i : s.premises) {
            f(i);
        }
    }
}

long long raccordables_on(const RolloutData& d, const Selection& s, Date day) {
    long long n = 0;
    each_premise(d, s, [&](std::size_t i) {
        if (d.premises[i].raccordable_since <= day) {
            n += d.premises[i].locaux;
        }
    });
    return n;
}

bool started_on(const model::Worksite& w, Date at) {
    return w.actual_start && *w.actual_start <= at;
}

// The causes of docs/rollout-figures.md, in their order of precedence.
enum class Cause { abandoned, on_demand, running, suspended, planned, left_behind, no_plan };

Cause cause_of(const RolloutData& d, const std::vector<WorksiteFigures>& works, std::size_t i, Date at) {
    const auto& p = d.premises[i];
    const auto& declared = p.declared_state;
    if (declared == "ABANDONNE" || declared == "AB") {
        return Cause::abandoned;
    }
    if (declared == "RACCORDABLE DEMANDE" || declared == "RD") {
        return Cause::on_demand;
    }
    if (d.premise_worksites[i].empty()) {
        return Cause::no_plan;
    }
    const auto w = d.premise_worksites[i].front();
    switch (works[w].state) {
    case WorksiteState::abandoned:
        return Cause::abandoned;
    case WorksiteState::completed:
        return Cause::left_behind;
    case WorksiteState::suspended:
        return Cause::suspended;
    case WorksiteState::active:
        return Cause::running;
    case WorksiteState::overdue:
        return started_on(d.worksites[w], at) ? Cause::running : Cause::planned;
    case WorksiteState::planned:
        return Cause::planned;
    }
    return Cause::no_plan;
}

Quarter plus_quarters(Quarter q, long long n) {
    for (long long i = 0; i < n; ++i) {
        q = q.next();
    }
    return q;
}

Remaining remaining_of(const RolloutData& d, const Selection& s, const std::vector<WorksiteFigures>& works,
                       const Target& target, Date at) {
    Remaining r;
    r.target = target;
    r.at = at;
    r.data_date = d.data_date;
    r.locaux = s.locaux;
    r.raccordables = raccordables_on(d, s, at);
    r.target_locaux =
        static_cast<long long>(std::ceil(target.share / 100.0 * static_cast<double>(s.locaux) - 1e-9));
    r.remaining = std::max(0LL, r.target_locaux - r.raccordables);
    r.reached = r.remaining == 0;

    // The pace is observed where the data is: up to the data date when asked beyond it.
    const Date pace_day = beyond_data(d.data_date, at) ? *d.data_date : at;
    const Quarter last = last_complete_quarter(pace_day);
    const long long year_ago = raccordables_on(d, s, last.prev().prev().prev().prev().last_day());
    const long long at_last = raccordables_on(d, s, last.last_day());
    r.observed_per_quarter = static_cast<double>(at_last - year_ago) / 4.0;

    const Quarter target_quarter = Quarter::of(target.date);
    if (target.date >= at) {
        // Quarters left to work in, the current one included when it is not over.
        const int left = std::max(1, target_quarter.minus(last_complete_quarter(at)));
        r.required_per_quarter = static_cast<double>(r.remaining) / left;
    } else {
        r.shortfall_at_target = std::max(0LL, r.target_locaux - raccordables_on(d, s, target.date));
    }

    // The day the target was met: walk the premises in raccordable order.
    if (r.target_locaux > 0) {
        std::vector<std::pair<Date, int>> dated;
        each_premise(d, s, [&](std::size_t i) {
            if (d.premises[i].raccordable_since <= at) {
                dated.emplace_back(d.premises[i].raccordable_since, d.premises[i].locaux);
            }
        });
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
        const auto quarters = static_cast<long long>(
            std::ceil(static_cast<double>(r.remaining) / r.observed_per_quarter - 1e-9));
        r.projected_quarter = plus_quarters(last, quarters);
    }

    // Why the rest is not raccordable, and when what is to build is expected.
    auto& c = r.by_cause;
    std::vector<std::pair<Date, long long>> planned_ends; // locaux a worksite brings at its planned end
    std::vector<bool> bringing(d.worksites.size(), false);
    long long by_pace = 0;
    each_premise(d, s, [&](std::size_t i) {
        const auto& p = d.premises[i];
        if (p.raccordable_since <= at) {
            return;
        }
        const Cause cause = cause_of(d, works, i, at);
        switch (cause) {
        case Cause::abandoned:
            c.abandoned += p.locaux;
            return;
        case Cause::on_demand:
            c.on_demand += p.locaux;
            return;
        case Cause::no_plan:
            c.no_plan += p.locaux;
            by_pace += p.locaux;
            return;
        case Cause::left_behind:
            c.left_behind += p.locaux;
            by_pace += p.locaux;
            return;
        case Cause::running:
            c.running += p.locaux;
            break;
        case Cause::suspended:
            c.suspended += p.locaux;
            break;
        case Cause::planned:
            c.planned += p.locaux;
            break;
        }
        const auto w = d.premise_worksites[i].front();
        const auto& ws = d.worksites[w];
        if (cause == Cause::planned && works[w].state == WorksiteState::overdue) {
            c.overdue_not_started += p.locaux;
        }
        bringing[w] = true;
        if (ws.planned_end && *ws.planned_end >= at) {
            planned_ends.emplace_back(*ws.planned_end, p.locaux);
        } else {
            by_pace += p.locaux;
            r.expected.overdue = r.expected.overdue || ws.planned_end.has_value();
        }
    });
    long long known = 0;
    each_premise(d, s, [&](std::size_t i) { known += d.premises[i].locaux; });
    c.not_located = std::max(0LL, s.locaux - known);

    for (const auto& [w, k] : s.links) {
        const auto& link = d.worksite_links[w][k];
        if (is_dropped(link.life) || service_start(link.life) <= at) {
            continue;
        }
        const double km = link.length_m / 1000.0;
        switch (works[w].state) {
        case WorksiteState::active:
            c.running_km += km;
            break;
        case WorksiteState::suspended:
            c.suspended_km += km;
            break;
        case WorksiteState::planned:
            c.planned_km += km;
            break;
        case WorksiteState::overdue:
            (started_on(d.worksites[w], at) ? c.running_km : c.planned_km) += km;
            break;
        case WorksiteState::completed:
        case WorksiteState::abandoned:
            break;
        }
    }

    // Expected date: the latest planned end of the worksites bringing the remainder, and the
    // end of the quarter the observed pace makes the rest in.
    auto& e = r.expected;
    for (std::size_t w = 0; w < bringing.size(); ++w) {
        if (bringing[w]) {
            e.worksites.push_back(d.worksites[w].code);
        }
    }
    std::sort(e.worksites.begin(), e.worksites.end());
    e.by_pace = by_pace;
    for (const auto& [day, n] : planned_ends) {
        e.by_worksites += n;
        e.date = e.date ? std::max(*e.date, day) : day;
    }
    e.nothing_to_build = e.by_pace == 0 && e.by_worksites == 0;
    if (by_pace > 0) {
        if (r.observed_per_quarter > 0) {
            const auto quarters = static_cast<long long>(
                std::ceil(static_cast<double>(by_pace) / r.observed_per_quarter - 1e-9));
            const Date paced = plus_quarters(last, quarters).last_day();
            e.date = e.date ? std::max(*e.date, paced) : paced;
        } else {
            e.date.reset();
        }
    }

    // The target by plans and pace: each quarter after the last complete one adds the locaux
    // of the worksites planned to end in it and the observed pace, until the target is met.
    if (r.reached) {
        r.planned_quarter = r.projected_quarter;
    } else {
        std::sort(planned_ends.begin(), planned_ends.end());
        // What no worksite plans (no plan, overdue, abandoned, on demand, not located) is made
        // at the observed pace, as the pace projection makes all of it.
        long long planned_total = 0;
        for (const auto& end : planned_ends) {
            planned_total += end.second;
        }
        const long long pace_pool = std::max(by_pace, r.target_locaux - r.raccordables - planned_total);
        long long from_plans = 0;
        std::size_t next = 0;
        Quarter q = last;
        for (int k = 1; k <= 400; ++k) {
            q = q.next();
            while (next < planned_ends.size() && planned_ends[next].first <= q.last_day()) {
                from_plans += planned_ends[next++].second;
            }
            const auto paced = std::min<long long>(
                pace_pool, static_cast<long long>(std::floor(r.observed_per_quarter * k + 1e-9)));
            if (r.raccordables + from_plans + paced >= r.target_locaux) {
                r.planned_quarter = q;
                break;
            }
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

namespace {

// Where a link's length counts for a grouping: the area of the commune holding its midpoint
// (for PM zones, the zone its worksite names), else the area of the first premise its worksite
// brings; empty when neither is known.
std::optional<std::size_t> area_of_link(const RolloutData& d, const Areas& areas, Grouping by, std::size_t w,
                                        const store::WorksiteLink& link,
                                        const std::unordered_map<std::string, std::size_t>& by_code) {
    if (by == Grouping::pm_zone) {
        if (const auto it = by_code.find(d.worksites[w].perimeter_ref);
            !d.worksites[w].perimeter_ref.empty() && it != by_code.end()) {
            return it->second;
        }
    } else if (!link.midpoint_insee.empty()) {
        if (const auto a = area_of_commune(d, areas, by, link.midpoint_insee)) {
            return a;
        }
    }
    if (!d.worksite_premises[w].empty()) {
        return areas.of_premise[d.worksite_premises[w].front()];
    }
    return std::nullopt;
}

std::vector<WorksiteFigures> figures_at(const RolloutData& d, Date at) {
    return compute_worksites(d, at, [](const RolloutData&, std::size_t, Date) { return 0LL; });
}

} // namespace

Remaining compute_remaining(const RolloutData& d, const Target& target, Date at) {
    check_target(target);
    const auto works = figures_at(d, at);
    Selection all;
    all.locaux = d.total_locaux();
    for (std::size_t w = 0; w < d.worksite_links.size(); ++w) {
        for (std::size_t k = 0; k < d.worksite_links[w].size(); ++k) {
            if (w < d.link_counted.size() && k < d.link_counted[w].size() && d.link_counted[w][k]) {
                all.links.emplace_back(w, k);
            }
        }
    }
    return remaining_of(d, all, works, target, at);
}

std::vector<AreaRemaining> compute_remaining_by(const RolloutData& d, const Target& target, Date at,
                                                Grouping by) {
    check_target(target);
    const auto works = figures_at(d, at);
    const Areas areas = make_areas(d, by);
    std::vector<Selection> selections(areas.codes.size());
    std::unordered_map<std::string, std::size_t> by_code;
    for (std::size_t a = 0; a < selections.size(); ++a) {
        selections[a].all = false;
        selections[a].locaux = areas.locaux[a];
        by_code.emplace(areas.codes[a], a);
    }
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        selections[areas.of_premise[i]].premises.push_back(i);
    }
    for (std::size_t w = 0; w < d.worksite_links.size(); ++w) {
        for (std::size_t k = 0; k < d.worksite_links[w].size(); ++k) {
            if (w >= d.link_counted.size() || k >= d.link_counted[w].size() || !d.link_counted[w][k]) {
                continue;
            }
            if (const auto a = area_of_link(d, areas, by, w, d.worksite_links[w][k], by_code)) {
                selections[*a].links.emplace_back(w, k);
            }
        }
    }
    std::vector<AreaRemaining> out;
    for (std::size_t a = 0; a < selections.size(); ++a) {
        out.push_back({areas.codes[a], areas.names[a], remaining_of(d, selections[a], works, target, at)});
    }
    return out;
}

} // namespace fibre::rollout
