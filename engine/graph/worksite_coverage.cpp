#include "engine/graph/worksite_coverage.hpp"

#include "engine/graph/boost_geometry.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

namespace fibre::graph {

bool takes_by_position(const model::Worksite& w, const std::unordered_set<std::string>& carried_refs) {
    if (w.kind == "transport") {
        return false;
    }
    return w.perimeter_ref.empty() || carried_refs.count(w.perimeter_ref) == 0;
}

std::optional<std::uint32_t> pick_worksite(const std::vector<std::uint32_t>& candidates,
                                           const std::string& pm_ref,
                                           const std::vector<model::Worksite>& worksites) {
    const bool any_names_pm =
        !pm_ref.empty() && std::any_of(candidates.begin(), candidates.end(),
                                       [&](auto w) { return worksites[w].perimeter_ref == pm_ref; });
    auto start_of = [&](std::uint32_t w) {
        const auto& ws = worksites[w];
        return ws.actual_start ? *ws.actual_start : ws.planned_start ? *ws.planned_start : Date::always();
    };
    std::optional<std::uint32_t> best;
    for (auto w : candidates) {
        if (any_names_pm && worksites[w].perimeter_ref != pm_ref) {
            continue;
        }
        if (!best || start_of(w) > start_of(*best) ||
            (start_of(w) == start_of(*best) && worksites[w].code < worksites[*best].code)) {
            best = w;
        }
    }
    return best;
}

std::vector<std::vector<std::uint32_t>> worksite_coverage(const std::vector<model::Premise>& premises,
                                                          const std::vector<model::PremiseStatus>& statuses,
                                                          const std::vector<model::Site>& sites,
                                                          const std::vector<model::Worksite>& worksites) {
    std::vector<std::vector<std::uint32_t>> out(premises.size());

    // By PM zone: worksite -> its ReferencePM -> the sites carrying it -> premises served there.
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_ref;
    for (std::size_t w = 0; w < worksites.size(); ++w) {
        if (!worksites[w].perimeter_ref.empty()) {
            by_ref[worksites[w].perimeter_ref].push_back(static_cast<std::uint32_t>(w));
        }
    }
    std::unordered_map<std::string, const std::vector<std::uint32_t>*> by_pm;
    std::unordered_map<std::string, std::string> ref_of_pm;
    std::unordered_set<std::string> carried_refs;
    for (const auto& s : sites) {
        if (!s.ref_pm.empty()) {
            carried_refs.insert(s.ref_pm);
            ref_of_pm.emplace(s.code, s.ref_pm);
        }
        if (const auto it = by_ref.find(s.ref_pm); !s.ref_pm.empty() && it != by_ref.end()) {
            by_pm.emplace(s.code, &it->second);
        }
    }
    for (std::size_t i = 0; i < premises.size() && i < statuses.size(); ++i) {
        if (statuses[i].pm_code.empty()) {
            continue;
        }
        if (const auto it = by_pm.find(statuses[i].pm_code); it != by_pm.end()) {
            out[i] = *it->second;
        }
    }

    // By position: premises in or on the perimeter, found through an R-tree of the premises.
    std::vector<std::pair<BPoint, std::uint32_t>> points;
    points.reserve(premises.size());
    for (std::size_t i = 0; i < premises.size(); ++i) {
        points.emplace_back(BPoint(premises[i].position.x, premises[i].position.y),
                            static_cast<std::uint32_t>(i));
    }
    const bgi::rtree<std::pair<BPoint, std::uint32_t>, bgi::quadratic<16>> index(points.begin(),
                                                                                 points.end());
    std::vector<std::pair<BPoint, std::uint32_t>> hits;
    for (std::size_t w = 0; w < worksites.size(); ++w) {
        if (!takes_by_position(worksites[w], carried_refs)) {
            continue;
        }
        for (const auto& polygon : worksites[w].perimeter) {
            if (!has_area(polygon)) {
                continue;
            }
            const BPolygon shape = to_bg(polygon);
            // By hand: Boost's envelope of a polygon trips GCC 12's maybe-uninitialized warning.
            BBox box{{std::numeric_limits<double>::max(), std::numeric_limits<double>::max()},
                     {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()}};
            for (const auto& pt : shape.outer()) {
                bg::expand(box, pt);
            }
            hits.clear();
            index.query(bgi::covered_by(box), std::back_inserter(hits));
            for (const auto& [pt, i] : hits) {
                if (bg::covered_by(pt, shape)) {
                    out[i].push_back(static_cast<std::uint32_t>(w));
                }
            }
        }
    }
    static const std::string no_ref;
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto& list = out[i];
        if (list.size() <= 1) {
            continue;
        }
        const auto ref = i < statuses.size() ? ref_of_pm.find(statuses[i].pm_code) : ref_of_pm.end();
        const auto pick = pick_worksite(list, ref == ref_of_pm.end() ? no_ref : ref->second, worksites);
        list.assign(1, *pick);
    }
    return out;
}

} // namespace fibre::graph
