#include "engine/rollout/worksite_figures.hpp"

#include "engine/rollout/lifecycle_rules.hpp"
#include "engine/support/log.hpp"

#include <algorithm>

namespace fibre::rollout {

long long locaux_on_completion_by_assignment(const RolloutData& d, std::size_t worksite, Date at) {
    long long n = 0;
    for (auto i : d.worksite_premises[worksite]) {
        const auto& p = d.premises[i];
        if (p.raccordable_since > at && !p.pbo_code.empty()) {
            n += p.locaux;
        }
    }
    return n;
}

std::vector<WorksiteFigures> compute_worksites(const RolloutData& d, Date at,
                                               const CompletionCounter& counter) {
    std::vector<WorksiteFigures> out;
    out.reserve(d.worksites.size());
    std::size_t estimated = 0;
    for (std::size_t w = 0; w < d.worksites.size(); ++w) {
        const auto& ws = d.worksites[w];
        WorksiteFigures f;
        f.worksite = w;
        f.state = worksite_state(ws, at);
        f.suspended_days = suspended_days(ws, at);

        // Cables and the paths they run in describe the same route: count cables when the
        // perimeter has any, paths otherwise, so that no metre is counted twice.
        const auto& links = d.worksite_links[w];
        const bool has_cables =
            std::any_of(links.begin(), links.end(), [](const auto& l) { return l.cable; });
        double perimeter_length = 0;
        for (const auto& l : links) {
            if (l.cable != has_cables || is_dropped(l.life)) {
                continue;
            }
            perimeter_length += l.length_m;
            // At the date asked, a link is built once in service, else still to build
            // (whatever its status says today: a date in the past sees the works then).
            if (service_start(l.life) <= at) {
                f.built_length_m += l.length_m;
            } else {
                f.to_build_length_m += l.length_m;
            }
        }
        f.planned_length_m = ws.planned_length_m > 0 ? ws.planned_length_m : perimeter_length;

        for (auto i : d.worksite_premises[w]) {
            const auto& p = d.premises[i];
            f.locaux += p.locaux;
            if (p.raccordable_since <= at) {
                f.raccordables += p.locaux;
            }
        }
        if (f.state == WorksiteState::abandoned) {
            f.locaux_on_completion = 0;
        } else if (ws.actual_end) {
            // Completed by the date or since: what its completion brought, the premises that
            // became raccordable the day it ended.
            for (auto i : d.worksite_premises[w]) {
                if (d.premises[i].raccordable_since == *ws.actual_end) {
                    f.locaux_on_completion += d.premises[i].locaux;
                }
            }
        } else if (counter) {
            f.locaux_on_completion = counter(d, w, at);
        } else if (w < d.completion_locaux.size() && d.completion_locaux[w]) {
            f.locaux_on_completion = *d.completion_locaux[w];
        } else {
            f.locaux_on_completion = locaux_on_completion_by_assignment(d, w, at);
            f.estimated = true;
            ++estimated;
        }
        out.push_back(f);
    }
    if (estimated > 0) {
        log::warning("the latest analysis holds no completion figure for {} unfinished worksite(s) (a store "
                     "analysed by an older version, or worksites imported since): their locaux_on_completion "
                     "is estimated from the premises they cover; run `fibre analyze` for the exact figure",
                     estimated);
    }
    return out;
}

std::vector<long long> count_states(const std::vector<WorksiteFigures>& figures) {
    std::vector<long long> n(std::size(all_worksite_states), 0);
    for (const auto& f : figures) {
        ++n[static_cast<std::size_t>(f.state)];
    }
    return n;
}

} // namespace fibre::rollout
