#include "engine/graph/worksite_coverage.hpp"

#include "engine/graph/boost_geometry.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

namespace fibre::graph {

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
    for (const auto& s : sites) {
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
    for (auto& list : out) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

} // namespace fibre::graph
