// The FTTH network of the demo and its history: NRO, PM zones, PBO, civil-works paths and
// cables along the streets, worksites dated in waves, and the ground truth derived from the
// way each premise was connected (its cable chain up to the NRO and the dates along it).

#include "engine/demo/world.hpp"
#include "engine/model/worksite_calendar.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace fibre::demo {

std::string Worksite::state_at(Date day) const {
    // The engine's rule (engine/model/worksite_calendar.hpp), so that the truth and the
    // figures read the same dates the same way.
    const bool suspended = std::any_of(suspensions.begin(), suspensions.end(), [&](const Suspension& s) {
        return model::suspension_covers(s.start, s.end, day);
    });
    switch (model::worksite_state_on(day, actual_start, actual_end, abandoned, planned_end, suspended)) {
    case model::WorksiteCalendarState::planned:
        return "planned";
    case model::WorksiteCalendarState::active:
        return "active";
    case model::WorksiteCalendarState::suspended:
        return "suspended";
    case model::WorksiteCalendarState::overdue:
        return "overdue";
    case model::WorksiteCalendarState::completed:
        return "completed";
    case model::WorksiteCalendarState::abandoned:
        return "abandoned";
    }
    return "planned";
}

namespace {

constexpr double route_step = 400; // longest span between two nodes of a route, metres

Date add_days(Date d, double days) {
    return Date{d.days + static_cast<std::int32_t>(std::lround(days))};
}

double distance(Point a, Point b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

std::uint64_t hilbert_index(double fx, double fy) {
    const std::uint64_t n = 1U << 16U;
    auto x = static_cast<std::uint64_t>(std::clamp(fx, 0.0, 1.0) * static_cast<double>(n - 1));
    auto y = static_cast<std::uint64_t>(std::clamp(fy, 0.0, 1.0) * static_cast<double>(n - 1));
    std::uint64_t d = 0;
    for (std::uint64_t s = n / 2; s > 0; s /= 2) {
        const std::uint64_t rx = (x & s) > 0 ? 1 : 0;
        const std::uint64_t ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

class NetworkBuilder {
public:
    NetworkBuilder(World& world, Random& random) : w_(world), r_(random) {}

    void build() {
        choose_nro();
        group_boxes();
        make_zones();
        for (std::size_t pm = 0; pm < w_.pms.size(); ++pm) {
            wire_zone(static_cast<int>(pm));
        }
        for (std::size_t n = 0; n < w_.nros.size(); ++n) {
            wire_transport(static_cast<int>(n));
        }
        lay_splices();
        schedule();
        set_lifecycles();
        choose_box_roles();
        choose_deliveries();
        lay_chamber_trap();
        clear_datemes();
        inject_defects();
        lay_traps();
        derive_truth();
        lay_drops();
        declare_addresses();
        number_elements();
        describe_traps();
    }

private:
    int add_node(Point p, bool site, char ptech, int ws) {
        w_.nodes.push_back(Node{p, site, ptech, ws});
        return static_cast<int>(w_.nodes.size()) - 1;
    }

    int add_path(int n1, int n2, bool transport, int implantation, int ws) {
        Path path;
        path.n1 = n1;
        path.n2 = n2;
        path.line = {w_.nodes[static_cast<std::size_t>(n1)].p, w_.nodes[static_cast<std::size_t>(n2)].p};
        path.transport = transport;
        path.implantation = implantation;
        path.worksite = ws;
        w_.paths.push_back(std::move(path));
        w_.worksites[static_cast<std::size_t>(ws)].length_m +=
            distance(w_.nodes[static_cast<std::size_t>(n1)].p, w_.nodes[static_cast<std::size_t>(n2)].p);
        return static_cast<int>(w_.paths.size()) - 1;
    }

    /// A cable in @p path, from its n1 to its n2.
    int add_cable(int path, int parent, int pm, int nro, int box2 = -1) {
        const Path& p = w_.paths[static_cast<std::size_t>(path)];
        Cable c;
        c.n1 = p.n1;
        c.n2 = p.n2;
        c.path = path;
        c.transport = p.transport;
        c.worksite = p.worksite;
        c.parent = parent;
        c.pm = pm;
        c.nro = nro;
        c.box2 = box2;
        w_.cables.push_back(c);
        return static_cast<int>(w_.cables.size()) - 1;
    }

    /// Paths (and their nodes) from node a to node b, no span longer than route_step.
    std::vector<int> add_route(int a, int b, bool transport, int implantation, int ws) {
        const Point pa = w_.nodes[static_cast<std::size_t>(a)].p;
        const Point pb = w_.nodes[static_cast<std::size_t>(b)].p;
        const int spans = std::max(1, static_cast<int>(std::ceil(distance(pa, pb) / route_step)));
        std::vector<int> out;
        int from = a;
        for (int i = 1; i <= spans; ++i) {
            int to = b;
            if (i < spans) {
                const double t = static_cast<double>(i) / spans;
                to = add_node({pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y)}, false,
                              implantation == 7 ? 'C' : 'A', ws);
            }
            out.push_back(add_path(from, to, transport, implantation, ws));
            from = to;
        }
        return out;
    }

    // NRO: tens of them, spread over the territory, in the larger communes first.
    void choose_nro() {
        std::vector<int> candidate_comb(w_.communes.size(), -1);
        for (std::size_t ci = 0; ci < w_.combs.size(); ++ci) {
            const Comb& comb = w_.combs[ci];
            if (!comb.no_plan && candidate_comb[static_cast<std::size_t>(comb.commune)] < 0) {
                candidate_comb[static_cast<std::size_t>(comb.commune)] = static_cast<int>(ci);
            }
        }
        std::vector<int> candidates;
        for (std::size_t c = 0; c < w_.communes.size(); ++c) {
            if (candidate_comb[c] >= 0) {
                candidates.push_back(static_cast<int>(c));
            }
        }
        const auto premises = static_cast<double>(w_.local_address.size());
        const auto wanted =
            static_cast<std::size_t>(std::clamp(std::lround(std::sqrt(premises) / 10.0), 1L, 80L));
        std::vector<int> chosen;
        while (chosen.size() < std::min(wanted, candidates.size())) {
            int best = -1;
            double best_score = -1;
            for (int c : candidates) {
                const Commune& commune = w_.communes[static_cast<std::size_t>(c)];
                double d = 1e6;
                for (int o : chosen) {
                    d = std::min(d, distance(commune.seed, w_.communes[static_cast<std::size_t>(o)].seed));
                }
                const double score = d * std::pow(static_cast<double>(commune.locals), 0.25);
                if (score > best_score) {
                    best_score = score;
                    best = c;
                }
            }
            chosen.push_back(best);
        }
        for (int c : chosen) {
            Nro nro;
            nro.commune = c;
            nro.worksite = -1;
            const Comb& comb =
                w_.combs[static_cast<std::size_t>(candidate_comb[static_cast<std::size_t>(c)])];
            nro.node = add_node({comb.entry.x - 30, comb.entry.y - 30}, true, 'C', -1);
            w_.nros.push_back(nro);
        }
        for (auto& comb : w_.combs) {
            if (comb.no_plan) {
                continue;
            }
            double best = 1e18;
            for (std::size_t n = 0; n < w_.nros.size(); ++n) {
                const double d = distance(comb.entry, w_.nodes[static_cast<std::size_t>(w_.nros[n].node)].p);
                if (d < best) {
                    best = d;
                    comb.nro = static_cast<int>(n);
                }
            }
        }
    }

    // PBO: consecutive addresses of a street, 5 to 12 premises each; an apartment building with
    // more than 12 gets PBOs of its own.
    void group_boxes() {
        branch_boxes_.resize(w_.combs.size());
        for (std::size_t ci = 0; ci < w_.combs.size(); ++ci) {
            const Comb& comb = w_.combs[ci];
            branch_boxes_[ci].resize(comb.branches.size());
            if (comb.no_plan) {
                continue;
            }
            for (std::size_t bi = 0; bi < comb.branches.size(); ++bi) {
                auto& out = branch_boxes_[ci][bi];
                Box current;
                int count = 0;
                auto target = static_cast<int>(r_.integer(5, 12));
                auto close = [&]() {
                    if (count > 0) {
                        current.hamlet = comb.kind == SettlementKind::hamlet;
                        w_.boxes.push_back(current);
                        out.push_back(static_cast<int>(w_.boxes.size()) - 1);
                    }
                    current = Box{};
                    count = 0;
                    target = static_cast<int>(r_.integer(5, 12));
                };
                for (int ai : comb.branches[bi].addresses) {
                    const Address& a = w_.addresses[static_cast<std::size_t>(ai)];
                    if (a.locals > 12) {
                        close();
                        const int parts = (a.locals + 11) / 12;
                        int next = a.first_local;
                        for (int p = 0; p < parts; ++p) {
                            const int n = a.locals / parts + (p < a.locals % parts ? 1 : 0);
                            Box b;
                            b.addresses = {ai};
                            b.whole_addresses = parts == 1;
                            for (int k = 0; k < n; ++k) {
                                b.locals.push_back(next++);
                            }
                            w_.boxes.push_back(std::move(b));
                            out.push_back(static_cast<int>(w_.boxes.size()) - 1);
                        }
                        continue;
                    }
                    if (count + a.locals > 12) {
                        close();
                    }
                    current.addresses.push_back(ai);
                    for (int k = 0; k < a.locals; ++k) {
                        current.locals.push_back(a.first_local + k);
                    }
                    count += a.locals;
                    if (count >= target) {
                        close();
                    }
                }
                close();
                // A last box of one or two premises joins the one before when it can.
                if (out.size() >= 2) {
                    Box& last = w_.boxes[static_cast<std::size_t>(out.back())];
                    Box& before = w_.boxes[static_cast<std::size_t>(out[out.size() - 2])];
                    if (last.locals.size() < 3 && last.whole_addresses && before.whole_addresses &&
                        last.locals.size() + before.locals.size() <= 12) {
                        before.addresses.insert(before.addresses.end(), last.addresses.begin(),
                                                last.addresses.end());
                        before.locals.insert(before.locals.end(), last.locals.begin(), last.locals.end());
                        w_.boxes.pop_back();
                        out.pop_back();
                    }
                }
            }
        }
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            for (int l : w_.boxes[b].locals) {
                w_.local_box[static_cast<std::size_t>(l)] = static_cast<int>(b);
            }
        }
    }

    std::int64_t branch_locals(int comb, int branch) const {
        std::int64_t n = 0;
        for (int ai :
             w_.combs[static_cast<std::size_t>(comb)].branches[static_cast<std::size_t>(branch)].addresses) {
            n += w_.addresses[static_cast<std::size_t>(ai)].locals;
        }
        return n;
    }

    int new_pm(int nro) {
        Pm pm;
        pm.nro = nro;
        pm.worksite = static_cast<int>(w_.worksites.size());
        Worksite ws;
        ws.owner = static_cast<int>(w_.pms.size());
        w_.worksites.push_back(ws);
        w_.pms.push_back(pm);
        w_.nros[static_cast<std::size_t>(nro)].pms.push_back(static_cast<int>(w_.pms.size()) - 1);
        return static_cast<int>(w_.pms.size()) - 1;
    }

    // PM zones of 300 to 1000 premises: whole combs grouped along a Hilbert curve within each
    // NRO zone; a comb larger than that is cut into ranges of its streets.
    void make_zones() {
        double xmin = 1e18, ymin = 1e18, xmax = -1e18, ymax = -1e18;
        for (const auto& p : w_.outline) {
            xmin = std::min(xmin, p.x);
            ymin = std::min(ymin, p.y);
            xmax = std::max(xmax, p.x);
            ymax = std::max(ymax, p.y);
        }
        for (std::size_t n = 0; n < w_.nros.size(); ++n) {
            std::vector<std::pair<std::uint64_t, int>> order;
            for (std::size_t ci = 0; ci < w_.combs.size(); ++ci) {
                const Comb& comb = w_.combs[ci];
                if (comb.nro == static_cast<int>(n) && !comb.no_plan) {
                    order.emplace_back(hilbert_index((comb.entry.x - xmin) / (xmax - xmin),
                                                     (comb.entry.y - ymin) / (ymax - ymin)),
                                       static_cast<int>(ci));
                }
            }
            std::sort(order.begin(), order.end());
            std::vector<int> group;
            std::int64_t group_locals = 0;
            std::int64_t target = r_.integer(450, 900);
            int last_group_pm = -1;
            auto close_group = [&]() {
                if (group.empty()) {
                    return;
                }
                const bool merge =
                    group_locals < 300 && last_group_pm >= 0 &&
                    w_.pms[static_cast<std::size_t>(last_group_pm)].locals + group_locals <= 1200;
                const int pm = merge ? last_group_pm : new_pm(static_cast<int>(n));
                Pm& zone = w_.pms[static_cast<std::size_t>(pm)];
                zone.combs.insert(zone.combs.end(), group.begin(), group.end());
                put_medoid_first(zone.combs);
                zone.locals += group_locals;
                last_group_pm = pm;
                group.clear();
                group_locals = 0;
                target = r_.integer(450, 900);
            };
            for (const auto& [key, ci] : order) {
                const Comb& comb = w_.combs[static_cast<std::size_t>(ci)];
                if (comb.locals > 1000) {
                    close_group();
                    last_group_pm = -1;
                    const auto parts = (comb.locals + 799) / 800;
                    const double per_part = static_cast<double>(comb.locals) / static_cast<double>(parts);
                    int first = 0;
                    std::int64_t acc = 0;
                    const auto branches = static_cast<int>(comb.branches.size());
                    for (int b = 0; b < branches; ++b) {
                        acc += branch_locals(ci, b);
                        const bool last = b == branches - 1;
                        if (last || static_cast<double>(acc) >= per_part) {
                            const int pm = new_pm(static_cast<int>(n));
                            Pm& zone = w_.pms[static_cast<std::size_t>(pm)];
                            zone.combs = {ci};
                            zone.first_branch = first;
                            zone.last_branch = b;
                            zone.locals = acc;
                            first = b + 1;
                            acc = 0;
                        }
                    }
                    continue;
                }
                if (group_locals > 0 && group_locals + comb.locals > 1000) {
                    close_group();
                }
                group.push_back(ci);
                group_locals += comb.locals;
                if (group_locals >= target) {
                    close_group();
                }
            }
            close_group();
        }
    }

    // The PM stands at the first comb of its zone: make that the comb nearest to all the others,
    // so that the routes out of it stay short.
    void put_medoid_first(std::vector<int>& combs) const {
        std::size_t best = 0;
        double best_sum = 1e300;
        for (std::size_t i = 0; i < combs.size(); ++i) {
            double sum = 0;
            for (int other : combs) {
                sum += distance(w_.combs[static_cast<std::size_t>(combs[i])].entry,
                                w_.combs[static_cast<std::size_t>(other)].entry);
            }
            if (sum < best_sum) {
                best_sum = sum;
                best = i;
            }
        }
        std::swap(combs[0], combs[best]);
    }

    struct BranchRange {
        int first, last;
    };

    // Street nodes, paths and distribution cables of one comb's branches [first, last], fed
    // by @p feed arriving at the comb's trunk node of branch @p first.
    void wire_branches(int pm, int ci, BranchRange range, int feed_cable) {
        Comb& comb = w_.combs[static_cast<std::size_t>(ci)];
        const Pm& zone = w_.pms[static_cast<std::size_t>(pm)];
        const int ws = zone.worksite;
        const char ptech = comb.implantation == 7 ? 'C' : 'A';
        int trunk_in = feed_cable;
        for (int b = range.first; b <= range.last; ++b) {
            Branch& br = comb.branches[static_cast<std::size_t>(b)];
            if (b > range.first) {
                const Branch& prev = comb.branches[static_cast<std::size_t>(b - 1)];
                const int path = add_path(prev.trunk_node, br.trunk_node, false, comb.implantation, ws);
                trunk_in = add_cable(path, trunk_in, pm, zone.nro);
            }
            int at = br.trunk_node;
            int in = trunk_in;
            double last_x = -1e18;
            for (int bi : branch_boxes_[static_cast<std::size_t>(ci)][static_cast<std::size_t>(b)]) {
                Box& box = w_.boxes[static_cast<std::size_t>(bi)];
                box.pm = pm;
                w_.pms[static_cast<std::size_t>(pm)].boxes.push_back(bi);
                double x = 0;
                for (int ai : box.addresses) {
                    x += w_.addresses[static_cast<std::size_t>(ai)].parcel.centre().x;
                }
                x /= static_cast<double>(box.addresses.size());
                if (x - last_x > 0.5) {
                    const int street = add_node({x, br.y}, false, ptech, ws);
                    const int path = add_path(at, street, false, comb.implantation, ws);
                    in = add_cable(path, in, pm, zone.nro);
                    at = street;
                    last_x = x;
                }
                Point where{x, br.y + 4};
                if (!box.whole_addresses) {
                    const Address& a = w_.addresses[static_cast<std::size_t>(box.addresses.front())];
                    const auto rank = (box.locals.front() - a.first_local) / 12;
                    where = {a.building.centre().x + rank, a.building.centre().y};
                }
                box.node = add_node(where, false, ptech, ws);
                const int spur = add_path(at, box.node, false, comb.implantation, ws);
                box.feed = add_cable(spur, in, pm, zone.nro, bi);
            }
        }
    }

    void wire_comb_trunk(int ci, int ws) {
        Comb& comb = w_.combs[static_cast<std::size_t>(ci)];
        if (comb.entry_node >= 0) {
            return;
        }
        const char ptech = comb.implantation == 7 ? 'C' : 'A';
        comb.entry_node = add_node(comb.entry, false, ptech, ws);
        for (auto& br : comb.branches) {
            br.trunk_node = add_node({comb.entry.x, br.y}, false, ptech, ws);
        }
    }

    void wire_zone(int pm) {
        Pm& zone = w_.pms[static_cast<std::size_t>(pm)];
        const int ws = zone.worksite;
        const int first = zone.combs.front();
        const Comb& head = w_.combs[static_cast<std::size_t>(first)];
        if (zone.first_branch >= 0) {
            // A part of a large comb: the PM stands beside the trunk at its first street.
            wire_comb_trunk(first, ws);
            const Comb& comb = w_.combs[static_cast<std::size_t>(first)];
            const Branch& br = comb.branches[static_cast<std::size_t>(zone.first_branch)];
            zone.node = add_node({comb.entry.x - 8, br.y}, true, 'C', ws);
            zone.junction = add_node({comb.entry.x - 14, br.y}, false, 'C', -1);
            if (zone.first_branch == 0) {
                add_path(comb.entry_node, br.trunk_node, false, comb.implantation, ws);
            } else {
                add_path(comb.branches[static_cast<std::size_t>(zone.first_branch - 1)].trunk_node,
                         br.trunk_node, false, comb.implantation, ws);
            }
            const int path = add_path(zone.node, br.trunk_node, false, comb.implantation, ws);
            const int feed = add_cable(path, -1, pm, zone.nro);
            wire_branches(pm, first, {zone.first_branch, zone.last_branch}, feed);
            return;
        }
        wire_comb_trunk(first, ws);
        zone.node = add_node({head.entry.x - 8, head.entry.y - 8}, true, 'C', ws);
        zone.junction = add_node({head.entry.x - 14, head.entry.y - 8}, false, 'C', -1);
        const int pm_path = add_path(zone.node, head.entry_node, false, head.implantation, ws);
        const int pm_cable = add_cable(pm_path, -1, pm, zone.nro);
        for (std::size_t k = 0; k < zone.combs.size(); ++k) {
            const int ci = zone.combs[k];
            wire_comb_trunk(ci, ws);
            const Comb& comb = w_.combs[static_cast<std::size_t>(ci)];
            int in = pm_cable;
            if (k > 0) {
                // Between settlements the route runs along the road, mostly on poles.
                const int implantation = comb.kind == SettlementKind::town ? 7 : 0;
                for (int path : add_route(head.entry_node, comb.entry_node, false, implantation, ws)) {
                    in = add_cable(path, in, pm, zone.nro);
                }
            }
            const int trunk =
                add_path(comb.entry_node, comb.branches.front().trunk_node, false, comb.implantation, ws);
            in = add_cable(trunk, in, pm, zone.nro);
            wire_branches(pm, ci, {0, static_cast<int>(comb.branches.size()) - 1}, in);
        }
    }

    // Transport: from the NRO to each PM's junction, as a tree, then a short cable from the
    // junction into the PM. The tree is Prim's spanning tree with each junction's key weighted by
    // how far its attachment already is from the NRO (Prim-Dijkstra): short in total like a
    // spanning tree, without the long chains that would exceed an optical budget.
    void wire_transport(int n) {
        Nro& nro = w_.nros[static_cast<std::size_t>(n)];
        nro.worksite = static_cast<int>(w_.worksites.size());
        Worksite ws;
        ws.transport = true;
        ws.owner = n;
        w_.worksites.push_back(ws);
        w_.nodes[static_cast<std::size_t>(nro.node)].owner = nro.worksite;
        const std::size_t count = nro.pms.size();
        std::vector<bool> in_tree(count, false);
        std::vector<double> best(count, 1e18);
        std::vector<int> from(count, -1); // -1: the NRO
        std::vector<int> arriving(count, -1);
        std::vector<double> reach_m(count, 0); // length of the tree from the NRO to each junction
        constexpr double depth_weight = 0.6;
        const Point root = w_.nodes[static_cast<std::size_t>(nro.node)].p;
        for (std::size_t i = 0; i < count; ++i) {
            const Pm& pm = w_.pms[static_cast<std::size_t>(nro.pms[i])];
            best[i] = distance(root, w_.nodes[static_cast<std::size_t>(pm.junction)].p);
        }
        for (std::size_t step = 0; step < count; ++step) {
            std::size_t pick = count;
            for (std::size_t i = 0; i < count; ++i) {
                if (!in_tree[i] && (pick == count || best[i] < best[pick])) {
                    pick = i;
                }
            }
            in_tree[pick] = true;
            const int pm_index = nro.pms[pick];
            {
                const Point a = from[pick] < 0
                                    ? root
                                    : w_.nodes[static_cast<std::size_t>(
                                                   w_.pms[static_cast<std::size_t>(
                                                              nro.pms[static_cast<std::size_t>(from[pick])])]
                                                       .junction)]
                                          .p;
                reach_m[pick] = (from[pick] < 0 ? 0 : reach_m[static_cast<std::size_t>(from[pick])]) +
                                distance(a, w_.nodes[static_cast<std::size_t>(
                                                         w_.pms[static_cast<std::size_t>(pm_index)].junction)]
                                                .p);
            }
            Pm& pm = w_.pms[static_cast<std::size_t>(pm_index)];
            w_.nodes[static_cast<std::size_t>(pm.junction)].owner = nro.worksite;
            const int start_node =
                from[pick] < 0
                    ? nro.node
                    : w_.pms[static_cast<std::size_t>(nro.pms[static_cast<std::size_t>(from[pick])])]
                          .junction;
            int in = from[pick] < 0 ? -1 : arriving[static_cast<std::size_t>(from[pick])];
            const int implantation = r_.chance(0.55) ? 7 : 1;
            for (int path : add_route(start_node, pm.junction, true, implantation, nro.worksite)) {
                in = add_cable(path, in, -1, n);
            }
            arriving[pick] = in;
            const int last = add_path(pm.junction, pm.node, true, 7, nro.worksite);
            const int feed = add_cable(last, in, pm_index, n);
            pm_feed_.resize(w_.pms.size(), -1);
            pm_feed_[static_cast<std::size_t>(pm_index)] = feed;
            const Point pj = w_.nodes[static_cast<std::size_t>(pm.junction)].p;
            for (std::size_t i = 0; i < count; ++i) {
                if (in_tree[i]) {
                    continue;
                }
                const double d =
                    distance(pj, w_.nodes[static_cast<std::size_t>(
                                              w_.pms[static_cast<std::size_t>(nro.pms[i])].junction)]
                                     .p) +
                    depth_weight * reach_m[pick];
                if (d < best[i]) {
                    best[i] = d;
                    from[i] = static_cast<int>(pick);
                }
            }
        }
    }

    // Waves of worksites: each NRO zone has its wave, centred on a date drawn from an S-shaped
    // curve; the lockdown of spring 2020 suspends about 70 % of the works then active; a few
    // percent of zones run late past 2022, a few are abandoned.
    void schedule() {
        const Date lockdown_start = Date::from_ymd(2020, 3, 17);
        const Date lockdown_end = Date::from_ymd(2020, 5, 11);
        const Date first_day = Date::from_ymd(2017, 1, 2);
        const Date target = Date::from_ymd(2022, 12, 31);
        const Date centre = Date::from_ymd(2020, 1, 15);
        auto lockdown = [&](Worksite& ws, Random& rr) {
            if (ws.actual_start <= lockdown_start && lockdown_start < ws.actual_end && rr.chance(0.70)) {
                ws.suspensions.push_back({lockdown_start, lockdown_end, "confinement COVID-19"});
                return true;
            }
            return false;
        };
        for (auto& nro : w_.nros) {
            Random rr = r_.fork(static_cast<std::uint64_t>(nro.node));
            double wave = 0;
            do {
                const double u = rr.uniform(0.001, 0.999);
                wave = centre.days + 0.55 * 365.25 * std::log(u / (1 - u));
            } while (wave < Date::from_ymd(2017, 9, 1).days || wave > Date::from_ymd(2022, 6, 30).days);
            for (int pmi : nro.pms) {
                Worksite& ws =
                    w_.worksites[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(pmi)].worksite)];
                const double end =
                    std::clamp(wave + rr.bell(120), static_cast<double>(Date::from_ymd(2017, 6, 1).days),
                               static_cast<double>(Date::from_ymd(2022, 11, 30).days));
                const double duration = rr.uniform(150, 330);
                ws.planned_end = Date{static_cast<std::int32_t>(std::lround(end))};
                ws.planned_start = add_days(ws.planned_end, -duration);
                if (ws.planned_start < first_day) {
                    ws.planned_start = first_day;
                    ws.planned_end = add_days(first_day, duration);
                }
                ws.actual_start = std::max(first_day, add_days(ws.planned_start, rr.uniform(-15, 45)));
                ws.actual_end = add_days(ws.actual_start, duration * rr.uniform(0.9, 1.2));
                if (lockdown(ws, rr)) {
                    ws.actual_end = add_days(ws.actual_end, lockdown_end.days - lockdown_start.days);
                }
                if (rr.chance(0.01)) {
                    // A zone added to the plan late: its works have not begun.
                    ws.planned_start = add_days(Date::from_ymd(2026, 2, 1), rr.uniform(0, 200));
                    ws.planned_end = add_days(ws.planned_start, duration);
                    ws.actual_start = Date::never();
                    ws.actual_end = Date::never();
                    ws.suspensions.clear();
                } else if (rr.chance(0.05)) {
                    ws.actual_end = add_days(ws.actual_end, rr.uniform(400, 1400));
                    if (ws.actual_end <= target) {
                        ws.actual_end = add_days(target, rr.uniform(15, 900));
                    }
                } else if (rr.chance(0.008)) {
                    ws.abandoned = add_days(ws.actual_start, 0.4 * duration);
                    ws.actual_end = Date::never();
                }
                if (ws.actual_end > w_.delivery && !ws.actual_end.is_never()) {
                    ws.actual_end = Date::never();
                    if (rr.chance(0.5)) {
                        ws.suspensions.push_back(
                            {Date::from_ymd(2025, 9, 1), Date::never(), "attente de permission de voirie"});
                    }
                }
                if (ws.actual_start > w_.delivery) {
                    ws.actual_start = Date::never();
                }
            }
            // Transport works end before the first of its zones is finished.
            Worksite& tr = w_.worksites[static_cast<std::size_t>(nro.worksite)];
            Date first_end = Date::never();
            for (int pmi : nro.pms) {
                const Worksite& ws =
                    w_.worksites[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(pmi)].worksite)];
                const Date e = ws.actual_end.is_never() ? ws.planned_end : ws.actual_end;
                first_end = std::min(first_end, e);
            }
            if (first_end.is_never()) {
                first_end = Date::from_ymd(2021, 6, 30);
            }
            const Date end = add_days(first_end, -rr.uniform(20, 60));
            tr.actual_end = end;
            tr.actual_start = add_days(end, -rr.uniform(120, 240));
            tr.planned_start = add_days(tr.actual_start, rr.uniform(-10, 10));
            tr.planned_end = add_days(end, -rr.uniform(0, 20));
            if (lockdown(tr, rr)) {
                tr.actual_start = add_days(tr.actual_start, -(lockdown_end.days - lockdown_start.days));
            }
            if (tr.actual_end > w_.delivery) {
                tr.actual_end = Date::never();
            }
            if (tr.actual_start > w_.delivery) {
                tr.actual_start = Date::never();
            }
        }
    }

    Lifecycle life_of(int ws_index, Random& rr, bool site = false) const {
        Lifecycle life;
        if (ws_index < 0) {
            return life;
        }
        const Worksite& ws = w_.worksites[static_cast<std::size_t>(ws_index)];
        if (!ws.abandoned.is_never()) {
            life.build = Build::abandoned;
        } else if (!ws.actual_end.is_never()) {
            life.build = Build::built;
            const double span = ws.actual_end.days - ws.actual_start.days;
            life.installed = site ? add_days(ws.actual_start, std::min(20.0, span))
                                  : add_days(ws.actual_start, span * rr.uniform(0.1, 0.9));
            life.commissioned = ws.actual_end;
        } else if (!ws.actual_start.is_never()) {
            life.build = Build::works;
            const double span = w_.delivery.days - ws.actual_start.days;
            if (rr.chance(0.5)) {
                life.installed = add_days(ws.actual_start, span * rr.uniform(0.1, 0.9));
            }
        } else {
            life.build = Build::planned;
        }
        return life;
    }

    void set_lifecycles() {
        Random rr = r_.fork(11);
        for (auto& path : w_.paths) {
            path.life = life_of(path.worksite, rr);
            if (path.life.build == Build::built) {
                // Civil works are ready before the cables laid in them are commissioned.
                const Worksite& ws = w_.worksites[static_cast<std::size_t>(path.worksite)];
                path.life.installed = add_days(ws.actual_start, (ws.actual_end.days - ws.actual_start.days) *
                                                                    rr.uniform(0.05, 0.6));
                path.life.commissioned = path.life.installed;
            }
        }
        for (auto& cable : w_.cables) {
            cable.life = life_of(cable.worksite, rr);
        }
        for (auto& box : w_.boxes) {
            const int ws =
                box.pm >= 0 && !w_.pms.empty() ? w_.pms[static_cast<std::size_t>(box.pm)].worksite : -1;
            box.life = life_of(ws, rr);
        }
        for (auto& pm : w_.pms) {
            pm.life = life_of(pm.worksite, rr, true);
        }
        for (auto& nro : w_.nros) {
            nro.life = life_of(nro.worksite, rr, true);
            if (nro.life.build == Build::built) {
                nro.life.commissioned = add_days(nro.life.commissioned, -5);
            }
        }
        Random rs = r_.fork(14);
        for (auto& splice : w_.splices) {
            splice.life = life_of(w_.nros[static_cast<std::size_t>(splice.nro)].worksite, rs);
        }
    }

    bool zone_completed(int pm) const {
        const Worksite& ws =
            w_.worksites[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(pm)].worksite)];
        return !ws.actual_end.is_never();
    }

    // A few PBOs abandoned, some left "raccordable à la demande" (mostly in hamlets), and one
    // declared deployed although the cable that should feed it was never laid.
    void choose_box_roles() {
        Random rr = r_.fork(12);
        std::vector<int> eligible;
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            Box& box = w_.boxes[b];
            if (!box.whole_addresses || !zone_completed(box.pm)) {
                continue;
            }
            if (rr.chance(0.005)) {
                box.role = BoxRole::abandoned;
            } else if (rr.chance(box.hamlet ? 0.06 : 0.002)) {
                box.role = BoxRole::on_demand;
            } else {
                eligible.push_back(static_cast<int>(b));
            }
        }
        if (!eligible.empty()) {
            int pick = eligible[static_cast<std::size_t>(
                rr.integer(0, static_cast<std::int64_t>(eligible.size()) - 1))];
            for (int b : eligible) {
                if (w_.boxes[static_cast<std::size_t>(b)].addresses.size() == 1 && rr.chance(0.2)) {
                    pick = b;
                    break;
                }
            }
            w_.boxes[static_cast<std::size_t>(pick)].role = BoxRole::not_fed;
        }
        for (auto& box : w_.boxes) {
            Cable& feed = w_.cables[static_cast<std::size_t>(box.feed)];
            switch (box.role) {
            case BoxRole::normal:
                break;
            case BoxRole::abandoned:
                box.life = Lifecycle{Build::abandoned, Date::never(), Date::never()};
                feed.life = box.life;
                break;
            case BoxRole::on_demand:
                box.life = Lifecycle{};
                feed.life = Lifecycle{};
                break;
            case BoxRole::not_fed:
                feed.life = Lifecycle{};
                break;
            }
        }
    }

    void inject_defects() {
        Random rr = r_.fork(13);
        std::vector<int> built_boxes;
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            if (w_.boxes[b].role == BoxRole::normal && w_.boxes[b].life.build == Build::built &&
                static_cast<int>(b) != chamber_box_) {
                built_boxes.push_back(static_cast<int>(b));
            }
        }
        if (w_.boxes.empty()) {
            return;
        }
        auto any_box = [&]() {
            if (!built_boxes.empty()) {
                return built_boxes[static_cast<std::size_t>(
                    rr.integer(0, static_cast<std::int64_t>(built_boxes.size()) - 1))];
            }
            return static_cast<int>(rr.integer(0, static_cast<std::int64_t>(w_.boxes.size()) - 1));
        };
        {
            // A spare path from a street node that names a node the delivery does not hold.
            const int b = any_box();
            const Box& box = w_.boxes[static_cast<std::size_t>(b)];
            defect_boxes_.push_back(b);
            const Cable& feed = w_.cables[static_cast<std::size_t>(box.feed)];
            const Path& spur = w_.paths[static_cast<std::size_t>(feed.path)];
            Path extra = spur;
            extra.n1 = spur.n1;
            extra.n2 = spur.n1;
            extra.missing_end = "ND999999999999";
            const Point s = w_.nodes[static_cast<std::size_t>(spur.n1)].p;
            extra.line = {s, {s.x, s.y - 9}};
            w_.paths.push_back(extra);
            const int index = static_cast<int>(w_.paths.size()) - 1;
            w_.defects.push_back({"MISSING_NODE",
                                  {Kind::path, index},
                                  {},
                                  "path end names node ND999999999999, which the delivery does not hold",
                                  {},
                                  extra.line.back()});
        }
        {
            // A path whose geometry ends 5 cm from its declared node.
            const int b = any_box();
            const Box& box = w_.boxes[static_cast<std::size_t>(b)];
            defect_boxes_.push_back(b);
            const Cable& feed = w_.cables[static_cast<std::size_t>(box.feed)];
            Path& spur = w_.paths[static_cast<std::size_t>(feed.path)];
            spur.line.back().x += 0.03;
            spur.line.back().y += 0.04;
            w_.defects.push_back({"END_SNAPPED",
                                  {Kind::path, feed.path},
                                  {},
                                  "path end 0.05 m from its node {}",
                                  {Kind::node, spur.n2},
                                  w_.nodes[static_cast<std::size_t>(spur.n2)].p});
        }
        {
            const int b = any_box();
            const Box& box = w_.boxes[static_cast<std::size_t>(b)];
            defect_boxes_.push_back(b);
            w_.duplicated_node = w_.cables[static_cast<std::size_t>(box.feed)].n1;
            w_.defects.push_back({"DUPLICATE_CODE",
                                  {Kind::node, w_.duplicated_node},
                                  {},
                                  "t_noeud holds two rows with this nd_code, at the same place",
                                  {},
                                  w_.nodes[static_cast<std::size_t>(w_.duplicated_node)].p});
        }
        {
            w_.invalid_zone_box = any_box();
            defect_boxes_.push_back(w_.invalid_zone_box);
            const Box& box = w_.boxes[static_cast<std::size_t>(w_.invalid_zone_box)];
            w_.defects.push_back({"INVALID_GEOMETRY",
                                  {Kind::zpbo, w_.invalid_zone_box},
                                  {},
                                  "t_zpbo polygon crosses itself (bow tie)",
                                  {},
                                  w_.nodes[static_cast<std::size_t>(box.node)].p});
        }
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            const Box& box = w_.boxes[b];
            if (box.role != BoxRole::not_fed) {
                continue;
            }
            for (int ai : box.addresses) {
                w_.defects.push_back({"DECLARED_NOT_FED",
                                      {Kind::box, -1},
                                      ipe_building_id(w_, ai),
                                      "declared DEPLOYE, but the cable to its PBO {} was never laid",
                                      {Kind::box, static_cast<int>(b)},
                                      w_.addresses[static_cast<std::size_t>(ai)].pos});
            }
        }
    }

    // The truth, from the generator's own bookkeeping: along each premise's cable chain up to
    // the NRO, the latest date an element comes into service.
    void derive_truth() {
        pm_feed_.resize(w_.pms.size(), -1);
        std::vector<bool> feeds_pm(w_.cables.size(), false);
        for (int f : pm_feed_) {
            if (f >= 0) {
                feeds_pm[static_cast<std::size_t>(f)] = true;
            }
        }
        // Transport first (its cables come after the distribution ones, parents first).
        for (std::size_t c = 0; c < w_.cables.size(); ++c) {
            Cable& cable = w_.cables[c];
            if (!cable.transport) {
                continue;
            }
            const Date up = cable.parent >= 0 ? w_.cables[static_cast<std::size_t>(cable.parent)].reach
                                              : w_.nros[static_cast<std::size_t>(cable.nro)].life.from();
            cable.reach = std::max(up, cable.life.from());
        }
        for (std::size_t c = 0; c < w_.cables.size(); ++c) {
            Cable& cable = w_.cables[c];
            if (cable.transport) {
                continue;
            }
            Date up;
            if (cable.parent >= 0) {
                up = w_.cables[static_cast<std::size_t>(cable.parent)].reach;
            } else {
                const Pm& pm = w_.pms[static_cast<std::size_t>(cable.pm)];
                up = std::max(
                    w_.cables[static_cast<std::size_t>(pm_feed_[static_cast<std::size_t>(cable.pm)])].reach,
                    pm.life.from());
            }
            cable.reach = std::max(up, cable.life.from());
        }
        w_.raccordable_since.assign(w_.local_address.size(), Date::never());
        for (const auto& box : w_.boxes) {
            const Date since = std::max(w_.cables[static_cast<std::size_t>(box.feed)].reach, box.life.from());
            for (int l : box.locals) {
                w_.raccordable_since[static_cast<std::size_t>(l)] = since;
            }
        }
        // Premises fed through each cable, for its capacity.
        for (const auto& box : w_.boxes) {
            w_.cables[static_cast<std::size_t>(box.feed)].downstream +=
                static_cast<std::int64_t>(box.locals.size());
        }
        for (std::size_t pm = 0; pm < w_.pms.size(); ++pm) {
            w_.cables[static_cast<std::size_t>(pm_feed_[pm])].downstream = w_.pms[pm].locals;
        }
        for (std::size_t c = w_.cables.size(); c-- > 0;) {
            const Cable& cable = w_.cables[c];
            if (cable.parent >= 0) {
                w_.cables[static_cast<std::size_t>(cable.parent)].downstream += cable.downstream;
            }
        }
    }

    // Take-up: once a premise is raccordable, its operators open it to sale about 90 days later
    // (the commercial date of its PM zone); about 3 in 4 locaux subscribe some day, after a wait
    // drawn from an exponential law of mean 3.8 years, so that the share connected grows from 0 %
    // to about half of the raccordables after five years. A subscription before the delivery
    // date is a drop: an RA cable from the PBO to a PTO in the local, both commissioned that
    // day (the cable a day or two before the PTO). The PBOs located only by their cables (a
    // trap of their own) get none.
    void lay_drops() {
        Random rr = r_.fork(15);
        w_.raccorde_since.assign(w_.local_address.size(), Date::never());
        for (std::size_t l = 0; l < w_.local_address.size(); ++l) {
            const bool subscribes = rr.chance(0.75);
            const double wait = -std::log(1.0 - rr.uniform()) * 1400.0;
            const auto cable_lead = rr.integer(0, 2);
            const Date since = w_.raccordable_since[l];
            const int box = w_.local_box[l];
            if (!subscribes || since.is_never() || box < 0 ||
                w_.boxes[static_cast<std::size_t>(box)].located_by_cables) {
                continue;
            }
            const Date day = add_days(std::max(since, Date::from_ymd(2017, 1, 1)), 90 + wait);
            if (day > w_.delivery) {
                continue;
            }
            Drop drop;
            drop.local = static_cast<int>(l);
            drop.box = box;
            drop.pto = Lifecycle{Build::built, day, day};
            const Date cable_day{day.days - static_cast<std::int32_t>(cable_lead)};
            drop.cable = Lifecycle{Build::built, cable_day, cable_day};
            w_.drops.push_back(drop);
            // The truth: the latest date along PBO -> RA cable -> PTO, never before raccordable.
            w_.raccorde_since[l] = std::max({since, drop.cable.from(), drop.pto.from()});
        }
    }

    void declare_addresses() {
        for (auto& a : w_.addresses) {
            a.ipe_state.clear();
        }
        for (const auto& box : w_.boxes) {
            const Worksite& ws =
                w_.worksites[static_cast<std::size_t>(w_.pms[static_cast<std::size_t>(box.pm)].worksite)];
            std::string state;
            if (!ws.abandoned.is_never()) {
                state = "ABANDONNE";
            } else if (!ws.actual_end.is_never()) {
                state = box.role == BoxRole::abandoned   ? "ABANDONNE"
                        : box.role == BoxRole::on_demand ? "RACCORDABLE DEMANDE"
                                                         : "DEPLOYE";
            } else if (!ws.actual_start.is_never()) {
                state = "EN COURS DE DEPLOIEMENT";
            } else {
                state = "SIGNE";
            }
            for (int ai : box.addresses) {
                w_.addresses[static_cast<std::size_t>(ai)].ipe_state = state;
            }
        }
    }

    // A splice closure (BPE) at each PM's junction chamber; the transport cables ending or
    // starting there name it.
    void lay_splices() {
        std::vector<int> at_node(w_.nodes.size(), -1);
        for (std::size_t p = 0; p < w_.pms.size(); ++p) {
            w_.splices.push_back(Splice{w_.pms[p].junction, w_.pms[p].nro, {}});
            at_node[static_cast<std::size_t>(w_.pms[p].junction)] = static_cast<int>(p);
        }
        for (auto& c : w_.cables) {
            if (c.transport) {
                c.splice1 = at_node[static_cast<std::size_t>(c.n1)];
                c.splice2 = at_node[static_cast<std::size_t>(c.n2)];
            }
        }
    }

    bool transport_completed(int n) const {
        return !w_.worksites[static_cast<std::size_t>(w_.nros[static_cast<std::size_t>(n)].worksite)]
                    .actual_end.is_never();
    }

    bool ordinary_nro(int n) const { return n != w_.split_nro && n != w_.no_datemes_nro; }

    // The first NRO zone with two PM zones or more is delivered as two folders, its PM zones cut
    // in two where no comb is shared between them; the last other NRO zone's delivery carries no
    // *_datemes.
    void choose_deliveries() {
        w_.pm_half.assign(w_.pms.size(), 1);
        auto share_a_comb = [&](int p, int q) {
            for (int a : w_.pms[static_cast<std::size_t>(p)].combs) {
                for (int b : w_.pms[static_cast<std::size_t>(q)].combs) {
                    if (a == b) {
                        return true;
                    }
                }
            }
            return false;
        };
        for (std::size_t n = 0; n < w_.nros.size() && w_.split_nro < 0; ++n) {
            const auto& pms = w_.nros[n].pms;
            for (std::size_t offset = 0; offset < pms.size(); ++offset) {
                // Cuts tried from the middle outwards.
                const std::size_t mid = pms.size() / 2;
                const std::size_t cut = offset % 2 == 0 ? mid + offset / 2 : mid - (offset + 1) / 2;
                if (cut == 0 || cut >= pms.size() || share_a_comb(pms[cut - 1], pms[cut])) {
                    continue;
                }
                w_.split_nro = static_cast<int>(n);
                for (std::size_t k = cut; k < pms.size(); ++k) {
                    w_.pm_half[static_cast<std::size_t>(pms[k])] = 2;
                }
                break;
            }
        }
        for (auto n = static_cast<int>(w_.nros.size()); n-- > 0;) {
            if (n != w_.split_nro) {
                w_.no_datemes_nro = n;
                break;
            }
        }
    }

    // A PBO in the junction chamber where the transport to its PM splices, fed by distribution
    // from its PM; the PBO is commissioned soon after the transport, its PM's distribution later,
    // so that feeding it straight from the transport would give an earlier date.
    void lay_chamber_trap() {
        for (std::size_t p = 0; p < w_.pms.size() && chamber_box_ < 0; ++p) {
            const Pm& pm = w_.pms[p];
            if (!ordinary_nro(pm.nro) || !transport_completed(pm.nro) ||
                !zone_completed(static_cast<int>(p))) {
                continue;
            }
            const Date transport_end =
                w_.worksites[static_cast<std::size_t>(w_.nros[static_cast<std::size_t>(pm.nro)].worksite)]
                    .actual_end;
            if (w_.worksites[static_cast<std::size_t>(pm.worksite)].actual_end.days <
                transport_end.days + 15) {
                continue;
            }
            for (int b : pm.boxes) {
                Box& box = w_.boxes[static_cast<std::size_t>(b)];
                if (box.role != BoxRole::normal || box.life.build != Build::built || !box.whole_addresses) {
                    continue;
                }
                Cable& feed = w_.cables[static_cast<std::size_t>(box.feed)];
                Path& spur = w_.paths[static_cast<std::size_t>(feed.path)];
                w_.nodes[static_cast<std::size_t>(box.node)].dropped = true;
                box.node = pm.junction;
                spur.n2 = pm.junction;
                spur.line.back() = w_.nodes[static_cast<std::size_t>(pm.junction)].p;
                feed.n2 = pm.junction;
                box.life.commissioned = add_days(transport_end, 5);
                box.life.installed = std::min(box.life.installed, add_days(transport_end, 2));
                chamber_box_ = b;
                chamber_wrong_date_ = box.life.commissioned.days;
                break;
            }
        }
    }

    // The delivery of one NRO zone carries no *_datemes: its elements come into service on their
    // *_dateins.
    void clear_datemes() {
        const int n = w_.no_datemes_nro;
        if (n < 0) {
            return;
        }
        w_.nros[static_cast<std::size_t>(n)].life.commissioned = Date::never();
        for (auto& pm : w_.pms) {
            if (pm.nro == n) {
                pm.life.commissioned = Date::never();
            }
        }
        for (auto& c : w_.cables) {
            if (c.nro == n) {
                c.life.commissioned = Date::never();
            }
        }
        for (auto& box : w_.boxes) {
            if (w_.pms[static_cast<std::size_t>(box.pm)].nro == n) {
                box.life.commissioned = Date::never();
            }
        }
        for (auto& s : w_.splices) {
            if (s.nro == n) {
                s.life.commissioned = Date::never();
            }
        }
        for (auto& path : w_.paths) {
            const Worksite& ws = w_.worksites[static_cast<std::size_t>(path.worksite)];
            const int nro = ws.transport ? ws.owner : w_.pms[static_cast<std::size_t>(ws.owner)].nro;
            if (nro == n) {
                path.life.commissioned = Date::never();
            }
        }
    }

    void lay_traps() {
        // A splice closure on the transport path still declared to build, every cable through it
        // in service; the busiest junction of an ordinary zone.
        std::vector<int> through(w_.splices.size(), 0);
        std::vector<bool> built(w_.splices.size(), true);
        for (const auto& c : w_.cables) {
            for (int s : {c.splice1, c.splice2}) {
                if (s >= 0) {
                    through[static_cast<std::size_t>(s)] += 1;
                    built[static_cast<std::size_t>(s)] =
                        built[static_cast<std::size_t>(s)] && c.life.build == Build::built;
                }
            }
        }
        int best = -1, best_cables = 0;
        for (std::size_t p = 0; p < w_.splices.size(); ++p) {
            const Splice& s = w_.splices[p];
            if (!ordinary_nro(s.nro) || s.life.build != Build::built || !built[p] ||
                (chamber_box_ >= 0 && s.node == w_.boxes[static_cast<std::size_t>(chamber_box_)].node)) {
                continue;
            }
            if (through[p] > best_cables) {
                best = static_cast<int>(p);
                best_cables = through[p];
            }
        }
        if (best >= 0) {
            declared_splice_ = best;
            w_.splices[static_cast<std::size_t>(best)].life = Lifecycle{};
        }
        // A pole drawn on the NRO node, and the transport cable leaving that NRO written with an
        // empty cb_nd1 and its line drawn backwards.
        for (std::size_t n = 0; n < w_.nros.size(); ++n) {
            if (!ordinary_nro(static_cast<int>(n))) {
                continue;
            }
            const Nro& nro = w_.nros[n];
            coincident_node_ =
                add_node(w_.nodes[static_cast<std::size_t>(nro.node)].p, false, 'A', nro.worksite);
            for (std::size_t c = 0; c < w_.cables.size(); ++c) {
                Cable& cable = w_.cables[c];
                if (cable.transport && cable.parent < 0 && cable.nro == static_cast<int>(n)) {
                    cable.reversed_empty_end = true;
                    reversed_cable_ = static_cast<int>(c);
                    break;
                }
            }
            break;
        }
        // A few PBOs located only by the cable that names them, whose end node is not delivered.
        std::vector<int> eligible;
        for (std::size_t b = 0; b < w_.boxes.size(); ++b) {
            const Box& box = w_.boxes[b];
            const int bi = static_cast<int>(b);
            if (box.role == BoxRole::normal && box.life.build == Build::built && box.whole_addresses &&
                ordinary_nro(w_.pms[static_cast<std::size_t>(box.pm)].nro) && bi != chamber_box_ &&
                std::find(defect_boxes_.begin(), defect_boxes_.end(), bi) == defect_boxes_.end()) {
                eligible.push_back(bi);
            }
        }
        for (int k = 1; k <= 3 && eligible.size() >= 3; ++k) {
            const int b = eligible[eligible.size() * static_cast<std::size_t>(k) / 4];
            Box& box = w_.boxes[static_cast<std::size_t>(b)];
            box.located_by_cables = true;
            w_.nodes[static_cast<std::size_t>(box.node)].hidden = true;
            w_.paths[static_cast<std::size_t>(w_.cables[static_cast<std::size_t>(box.feed)].path)].dropped =
                true;
            cable_boxes_.push_back(b);
        }
    }

    // Every element's delivery and its number there: shared elements of the split zone first,
    // numbered alike in both halves, then each delivery's own elements.
    void number_elements() {
        const auto nodes = static_cast<int>(w_.nodes.size());
        const auto addresses = static_cast<int>(w_.addresses.size());
        const auto nro_count = static_cast<int>(w_.nros.size());
        const auto pm_count = static_cast<int>(w_.pms.size());
        const auto premises = static_cast<int>(w_.local_address.size());
        const auto nro_halves = [&](int n) -> std::uint8_t { return n == w_.split_nro ? 3 : 1; };
        struct Place {
            int nro = -1;
            std::uint8_t halves = 1;
        };
        const auto pm_place = [&](int p) {
            return Place{w_.pms[static_cast<std::size_t>(p)].nro, w_.pm_half[static_cast<std::size_t>(p)]};
        };
        std::vector<int> comb_nro(w_.combs.size(), 0);
        for (std::size_t c = 0; c < w_.combs.size(); ++c) {
            const Comb& comb = w_.combs[c];
            if (comb.nro >= 0) {
                comb_nro[c] = comb.nro;
                continue;
            }
            double best = 1e300;
            for (int n = 0; n < nro_count; ++n) {
                const double d =
                    distance(comb.entry,
                             w_.nodes[static_cast<std::size_t>(w_.nros[static_cast<std::size_t>(n)].node)].p);
                if (d < best) {
                    best = d;
                    comb_nro[c] = n;
                }
            }
        }
        std::vector<Place> address_place(w_.addresses.size());
        for (int a = 0; a < addresses; ++a) {
            const Address& ad = w_.addresses[static_cast<std::size_t>(a)];
            const int box = w_.local_box[static_cast<std::size_t>(ad.first_local)];
            address_place[static_cast<std::size_t>(a)] =
                box >= 0 ? pm_place(w_.boxes[static_cast<std::size_t>(box)].pm)
                         : Place{comb_nro[static_cast<std::size_t>(ad.comb)], 1};
        }
        std::vector<std::uint8_t> cable_halves(w_.cables.size(), 1);
        for (std::size_t c = 0; c < w_.cables.size(); ++c) {
            const Cable& cable = w_.cables[c];
            if (!cable.transport) {
                cable_halves[c] = w_.pm_half[static_cast<std::size_t>(cable.pm)];
            } else if (cable.nro == w_.split_nro) {
                cable_halves[c] = 0;
            }
        }
        if (w_.split_nro >= 0) {
            for (int p : w_.nros[static_cast<std::size_t>(w_.split_nro)].pms) {
                for (int c = pm_feed_[static_cast<std::size_t>(p)]; c >= 0;
                     c = w_.cables[static_cast<std::size_t>(c)].parent) {
                    cable_halves[static_cast<std::size_t>(c)] |= w_.pm_half[static_cast<std::size_t>(p)];
                }
            }
        }
        std::vector<int> path_cable(w_.paths.size(), -1);
        for (std::size_t c = 0; c < w_.cables.size(); ++c) {
            path_cable[static_cast<std::size_t>(w_.cables[c].path)] = static_cast<int>(c);
        }
        const auto ws_place = [&](int ws) {
            const Worksite& w = w_.worksites[static_cast<std::size_t>(ws)];
            return w.transport ? Place{w.owner, nro_halves(w.owner)} : pm_place(w.owner);
        };
        std::vector<Place> path_place(w_.paths.size());
        for (std::size_t i = 0; i < w_.paths.size(); ++i) {
            Place pl = ws_place(w_.paths[i].worksite);
            if (w_.paths[i].transport && path_cable[i] >= 0) {
                pl.halves = cable_halves[static_cast<std::size_t>(path_cable[i])];
            }
            path_place[i] = pl;
        }
        std::vector<std::uint8_t> node_halves(w_.nodes.size(), 0);
        for (std::size_t c = 0; c < w_.cables.size(); ++c) {
            node_halves[static_cast<std::size_t>(w_.cables[c].n1)] |= cable_halves[c];
            node_halves[static_cast<std::size_t>(w_.cables[c].n2)] |= cable_halves[c];
        }
        for (std::size_t i = 0; i < w_.paths.size(); ++i) {
            node_halves[static_cast<std::size_t>(w_.paths[i].n1)] |= path_place[i].halves;
            node_halves[static_cast<std::size_t>(w_.paths[i].n2)] |= path_place[i].halves;
        }
        const auto node_place = [&](int i) {
            if (i >= nodes) {
                return address_place[static_cast<std::size_t>(i - nodes)];
            }
            const Node& nd = w_.nodes[static_cast<std::size_t>(i)];
            Place pl = nd.owner >= 0 ? ws_place(nd.owner) : Place{0, 1};
            if (node_halves[static_cast<std::size_t>(i)] != 0) {
                pl.halves = node_halves[static_cast<std::size_t>(i)];
            }
            return pl;
        };

        const auto number = [&](Kind kind, int count, auto&& place, auto&& exists) {
            Numbering& out = w_.numbering[static_cast<std::size_t>(kind)];
            out.number.assign(static_cast<std::size_t>(count), 0);
            out.nro.assign(static_cast<std::size_t>(count), -1);
            out.halves.assign(static_cast<std::size_t>(count), 0);
            std::vector<int> shared(w_.nros.size(), 0);
            for (int i = 0; i < count; ++i) {
                if (!exists(i)) {
                    continue;
                }
                const Place pl = place(i);
                out.nro[static_cast<std::size_t>(i)] = pl.nro;
                out.halves[static_cast<std::size_t>(i)] = pl.halves;
                if (pl.halves == 3) {
                    out.number[static_cast<std::size_t>(i)] = ++shared[static_cast<std::size_t>(pl.nro)];
                }
            }
            std::vector<std::array<int, 2>> own(w_.nros.size());
            for (std::size_t n = 0; n < w_.nros.size(); ++n) {
                own[n] = {shared[n], shared[n]};
            }
            for (int i = 0; i < count; ++i) {
                const auto k = static_cast<std::size_t>(i);
                if (out.nro[k] >= 0 && out.halves[k] != 3) {
                    out.number[k] = ++own[static_cast<std::size_t>(out.nro[k])][out.halves[k] == 2 ? 1 : 0];
                }
            }
        };
        const auto always = [](int) { return true; };
        number(Kind::node, nodes + addresses, node_place,
               [&](int i) { return i >= nodes || !w_.nodes[static_cast<std::size_t>(i)].dropped; });
        number(Kind::ptech, nodes, node_place, [&](int i) {
            const Node& nd = w_.nodes[static_cast<std::size_t>(i)];
            return !nd.site && !nd.hidden && !nd.dropped;
        });
        number(
            Kind::path, static_cast<int>(w_.paths.size()),
            [&](int i) { return path_place[static_cast<std::size_t>(i)]; },
            [&](int i) { return !w_.paths[static_cast<std::size_t>(i)].dropped; });
        const auto drop_place = [&](std::size_t k) {
            return address_place[static_cast<std::size_t>(
                w_.local_address[static_cast<std::size_t>(w_.drops[k].local)])];
        };
        const auto cable_count = static_cast<int>(w_.cables.size());
        number(
            Kind::cable, cable_count + static_cast<int>(w_.drops.size()),
            [&](int i) {
                if (i >= cable_count) {
                    return drop_place(static_cast<std::size_t>(i - cable_count));
                }
                const Cable& c = w_.cables[static_cast<std::size_t>(i)];
                return Place{c.nro, cable_halves[static_cast<std::size_t>(i)]};
            },
            always);
        const auto boxes = static_cast<int>(w_.boxes.size());
        const auto splice_end = boxes + static_cast<int>(w_.splices.size());
        number(
            Kind::box, splice_end + static_cast<int>(w_.drops.size()),
            [&](int i) {
                if (i < boxes) {
                    return pm_place(w_.boxes[static_cast<std::size_t>(i)].pm);
                }
                if (i >= splice_end) {
                    return drop_place(static_cast<std::size_t>(i - splice_end));
                }
                return node_place(w_.splices[static_cast<std::size_t>(i - boxes)].node);
            },
            always);
        number(
            Kind::zpbo, boxes, [&](int i) { return pm_place(w_.boxes[static_cast<std::size_t>(i)].pm); },
            always);
        const auto network_place = [&](int i) {
            return i < nro_count ? Place{i, nro_halves(i)} : pm_place(i - nro_count);
        };
        number(
            Kind::site, nro_count + pm_count + addresses,
            [&](int i) {
                return i < nro_count + pm_count
                           ? network_place(i)
                           : address_place[static_cast<std::size_t>(i - nro_count - pm_count)];
            },
            always);
        number(
            Kind::local, premises + nro_count + pm_count,
            [&](int i) {
                return i < premises ? address_place[static_cast<std::size_t>(
                                          w_.local_address[static_cast<std::size_t>(i)])]
                                    : network_place(i - premises);
            },
            always);
        number(Kind::rack, nro_count + pm_count, network_place, always);
        number(
            Kind::address, addresses, [&](int i) { return address_place[static_cast<std::size_t>(i)]; },
            always);
        number(
            Kind::znro, nro_count,
            [&](int i) {
                return Place{i, nro_halves(i)};
            },
            always);
        number(Kind::zsro, pm_count, pm_place, always);
        for (int n = 0; n < nro_count; ++n) {
            const std::string name = fmt::format("nro-17-{:03d}", n + 1);
            if (n == w_.split_nro) {
                w_.deliveries.push_back({name + "-a", n, 1});
                w_.deliveries.push_back({name + "-b", n, 2});
            } else {
                w_.deliveries.push_back({name, n, 1});
            }
        }
    }

    // What a correct engine gives for each trap, from the truth.
    void describe_traps() {
        const auto premises_of_pms = [&](const std::vector<int>& pms, std::int64_t& fed) {
            std::int64_t all = 0;
            fed = 0;
            for (int p : pms) {
                for (int b : w_.pms[static_cast<std::size_t>(p)].boxes) {
                    for (int l : w_.boxes[static_cast<std::size_t>(b)].locals) {
                        ++all;
                        fed += w_.raccordable_since[static_cast<std::size_t>(l)] <= w_.delivery ? 1 : 0;
                    }
                }
            }
            return all;
        };
        if (w_.split_nro >= 0) {
            const Nro& nro = w_.nros[static_cast<std::size_t>(w_.split_nro)];
            for (std::uint8_t half : {std::uint8_t{1}, std::uint8_t{2}}) {
                std::vector<int> pms;
                for (int p : nro.pms) {
                    if (w_.pm_half[static_cast<std::size_t>(p)] == half) {
                        pms.push_back(p);
                    }
                }
                std::int64_t fed = 0;
                const std::int64_t all = premises_of_pms(pms, fed);
                w_.traps.push_back(
                    {"shared_nro",
                     {Kind::local, nro_local_index(w_, w_.split_nro)},
                     half,
                     fmt::format(
                         "one NRO ({}) for both folders, same node; the {} PM zones of this folder ({} "
                         "premises, {} raccordable on {}) fed by it",
                         nro_ref(w_.split_nro), pms.size(), all, fed, w_.delivery.iso())});
            }
        }
        if (declared_splice_ >= 0) {
            const int node = w_.splices[static_cast<std::size_t>(declared_splice_)].node;
            std::vector<int> behind;
            for (int p :
                 w_.nros[static_cast<std::size_t>(w_.splices[static_cast<std::size_t>(declared_splice_)].nro)]
                     .pms) {
                for (int c = pm_feed_[static_cast<std::size_t>(p)]; c >= 0;
                     c = w_.cables[static_cast<std::size_t>(c)].parent) {
                    const Cable& cable = w_.cables[static_cast<std::size_t>(c)];
                    if (cable.n1 == node || cable.n2 == node) {
                        behind.push_back(p);
                        break;
                    }
                }
            }
            std::int64_t fed = 0;
            const std::int64_t all = premises_of_pms(behind, fed);
            w_.traps.push_back(
                {"bpe_declared_to_build",
                 {Kind::box, static_cast<int>(w_.boxes.size()) + declared_splice_},
                 0,
                 fmt::format("BPE PRO/C, its cables REC/E: the cables decide; the {} premises of the {} "
                             "PM zones behind it are raccordable as if it were built ({} on {})",
                             all, behind.size(), fed, w_.delivery.iso())});
        }
        if (chamber_box_ >= 0) {
            const Box& box = w_.boxes[static_cast<std::size_t>(chamber_box_)];
            const Date since = w_.raccordable_since[static_cast<std::size_t>(box.locals.front())];
            w_.traps.push_back(
                {"transport_bpe_and_pbo_in_one_chamber",
                 {Kind::box, chamber_box_},
                 0,
                 fmt::format("its {} premises are fed through their PM {} and raccordable since {}, "
                             "not {} (straight from the transport)",
                             box.locals.size(), pm_refpm(box.pm), since.iso(),
                             Date{chamber_wrong_date_}.iso())});
        }
        if (coincident_node_ >= 0) {
            const int n = w_.numbering[static_cast<std::size_t>(Kind::node)]
                              .nro[static_cast<std::size_t>(coincident_node_)];
            w_.traps.push_back(
                {"coincident_nodes",
                 {Kind::node, coincident_node_},
                 0,
                 fmt::format("a pole at exactly the NRO node {}: the NRO's cables and site stay on the "
                             "NRO node, nothing is fed through the pole",
                             code_of(w_, Kind::node, w_.nros[static_cast<std::size_t>(n)].node))});
        }
        if (reversed_cable_ >= 0) {
            w_.traps.push_back(
                {"reversed_cable_empty_end",
                 {Kind::cable, reversed_cable_},
                 0,
                 "cb_nd1 and cb_ba1 empty, line drawn from its far end to the NRO: fed normally, "
                 "its NRO end found from the geometry"});
        }
        for (int b : cable_boxes_) {
            const Box& box = w_.boxes[static_cast<std::size_t>(b)];
            const Date since = w_.raccordable_since[static_cast<std::size_t>(box.locals.front())];
            w_.traps.push_back(
                {"box_located_by_cables",
                 {Kind::box, b},
                 0,
                 fmt::format("no bp_pt_code nor bp_lc_code, end node {} not in t_noeud: placed at the "
                             "end of cable {}; its {} premises fed normally, raccordable since {}",
                             code_of(w_, Kind::node, box.node), code_of(w_, Kind::cable, box.feed),
                             box.locals.size(), since.is_never() ? std::string("never") : since.iso())});
        }
        if (w_.no_datemes_nro >= 0) {
            std::int64_t fed = 0;
            const std::int64_t all =
                premises_of_pms(w_.nros[static_cast<std::size_t>(w_.no_datemes_nro)].pms, fed);
            w_.traps.push_back(
                {"no_datemes",
                 {Kind::local, nro_local_index(w_, w_.no_datemes_nro)},
                 0,
                 fmt::format("no *_datemes in the folder: raccordable_since from *_dateins ({} of {} "
                             "premises raccordable on {})",
                             fed, all, w_.delivery.iso())});
        }
    }

    World& w_;
    Random& r_;
    std::vector<std::vector<std::vector<int>>> branch_boxes_; ///< comb -> branch -> boxes in order
    std::vector<int> pm_feed_;                                ///< PM -> transport cable ending at it
    std::vector<int> defect_boxes_;                           ///< boxes the injected defects use
    int chamber_box_ = -1;                                    ///< the PBO in a transport junction chamber
    int chamber_wrong_date_ = 0;   ///< what feeding that PBO straight from the transport would give
    int declared_splice_ = -1;     ///< the splice closure declared to build
    std::vector<int> cable_boxes_; ///< PBOs located only by their cables
    int coincident_node_ = -1;     ///< the pole drawn on the NRO node
    int reversed_cable_ = -1;      ///< the transport cable written with an empty cb_nd1
};

} // namespace

void build_network(World& world, Random& random) {
    NetworkBuilder builder(world, random);
    builder.build();
}

} // namespace fibre::demo
