#include "engine/graph/premise_assignment.hpp"

#include "engine/graph/boost_geometry.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <limits>
#include <unordered_map>
#include <utility>

namespace fibre::graph {
namespace {

struct ZoneShape {
    int box = -1;
    std::vector<BPolygon> parts;
};

} // namespace

bool is_pbo(const model::Box& box) {
    if (box.type.size() != 3) {
        return false;
    }
    return std::toupper(static_cast<unsigned char>(box.type[0])) == 'P' &&
           std::toupper(static_cast<unsigned char>(box.type[1])) == 'B' &&
           std::toupper(static_cast<unsigned char>(box.type[2])) == 'O';
}

std::vector<PboAssignment>
assign_premises(const std::vector<model::Premise>& premises, const std::vector<model::Box>& boxes,
                const std::vector<model::Zone>& zones, const std::vector<std::string>& ipe_pbo,
                const AssignmentOptions& options, std::vector<model::Defect>& defects) {
    std::unordered_map<std::string, int> box_by_code;
    std::vector<std::pair<BPoint, int>> pbo_points;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        box_by_code.emplace(boxes[i].code, static_cast<int>(i));
        if (is_pbo(boxes[i])) {
            pbo_points.push_back({BPoint(boxes[i].position.x, boxes[i].position.y), static_cast<int>(i)});
        }
    }
    const bgi::rtree<std::pair<BPoint, int>, bgi::quadratic<16>> pbo_index(pbo_points.begin(),
                                                                           pbo_points.end());

    std::unordered_map<std::string, int> zone_owner; // zpbo zone code -> box
    std::vector<ZoneShape> shapes;
    std::vector<std::pair<BBox, std::size_t>> zone_boxes;
    for (const auto& z : zones) {
        if (z.kind != "zpbo") {
            continue;
        }
        const auto owner = box_by_code.find(z.owner_code);
        if (owner == box_by_code.end()) {
            if (!z.owner_code.empty()) {
                defects.push_back(
                    {"MISSING_BOX", model::Severity::warning, z.code, std::nullopt,
                     fmt::format("The PBO zone {} belongs to the box {}, and no such box exists.", z.code,
                                 z.owner_code)});
            }
            continue;
        }
        zone_owner.emplace(z.code, owner->second);
        ZoneShape shape{owner->second, {}};
        for (const auto& p : z.geometry) {
            if (has_area(p)) {
                shape.parts.push_back(to_bg(p));
            }
        }
        if (shape.parts.empty()) {
            continue;
        }
        double x0 = std::numeric_limits<double>::max();
        double y0 = x0;
        double x1 = std::numeric_limits<double>::lowest();
        double y1 = x1;
        for (const auto& part : shape.parts) {
            for (const auto& pt : part.outer()) {
                x0 = std::min(x0, bg::get<0>(pt));
                y0 = std::min(y0, bg::get<1>(pt));
                x1 = std::max(x1, bg::get<0>(pt));
                y1 = std::max(y1, bg::get<1>(pt));
            }
        }
        zone_boxes.push_back({BBox(BPoint(x0, y0), BPoint(x1, y1)), shapes.size()});
        shapes.push_back(std::move(shape));
    }
    const bgi::rtree<std::pair<BBox, std::size_t>, bgi::quadratic<16>> zone_index(zone_boxes.begin(),
                                                                                  zone_boxes.end());

    std::vector<PboAssignment> out(premises.size());
    std::vector<std::pair<BBox, std::size_t>> zone_hits;
    std::vector<std::pair<BPoint, int>> near;
    for (std::size_t i = 0; i < premises.size(); ++i) {
        const auto& p = premises[i];
        auto declared = [&](const std::string& code, const char* source) {
            if (code.empty()) {
                return false;
            }
            if (auto it = box_by_code.find(code); it != box_by_code.end()) {
                out[i] = {it->second, model::Assignment::declared};
                return true;
            }
            if (options.rejected_boxes != nullptr) {
                if (const auto r = options.rejected_boxes->find(code); r != options.rejected_boxes->end()) {
                    defects.push_back(
                        {"REJECTED_BOX", model::Severity::warning, p.code, p.position,
                         fmt::format(
                             "The premise {} is served, according to {}, by the PBO {}, which the import "
                             "rejected ({}).",
                             p.code, source, code, r->second)});
                    return false;
                }
            }
            defects.push_back(
                {"MISSING_BOX", model::Severity::warning, p.code, p.position,
                 fmt::format("The premise {} is served, according to {}, by the PBO {}, and no such "
                             "box exists.",
                             p.code, source, code)});
            return false;
        };
        if (declared(p.declared_pbo, "the delivery")) {
            continue;
        }
        if (!p.pbo_zone.empty()) {
            if (auto it = zone_owner.find(p.pbo_zone); it != zone_owner.end()) {
                out[i] = {it->second, model::Assignment::declared};
                continue;
            }
        }
        if (i < ipe_pbo.size() && declared(ipe_pbo[i], "its IPE line")) {
            continue;
        }
        const BPoint q(p.position.x, p.position.y);
        zone_hits.clear();
        zone_index.query(bgi::intersects(q), std::back_inserter(zone_hits));
        bool in_zone = false;
        for (const auto& hit : zone_hits) {
            const auto& shape = shapes[hit.second];
            for (const auto& part : shape.parts) {
                if (bg::covered_by(q, part)) {
                    out[i] = {shape.box, model::Assignment::zone};
                    in_zone = true;
                    break;
                }
            }
            if (in_zone) {
                break;
            }
        }
        if (in_zone) {
            continue;
        }
        near.clear();
        pbo_index.query(bgi::nearest(q, 1), std::back_inserter(near));
        if (!near.empty() && bg::distance(near.front().first, q) <= options.max_drop_m) {
            out[i] = {near.front().second, model::Assignment::nearest};
            continue;
        }
        defects.push_back(
            {"PREMISE_WITHOUT_PBO", model::Severity::warning, p.code, p.position,
             fmt::format("The premise {} has no PBO: none is declared for it, no PBO zone holds it, "
                         "and no PBO lies within {:.0f} m.",
                         p.code, options.max_drop_m)});
    }
    return out;
}

} // namespace fibre::graph
