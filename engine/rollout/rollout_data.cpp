#include "engine/rollout/rollout_data.hpp"

#include "engine/store/analysis_results.hpp"
#include "engine/store/entities.hpp"

#include <algorithm>
#include <iterator>

namespace fibre::rollout {

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
    commune_locaux = premise_locaux;
    for (const auto& c : communes) {
        auto& n = commune_locaux[c.insee];
        n = std::max(n, c.reference_locaux);
    }
    premise_worksites.assign(premises.size(), {});
    for (std::size_t w = 0; w < worksite_premises.size(); ++w) {
        auto& list = worksite_premises[w];
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        for (auto p : list) {
            premise_worksites[p].push_back(w);
        }
    }
}

long long RolloutData::total_locaux() const {
    long long total = 0;
    for (const auto& [insee, n] : commune_locaux) {
        total += n;
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
