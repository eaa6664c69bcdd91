#include "engine/graph/feed_cause.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>
#include <optional>
#include <string_view>

namespace fibre::graph {
namespace {

using model::FeedCause;
using model::MismatchKind;

// A cause is met when an element's date is after the date compared at (never() is after all).
bool after(Date from, Date at) {
    return at < from;
}

// The causes that lie at the PBO itself: what the "raccordable on demand" regime leaves to build.
bool at_the_pbo(FeedCause c) {
    return c == FeedCause::no_pbo || c == FeedCause::pbo_not_in_service || c == FeedCause::no_cable_from_box;
}

// EtatImmeuble values that declare the address deployed, and those that declare it not yet.
bool declares_deployed(const std::string& state) {
    return state == "DEPLOYE" || state == "RACCORDABLE DEMANDE";
}
bool declares_undeployed(const std::string& state) {
    return state == "CIBLE" || state == "SIGNE" || state == "EN COURS DE DEPLOIEMENT";
}

} // namespace

FeedCauseFinder::FeedCauseFinder(const FeedNetworkView& network, Date at) : net_(network), at_(at) {
    pm_at_.assign(net_.topology.vertices.size(), -1);
    for (std::size_t i = 0; i < net_.sites.size(); ++i) {
        const int v = net_.topology.site_vertex[i];
        if (v >= 0 && net_.sites[i].is_pm()) {
            pm_at_[static_cast<std::size_t>(v)] = static_cast<int>(i);
        }
    }
}

const CauseOfFeed& FeedCauseFinder::cause(int box) {
    if (const auto it = memo_.find(box); it != memo_.end()) {
        return it->second;
    }
    CauseOfFeed c;
    if (box < 0) {
        c.cause = FeedCause::no_pbo;
        return memo_.emplace(box, c).first->second;
    }
    const auto b = static_cast<std::size_t>(box);
    const auto& pbo = net_.boxes[b];
    const int v = net_.topology.box_vertex[b];
    if (after(net_.box_from[b], at_)) {
        c = {FeedCause::pbo_not_in_service, pbo.code, net_.box_from[b]};
    } else if (v < 0) {
        c = {FeedCause::no_cable_from_box, pbo.code, Date::never()};
    } else {
        const auto vu = static_cast<std::size_t>(v);
        const auto dated = net_.dated.served(vu);
        if (!net_.dated.date(dated).is_never()) {
            c = walk(b, net_.dated, dated);
        } else if (const auto planned = net_.layout.served(vu); !net_.layout.date(planned).is_never()) {
            c = walk(b, net_.layout, planned);
        } else {
            c = unreached(b);
        }
    }
    return memo_.emplace(box, c).first->second;
}

// Up the tree from the PBO's state to its NRO: the PM standing on each vertex reached (a PM's
// date weighs on every path through it), then the link piece that reached it (its link, then
// the boxes it names at its ends), then the NRO at the root.
CauseOfFeed FeedCauseFinder::walk(std::size_t box, const SearchTree& tree, std::size_t state) const {
    const auto& topo = net_.topology;
    for (std::size_t guard = 0; guard <= tree.parent.size(); ++guard) {
        const std::size_t v = state % tree.vertices;
        if (const int pm = pm_at_[v]; pm >= 0) {
            const auto p = static_cast<std::size_t>(pm);
            if (after(net_.site_from[p], at_)) {
                return {FeedCause::pm_not_in_service, net_.sites[p].code, net_.site_from[p]};
            }
        }
        const int e = tree.parent_edge[state];
        if (e >= 0) {
            const auto& edge = topo.edges[static_cast<std::size_t>(e)];
            if (after(edge.from, at_)) {
                const auto& link = net_.links[edge.link];
                if (after(net_.link_from[edge.link], at_)) {
                    return {link.kind == model::LinkKind::cable ? FeedCause::cable_not_in_service
                                                                : FeedCause::path_not_in_service,
                            link.code, net_.link_from[edge.link]};
                }
                for (const int end : {edge.box1, edge.box2}) {
                    if (end >= 0 && after(net_.box_from[static_cast<std::size_t>(end)], at_)) {
                        const auto eb = static_cast<std::size_t>(end);
                        return {FeedCause::box_not_in_service, net_.boxes[eb].code, net_.box_from[eb]};
                    }
                }
                return {FeedCause::cable_not_in_service, link.code, edge.from};
            }
        }
        const std::int32_t parent = tree.parent[state];
        if (parent < 0) {
            if (const int nro = tree.nro[state]; nro >= 0) {
                const auto n = static_cast<std::size_t>(nro);
                if (after(net_.site_from[n], at_)) {
                    return {FeedCause::nro_not_in_service, net_.sites[n].code, net_.site_from[n]};
                }
            }
            break;
        }
        state = static_cast<std::size_t>(parent);
    }
    // Every element on the way is in service: the search found no path through them all (the
    // PM rule kept it off), which the layout shows as no PM on the way.
    return {FeedCause::no_pm_on_path, net_.boxes[box].code, Date::never()};
}

// No chain of links joins the PBO to an NRO through a PM, even counting every element in
// service: say what its part of the network lacks.
CauseOfFeed FeedCauseFinder::unreached(std::size_t box) {
    const auto& topo = net_.topology;
    const auto& code = net_.boxes[box].code;
    const auto v = static_cast<std::size_t>(topo.box_vertex[box]);
    if (net_.phased && !net_.layout.date(v).is_never()) {
        return {FeedCause::no_pm_on_path, code, Date::never()}; // side 0: reached by transport only
    }
    if (degree_.empty()) {
        const std::size_t n = topo.vertices.size();
        degree_.assign(n, 0);
        part_.resize(n);
        std::iota(part_.begin(), part_.end(), 0U);
        const auto find = [&](std::uint32_t x) {
            while (part_[x] != x) {
                part_[x] = part_[part_[x]];
                x = part_[x];
            }
            return x;
        };
        for (const auto& e : topo.edges) {
            ++degree_[static_cast<std::size_t>(e.u)];
            ++degree_[static_cast<std::size_t>(e.v)];
            const auto a = find(static_cast<std::uint32_t>(e.u));
            const auto b = find(static_cast<std::uint32_t>(e.v));
            if (a != b) {
                part_[std::max(a, b)] = std::min(a, b);
            }
        }
        for (std::size_t x = 0; x < n; ++x) {
            part_[x] = find(static_cast<std::uint32_t>(x));
        }
        part_nro_.assign(n, -1);
        part_pm_.assign(n, -1);
        for (std::size_t i = 0; i < net_.sites.size(); ++i) {
            const int sv = topo.site_vertex[i];
            if (sv < 0) {
                continue;
            }
            const auto root = part_[static_cast<std::size_t>(sv)];
            auto& slot = net_.sites[i].is_nro() ? part_nro_[root] : part_pm_[root];
            if ((net_.sites[i].is_nro() || net_.sites[i].is_pm()) && slot < 0) {
                slot = static_cast<int>(i);
            }
        }
    }
    if (degree_[v] == 0) {
        return {FeedCause::no_cable_from_box, code, Date::never()};
    }
    const auto root = part_[v];
    if (part_nro_[root] >= 0) {
        return {FeedCause::no_pm_on_path, code, Date::never()};
    }
    if (const int pm = part_pm_[root]; pm >= 0) {
        return {FeedCause::pm_not_reachable, net_.sites[static_cast<std::size_t>(pm)].code, Date::never()};
    }
    return {FeedCause::not_connected, code, Date::never()};
}

std::vector<model::DeclarationMismatch> find_declaration_mismatches(const MismatchInput& in,
                                                                    FeedCauseFinder& causes) {
    std::vector<model::DeclarationMismatch> out;
    std::unordered_map<std::string_view, std::size_t> pm_by_ref;
    for (std::size_t i = 0; i < in.sites.size(); ++i) {
        if (in.sites[i].is_pm() && !in.sites[i].ref_pm.empty()) {
            pm_by_ref.emplace(in.sites[i].ref_pm, i);
        }
    }
    // A fed premise with no IPE line is a mismatch only where IPE lines were imported at all.
    const bool any_line = !in.declarations.empty();
    std::vector<char> line_used(in.declarations.size(), 0);
    for (std::size_t i = 0; i < in.premises.size(); ++i) {
        const auto& st = in.statuses[i];
        const bool fed = !after(st.raccordable_since, in.at);
        const int line = i < in.declaration_of.size() ? in.declaration_of[i] : -1;
        const model::Declaration* d = line < 0 ? nullptr : &in.declarations[static_cast<std::size_t>(line)];
        if (d != nullptr) {
            line_used[static_cast<std::size_t>(line)] = 1;
        }
        // Most premises agree with their line: what they disagree on is found before anything
        // is copied.
        const CauseOfFeed* cause = nullptr;
        if (d != nullptr && !fed && declares_deployed(d->state)) {
            cause = &causes.cause(i < in.assigned.size() ? in.assigned[i].box : -1);
            // Raccordable on demand: the operator builds the PBO (and its drop) on request, so a
            // premise waiting for its PBO is as declared; anything missing above it is not.
            if (d->state != "DEPLOYE" && at_the_pbo(cause->cause)) {
                cause = nullptr;
            }
        }
        const bool undeployed = d != nullptr && fed && declares_undeployed(d->state);
        const bool early = d != nullptr && d->commercial_date && !st.raccordable_since.is_never() &&
                           *d->commercial_date < st.raccordable_since;
        const bool no_line = d == nullptr && fed && any_line;
        if (cause == nullptr && !undeployed && !early && !no_line) {
            continue;
        }
        const auto& p = in.premises[i];
        model::DeclarationMismatch m;
        m.premise_id = p.id;
        m.premise_code = st.premise_code;
        m.hexacle = i < in.hexacles.size() ? in.hexacles[i] : std::string();
        m.insee = p.insee;
        m.pm_code = st.pm_code;
        m.pm_ref = st.pm_ref;
        m.raccordable_since = st.raccordable_since;
        m.position = p.position;
        if (d != nullptr) {
            m.declaration = line;
            m.building_id = d->building_id;
            m.hexacle = d->hexacle;
            m.declared_state = d->state;
            m.commercial_date = d->commercial_date;
            m.address_text = d->address_text;
            if (m.pm_ref.empty()) {
                m.pm_ref = d->ref_pm;
            }
        }
        const auto emit = [&](MismatchKind kind) {
            out.push_back(m);
            out.back().kind = kind;
        };
        if (no_line) {
            emit(MismatchKind::fed_without_line);
        }
        if (cause != nullptr) {
            emit(MismatchKind::declared_not_fed);
            out.back().cause = cause->cause;
            out.back().element_code = cause->element;
            out.back().element_from = cause->from;
        }
        if (undeployed) {
            emit(MismatchKind::fed_declared_undeployed);
        }
        if (early) {
            emit(MismatchKind::commercial_before_network);
        }
    }
    for (std::size_t l = 0; l < in.declarations.size(); ++l) {
        if (line_used[l] != 0) {
            continue;
        }
        const auto& d = in.declarations[l];
        // A line superseded by a more recent one of the same hexaclé speaks for no premise,
        // but its address has premises: it is not a line without premise.
        model::DeclarationMismatch m;
        m.kind = MismatchKind::line_without_premise;
        m.declaration = static_cast<int>(l);
        m.building_id = d.building_id;
        m.hexacle = d.hexacle;
        m.declared_state = d.state;
        m.insee = d.insee;
        m.pm_ref = d.ref_pm;
        if (const auto it = pm_by_ref.find(d.ref_pm); it != pm_by_ref.end()) {
            m.pm_code = in.sites[it->second].code;
        }
        m.commercial_date = d.commercial_date;
        m.position = d.position;
        m.address_text = d.address_text;
        out.push_back(std::move(m));
    }
    const bool any_alone = std::any_of(out.begin(), out.end(), [](const model::DeclarationMismatch& m) {
        return m.kind == MismatchKind::line_without_premise;
    });
    if (any_alone) {
        // Superseded lines: their hexaclé is one a premise's address has.
        std::unordered_map<std::string_view, char> premise_hexacle;
        for (const auto& h : in.hexacles) {
            if (!h.empty()) {
                premise_hexacle.emplace(h, 1);
            }
        }
        std::erase_if(out, [&](const model::DeclarationMismatch& m) {
            return m.kind == MismatchKind::line_without_premise && !m.hexacle.empty() &&
                   premise_hexacle.contains(m.hexacle);
        });
    }
    return out;
}

std::vector<model::Defect> declaration_defects(const MismatchInput& in,
                                               const std::vector<model::DeclarationMismatch>& mismatches) {
    // One verdict per IPE line over the premises of its address. A line declared DEPLOYE none
    // of whose premises is fed has all of them declared_not_fed; a line declared CIBLE with a
    // fed premise has it fed_declared_undeployed: the mismatches alone say which lines count.
    std::vector<int> premises_of;
    struct Verdict {
        int not_fed = 0;
        const model::DeclarationMismatch* first_not_fed = nullptr;
        const model::DeclarationMismatch* first_fed = nullptr;
        Date earliest = Date::never();
    };
    std::unordered_map<int, Verdict> verdicts;
    std::vector<int> order; // lines in the order their first mismatch comes
    for (const auto& m : mismatches) {
        if (m.declaration < 0) {
            continue;
        }
        const auto& d = in.declarations[static_cast<std::size_t>(m.declaration)];
        const bool not_fed = m.kind == MismatchKind::declared_not_fed && d.state == "DEPLOYE";
        const bool fed_cible = m.kind == MismatchKind::fed_declared_undeployed && d.state == "CIBLE";
        if (!not_fed && !fed_cible) {
            continue;
        }
        auto [it, inserted] = verdicts.try_emplace(m.declaration);
        if (inserted) {
            order.push_back(m.declaration);
        }
        auto& v = it->second;
        if (not_fed) {
            ++v.not_fed;
            v.first_not_fed = v.first_not_fed == nullptr ? &m : v.first_not_fed;
        } else {
            v.first_fed = v.first_fed == nullptr ? &m : v.first_fed;
            v.earliest = std::min(v.earliest, m.raccordable_since);
        }
    }
    std::vector<model::Defect> defects;
    if (verdicts.empty()) {
        return defects;
    }
    premises_of.assign(in.declarations.size(), 0);
    for (const int line : in.declaration_of) {
        if (line >= 0) {
            ++premises_of[static_cast<std::size_t>(line)];
        }
    }
    for (const int line : order) {
        const auto& v = verdicts.at(line);
        const auto& d = in.declarations[static_cast<std::size_t>(line)];
        const std::string& code = d.building_id.empty() ? d.hexacle : d.building_id;
        if (v.first_not_fed != nullptr && v.not_fed == premises_of[static_cast<std::size_t>(line)]) {
            const auto& m = *v.first_not_fed;
            defects.push_back(
                {"DECLARED_NOT_FED", model::Severity::error, code, d.position ? d.position : m.position,
                 fmt::format("The building {} is declared DEPLOYE by its operator (IPE), but the network "
                             "does not feed it: {}.",
                             code, describe(m.cause, m.element_code, m.element_from))});
        } else if (v.first_fed != nullptr) {
            defects.push_back(
                {"FED_DECLARED_CIBLE", model::Severity::warning, code,
                 d.position ? d.position : v.first_fed->position,
                 fmt::format("The building {} is raccordable since {} according to the network, but "
                             "its operator still declares it CIBLE (IPE).",
                             code, v.earliest.iso())});
        }
    }
    return defects;
}

std::string describe(FeedCause cause, const std::string& element, Date from) {
    const std::string until = from.is_never() ? std::string() : fmt::format(" until {}", from.iso());
    switch (cause) {
    case FeedCause::none:
        return "fed";
    case FeedCause::no_pbo:
        return "no PBO is assigned to it";
    case FeedCause::no_cable_from_box:
        return fmt::format("no cable leaves its PBO {}", element);
    case FeedCause::pbo_not_in_service:
        return fmt::format("its PBO {} is not in service{}", element, until);
    case FeedCause::cable_not_in_service:
        return fmt::format("the cable {} is not in service{}", element, until);
    case FeedCause::path_not_in_service:
        return fmt::format("the path {} is not in service{}", element, until);
    case FeedCause::box_not_in_service:
        return fmt::format("the box {} is not in service{}", element, until);
    case FeedCause::pm_not_in_service:
        return fmt::format("the PM {} is not in service{}", element, until);
    case FeedCause::nro_not_in_service:
        return fmt::format("the NRO {} is not in service{}", element, until);
    case FeedCause::no_pm_on_path:
        return fmt::format("its PBO {} is reached from an NRO passing no PM", element);
    case FeedCause::pm_not_reachable:
        return fmt::format("the PM {} is reached from no NRO", element);
    case FeedCause::not_connected:
        return fmt::format("its PBO {} is connected to no PM and no NRO", element);
    }
    return {};
}

} // namespace fibre::graph
