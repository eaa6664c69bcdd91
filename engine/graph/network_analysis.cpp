#include "engine/graph/network_analysis.hpp"

#include "engine/graph/completion.hpp"
#include "engine/graph/feed_cause.hpp"
#include "engine/graph/premise_assignment.hpp"
#include "engine/graph/service_dates.hpp"
#include "engine/graph/topology.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <future>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace fibre::graph {
namespace {

struct EdgeRef {
    std::uint32_t edge = 0; ///< index in Topology::edges
};
using NetworkGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeRef>;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Boost's disjoint_sets cannot be used beside the CSR graph header (its unqualified get()
// calls find boost::detail::get first), so the parts are found with this plain union-find.
class UnionFind {
public:
    explicit UnionFind(std::size_t n) : parent_(n) {
        for (std::size_t i = 0; i < n; ++i) {
            parent_[i] = i;
        }
    }
    std::size_t find_set(std::size_t v) {
        while (parent_[v] != v) {
            parent_[v] = parent_[parent_[v]];
            v = parent_[v];
        }
        return v;
    }
    void union_set(std::size_t a, std::size_t b) {
        a = find_set(a);
        b = find_set(b);
        if (a != b) {
            parent_[std::max(a, b)] = std::min(a, b);
        }
    }

private:
    std::vector<std::size_t> parent_;
};

// The search key: the latest in-service date met on the way, then the optical distance.
struct Reach {
    Date date = Date::never();
    double metres = 0;
    friend bool operator<(const Reach& a, const Reach& b) {
        return a.date != b.date ? a.date < b.date : a.metres < b.metres;
    }
};

// A premise is fed through its PM: transport cables run from the NRO to the PM, distribution
// cables leave the PM (docs/figures.md, "Fed through its PM"). The search runs on (vertex,
// side) states: side 0 before a PM, side 1 after one; a PBO is served from side 1.
enum class Side : std::uint8_t { any, transport };

Side side_of(const std::string& level) {
    if (level == "TR" || level == "CO" || level == "CT" || level == "BM" || level == "LH") {
        return Side::transport;
    }
    return Side::any; // DI, RA, and CX, CD, TD, NC or none: the delivery does not say
}

struct Search {
    std::size_t vertices = 0;
    bool phased = false;     ///< sides kept apart (cables with a PM); else a PBO counts from either side
    std::vector<Reach> best; ///< per state: vertex + side * vertices
    std::vector<int> nro;    ///< per state: site index, -1
    std::vector<int> pm;     ///< per state: site index, -1
    std::vector<std::int32_t> parent;      ///< per state: the state it was reached from, -1
    std::vector<std::int32_t> parent_edge; ///< per state: the topology edge it was reached by, -1
    std::vector<model::DateBasis> basis;   ///< per state: what its date is (dated search only)
    std::vector<std::int32_t> order;       ///< states in the order they were settled (dated search only)

    [[nodiscard]] std::size_t state(std::size_t v, int side) const {
        return v + static_cast<std::size_t>(side) * vertices;
    }
    /// The state a PBO standing on @p v is served from: after its PM (or, unphased, the better side).
    [[nodiscard]] std::size_t served(std::size_t v) const {
        const auto after = state(v, 1);
        return phased || !(best[state(v, 0)] < best[after]) ? after : state(v, 0);
    }
};

// With ignore_dates, every element counts as always in service: this finds the NRO and PM a
// premise belongs to by the network's layout, even while it is not fed.
Search earliest_reach(const Topology& topo, const std::vector<model::Link>& links,
                      const std::vector<model::Site>& sites, const NetworkStage& stage, bool ignore_dates) {
    const std::vector<Date>& site_from = stage.site_from;
    const std::size_t n = topo.vertices.size();
    std::vector<std::pair<std::size_t, std::size_t>> arcs;
    std::vector<EdgeRef> refs;
    arcs.reserve(topo.edges.size() * 2);
    refs.reserve(topo.edges.size() * 2);
    for (std::size_t i = 0; i < topo.edges.size(); ++i) {
        const auto& e = topo.edges[i];
        if (e.from.is_never() && !ignore_dates) {
            continue; // never in service: no date can cross it
        }
        arcs.emplace_back(static_cast<std::size_t>(e.u), static_cast<std::size_t>(e.v));
        refs.push_back({static_cast<std::uint32_t>(i)});
        arcs.emplace_back(static_cast<std::size_t>(e.v), static_cast<std::size_t>(e.u));
        refs.push_back({static_cast<std::uint32_t>(i)});
    }
    const NetworkGraph g(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), refs.begin(), n);
    std::vector<Side> edge_side(topo.edges.size(), Side::any);
    for (std::size_t i = 0; i < topo.edges.size(); ++i) {
        edge_side[i] = side_of(links[topo.edges[i].link].level);
    }
    // What an edge's date is: its link's, or that of a box the link names at an end.
    const auto edge_basis = [&](const TopologyEdge& e) {
        for (const int b : {e.box1, e.box2}) {
            if (b >= 0 && stage.box_from[static_cast<std::size_t>(b)] == e.from &&
                stage.link_from[e.link] != e.from) {
                return stage.box_basis[static_cast<std::size_t>(b)];
            }
        }
        return stage.link_basis[e.link];
    };

    // A PM must itself be in service for what it distributes to be fed.
    std::vector<int> pm_at(n, -1);
    std::vector<Date> pm_from(n, Date::always());
    bool any_pm = false;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const int v = topo.site_vertex[i];
        if (v < 0 || !sites[i].is_pm()) {
            continue;
        }
        any_pm = true;
        const auto vu = static_cast<std::size_t>(v);
        pm_from[vu] = ignore_dates ? Date::always() : std::max(pm_from[vu], site_from[i]);
        pm_at[vu] = static_cast<int>(i);
    }

    Search s;
    s.vertices = n;
    s.phased = any_pm && topo.link_source == "cables";
    s.best.assign(2 * n, Reach{});
    s.nro.assign(2 * n, -1);
    s.pm.assign(2 * n, -1);
    // Both trees are walked up to find why a premise is not fed (feed_cause.hpp); only the
    // dated one is walked down (premises_through).
    s.parent.assign(2 * n, -1);
    s.parent_edge.assign(2 * n, -1);
    if (!ignore_dates) {
        s.basis.assign(2 * n, model::DateBasis::commissioning);
        s.order.reserve(n);
    }
    using Item = std::pair<Reach, std::uint32_t>;
    auto later = [](const Item& a, const Item& b) { return b.first < a.first; };
    std::priority_queue<Item, std::vector<Item>, decltype(later)> heap(later);
    const auto relax = [&](std::size_t to, const Reach& r, int nro, int pm, std::int32_t from,
                           model::DateBasis basis, std::int32_t by_edge = -1) {
        if (r.date.is_never() || !(r < s.best[to])) {
            return;
        }
        s.best[to] = r;
        s.nro[to] = nro;
        s.pm[to] = pm;
        s.parent[to] = from;
        s.parent_edge[to] = by_edge;
        if (!ignore_dates) {
            s.basis[to] = basis;
        }
        heap.emplace(r, static_cast<std::uint32_t>(to));
    };
    const auto pm_basis = [&](std::size_t v) {
        return pm_at[v] >= 0 ? stage.site_basis[static_cast<std::size_t>(pm_at[v])]
                             : model::DateBasis::commissioning;
    };
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const int v = topo.site_vertex[i];
        if (v < 0 || !sites[i].is_nro() || (site_from[i].is_never() && !ignore_dates)) {
            continue;
        }
        const auto vu = static_cast<std::size_t>(v);
        relax(vu, Reach{ignore_dates ? Date::always() : std::max(site_from[i], pm_from[vu]), 0},
              static_cast<int>(i), -1, -1, pm_from[vu] > site_from[i] ? pm_basis(vu) : stage.site_basis[i]);
    }
    while (!heap.empty()) {
        const Reach r = heap.top().first;
        const std::size_t u = heap.top().second;
        heap.pop();
        if (s.best[u] < r) {
            continue; // a better key was found after this one was queued
        }
        if (!ignore_dates) {
            s.order.push_back(static_cast<std::int32_t>(u));
        }
        const std::size_t v = u % n;
        const int side = u < n ? 0 : 1;
        if (side == 0 && pm_at[v] >= 0) {
            // Through the PM standing here (its date is in r already), to the distribution side.
            relax(s.state(v, 1), r, s.nro[u], pm_at[v], static_cast<std::int32_t>(u),
                  ignore_dates ? model::DateBasis::commissioning : s.basis[u]);
        }
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
            const auto w = boost::target(e, g);
            const auto edge_index = g[e].edge;
            const Side es = edge_side[edge_index];
            // After its PM a premise's fibre runs in distribution cables: going back up a
            // transport cable would feed a PBO in a transport chamber from the wrong PM. Before
            // the PM any cable may carry the transport (producers label some of them DI).
            if (s.phased && side == 1 && es == Side::transport) {
                continue;
            }
            const auto& edge = topo.edges[edge_index];
            const Date from = ignore_dates ? Date::always() : edge.from;
            // A PM on the way must itself be in service: its date weighs on every path through it.
            const Date date = std::max({r.date, from, pm_from[w]});
            const auto basis = ignore_dates     ? model::DateBasis::commissioning
                               : date == r.date ? s.basis[u]
                               : date == from   ? edge_basis(edge)
                                                : pm_basis(w);
            relax(s.state(w, side), Reach{date, r.metres + edge.length_m}, s.nro[u], s.pm[u],
                  static_cast<std::int32_t>(u), basis, static_cast<std::int32_t>(edge_index));
        }
    }
    return s;
}

// Premises (weighted by locaux) whose route passes each state of a search's tree.
std::vector<long long> premises_through(const Search& s, const std::vector<int>& premise_state,
                                        const std::vector<model::Premise>& premises) {
    std::vector<long long> through(s.best.size(), 0);
    for (std::size_t i = 0; i < premise_state.size(); ++i) {
        if (premise_state[i] >= 0) {
            through[static_cast<std::size_t>(premise_state[i])] += premises[i].locaux;
        }
    }
    for (auto it = s.order.rbegin(); it != s.order.rend(); ++it) {
        const auto u = static_cast<std::size_t>(*it);
        if (s.parent[u] >= 0) {
            through[static_cast<std::size_t>(s.parent[u])] += through[u];
        }
    }
    return through;
}

// Which premises an IPE line speaks for: declaration.hexacle = the hexaclé of the premise's
// address (premise.address_code = address.code, joined by the reader). The most recently
// modified line wins.
std::vector<int> declarations_by_premise(const std::vector<model::Declaration>& declarations,
                                         const std::vector<std::string>& hexacles, std::size_t premises) {
    std::vector<int> out(premises, -1);
    if (declarations.empty()) {
        return out;
    }
    // Keys view the declarations' own strings.
    std::unordered_map<std::string_view, int> by_hexacle;
    by_hexacle.reserve(declarations.size());
    for (std::size_t i = 0; i < declarations.size(); ++i) {
        const auto& d = declarations[i];
        if (d.hexacle.empty()) {
            continue;
        }
        auto [it, inserted] = by_hexacle.emplace(d.hexacle, static_cast<int>(i));
        const auto& kept = declarations[static_cast<std::size_t>(it->second)];
        if (!inserted && d.modified && (!kept.modified || *kept.modified < *d.modified)) {
            it->second = static_cast<int>(i);
        }
    }
    for (std::size_t i = 0; i < premises && i < hexacles.size(); ++i) {
        const auto& hexacle = hexacles[i];
        if (auto it = by_hexacle.find(hexacle); !hexacle.empty() && it != by_hexacle.end()) {
            out[i] = it->second;
        }
    }
    return out;
}

void report_unfed_parts(const Topology& topo, const NetworkInput& in, std::vector<model::Defect>& defects) {
    const std::size_t n = topo.vertices.size();
    UnionFind sets(n);
    for (const auto& e : topo.edges) {
        sets.union_set(static_cast<std::size_t>(e.u), static_cast<std::size_t>(e.v));
    }
    std::vector<char> has_nro(n, 0);
    for (std::size_t i = 0; i < in.sites.size(); ++i) {
        if (topo.site_vertex[i] >= 0 && in.sites[i].is_nro()) {
            has_nro[sets.find_set(static_cast<std::size_t>(topo.site_vertex[i]))] = 1;
        }
    }
    std::vector<std::size_t> links_in(n, 0);
    std::vector<std::int64_t> first_edge(n, -1);
    for (std::size_t i = 0; i < topo.edges.size(); ++i) {
        const auto root = sets.find_set(static_cast<std::size_t>(topo.edges[i].u));
        ++links_in[root];
        if (first_edge[root] < 0) {
            first_edge[root] = static_cast<std::int64_t>(i);
        }
    }
    for (std::size_t root = 0; root < n; ++root) {
        if (first_edge[root] < 0 || has_nro[root] != 0) {
            continue;
        }
        const auto& e = topo.edges[static_cast<std::size_t>(first_edge[root])];
        const auto& link = in.links[e.link];
        defects.push_back(
            {"UNFED_NETWORK", model::Severity::error, link.code, topo.vertices[static_cast<std::size_t>(e.u)],
             fmt::format("A part of the network of {} link pieces, including {}, is connected to no "
                         "NRO: nothing it serves can be fed.",
                         links_in[root], link.code)});
    }
}

// A box's status against the cables that name it. A splice closure cannot be missing while a
// cable through it is in service: the cables decide for it. A PBO's own status decides for
// its premises; a PBO whose cables are not in service serves no one (docs/figures.md).
void find_status_conflicts(const NetworkInput& in, NetworkStage& stage) {
    std::unordered_map<std::string_view, std::size_t> box_at;
    box_at.reserve(in.boxes.size());
    for (std::size_t b = 0; b < in.boxes.size(); ++b) {
        box_at.emplace(in.boxes[b].code, b);
    }
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> in_service(in.boxes.size(), none);
    std::vector<std::size_t> named(in.boxes.size(), none);
    for (std::size_t li = 0; li < in.links.size(); ++li) {
        const auto& l = in.links[li];
        if (l.kind != model::LinkKind::cable || is_drop(l)) {
            continue; // a drop names its PBO and PTO, and decides nothing for either
        }
        for (const std::string* code : {&l.box1, &l.box2}) {
            if (code->empty()) {
                continue;
            }
            if (const auto it = box_at.find(*code); it != box_at.end()) {
                named[it->second] = named[it->second] == none ? li : named[it->second];
                if (!stage.link_from[li].is_never() && in_service[it->second] == none) {
                    in_service[it->second] = li;
                }
            }
        }
    }
    using Kind = StatusConflict::Kind;
    for (std::size_t b = 0; b < in.boxes.size(); ++b) {
        const bool pbo = is_pbo(in.boxes[b]);
        if (stage.box_from[b].is_never() && in_service[b] != none) {
            if (!pbo) {
                stage.box_from[b] = Date::always(); // neutral: its cables' dates decide
            }
            stage.conflicts.push_back(
                {pbo ? Kind::pbo_not_built : Kind::closure_taken_in_service, b, in_service[b]});
        } else if (pbo && !stage.box_from[b].is_never() && named[b] != none && in_service[b] == none) {
            stage.conflicts.push_back({Kind::pbo_without_cable, b, named[b]});
        }
    }
}

std::string status_text(const model::Lifecycle& life) {
    return fmt::format("{}/{}", life.statut.empty() ? "-" : life.statut, life.avct.empty() ? "-" : life.avct);
}

void report_status_conflicts(const NetworkInput& in, const NetworkStage& stage, const Search& search,
                             const std::vector<int>& premise_state,
                             const std::vector<long long>& served_premises,
                             std::vector<model::Defect>& defects) {
    if (stage.conflicts.empty()) {
        return;
    }
    std::vector<long long> through;
    using Kind = StatusConflict::Kind;
    for (const auto& c : stage.conflicts) {
        const auto& box = in.boxes[c.box];
        const auto& cable = in.links[c.link];
        switch (c.kind) {
        case Kind::closure_taken_in_service: {
            if (through.empty()) {
                through = premises_through(search, premise_state, in.premises);
            }
            long long locaux = 0;
            if (const int v = stage.topology.box_vertex[c.box]; v >= 0) {
                const auto vu = static_cast<std::size_t>(v);
                locaux = through[search.state(vu, 0)] + through[search.state(vu, 1)];
            }
            defects.push_back(
                {"STATUS_CONFLICT", model::Severity::warning, box.code, box.position,
                 fmt::format("The {} {} is declared {} (not in service) while the cable {} through it is in "
                             "service: the cables decide, and it is taken as in service. {} locaux are "
                             "raccordable through it; they would not be if its own status were followed.",
                             box.type.empty() ? "box" : box.type, box.code, status_text(box.life), cable.code,
                             locaux)});
            break;
        }
        case Kind::pbo_not_built:
            defects.push_back(
                {"STATUS_CONFLICT", model::Severity::warning, box.code, box.position,
                 fmt::format(
                     "The PBO {} is declared {} (not in service) while the cable {} reaching it is in "
                     "service: a PBO's own status decides, so its {} premise(s) are not raccordable.",
                     box.code, status_text(box.life), cable.code, served_premises[c.box])});
            break;
        case Kind::pbo_without_cable:
            defects.push_back(
                {"STATUS_CONFLICT", model::Severity::warning, box.code, box.position,
                 fmt::format(
                     "The PBO {} is declared in service while no cable reaching it is ({} is {}): the "
                     "cables decide, so its {} premise(s) are not raccordable.",
                     box.code, cable.code, status_text(cable.life), served_premises[c.box])});
            break;
        }
    }
}

// Raccordé (docs/figures.md, "Raccordé"): a drop into a local is in service from the latest
// of its RA cable's and its PTO's dates; the local is raccordé from the latest of that, the
// date its drop's PBO is fed, and its own raccordable_since: a drop says nothing about
// raccordabilité, and a local is never raccordé before it is raccordable. A drop in service from
// a PBO that is not fed is a defect; the local stays neither raccordable nor raccordé.
void find_raccordes(const NetworkInput& in, const NetworkStage& stage,
                    const std::vector<PboAssignment>& assigned, const Search& search,
                    AnalysisResult& result) {
    if (in.drops.empty()) {
        return;
    }
    const auto& premises = in.premises;
    // The store reads premises by id and gives each drop its premise's id; premises built by
    // hand (ids 0) are matched on (delivery, code).
    const bool by_id =
        !premises.empty() && premises.front().id > 0 &&
        std::is_sorted(premises.begin(), premises.end(),
                       [](const model::Premise& a, const model::Premise& b) { return a.id < b.id; });
    std::unordered_map<std::string, std::size_t> by_code;
    if (!by_id) {
        for (std::size_t i = 0; i < premises.size(); ++i) {
            by_code.emplace(fmt::format("{}\x1f{}", premises[i].delivery, premises[i].code), i);
        }
    }
    std::unordered_map<std::string_view, std::size_t> box_at;
    box_at.reserve(in.boxes.size());
    for (std::size_t b = 0; b < in.boxes.size(); ++b) {
        box_at.emplace(in.boxes[b].code, b);
    }
    const auto fed_since = [&](std::size_t b) {
        const int v = stage.topology.box_vertex[b];
        if (v < 0 || stage.box_from[b].is_never()) {
            return Date::never();
        }
        return std::max(search.best[search.served(static_cast<std::size_t>(v))].date, stage.box_from[b]);
    };
    for (const auto& d : in.drops) {
        const Date cable_from = service_start(d.cable).from;
        const Date pto_from = d.pto_code.empty() ? Date::never() : service_start(d.pto).from;
        if (cable_from.is_never() || pto_from.is_never()) {
            continue; // not made (yet): no drop
        }
        ++result.drops_in_service;
        long premise = -1;
        if (by_id) {
            const auto it =
                std::lower_bound(premises.begin(), premises.end(), d.premise_id,
                                 [](const model::Premise& p, std::int64_t id) { return p.id < id; });
            if (d.premise_id > 0 && it != premises.end() && it->id == d.premise_id) {
                premise = static_cast<long>(it - premises.begin());
            }
        } else if (const auto it = by_code.find(fmt::format("{}\x1f{}", d.delivery, d.local_code));
                   it != by_code.end()) {
            premise = static_cast<long>(it->second);
        }
        if (premise < 0) {
            result.defects.push_back(
                {"DROP_WITHOUT_PREMISE", model::Severity::warning, d.cable_code,
                 d.pto_code.empty() ? std::nullopt : std::optional(d.position),
                 d.pto_code.empty()
                     ? fmt::format("The drop {} (RA cable) names no PTO of its delivery at either end: it "
                                   "connects no known local.",
                                   d.cable_code)
                     : fmt::format("The drop {} reaches the PTO {}, whose local {} is no premise of its "
                                   "delivery: it connects no known local.",
                                   d.cable_code, d.pto_code,
                                   d.local_code.empty() ? "(none)" : d.local_code)});
            continue;
        }
        const auto p = static_cast<std::size_t>(premise);
        // The PBO the drop leaves from: the box its other end names, else the premise's own.
        long pbo = -1;
        if (const auto it = d.pbo_code.empty() ? box_at.end() : box_at.find(d.pbo_code); it != box_at.end()) {
            pbo = static_cast<long>(it->second);
        } else if (d.pbo_code.empty()) {
            pbo = assigned[p].box;
        }
        const Date pbo_fed = pbo < 0 ? Date::never() : fed_since(static_cast<std::size_t>(pbo));
        auto& st = result.statuses[p];
        if (pbo_fed.is_never() || st.raccordable_since.is_never()) {
            const std::string pbo_text = pbo < 0 ? (d.pbo_code.empty() ? std::string("(none)") : d.pbo_code)
                                                 : in.boxes[static_cast<std::size_t>(pbo)].code;
            result.defects.push_back(
                {"DROP_FROM_UNFED_PBO", model::Severity::error, d.cable_code, d.position,
                 pbo_fed.is_never()
                     ? fmt::format(
                           "The PTO {} of the local {} is reached by the drop {} from the PBO {}, which "
                           "no chain of elements in service links to an NRO: the local is counted "
                           "neither raccordable nor raccordé.",
                           d.pto_code, premises[p].code, d.cable_code, pbo_text)
                     : fmt::format(
                           "The PTO {} of the local {} is reached by the drop {} from the PBO {}, but "
                           "the local's own PBO {} is not fed: the local is counted neither raccordable "
                           "nor raccordé.",
                           d.pto_code, premises[p].code, d.cable_code, pbo_text,
                           st.pbo_code.empty() ? std::string("(none)") : st.pbo_code)});
            continue;
        }
        const Date since = std::max({cable_from, pto_from, pbo_fed, st.raccordable_since});
        if (st.raccorde_since.is_never()) {
            ++result.raccordes;
        }
        st.raccorde_since = std::min(st.raccorde_since, std::max(since, beginning_of_time()));
    }
}

} // namespace

Date beginning_of_time() {
    return Date{0};
}

NetworkStage prepare_network(const NetworkInput& in, const AnalysisOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    NetworkStage stage;
    stage.link_from.resize(in.links.size());
    stage.site_from.resize(in.sites.size());
    stage.box_from.resize(in.boxes.size());
    stage.link_basis.resize(in.links.size());
    stage.site_basis.resize(in.sites.size());
    stage.box_basis.resize(in.boxes.size());
    // Only what the graph is made of counts as built without date: v3 gives civil-works paths no
    // date at all, and beside cables they are not in the graph.
    const bool any_cable = std::any_of(in.links.begin(), in.links.end(),
                                       [](const model::Link& l) { return l.kind == model::LinkKind::cable; });
    bool counted = true;
    auto from_of = [&](const model::Lifecycle& life, model::DateBasis& basis) {
        const auto s = service_start(life);
        stage.built_without_date += s.built_without_date && counted ? 1 : 0;
        basis = s.built_without_date ? model::DateBasis::undated
                                     : (s.from_installation ? model::DateBasis::installation
                                                            : model::DateBasis::commissioning);
        return s.from;
    };
    for (std::size_t i = 0; i < in.links.size(); ++i) {
        counted = (in.links[i].kind == model::LinkKind::cable) == any_cable;
        stage.link_from[i] = from_of(in.links[i].life, stage.link_basis[i]);
    }
    counted = true;
    for (std::size_t i = 0; i < in.sites.size(); ++i) {
        stage.site_from[i] = from_of(in.sites[i].life, stage.site_basis[i]);
    }
    for (std::size_t i = 0; i < in.boxes.size(); ++i) {
        stage.box_from[i] = from_of(in.boxes[i].life, stage.box_basis[i]);
    }
    find_status_conflicts(in, stage);
    stage.topology = build_topology(in.nodes, in.links, in.sites, in.boxes, stage.link_from, stage.box_from,
                                    TopologyOptions{options.tolerance_m, &in.rejected_boxes}, stage.defects);
    stage.seconds = seconds_since(start);
    return stage;
}

PremiseStage prepare_premises(const std::vector<model::Premise>& premises,
                              const std::vector<std::string>& hexacles,
                              const std::vector<model::Declaration>& declarations,
                              const std::vector<model::Box>& boxes, const std::vector<model::Zone>& zones,
                              const AnalysisOptions& options, const DeliveryScope* scope,
                              const std::unordered_map<std::string, std::string>* rejected_boxes) {
    const auto start = std::chrono::steady_clock::now();
    PremiseStage stage;
    stage.declaration = declarations_by_premise(declarations, hexacles, premises.size());
    std::vector<std::string> ipe_pbo;
    if (!declarations.empty()) {
        ipe_pbo.resize(premises.size());
        for (std::size_t i = 0; i < premises.size(); ++i) {
            if (stage.declaration[i] >= 0) {
                const auto& code = declarations[static_cast<std::size_t>(stage.declaration[i])].pbo_code;
                ipe_pbo[i] = scope != nullptr ? scope->box(premises[i].delivery, code) : code;
            }
        }
    }
    stage.assigned = assign_premises(premises, boxes, zones, ipe_pbo,
                                     AssignmentOptions{options.max_drop_m, rejected_boxes}, stage.defects);
    stage.seconds = seconds_since(start);
    return stage;
}

void index_rejected_boxes(NetworkInput& in) {
    in.rejected_boxes.clear();
    for (const auto& r : in.rejects) {
        if (r.layer != "t_ebp" || r.action != "rejected") {
            continue;
        }
        auto why = fmt::format("{}, field {}: {}", r.layer, r.field.empty() ? "-" : r.field, r.reason);
        if (const auto label = in.delivery_labels.find(static_cast<std::int32_t>(r.import_run));
            label != in.delivery_labels.end()) {
            in.rejected_boxes.emplace(r.feature_id + "@" + label->second, why);
        }
        in.rejected_boxes.emplace(r.feature_id, std::move(why));
    }
}

DeliveryScope scope_input(NetworkInput& in) {
    auto scope = scope_deliveries(in.nodes, in.links, in.sites, in.boxes, in.zones, in.delivery_labels);
    scope_premises(in.premises, scope);
    scope_drops(in.drops, scope);
    return scope;
}

AnalysisResult analyze_network(const NetworkInput& in, const AnalysisOptions& options) {
    // Scoping several deliveries' codes and indexing the rejected boxes rewrite the input: they
    // work on a copy, made only when one of them has something to do.
    const bool several = std::any_of(in.nodes.begin(), in.nodes.end(), [&](const model::Node& n) {
        return n.delivery != in.nodes.front().delivery;
    });
    const bool unindexed = !in.rejects.empty() && in.rejected_boxes.empty();
    if (!several && !unindexed) {
        return analyze_network(in, options, prepare_network(in, options),
                               prepare_premises(in.premises, in.premise_hexacles, in.declarations, in.boxes,
                                                in.zones, options, nullptr, &in.rejected_boxes));
    }
    NetworkInput ready = in;
    DeliveryScope scope;
    if (several) {
        scope = scope_input(ready);
    }
    index_rejected_boxes(ready);
    auto network = prepare_network(ready, options);
    network.defects.insert(network.defects.end(), scope.defects.begin(), scope.defects.end());
    auto premises = prepare_premises(ready.premises, ready.premise_hexacles, ready.declarations, ready.boxes,
                                     ready.zones, options, &scope, &ready.rejected_boxes);
    return analyze_network(ready, options, std::move(network), std::move(premises));
}

AnalysisResult analyze_network(const NetworkInput& in, const AnalysisOptions& options, NetworkStage&& stage,
                               PremiseStage&& premise_stage, const StatusesReady& statuses_ready) {
    AnalysisResult result;
    auto& defects = result.defects;
    defects = std::move(stage.defects);
    defects.insert(defects.end(), std::make_move_iterator(premise_stage.defects.begin()),
                   std::make_move_iterator(premise_stage.defects.end()));
    result.built_without_date = stage.built_without_date;
    const std::vector<Date>& link_from = stage.link_from;
    const std::vector<Date>& site_from = stage.site_from;
    const std::vector<Date>& box_from = stage.box_from;
    const Topology& topo = stage.topology;
    result.link_source = topo.link_source;
    result.vertices = topo.vertices.size();
    result.edges = topo.edges.size();
    result.t_junctions = topo.t_junctions;
    result.geometric_ends = topo.geometric_ends;
    const auto& declared = premise_stage.declaration;
    const auto& assigned = premise_stage.assigned;
    result.graph_s = stage.seconds + premise_stage.seconds;

    auto start = std::chrono::steady_clock::now();
    // The dated search and the layout search are independent: the second runs on another
    // thread.
    auto layout_search =
        std::async(std::launch::async, [&] { return earliest_reach(topo, in.links, in.sites, stage, true); });
    const Search search = earliest_reach(topo, in.links, in.sites, stage, false);
    const Search layout = layout_search.get();
    result.statuses.resize(in.premises.size());
    std::vector<int> premise_state(in.premises.size(), -1); // where the dated search serves it
    static const std::string no_label;
    for (std::size_t i = 0; i < in.premises.size(); ++i) {
        auto& st = result.statuses[i];
        const auto& premise = in.premises[i];
        st.premise_id = premise.id;
        st.premise_code = premise.code;
        if (!in.delivery_labels.empty()) {
            const auto label = in.delivery_labels.find(premise.delivery);
            st.delivery = label == in.delivery_labels.end() ? no_label : label->second;
        }
        st.assignment = assigned[i].how;
        switch (st.assignment) {
        case model::Assignment::declared:
            ++result.assigned_declared;
            break;
        case model::Assignment::zone:
            ++result.assigned_zone;
            break;
        case model::Assignment::nearest:
            ++result.assigned_nearest;
            break;
        case model::Assignment::none:
            break;
        }
        if (assigned[i].box < 0) {
            continue;
        }
        const auto b = static_cast<std::size_t>(assigned[i].box);
        st.pbo_code = in.boxes[b].code;
        const int v = topo.box_vertex[b];
        if (v < 0) {
            continue;
        }
        const auto served = search.served(static_cast<std::size_t>(v));
        const Date since = std::max(search.best[served].date, box_from[b]);
        const auto set_pm = [&](int pm) {
            if (pm >= 0) {
                const auto& site = in.sites[static_cast<std::size_t>(pm)];
                st.pm_code = site.code;
                st.pm_ref = site.ref_pm;
            }
        };
        if (since.is_never()) {
            const auto planned = layout.served(static_cast<std::size_t>(v));
            if (layout.nro[planned] >= 0) {
                st.nro_code = in.sites[static_cast<std::size_t>(layout.nro[planned])].code;
            }
            set_pm(layout.pm[planned]);
            continue;
        }
        premise_state[i] = static_cast<int>(served);
        st.date_basis = box_from[b] > search.best[served].date ? stage.box_basis[b] : search.basis[served];
        if (since == Date::always()) {
            st.date_basis = model::DateBasis::undated;
        }
        st.raccordable_since = std::max(since, beginning_of_time());
        st.optical_m = search.best[served].metres;
        st.nro_code = in.sites[static_cast<std::size_t>(search.nro[served])].code;
        set_pm(search.pm[served]);
        ++result.raccordables;
    }
    find_raccordes(in, stage, assigned, search, result);
    result.search_s = seconds_since(start);
    if (statuses_ready) {
        statuses_ready(result);
    }

    start = std::chrono::steady_clock::now();
    {
        std::vector<char> fed_vertex(topo.vertices.size(), 0);
        for (std::size_t v = 0; v < fed_vertex.size(); ++v) {
            fed_vertex[v] = search.best[search.state(v, 0)].date.is_never() &&
                                    search.best[search.state(v, 1)].date.is_never()
                                ? 0
                                : 1;
        }
        std::vector<int> premise_box(in.premises.size(), -1);
        std::vector<char> premise_fed(in.premises.size(), 0);
        for (std::size_t i = 0; i < in.premises.size(); ++i) {
            premise_box[i] = assigned[i].box;
            premise_fed[i] = result.statuses[i].raccordable_since.is_never() ? 0 : 1;
        }
        result.worksite_outcomes = worksite_outcomes(
            in.worksites, FedNetwork{topo, in.links, in.sites, in.boxes, in.premises, link_from, site_from,
                                     box_from, fed_vertex, premise_box, premise_fed});
    }
    result.completion_s = seconds_since(start);

    start = std::chrono::steady_clock::now();
    report_unfed_parts(topo, in, defects);

    std::vector<char> serves(in.boxes.size(), 0);
    std::vector<long long> served_premises(in.boxes.size(), 0);
    for (const auto& a : assigned) {
        if (a.box >= 0) {
            serves[static_cast<std::size_t>(a.box)] = 1;
            ++served_premises[static_cast<std::size_t>(a.box)];
        }
    }
    for (std::size_t b = 0; b < in.boxes.size(); ++b) {
        const auto& box = in.boxes[b];
        if (!is_pbo(box)) {
            continue;
        }
        if (serves[b] == 0) {
            defects.push_back({"PBO_WITHOUT_PREMISE", model::Severity::info, box.code, box.position,
                               fmt::format("The PBO {} serves no premise.", box.code)});
        }
        const int v = topo.box_vertex[b];
        if (v < 0) {
            continue;
        }
        const auto vu = static_cast<std::size_t>(v);
        const Reach& reach = search.best[search.served(vu)];
        if (!reach.date.is_never() && reach.metres > options.max_optical_m) {
            defects.push_back({"OPTICAL_BUDGET_EXCEEDED", model::Severity::warning, box.code, box.position,
                               fmt::format("The PBO {} is {:.0f} m of fibre from its NRO, beyond the optical "
                                           "budget of {:.0f} m.",
                                           box.code, reach.metres, options.max_optical_m)});
        }
        const Reach& by_transport = layout.best[layout.state(vu, 0)];
        if (layout.phased && layout.best[layout.state(vu, 1)].date.is_never() &&
            !by_transport.date.is_never()) {
            const auto& nro = in.sites[static_cast<std::size_t>(layout.nro[layout.state(vu, 0)])];
            defects.push_back(
                {"FED_WITHOUT_PM", model::Severity::error, box.code, box.position,
                 fmt::format("The PBO {} is reached from the NRO {} by transport cables only, passing no PM: "
                             "a premise is fed through its PM, so its {} premise(s) are not counted as "
                             "raccordable.",
                             box.code, nro.code, served_premises[b])});
        }
    }

    report_status_conflicts(in, stage, search, premise_state, served_premises, defects);

    std::unordered_map<std::string, std::size_t> site_by_code;
    for (std::size_t i = 0; i < in.sites.size(); ++i) {
        site_by_code.emplace(in.sites[i].code, i);
    }
    for (const auto& z : in.zones) {
        if ((z.kind == "znro" || z.kind == "zsro") && !z.owner_code.empty() &&
            !site_by_code.contains(z.owner_code)) {
            defects.push_back({"MISSING_SITE", model::Severity::warning, z.code, std::nullopt,
                               fmt::format("The {} zone {} belongs to the site {}, and no such site exists.",
                                           z.kind == "znro" ? "NRO" : "PM", z.code, z.owner_code)});
        }
    }

    // Declared-versus-computed, per premise with the cause of each not fed; check's two
    // defects are drawn from the same mismatches (feed_cause.hpp).
    {
        const auto mismatches_start = std::chrono::steady_clock::now();
        const auto tree = [&](const Search& sr) {
            return SearchTree{sr.vertices,
                              sr.parent,
                              sr.parent_edge,
                              sr.nro,
                              [&sr](std::size_t st) { return sr.best[st].date; },
                              [&sr](std::size_t v) { return sr.served(v); }};
        };
        const FeedNetworkView view{topo,      in.links, in.sites,      in.boxes,     link_from,
                                   site_from, box_from, search.phased, tree(search), tree(layout)};
        FeedCauseFinder causes(view, options.today);
        const MismatchInput mismatch_input{in.premises, in.premise_hexacles, in.declarations,
                                           declared,    result.statuses,     assigned,
                                           in.sites,    options.today};
        result.mismatches = find_declaration_mismatches(mismatch_input, causes);
        auto found = declaration_defects(mismatch_input, result.mismatches);
        defects.insert(defects.end(), std::make_move_iterator(found.begin()),
                       std::make_move_iterator(found.end()));
        result.mismatches_s = seconds_since(mismatches_start);
    }

    std::unordered_map<std::string, model::Point> link_position;
    for (const auto& r : in.rejects) {
        const bool repaired = r.action == "repaired";
        if (!repaired && !(r.action == "rejected" && r.field == "geometry")) {
            continue;
        }
        if (link_position.empty()) {
            for (const auto& l : in.links) {
                if (!l.geometry.empty()) {
                    link_position.emplace(l.code, l.geometry.front());
                }
            }
        }
        std::optional<model::Point> at;
        if (auto it = link_position.find(r.feature_id); it != link_position.end()) {
            at = it->second;
        }
        defects.push_back({"INVALID_GEOMETRY", repaired ? model::Severity::warning : model::Severity::error,
                           r.feature_id, at,
                           fmt::format("The geometry of {} in {} is invalid; on import it was {}: {}.",
                                       r.feature_id, r.layer, repaired ? "repaired" : "left out", r.reason)});
    }
    result.checks_s = seconds_since(start);
    return result;
}

} // namespace fibre::graph
