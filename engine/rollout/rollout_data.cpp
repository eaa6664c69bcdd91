#include "engine/rollout/rollout_data.hpp"

#include "engine/graph/worksite_coverage.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/entities.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_set>

namespace fibre::rollout {
namespace {

// Moves each premise of @p declared out of the summary group it was counted in (same commune,
// PM, NRO, raccordable date and PBO or not) into a premise of its own, with the group's
// worksites.
void split_declared(RolloutData& d, std::vector<store::RolloutPremise> declared) {
    std::unordered_map<std::string, std::vector<std::size_t>> groups;
    auto key = [](const store::RolloutPremise& p, bool has_pbo) {
        return p.insee + '|' + p.pm_code + '|' + p.nro_code + '|' + std::to_string(p.raccordable_since.days) +
               (has_pbo ? "|1" : "|0");
    };
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        groups[key(d.premises[i], !d.premises[i].pbo_code.empty())].push_back(i);
    }
    std::vector<std::vector<std::size_t>> worksites_of(d.premises.size());
    for (std::size_t w = 0; w < d.worksite_premises.size(); ++w) {
        for (auto i : d.worksite_premises[w]) {
            worksites_of[i].push_back(w);
        }
    }
    for (auto& p : declared) {
        const auto it = groups.find(key(p, !p.pbo_code.empty()));
        if (it == groups.end()) {
            continue; // not in the latest analysis' summary
        }
        for (auto g : it->second) {
            auto& group = d.premises[g];
            if (group.locaux < p.locaux) {
                continue;
            }
            group.locaux -= p.locaux;
            p.raccorde_locaux = 0; // the summary's raccordés are read apart (read_raccorde_groups)
            const std::size_t at = d.premises.size();
            p.pm_ref = group.pm_ref;
            d.premises.push_back(std::move(p));
            for (auto w : worksites_of[g]) {
                d.worksite_premises[w].push_back(at);
            }
            break;
        }
    }
}

} // namespace

RolloutData RolloutData::load(store::Database& db, bool with_links, Premises premises) {
    RolloutData d;
    d.communes = store::read_commune_references(db);
    d.worksites = store::read_worksites(db);
    d.arcep = store::read_arcep_figures(db);
    std::unordered_map<std::string, std::size_t> worksite_at;
    for (std::size_t i = 0; i < d.worksites.size(); ++i) {
        worksite_at.emplace(d.worksites[i].code, i);
    }
    d.worksite_premises.assign(d.worksites.size(), {});

    std::vector<std::string> pm_refs;
    const auto summary = premises == Premises::summed ? store::read_status_summary(db, pm_refs)
                                                      : std::vector<store::StatusSummaryRow>{};
    if (!summary.empty()) {
        d.premises.reserve(summary.size());
        for (std::size_t i = 0; i < summary.size(); ++i) {
            const auto& row = summary[i];
            auto& p = d.premises.emplace_back();
            p.insee = row.insee;
            p.locaux = static_cast<int>(row.locaux);
            if (row.has_pbo) {
                p.pbo_code.assign(1, '*');
            }
            p.pm_code = row.pm_code;
            if (!row.pm_code.empty()) {
                p.pm_ref = pm_refs[i];
            }
            p.nro_code = row.nro_code;
            p.raccordable_since = row.raccordable_since;
            for (const auto& code : row.worksites) {
                if (const auto w = worksite_at.find(code); w != worksite_at.end()) {
                    d.worksite_premises[w->second].push_back(i);
                }
            }
        }
        // The premises declared not to build are not told apart in the summary: they are read
        // one by one and taken out of the group they belong to.
        split_declared(d, store::read_rollout_premises(db, /*only_not_to_build=*/true));
        // The raccordés, as rows of no locaux of their own beside the summary's groups.
        auto raccordes = store::read_raccorde_groups(db);
        d.premises.insert(d.premises.end(), std::make_move_iterator(raccordes.begin()),
                          std::make_move_iterator(raccordes.end()));
    } else {
        d.premises = store::read_rollout_premises(db);
        std::unordered_map<std::int64_t, std::size_t> premise_at;
        premise_at.reserve(d.premises.size());
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            premise_at.emplace(d.premises[i].id, i);
        }
        for (const auto& [worksite, premise] : store::read_worksite_premises(db)) {
            const auto w = worksite_at.find(worksite);
            const auto p = premise_at.find(premise);
            if (w != worksite_at.end() && p != premise_at.end()) {
                d.worksite_premises[w->second].push_back(p->second);
            }
        }
    }
    d.worksite_links.assign(d.worksites.size(), {});
    for (auto& link : with_links ? store::read_worksite_links(db) : std::vector<store::WorksiteLink>{}) {
        const auto w = worksite_at.find(link.worksite_code);
        if (w != worksite_at.end()) {
            d.worksite_links[w->second].push_back(std::move(link));
        }
    }
    d.completion_locaux.assign(d.worksites.size(), std::nullopt);
    for (const auto& o : store::read_worksite_outcomes(db)) {
        if (const auto w = worksite_at.find(o.worksite_code); w != worksite_at.end()) {
            d.completion_locaux[w->second] = o.locaux;
        }
    }
    d.data_date = store::read_data_date(db);
    d.index();
    return d;
}

void RolloutData::index() {
    worksite_premises.resize(worksites.size());
    worksite_links.resize(worksites.size());
    completion_locaux.resize(worksites.size());
    commune_index.clear();
    for (std::size_t i = 0; i < communes.size(); ++i) {
        commune_index.emplace(communes[i].insee, i);
    }
    premise_locaux.clear();
    for (const auto& p : premises) {
        premise_locaux[p.insee] += p.locaux;
    }
    // One coverage definition (engine/model/coverage.hpp), the one `fibre status` applies too.
    const auto estimates = model::arcep_best_estimates(arcep);
    const auto estimate_of = [&](const std::string& insee) -> std::optional<long long> {
        const auto it = estimates.find(insee);
        return it == estimates.end() ? std::nullopt : std::optional<long long>(it->second);
    };
    commune_denominators.clear();
    for (const auto& [insee, n] : premise_locaux) {
        commune_denominators[insee] = model::commune_denominator(n, 0, estimate_of(insee));
    }
    for (const auto& c : communes) {
        const auto it = premise_locaux.find(c.insee);
        commune_denominators[c.insee] = model::commune_denominator(
            it == premise_locaux.end() ? 0 : it->second, c.reference_locaux, estimate_of(c.insee));
    }
    commune_locaux.clear();
    for (const auto& [insee, denominator] : commune_denominators) {
        commune_locaux.emplace(insee, denominator.locaux);
    }
    // One worksite per premise (docs/rollout-figures.md, "Which worksite brings a premise").
    std::unordered_set<std::string> carried_refs;
    for (const auto& p : premises) {
        if (!p.pm_ref.empty()) {
            carried_refs.insert(p.pm_ref);
        }
    }
    std::vector<std::vector<std::uint32_t>> candidates(premises.size());
    for (std::size_t w = 0; w < worksite_premises.size(); ++w) {
        const bool by_position = graph::takes_by_position(worksites[w], carried_refs);
        for (auto p : worksite_premises[w]) {
            const auto& ref = worksites[w].perimeter_ref;
            if (by_position || (!ref.empty() && ref == premises[p].pm_ref)) {
                candidates[p].push_back(static_cast<std::uint32_t>(w));
            }
        }
    }
    premise_worksites.assign(premises.size(), {});
    for (auto& list : worksite_premises) {
        list.clear();
    }
    for (std::size_t p = 0; p < premises.size(); ++p) {
        std::sort(candidates[p].begin(), candidates[p].end());
        candidates[p].erase(std::unique(candidates[p].begin(), candidates[p].end()), candidates[p].end());
        if (const auto w = graph::pick_worksite(candidates[p], premises[p].pm_ref, worksites)) {
            premise_worksites[p].push_back(*w);
            worksite_premises[*w].push_back(p);
        }
    }

    // Each link's length in one worksite: the perimeter holding its midpoint, the smallest,
    // then the first by code.
    struct Owner {
        std::size_t worksite;
        std::size_t link;
    };
    std::map<std::pair<std::int64_t, std::string>, Owner> owner; // by row and code
    auto better = [&](const Owner& a, const Owner& b) {
        const auto& la = worksite_links[a.worksite][a.link];
        const auto& lb = worksite_links[b.worksite][b.link];
        if (la.holds_midpoint != lb.holds_midpoint) {
            return la.holds_midpoint;
        }
        if (la.perimeter_area_m2 != lb.perimeter_area_m2) {
            return la.perimeter_area_m2 < lb.perimeter_area_m2;
        }
        return worksites[a.worksite].code < worksites[b.worksite].code;
    };
    link_counted.assign(worksite_links.size(), {});
    for (std::size_t w = 0; w < worksite_links.size(); ++w) {
        link_counted[w].assign(worksite_links[w].size(), false);
        for (std::size_t k = 0; k < worksite_links[w].size(); ++k) {
            const Owner candidate{w, k};
            auto [it, inserted] = owner.try_emplace(
                std::make_pair(worksite_links[w][k].link_id, worksite_links[w][k].link_code), candidate);
            if (!inserted && better(candidate, it->second)) {
                it->second = candidate;
            }
        }
    }
    for (const auto& [code, o] : owner) {
        link_counted[o.worksite][o.link] = true;
    }
}

long long RolloutData::total_locaux() const {
    long long total = 0;
    for (const auto& [insee, n] : commune_locaux) {
        total += n;
    }
    return total;
}

model::Denominator RolloutData::total_denominator() const {
    // Summed in INSEE order, so that the basis does not depend on the hash order.
    std::map<std::string, model::Denominator> sorted(commune_denominators.begin(),
                                                     commune_denominators.end());
    model::Denominator total;
    for (const auto& [insee, denominator] : sorted) {
        total.add(denominator);
    }
    return total;
}

long long RolloutData::raccordes_at(Date at) const {
    long long total = 0;
    for (const auto& p : premises) {
        if (p.raccorde_since <= at) {
            total += p.raccorde_locaux;
        }
    }
    return total;
}

long long RolloutData::raccordables_at(Date at) const {
    long long total = 0;
    for (const auto& p : premises) {
        if (p.raccordable_since <= at) {
            total += p.locaux;
        }
    }
    return total;
}

} // namespace fibre::rollout
