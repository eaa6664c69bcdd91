#include "engine/graph/completion.hpp"

#include "engine/graph/boost_geometry.hpp"
#include "engine/graph/service_dates.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace fibre::graph {
namespace {

// Index lists in one block: items of key k are items[start[k] .. start[k + 1]).
struct Groups {
    std::vector<std::uint32_t> start;
    std::vector<std::uint32_t> items;
    [[nodiscard]] std::pair<const std::uint32_t*, const std::uint32_t*> of(std::size_t key) const {
        return {items.data() + start[key], items.data() + start[key + 1]};
    }
};

template <typename ForEachPair>
Groups group(std::size_t keys, ForEachPair&& for_each_pair) {
    Groups g;
    g.start.assign(keys + 1, 0);
    for_each_pair([&](std::size_t key, std::uint32_t) { ++g.start[key + 1]; });
    for (std::size_t k = 0; k < keys; ++k) {
        g.start[k + 1] += g.start[k];
    }
    g.items.resize(g.start[keys]);
    std::vector<std::uint32_t> next(g.start.begin(), g.start.end() - 1);
    for_each_pair([&](std::size_t key, std::uint32_t item) { g.items[next[key]++] = item; });
    return g;
}

enum class Kind : std::uint8_t { link, site, box };

struct Candidate {
    Kind kind;
    std::uint32_t index;
};

class Completion {
public:
    explicit Completion(const FedNetwork& net)
        : net_(net), n_(net.topo.vertices.size()), link_mark_(net.links.size(), -1),
          site_mark_(net.sites.size(), -1), box_mark_(net.boxes.size(), -1), visit_mark_(n_, -1),
          box_premises_(net.boxes.size(), 0), box_locaux_(net.boxes.size(), 0) {
        const auto& edges = net.topo.edges;
        adjacent_ = group(n_, [&](auto&& add) {
            for (std::size_t e = 0; e < edges.size(); ++e) {
                add(static_cast<std::size_t>(edges[e].u), static_cast<std::uint32_t>(e));
                add(static_cast<std::size_t>(edges[e].v), static_cast<std::uint32_t>(e));
            }
        });
        link_edges_ = group(net.links.size(), [&](auto&& add) {
            for (std::size_t e = 0; e < edges.size(); ++e) {
                add(edges[e].link, static_cast<std::uint32_t>(e));
            }
        });
        box_edges_ = group(net.boxes.size(), [&](auto&& add) {
            for (std::size_t e = 0; e < edges.size(); ++e) {
                for (const int b : {edges[e].box1, edges[e].box2}) {
                    if (b >= 0) {
                        add(static_cast<std::size_t>(b), static_cast<std::uint32_t>(e));
                    }
                }
            }
        });
        vertex_boxes_ = group(n_, [&](auto&& add) {
            for (std::size_t b = 0; b < net.boxes.size(); ++b) {
                if (net.topo.box_vertex[b] >= 0) {
                    add(static_cast<std::size_t>(net.topo.box_vertex[b]), static_cast<std::uint32_t>(b));
                }
            }
        });
        vertex_sites_ = group(n_, [&](auto&& add) {
            for (std::size_t s = 0; s < net.sites.size(); ++s) {
                if (net.topo.site_vertex[s] >= 0) {
                    add(static_cast<std::size_t>(net.topo.site_vertex[s]), static_cast<std::uint32_t>(s));
                }
            }
        });
        for (std::size_t p = 0; p < net.premises.size(); ++p) {
            if (net.premise_box[p] >= 0 && net.premise_fed[p] == 0) {
                const auto b = static_cast<std::size_t>(net.premise_box[p]);
                ++box_premises_[b];
                box_locaux_[b] += net.premises[p].locaux;
            }
        }
        index_candidates();
    }

    model::WorksiteOutcome outcome(const model::Worksite& ws, int mark) {
        model::WorksiteOutcome out{ws.code, 0, 0};
        const BMultiPolygon area = to_bg(ws.perimeter);
        if (area.empty()) {
            return out;
        }
        links_.clear();
        sites_.clear();
        boxes_.clear();
        // By hand: Boost's envelope of a multi-polygon trips GCC 12's maybe-uninitialized warning.
        BBox envelope{{std::numeric_limits<double>::max(), std::numeric_limits<double>::max()},
                      {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()}};
        for (const auto& poly : area) {
            for (const auto& p : poly.outer()) {
                bg::expand(envelope, p);
            }
        }
        for (auto it = candidates_.qbegin(bgi::intersects(envelope)); it != candidates_.qend(); ++it) {
            const auto [kind, i] = it->second;
            switch (kind) {
            case Kind::link:
                if (link_crosses(i, area)) {
                    link_mark_[i] = mark;
                    links_.push_back(i);
                }
                break;
            case Kind::site:
                if (bg::covered_by(to_bg(net_.sites[i].position), area)) {
                    site_mark_[i] = mark;
                    sites_.push_back(i);
                }
                break;
            case Kind::box:
                if (bg::covered_by(to_bg(net_.boxes[i].position), area)) {
                    box_mark_[i] = mark;
                    boxes_.push_back(i);
                }
                break;
            }
        }
        mark_ = mark;
        queue_.clear();

        // Where the worksite's elements touch the fed network, the search starts.
        for (const auto s : sites_) {
            const auto v = static_cast<std::size_t>(net_.topo.site_vertex[s]);
            if (net_.fed_vertex[v] != 0 || visit_mark_[v] == mark || !passable(v)) {
                continue;
            }
            if (is_source(v) || touches_fed(v)) {
                visit(v);
            }
        }
        for (const auto l : links_) {
            const auto [first, last] = link_edges_.of(l);
            std::for_each(first, last, [&](std::uint32_t e) { enter_from_fed(e); });
        }
        for (const auto b : boxes_) {
            const auto [first, last] = box_edges_.of(b);
            std::for_each(first, last, [&](std::uint32_t e) { enter_from_fed(e); });
        }
        for (std::size_t q = 0; q < queue_.size(); ++q) {
            const auto u = queue_[q];
            const auto [first, last] = adjacent_.of(u);
            for (auto e = first; e != last; ++e) {
                const auto& edge = net_.topo.edges[*e];
                if (usable(*e)) {
                    try_visit(
                        static_cast<std::size_t>(static_cast<std::size_t>(edge.u) == u ? edge.v : edge.u));
                }
            }
        }

        // A premise is brought when its PBO is in service (or built by the worksite) and its
        // vertex newly reached, or when the worksite builds the PBO at an already fed vertex.
        for (const auto v : queue_) {
            const auto [first, last] = vertex_boxes_.of(v);
            for (auto b = first; b != last; ++b) {
                if (box_usable(static_cast<int>(*b))) {
                    out.premises += box_premises_[*b];
                    out.locaux += box_locaux_[*b];
                }
            }
        }
        for (const auto b : boxes_) {
            if (net_.fed_vertex[static_cast<std::size_t>(net_.topo.box_vertex[b])] != 0) {
                out.premises += box_premises_[b];
                out.locaux += box_locaux_[b];
            }
        }
        return out;
    }

private:
    // Elements never in service that a worksite may build: abandoned ones are left out (rule 1).
    void index_candidates() {
        std::vector<std::pair<BBox, Candidate>> items;
        const auto& topo = net_.topo;
        for (std::size_t l = 0; l < net_.links.size(); ++l) {
            if (!net_.link_from[l].is_never() || topo.link_used[l] == 0 ||
                service_start(net_.links[l].life).dropped ||
                link_edges_.start[l] == link_edges_.start[l + 1]) {
                continue;
            }
            BBox b;
            bg::envelope(link_line(static_cast<std::uint32_t>(l)), b);
            items.push_back({b, {Kind::link, static_cast<std::uint32_t>(l)}});
        }
        for (std::size_t s = 0; s < net_.sites.size(); ++s) {
            if (net_.site_from[s].is_never() && topo.site_vertex[s] >= 0 &&
                !service_start(net_.sites[s].life).dropped) {
                const auto p = to_bg(net_.sites[s].position);
                items.push_back({{p, p}, {Kind::site, static_cast<std::uint32_t>(s)}});
            }
        }
        for (std::size_t b = 0; b < net_.boxes.size(); ++b) {
            if (net_.box_from[b].is_never() && topo.box_vertex[b] >= 0 &&
                !service_start(net_.boxes[b].life).dropped) {
                const auto p = to_bg(net_.boxes[b].position);
                items.push_back({{p, p}, {Kind::box, static_cast<std::uint32_t>(b)}});
            }
        }
        candidates_ = Rtree(items.begin(), items.end());
    }

    // A link with no geometry of its own stands as the straight pieces between its vertices.
    [[nodiscard]] BLine link_line(std::uint32_t l) const {
        BLine line;
        const auto& g = net_.links[l].geometry;
        if (g.size() >= 2) {
            for (const auto& p : g) {
                line.push_back(to_bg(p));
            }
            return line;
        }
        const auto [first, last] = link_edges_.of(l);
        for (auto e = first; e != last; ++e) {
            const auto& edge = net_.topo.edges[*e];
            line.push_back(to_bg(net_.topo.vertices[static_cast<std::size_t>(edge.u)]));
            line.push_back(to_bg(net_.topo.vertices[static_cast<std::size_t>(edge.v)]));
        }
        return line;
    }

    // Most links of a perimeter have an end inside it: a point-in-polygon test settles those,
    // and only the others pay for the full intersection.
    [[nodiscard]] bool link_crosses(std::uint32_t l, const BMultiPolygon& area) const {
        const auto& g = net_.links[l].geometry;
        if (g.size() >= 2 &&
            (bg::covered_by(to_bg(g.front()), area) || bg::covered_by(to_bg(g.back()), area))) {
            return true;
        }
        return bg::intersects(link_line(l), area);
    }

    [[nodiscard]] bool box_usable(int b) const {
        return b < 0 || !net_.box_from[static_cast<std::size_t>(b)].is_never() ||
               box_mark_[static_cast<std::size_t>(b)] == mark_;
    }

    [[nodiscard]] bool usable(std::uint32_t e) const {
        const auto& edge = net_.topo.edges[e];
        if (!edge.from.is_never()) {
            return true;
        }
        return (!net_.link_from[edge.link].is_never() || link_mark_[edge.link] == mark_) &&
               box_usable(edge.box1) && box_usable(edge.box2);
    }

    // A PM site not in service blocks every path through its vertex, as in the search.
    [[nodiscard]] bool passable(std::size_t v) const {
        const auto [first, last] = vertex_sites_.of(v);
        return std::all_of(first, last, [&](std::uint32_t s) {
            return !net_.sites[s].is_pm() || !net_.site_from[s].is_never() || site_mark_[s] == mark_;
        });
    }

    [[nodiscard]] bool is_source(std::size_t v) const {
        const auto [first, last] = vertex_sites_.of(v);
        return std::any_of(first, last, [&](std::uint32_t s) {
            return net_.sites[s].is_nro() && (!net_.site_from[s].is_never() || site_mark_[s] == mark_);
        });
    }

    [[nodiscard]] bool touches_fed(std::size_t v) const {
        const auto [first, last] = adjacent_.of(v);
        return std::any_of(first, last, [&](std::uint32_t e) {
            const auto& edge = net_.topo.edges[e];
            const auto w = static_cast<std::size_t>(static_cast<std::size_t>(edge.u) == v ? edge.v : edge.u);
            return net_.fed_vertex[w] != 0 && usable(e);
        });
    }

    void enter_from_fed(std::uint32_t e) {
        if (!usable(e)) {
            return;
        }
        const auto& edge = net_.topo.edges[e];
        const auto u = static_cast<std::size_t>(edge.u);
        const auto v = static_cast<std::size_t>(edge.v);
        if (net_.fed_vertex[u] != 0) {
            try_visit(v);
        }
        if (net_.fed_vertex[v] != 0) {
            try_visit(u);
        }
    }

    void try_visit(std::size_t v) {
        if (net_.fed_vertex[v] == 0 && visit_mark_[v] != mark_ && passable(v)) {
            visit(v);
        }
    }

    void visit(std::size_t v) {
        visit_mark_[v] = mark_;
        queue_.push_back(v);
    }

    using Rtree = bgi::rtree<std::pair<BBox, Candidate>, bgi::rstar<16>>;

    const FedNetwork& net_;
    std::size_t n_;
    Groups adjacent_;     ///< vertex -> edges
    Groups link_edges_;   ///< link -> its pieces
    Groups box_edges_;    ///< box -> the pieces of the links naming it at an end
    Groups vertex_boxes_; ///< vertex -> boxes attached there
    Groups vertex_sites_; ///< vertex -> sites attached there
    Rtree candidates_;
    // Per element, the last worksite that builds it: marks are never cleared, only overwritten.
    std::vector<int> link_mark_;
    std::vector<int> site_mark_;
    std::vector<int> box_mark_;
    std::vector<int> visit_mark_;
    int mark_ = -1;
    std::vector<long long> box_premises_; ///< per box: its premises raccordable at no date
    std::vector<long long> box_locaux_;
    std::vector<std::uint32_t> links_;
    std::vector<std::uint32_t> sites_;
    std::vector<std::uint32_t> boxes_;
    std::vector<std::size_t> queue_; ///< the vertices newly reached, in visiting order
};

} // namespace

std::vector<model::WorksiteOutcome> worksite_outcomes(const std::vector<model::Worksite>& worksites,
                                                      const FedNetwork& net) {
    std::vector<model::WorksiteOutcome> out;
    if (std::all_of(worksites.begin(), worksites.end(),
                    [](const auto& w) { return w.actual_end.has_value(); })) {
        return out; // every worksite has ended: no index to build
    }
    Completion completion(net);
    for (std::size_t w = 0; w < worksites.size(); ++w) {
        if (worksites[w].actual_end) {
            continue;
        }
        out.push_back(completion.outcome(worksites[w], static_cast<int>(w)));
    }
    return out;
}

} // namespace fibre::graph
