#include "engine/rollout/progress.hpp"

#include "engine/model/departements.hpp"
#include "engine/rollout/worksite_state.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_map>

namespace fibre::rollout {

Grouping parse_grouping(std::string_view text) {
    if (text.empty() || text == "none") {
        return Grouping::none;
    }
    if (text == "departement" || text == "département") {
        return Grouping::departement;
    }
    if (text == "epci") {
        return Grouping::epci;
    }
    if (text == "commune") {
        return Grouping::commune;
    }
    if (text == "pm" || text == "pm_zone" || text == "pm-zone") {
        return Grouping::pm_zone;
    }
    throw UsageError(fmt::format("--by: unknown grouping '{}' (departement, epci, commune or pm)", text));
}

const char* to_string(Grouping g) {
    switch (g) {
    case Grouping::none:
        return "none";
    case Grouping::departement:
        return "departement";
    case Grouping::epci:
        return "epci";
    case Grouping::commune:
        return "commune";
    case Grouping::pm_zone:
        return "pm";
    }
    return "none";
}

namespace {

// A département code from an INSEE code when the commune reference gives none:
// overseas départements have three digits (971...), the others two (2A, 2B included).
std::string departement_of(const std::string& insee) {
    if (insee.size() >= 3 && insee.rfind("97", 0) == 0) {
        return insee.substr(0, 3);
    }
    return insee.substr(0, std::min<std::size_t>(2, insee.size()));
}

struct AreaKey {
    std::string code;
    std::string name;
};

// The area of a commune for a commune-based grouping.
AreaKey commune_area(const RolloutData& d, const std::string& insee, Grouping g) {
    const auto it = d.commune_index.find(insee);
    const store::CommuneReference* c = it == d.commune_index.end() ? nullptr : &d.communes[it->second];
    switch (g) {
    case Grouping::departement: {
        std::string code = c && !c->departement.empty() ? c->departement : departement_of(insee);
        const auto name = model::departement_name(code);
        return {code, name.empty() ? code : std::string(name)};
    }
    case Grouping::epci:
        if (c && !c->epci_siren.empty()) {
            return {c->epci_siren, c->epci_name.empty() ? c->epci_siren : c->epci_name};
        }
        return {"", ""};
    case Grouping::commune:
        return {insee, c && !c->name.empty() ? c->name : insee};
    default:
        return {"all", "all"};
    }
}

} // namespace

Areas make_areas(const RolloutData& d, Grouping g) {
    Areas a;
    std::map<std::string, std::string> names; // ordered by code
    std::unordered_map<std::string, model::Denominator> locaux;
    std::vector<std::string> premise_code(d.premises.size());
    if (g == Grouping::pm_zone) {
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            // A PM zone is known by its ReferencePM; its name is the PM site's code.
            premise_code[i] = d.premises[i].pm_ref;
            const auto& site = d.premises[i].pm_code;
            names.emplace(premise_code[i], site.empty() ? premise_code[i] : site);
            locaux[premise_code[i]].add({d.premises[i].locaux, model::CoverageBasis::premises});
        }
    } else {
        // Commune-based areas sum the communes' locaux, so that reference counts larger
        // than the premises known count in every grouping alike.
        const std::map<std::string, model::Denominator> communes(d.commune_denominators.begin(),
                                                                 d.commune_denominators.end());
        for (const auto& [insee, n] : communes) {
            const auto key = commune_area(d, insee, g);
            names.emplace(key.code, key.name);
            locaux[key.code].add(n);
        }
        std::unordered_map<std::string, std::string> area_of_insee;
        for (std::size_t i = 0; i < d.premises.size(); ++i) {
            const auto& insee = d.premises[i].insee;
            auto it = area_of_insee.find(insee);
            if (it == area_of_insee.end()) {
                it = area_of_insee.emplace(insee, commune_area(d, insee, g).code).first;
            }
            premise_code[i] = it->second;
        }
    }
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& [code, name] : names) {
        index.emplace(code, a.codes.size());
        a.codes.push_back(code);
        a.names.push_back(name);
        a.locaux.push_back(locaux[code].locaux);
        a.basis.push_back(locaux[code].basis);
    }
    a.of_premise.resize(d.premises.size());
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        a.of_premise[i] = index.at(premise_code[i]);
    }
    a.of_worksite.assign(d.worksites.size(), {});
    for (std::size_t w = 0; w < d.worksites.size(); ++w) {
        auto& list = a.of_worksite[w];
        for (auto p : d.worksite_premises[w]) {
            list.push_back(a.of_premise[p]);
        }
        if (g == Grouping::pm_zone) {
            const auto it = index.find(d.worksites[w].perimeter_ref);
            if (it != index.end() && !d.worksites[w].perimeter_ref.empty()) {
                list.push_back(it->second);
            }
        }
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return a;
}

std::optional<std::size_t> area_of_commune(const RolloutData& d, const Areas& a, Grouping g,
                                           const std::string& insee) {
    if (g == Grouping::pm_zone) {
        return std::nullopt;
    }
    const auto code = commune_area(d, insee, g).code;
    const auto it = std::lower_bound(a.codes.begin(), a.codes.end(), code);
    if (it == a.codes.end() || *it != code) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - a.codes.begin());
}

std::optional<std::pair<Quarter, Quarter>> raccordable_span(const RolloutData& d) {
    std::optional<Date> first;
    std::optional<Date> last;
    for (const auto& p : d.premises) {
        if (p.raccordable_since.is_never() || p.raccordable_since == Date::always()) {
            continue;
        }
        first = first ? std::min(*first, p.raccordable_since) : p.raccordable_since;
        last = last ? std::max(*last, p.raccordable_since) : p.raccordable_since;
    }
    if (!first) {
        return std::nullopt;
    }
    return std::make_pair(Quarter::of(*first), Quarter::of(*last));
}

namespace {

std::vector<QuarterFigures> series(const std::vector<long long>& before,
                                   const std::vector<long long>& in_quarter, model::Denominator denominator,
                                   Quarter from, int n) {
    const long long locaux = denominator.locaux;
    std::vector<QuarterFigures> out;
    long long cumulative = before.empty() ? 0 : before[0];
    Quarter q = from;
    for (int i = 0; i < n; ++i, q = q.next()) {
        QuarterFigures f;
        f.quarter = q;
        f.added = in_quarter[static_cast<std::size_t>(i)];
        cumulative += f.added;
        f.raccordables = cumulative;
        f.locaux = locaux;
        f.coverage = model::coverage_rate(cumulative, locaux);
        f.basis = denominator.basis;
        out.push_back(f);
    }
    return out;
}

// Locaux raccordés at each quarter's end, and the take-up (docs/figures.md, "Raccordé").
void add_raccordes(const RolloutData& d, const Areas& areas, Quarter from, Progress& out) {
    const auto n = out.quarters.size();
    if (n == 0) {
        return;
    }
    const Date end = out.quarters.back().quarter.last_day();
    std::vector<long long> total(n, 0);
    std::vector<std::vector<long long>> area(out.areas.size(), std::vector<long long>(n, 0));
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        const auto& p = d.premises[i];
        if (p.raccorde_since > end || p.raccorde_locaux == 0) {
            continue;
        }
        const auto qi = static_cast<std::size_t>(std::max(0, Quarter::of(p.raccorde_since).minus(from)));
        total[qi] += p.raccorde_locaux;
        if (!area.empty()) {
            area[areas.of_premise[i]][qi] += p.raccorde_locaux;
        }
    }
    const auto fill = [n](std::vector<QuarterFigures>& quarters, const std::vector<long long>& in) {
        long long cumulative = 0;
        for (std::size_t q = 0; q < n; ++q) {
            cumulative += in[q];
            quarters[q].raccordes = cumulative;
            quarters[q].take_up =
                quarters[q].raccordables > 0
                    ? static_cast<double>(cumulative) / static_cast<double>(quarters[q].raccordables)
                    : 0.0;
        }
    };
    fill(out.quarters, total);
    for (std::size_t a = 0; a < out.areas.size(); ++a) {
        fill(out.areas[a].quarters, area[a]);
    }
}

} // namespace

Progress compute_progress(const RolloutData& d, Quarter from, Quarter to, Grouping by) {
    if (to < from) {
        throw UsageError(fmt::format("--from {} is after --to {}", from.str(), to.str()));
    }
    const int n = to.minus(from) + 1;
    const Date start = from.first_day();
    const Date end = to.last_day();
    const Areas areas = make_areas(d, by);
    const std::size_t na = areas.codes.size();

    // One pass over the premises: each lands in its area's "before" count or in one
    // quarter's bucket; the cumulative series follows by summing.
    std::vector<long long> total_before(1, 0);
    std::vector<long long> total_in(static_cast<std::size_t>(n), 0);
    std::vector<std::vector<long long>> area_before(na, std::vector<long long>(1, 0));
    std::vector<std::vector<long long>> area_in(na, std::vector<long long>(static_cast<std::size_t>(n), 0));
    for (std::size_t i = 0; i < d.premises.size(); ++i) {
        const auto& p = d.premises[i];
        if (p.raccordable_since > end) {
            continue;
        }
        const auto a = areas.of_premise[i];
        if (p.raccordable_since < start) {
            total_before[0] += p.locaux;
            area_before[a][0] += p.locaux;
            continue;
        }
        const auto qi = static_cast<std::size_t>(Quarter::of(p.raccordable_since).minus(from));
        total_in[qi] += p.locaux;
        area_in[a][qi] += p.locaux;
    }

    Progress out;
    out.grouping = by;
    out.quarters = series(total_before, total_in, d.total_denominator(), from, n);
    if (by != Grouping::none) {
        for (std::size_t a = 0; a < na; ++a) {
            out.areas.push_back(
                {areas.codes[a], areas.names[a],
                 series(area_before[a], area_in[a], {areas.locaux[a], areas.basis[a]}, from, n)});
        }
    }
    add_raccordes(d, areas, from, out);

    // Worksites active at each quarter's end.
    Quarter q = from;
    for (int i = 0; i < n; ++i, q = q.next()) {
        const Date day = q.last_day();
        for (std::size_t w = 0; w < d.worksites.size(); ++w) {
            if (worksite_state(d.worksites[w], day) != WorksiteState::active) {
                continue;
            }
            ++out.quarters[static_cast<std::size_t>(i)].worksites_active;
            if (by != Grouping::none) {
                for (auto a : areas.of_worksite[w]) {
                    ++out.areas[a].quarters[static_cast<std::size_t>(i)].worksites_active;
                }
            }
        }
    }

    // ARCEP's declared figures beside ours: the total takes the département figures (summed
    // when the store holds several départements), each area its own level's figure.
    const char* level = by == Grouping::epci          ? "epci"
                        : by == Grouping::departement ? "departement"
                                                      : "commune";
    std::map<std::pair<std::string, std::string>, long long> declared; // (code, quarter)
    std::map<std::string, long long> departement_total;                // quarter
    std::set<std::string> store_departements; // an import with --all-territory holds others too
    for (const auto& c : d.communes) {
        store_departements.insert(c.departement);
    }
    for (const auto& f : d.arcep) {
        if (f.level == level) {
            declared[{f.code, f.quarter}] = f.raccordables;
        }
        if (f.level == "departement" && store_departements.count(f.code) > 0) {
            departement_total[f.quarter] += f.raccordables;
        }
    }
    // Without département figures, the total sums the figures of the territory's communes.
    std::map<std::string, long long> commune_total; // quarter
    for (const auto& f : d.arcep) {
        if (f.level == "commune" && d.commune_locaux.count(f.code) > 0) {
            commune_total[f.quarter] += f.raccordables;
        }
    }
    const auto& total_source = departement_total.empty() ? commune_total : departement_total;
    for (auto& f : out.quarters) {
        if (auto it = total_source.find(f.quarter.str()); it != total_source.end()) {
            f.arcep = it->second;
        }
    }
    if (by == Grouping::commune || by == Grouping::epci || by == Grouping::departement) {
        for (auto& area : out.areas) {
            for (auto& f : area.quarters) {
                if (auto it = declared.find({area.code, f.quarter.str()}); it != declared.end()) {
                    f.arcep = it->second;
                }
            }
        }
    }
    return out;
}

} // namespace fibre::rollout
