#include "engine/graph/topology.hpp"

#include "engine/graph/boost_geometry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace fibre::graph {
namespace {

using VertexEntry = std::pair<BPoint, int>;
using SegmentEntry = std::pair<BBox, std::pair<std::size_t, std::size_t>>; // (link, segment index)

// Below this, an end is taken as lying exactly on its node: coordinates written through
// different tools differ by rounding, not by a drafting error.
constexpr double exact_m = 0.001;

double distance(const model::Point& a, const model::Point& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

double line_length(const model::LineString& line) {
    double total = 0;
    for (std::size_t i = 1; i < line.size(); ++i) {
        total += distance(line[i - 1], line[i]);
    }
    return total;
}

model::Defect defect(const char* code, model::Severity severity, std::string element,
                     std::optional<model::Point> at, std::string message) {
    return {code, severity, std::move(element), at, std::move(message)};
}

const char* kind_name(const model::Link& l) {
    return l.kind == model::LinkKind::cable ? "cable" : "path";
}

// Where a link's end sits along its own geometry, to cut it at T-junctions.
struct Split {
    std::size_t segment = 0;
    double t = 0; ///< 0..1 along the segment
    int vertex = 0;
};

class Builder {
public:
    Builder(const std::vector<model::Node>& nodes, const std::vector<model::Link>& links,
            const std::vector<model::Site>& sites, const std::vector<model::Box>& boxes,
            const std::vector<Date>& link_from, const std::vector<Date>& box_from,
            const TopologyOptions& options, std::vector<model::Defect>& defects)
        : nodes_(nodes), links_(links), sites_(sites), boxes_(boxes), link_from_(link_from),
          box_from_(box_from), tol_(options.tolerance_m), rejected_boxes_(options.rejected_boxes),
          defects_(defects) {}

    Topology build() {
        add_nodes();
        choose_links();
        report_duplicates();
        index_boxes();
        resolve_declared_ends();
        resolve_geometric_ends();
        make_edges();
        attach_sites_and_boxes();
        report_dangling_ends();
        return std::move(topo_);
    }

private:
    int add_vertex(const model::Point& p, bool is_node, const std::string& code, bool index = true) {
        const int v = static_cast<int>(topo_.vertices.size());
        topo_.vertices.push_back(p);
        topo_.vertex_is_node.push_back(is_node ? 1 : 0);
        topo_.vertex_code.push_back(code);
        if (index) {
            vertex_index_.insert({BPoint(p.x, p.y), v});
        }
        return v;
    }

    void add_nodes() {
        node_vertex_.reserve(nodes_.size());
        bool joined = false;
        for (const auto& n : nodes_) {
            if (n.code.empty()) {
                continue;
            }
            if (!n.same_as.empty()) {
                joined = true;
                continue;
            }
            if (node_vertex_.contains(n.code)) {
                continue; // reported with the other duplicates
            }
            node_vertex_.emplace(n.code, add_vertex(n.position, true, n.code, false));
        }
        // A node that another delivery also delivers, a metre or two away, is that node's vertex;
        // its own position still checks its own delivery's geometry.
        if (joined) {
            for (const auto& n : nodes_) {
                if (n.same_as.empty() || node_vertex_.contains(n.code)) {
                    continue;
                }
                const auto it = node_vertex_.find(n.same_as);
                node_vertex_.emplace(n.code, it != node_vertex_.end()
                                                 ? it->second
                                                 : add_vertex(n.position, true, n.code, false));
                joined_position_.emplace(n.code, n.position);
            }
        }
        // Bulk loading packs the tree far better, and faster, than one insert per node.
        std::vector<VertexEntry> entries;
        entries.reserve(topo_.vertices.size());
        for (std::size_t v = 0; v < topo_.vertices.size(); ++v) {
            entries.push_back({BPoint(topo_.vertices[v].x, topo_.vertices[v].y), static_cast<int>(v)});
        }
        vertex_index_ = decltype(vertex_index_)(entries.begin(), entries.end());
    }

    void choose_links() {
        const bool any_cable = std::any_of(links_.begin(), links_.end(), [](const model::Link& l) {
            return l.kind == model::LinkKind::cable;
        });
        const auto kind = any_cable ? model::LinkKind::cable : model::LinkKind::path;
        topo_.link_source = any_cable ? "cables" : "paths";
        topo_.link_used.assign(links_.size(), 0);
        ends_.assign(links_.size(), {-1, -1});
        for (std::size_t i = 0; i < links_.size(); ++i) {
            // A drop (RA) runs from a PBO into a local: it feeds no one, and two drops into one
            // building would join its PBOs (docs/figures.md, "Raccordé").
            if (links_[i].kind == kind && !is_drop(links_[i])) {
                chosen_.push_back(i);
            }
        }
    }

    template <typename T, typename Position>
    void report_duplicates_of(const std::vector<T>& items, const char* what, Position position) {
        std::unordered_map<std::string, int> seen;
        seen.reserve(items.size());
        for (const auto& item : items) {
            if (item.code.empty()) {
                continue;
            }
            if (++seen[item.code] == 2) {
                defects_.push_back(
                    defect("DUPLICATE_CODE", model::Severity::error, item.code, position(item),
                           fmt::format("The code {} is given to more than one {}: only the first "
                                       "is used in the network.",
                                       item.code, what)));
            }
        }
    }

    void report_duplicates() {
        report_duplicates_of(nodes_, "node", [](const model::Node& n) { return std::optional(n.position); });
        report_duplicates_of(sites_, "site", [](const model::Site& s) { return std::optional(s.position); });
        report_duplicates_of(boxes_, "box", [](const model::Box& b) { return std::optional(b.position); });
        std::unordered_map<std::string, int> seen_cable;
        std::unordered_map<std::string, int> seen_path;
        for (const auto& l : links_) {
            auto& seen = l.kind == model::LinkKind::cable ? seen_cable : seen_path;
            if (l.code.empty() || ++seen[l.code] != 2) {
                continue;
            }
            std::optional<model::Point> at;
            if (!l.geometry.empty()) {
                at = l.geometry.front();
            }
            defects_.push_back(
                defect("DUPLICATE_CODE", model::Severity::error, l.code, at,
                       fmt::format("The code {} is given to more than one {}.", l.code, kind_name(l))));
        }
    }

    void index_boxes() {
        for (std::size_t i = 0; i < boxes_.size(); ++i) {
            box_index_.emplace(boxes_[i].code, i); // first one wins, as for nodes
        }
    }

    // Declared node codes first; an end whose declared node is missing falls back to geometry.
    void resolve_declared_ends() {
        std::vector<char> is_chosen(links_.size(), 0);
        for (const std::size_t li : chosen_) {
            is_chosen[li] = 1;
        }
        // Every link's declared ends are checked, including those of the kind the graph does
        // not use (paths beside cables): their defects are the delivery's all the same.
        for (std::size_t li = 0; li < links_.size(); ++li) {
            const auto& l = links_[li];
            const bool chosen = is_chosen[li] != 0;
            const bool has_geom = l.geometry.size() >= 2;
            const std::string* declared[2] = {&l.node1, &l.node2};
            int found[2] = {-1, -1};
            for (int k = 0; k < 2; ++k) {
                if (declared[k]->empty()) {
                    continue;
                }
                if (auto it = node_vertex_.find(*declared[k]); it != node_vertex_.end()) {
                    found[k] = it->second;
                } else {
                    std::optional<model::Point> at;
                    if (has_geom) {
                        at = k == 0 ? l.geometry.front() : l.geometry.back();
                    }
                    defects_.push_back(defect(
                        "MISSING_NODE", model::Severity::error, l.code, at,
                        fmt::format("The {} {} names the node {} at its {} end, and no such node exists; its "
                                    "geometry is used instead.",
                                    kind_name(l), l.code, *declared[k], k == 0 ? "first" : "second")));
                }
            }
            // Producers sometimes digitise a link against its declared direction.
            bool reversed = false;
            if (has_geom && found[0] >= 0 && found[1] >= 0) {
                const auto& a = node_position(l.node1, found[0]);
                const auto& b = node_position(l.node2, found[1]);
                reversed = distance(l.geometry.front(), b) + distance(l.geometry.back(), a) <
                           distance(l.geometry.front(), a) + distance(l.geometry.back(), b);
            } else if (has_geom && (found[0] >= 0) != (found[1] >= 0)) {
                // One declared end: the geometry's end nearer its node is that end.
                const int k = found[0] >= 0 ? 0 : 1;
                const auto& n = node_position(*declared[k], found[k]);
                const double at_front = distance(l.geometry.front(), n);
                const double at_back = distance(l.geometry.back(), n);
                reversed = k == 0 ? at_back < at_front : at_front < at_back;
            }
            if (chosen) {
                reversed_.push_back(reversed);
            }
            for (int k = 0; k < 2; ++k) {
                if (found[k] < 0) {
                    if (has_geom && chosen) {
                        pending_.push_back({li, k});
                    }
                    continue;
                }
                if (chosen) {
                    ends_[li][k] = found[k];
                }
                if (!has_geom) {
                    continue;
                }
                const int geom_end = reversed ? 1 - k : k;
                const auto& end = geom_end == 0 ? l.geometry.front() : l.geometry.back();
                const auto& node = node_position(*declared[k], found[k]);
                const double d = distance(end, node);
                if (d > tol_) {
                    defects_.push_back(
                        defect("END_FAR_FROM_NODE", model::Severity::warning, l.code, end,
                               fmt::format(
                                   "The {} {} is declared to end at node {}, but its drawn end lies {:.2f} m "
                                   "from it (tolerance {:.2f} m).",
                                   kind_name(l), l.code, *declared[k], d, tol_)));
                } else if (d > exact_m) {
                    defects_.push_back(defect(
                        "END_SNAPPED", model::Severity::info, l.code, end,
                        fmt::format(
                            "The drawn end of {} {} lies {:.2f} m from its node {}; it was joined to the "
                            "node.",
                            kind_name(l), l.code, d, *declared[k])));
                }
            }
        }
    }

    // Ends placed from geometry: onto a vertex within the tolerance, else onto another link's
    // interior (cutting it there), else a vertex of their own.
    void resolve_geometric_ends() {
        bgi::rtree<SegmentEntry, bgi::quadratic<16>> segments;
        {
            std::vector<SegmentEntry> entries;
            for (const std::size_t li : chosen_) {
                const auto& g = links_[li].geometry;
                for (std::size_t s = 1; s < g.size(); ++s) {
                    BBox box(BPoint(std::min(g[s - 1].x, g[s].x), std::min(g[s - 1].y, g[s].y)),
                             BPoint(std::max(g[s - 1].x, g[s].x), std::max(g[s - 1].y, g[s].y)));
                    entries.push_back({box, {li, s - 1}});
                }
            }
            segments = decltype(segments)(entries.begin(), entries.end());
        }
        splits_.resize(links_.size());
        topo_.geometric_ends = pending_.size();
        for (const auto& [li, k] : pending_) {
            const auto& l = links_[li];
            const int geom_end = reversed_[index_in_chosen(li)] ? 1 - k : k;
            const model::Point end = geom_end == 0 ? l.geometry.front() : l.geometry.back();
            if (const int v = snap_end(end, k == 0 ? l.box1 : l.box2); v >= 0) {
                ends_[li][k] = v;
                continue;
            }

            std::vector<SegmentEntry> hits;
            const BBox window(BPoint(end.x - tol_, end.y - tol_), BPoint(end.x + tol_, end.y + tol_));
            segments.query(bgi::intersects(window), std::back_inserter(hits));
            double best = tol_;
            std::optional<std::pair<std::pair<std::size_t, std::size_t>, double>> best_hit;
            model::Point best_point;
            for (const auto& [box, id] : hits) {
                if (id.first == li) {
                    continue;
                }
                const auto& g = links_[id.first].geometry;
                const auto& a = g[id.second];
                const auto& b = g[id.second + 1];
                const double dx = b.x - a.x;
                const double dy = b.y - a.y;
                const double len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? ((end.x - a.x) * dx + (end.y - a.y) * dy) / len2 : 0;
                t = std::clamp(t, 0.0, 1.0);
                const model::Point p{a.x + t * dx, a.y + t * dy};
                const double d = distance(p, end);
                if (d <= best) {
                    best = d;
                    best_hit = {id, t};
                    best_point = p;
                }
            }
            if (best_hit) {
                const int v = add_vertex(best_point, false, {});
                splits_[best_hit->first.first].push_back({best_hit->first.second, best_hit->second, v});
                ends_[li][k] = v;
                ++topo_.t_junctions;
                continue;
            }
            ends_[li][k] = add_vertex(end, false, {});
        }
    }

    // The vertex within the tolerance that a geometric end joins. Two nodes may sit at the
    // same place (a pole drawn on the NRO's node): the one the link's other attributes point to
    // wins, that is the node of the box it names at that end; else a node holding a site, else
    // one holding a box, else the nearest.
    int snap_end(const model::Point& end, const std::string& box_code) {
        std::vector<VertexEntry> near;
        const BBox window(BPoint(end.x - tol_, end.y - tol_), BPoint(end.x + tol_, end.y + tol_));
        vertex_index_.query(bgi::intersects(window), std::back_inserter(near));
        if (near.empty()) {
            return -1;
        }
        if (holds_.empty()) {
            holds_.assign(topo_.vertices.size(), 0);
            for (const auto& b : boxes_) {
                if (const auto it = node_vertex_.find(b.node_code); it != node_vertex_.end()) {
                    holds_[static_cast<std::size_t>(it->second)] = 1;
                }
            }
            for (const auto& s : sites_) {
                if (const auto it = node_vertex_.find(s.node_code); it != node_vertex_.end()) {
                    holds_[static_cast<std::size_t>(it->second)] = 2;
                }
            }
        }
        int named = -1;
        if (!box_code.empty()) {
            if (const auto b = box_index_.find(box_code); b != box_index_.end()) {
                if (const auto v = node_vertex_.find(boxes_[b->second].node_code); v != node_vertex_.end()) {
                    named = v->second;
                }
            }
        }
        int best = -1;
        std::pair<int, double> best_rank{-1, 0};
        for (const auto& [p, v] : near) {
            const double d = bg::distance(p, BPoint(end.x, end.y));
            if (d > tol_) {
                continue;
            }
            const int rank =
                v == named
                    ? 3
                    : (static_cast<std::size_t>(v) < holds_.size() ? holds_[static_cast<std::size_t>(v)] : 0);
            if (best < 0 || rank > best_rank.first || (rank == best_rank.first && d < best_rank.second)) {
                best = v;
                best_rank = {rank, d};
            }
        }
        return best;
    }

    std::size_t index_in_chosen(std::size_t li) const {
        return static_cast<std::size_t>(std::lower_bound(chosen_.begin(), chosen_.end(), li) -
                                        chosen_.begin());
    }

    Date box_date(const std::string& code, const model::Link& l, std::optional<model::Point> at) {
        if (code.empty()) {
            return Date::always();
        }
        auto it = box_index_.find(code);
        if (it == box_index_.end() && rejected_boxes_ != nullptr) {
            if (const auto r = rejected_boxes_->find(code); r != rejected_boxes_->end()) {
                defects_.push_back(defect(
                    "REJECTED_BOX", model::Severity::warning, l.code, at,
                    fmt::format("The {} {} names the box {} at one end, which the import rejected ({}).",
                                kind_name(l), l.code, code, r->second)));
                return Date::always();
            }
        }
        if (it == box_index_.end()) {
            defects_.push_back(
                defect("MISSING_BOX", model::Severity::error, l.code, at,
                       fmt::format("The {} {} names the box {} at one end, and no such box exists.",
                                   kind_name(l), l.code, code)));
            return Date::always();
        }
        return box_from_[it->second];
    }

    void make_edges() {
        for (const std::size_t li : chosen_) {
            const auto& l = links_[li];
            const int a = ends_[li][0];
            const int b = ends_[li][1];
            const bool reversed = reversed_[index_in_chosen(li)];
            std::optional<model::Point> at;
            if (!l.geometry.empty()) {
                at = l.geometry.front();
            }
            Date from = link_from_[li];
            from = std::max(from, box_date(l.box1, l, at));
            from = std::max(from, box_date(l.box2, l, at));
            if (!l.box1.empty() && a >= 0) {
                box_end_vertex_.emplace(l.box1, a);
            }
            if (!l.box2.empty() && b >= 0) {
                box_end_vertex_.emplace(l.box2, b);
            }
            if (a < 0 || b < 0) {
                continue; // no geometry and no usable declared node: reported as MISSING_NODE
            }
            edge_boxes_ = {box_at(l.box1), box_at(l.box2)};
            topo_.link_used[li] = 1;
            const auto& g = l.geometry;
            const double declared_or_straight = l.length_m > 0
                                                    ? l.length_m
                                                    : distance(topo_.vertices[static_cast<std::size_t>(a)],
                                                               topo_.vertices[static_cast<std::size_t>(b)]);
            auto& cuts = splits_[li];
            if (g.size() < 2 || cuts.empty()) {
                add_edge(a, b, li, g.size() >= 2 ? line_length(g) : declared_or_straight, from);
                continue;
            }
            std::sort(cuts.begin(), cuts.end(), [](const Split& x, const Split& y) {
                return x.segment != y.segment ? x.segment < y.segment : x.t < y.t;
            });
            // Walk the geometry from its first point; ends_ are in declared order.
            const int first = reversed ? b : a;
            const int last = reversed ? a : b;
            std::vector<double> along(g.size(), 0);
            for (std::size_t i = 1; i < g.size(); ++i) {
                along[i] = along[i - 1] + distance(g[i - 1], g[i]);
            }
            int prev = first;
            double prev_at = 0;
            for (const auto& cut : cuts) {
                const double at_m =
                    along[cut.segment] + cut.t * (along[cut.segment + 1] - along[cut.segment]);
                add_edge(prev, cut.vertex, li, at_m - prev_at, from);
                prev = cut.vertex;
                prev_at = at_m;
            }
            add_edge(prev, last, li, along.back() - prev_at, from);
        }
    }

    void add_edge(int u, int v, std::size_t link, double length, Date from) {
        if (u == v) {
            return;
        }
        topo_.edges.push_back({u, v, link, std::max(length, 0.0), from, edge_boxes_[0], edge_boxes_[1]});
    }

    int box_at(const std::string& code) const {
        const auto it = code.empty() ? box_index_.end() : box_index_.find(code);
        return it == box_index_.end() ? -1 : static_cast<int>(it->second);
    }

    template <typename T>
    int attach(const T& item, const char* what) {
        if (!item.node_code.empty()) {
            if (auto it = node_vertex_.find(item.node_code); it != node_vertex_.end()) {
                return it->second;
            }
            defects_.push_back(defect("MISSING_NODE", model::Severity::error, item.code, item.position,
                                      fmt::format("The {} {} stands on node {}, and no such node exists.",
                                                  what, item.code, item.node_code)));
        }
        std::vector<VertexEntry> near;
        const BPoint q(item.position.x, item.position.y);
        vertex_index_.query(bgi::nearest(q, 1), std::back_inserter(near));
        if (!near.empty() && bg::distance(near.front().first, q) <= tol_) {
            return near.front().second;
        }
        return -1;
    }

    void attach_sites_and_boxes() {
        topo_.site_vertex.assign(sites_.size(), -1);
        for (std::size_t i = 0; i < sites_.size(); ++i) {
            topo_.site_vertex[i] = attach(sites_[i], "site");
        }
        topo_.box_vertex.assign(boxes_.size(), -1);
        for (std::size_t i = 0; i < boxes_.size(); ++i) {
            int v = attach(boxes_[i], "box");
            if (v < 0) {
                if (auto it = box_end_vertex_.find(boxes_[i].code); it != box_end_vertex_.end()) {
                    v = it->second;
                }
            }
            topo_.box_vertex[i] = v;
        }
    }

    void report_dangling_ends() {
        std::vector<int> degree(topo_.vertices.size(), 0);
        std::vector<std::size_t> some_link(topo_.vertices.size(), 0);
        for (const auto& e : topo_.edges) {
            ++degree[static_cast<std::size_t>(e.u)];
            ++degree[static_cast<std::size_t>(e.v)];
            some_link[static_cast<std::size_t>(e.u)] = e.link;
            some_link[static_cast<std::size_t>(e.v)] = e.link;
        }
        std::vector<char> holds(topo_.vertices.size(), 0);
        for (const int v : topo_.site_vertex) {
            if (v >= 0) {
                holds[static_cast<std::size_t>(v)] = 1;
            }
        }
        for (const int v : topo_.box_vertex) {
            if (v >= 0) {
                holds[static_cast<std::size_t>(v)] = 1;
            }
        }
        for (std::size_t v = 0; v < topo_.vertices.size(); ++v) {
            // A path ending at a delivered node (a pole, a chamber) is the normal end of civil
            // works; an end that meets nothing at all is not.
            if (degree[v] != 1 || holds[v] != 0 || topo_.vertex_is_node[v] != 0) {
                continue;
            }
            const auto& l = links_[some_link[v]];
            defects_.push_back(
                defect("DANGLING_END", model::Severity::warning, l.code, topo_.vertices[v],
                       fmt::format("The {} {} ends here on nothing: no node, box, site or other "
                                   "link within {:.2f} m.",
                                   kind_name(l), l.code, tol_)));
        }
    }

    // The declared position of a node code: a joined node's own, else its vertex's.
    const model::Point& node_position(const std::string& code, int vertex) const {
        if (!joined_position_.empty()) {
            if (const auto it = joined_position_.find(code); it != joined_position_.end()) {
                return it->second;
            }
        }
        return topo_.vertices[static_cast<std::size_t>(vertex)];
    }

    const std::vector<model::Node>& nodes_;
    const std::vector<model::Link>& links_;
    const std::vector<model::Site>& sites_;
    const std::vector<model::Box>& boxes_;
    const std::vector<Date>& link_from_;
    const std::vector<Date>& box_from_;
    double tol_;
    const std::unordered_map<std::string, std::string>* rejected_boxes_;
    std::vector<model::Defect>& defects_;

    Topology topo_;
    bgi::rtree<VertexEntry, bgi::quadratic<16>> vertex_index_;
    // Keyed by views of the nodes' and boxes' own codes, which outlive the builder: a million
    // nodes are not copied once more.
    std::unordered_map<std::string_view, int> node_vertex_;
    std::unordered_map<std::string, model::Point> joined_position_; ///< nodes joined to another delivery's
    std::vector<char> holds_; ///< per node vertex: 2 holds a site, 1 a box (for snapping)
    std::unordered_map<std::string_view, std::size_t> box_index_;
    std::array<int, 2> edge_boxes_{-1, -1}; ///< the boxes named at the ends of the link being cut
    std::unordered_map<std::string, int> box_end_vertex_;
    std::vector<std::size_t> chosen_;
    std::vector<char> reversed_; // per chosen link
    std::vector<std::array<int, 2>> ends_;
    std::vector<std::pair<std::size_t, int>> pending_;
    std::vector<std::vector<Split>> splits_;
};

} // namespace

Topology build_topology(const std::vector<model::Node>& nodes, const std::vector<model::Link>& links,
                        const std::vector<model::Site>& sites, const std::vector<model::Box>& boxes,
                        const std::vector<Date>& link_from, const std::vector<Date>& box_from,
                        const TopologyOptions& options, std::vector<model::Defect>& defects) {
    return Builder(nodes, links, sites, boxes, link_from, box_from, options, defects).build();
}

} // namespace fibre::graph
