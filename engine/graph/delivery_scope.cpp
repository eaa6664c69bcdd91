#include "engine/graph/delivery_scope.hpp"

#include "engine/graph/service_dates.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_set>

namespace fibre::graph {

std::string ScopedCodes::resolve(std::int32_t delivery, const std::string& code) const {
    if (code.empty() || (keys_.empty() && owner_.empty())) {
        return code;
    }
    if (const auto own = owner_.find(code); own != owner_.end()) {
        if (own->second == delivery) {
            return code;
        }
    } else if (const auto it = keys_.find(code); it != keys_.end()) {
        for (const auto& [d, key] : it->second) {
            if (d == delivery) {
                return key;
            }
        }
    } else {
        return code; // no delivery has it: reported under its own code
    }
    // Named from a delivery that has no such element: the reference leads nowhere, and the
    // checks report it under a key that says from where it was made.
    const auto label = labels_.find(delivery);
    return fmt::format("{}@{}", code, label == labels_.end() ? std::to_string(delivery) : label->second);
}

void ScopedCodes::add(const std::string& code, std::int32_t delivery, std::string key) {
    auto& keys = keys_[code];
    for (const auto& [d, k] : keys) {
        if (d == delivery) {
            return; // a code given twice inside one delivery: the first one answers for it
        }
    }
    keys.emplace_back(delivery, std::move(key));
}

namespace {

double distance(const model::Point& a, const model::Point& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

const std::string& label_of(const std::unordered_map<std::int32_t, std::string>& labels, std::int32_t d) {
    static const std::string none;
    const auto it = labels.find(d);
    return it == labels.end() ? none : it->second;
}

std::string keyed(const std::string& code, const std::string& label) {
    std::string key;
    key.reserve(code.size() + 1 + label.size());
    key.append(code).append(1, '@').append(label);
    return key;
}

// How the instances of one kind of element are compared and described.
template <typename T>
struct Kind;

template <>
struct Kind<model::Node> {
    static constexpr const char* name = "node";
    static constexpr bool merge_into_one = false; // each delivery's geometry meets its own node
    static bool same(const model::Node& a, const model::Node& b, double within) {
        return distance(a.position, b.position) <= within;
    }
    static std::optional<model::Point> at(const model::Node& n) { return n.position; }
    static std::string difference(const model::Node&, const model::Node&) { return {}; }
    static std::tuple<int, int, Date> rank(const model::Node&) { return {0, 0, Date::always()}; }
};

std::string life_difference(const model::Lifecycle& a, const model::Lifecycle& b) {
    std::vector<std::string> parts;
    const auto date = [](const std::optional<Date>& d) { return d ? d->iso() : std::string("none"); };
    if (a.statut != b.statut || a.avct != b.avct) {
        parts.push_back(fmt::format("status {}/{} against {}/{}", a.statut.empty() ? "-" : a.statut,
                                    a.avct.empty() ? "-" : a.avct, b.statut.empty() ? "-" : b.statut,
                                    b.avct.empty() ? "-" : b.avct));
    }
    if (a.in_service != b.in_service) {
        parts.push_back(fmt::format("commissioning {} against {}", date(a.in_service), date(b.in_service)));
    }
    if (a.built != b.built) {
        parts.push_back(fmt::format("installation {} against {}", date(a.built), date(b.built)));
    }
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out;
}

// Which of two deliveries' versions of one element is further in its life: in service first,
// then the one that says when it was commissioned (not only installed), then the earlier.
std::tuple<int, int, Date> life_rank(const model::Lifecycle& life) {
    const auto start = service_start(life);
    return {start.from.is_never() ? 1 : 0, life.in_service ? 0 : 1, start.from};
}

template <>
struct Kind<model::Site> {
    static constexpr const char* name = "site";
    static constexpr bool merge_into_one = true;
    static bool same(const model::Site& a, const model::Site& b, double within) {
        return a.is_nro() == b.is_nro() && a.is_pm() == b.is_pm() &&
               distance(a.position, b.position) <= within;
    }
    static std::optional<model::Point> at(const model::Site& s) { return s.position; }
    static std::string difference(const model::Site& a, const model::Site& b) {
        auto d = life_difference(a.life, b.life);
        if (a.ref_pm != b.ref_pm) {
            d += fmt::format("{}ReferencePM {} against {}", d.empty() ? "" : ", ", a.ref_pm, b.ref_pm);
        }
        return d;
    }
    static std::tuple<int, int, Date> rank(const model::Site& s) { return life_rank(s.life); }
};

template <>
struct Kind<model::Box> {
    static constexpr const char* name = "box";
    static constexpr bool merge_into_one = true;
    static bool same(const model::Box& a, const model::Box& b, double within) {
        return a.type == b.type && distance(a.position, b.position) <= within;
    }
    static std::optional<model::Point> at(const model::Box& b) { return b.position; }
    static std::string difference(const model::Box& a, const model::Box& b) {
        return life_difference(a.life, b.life);
    }
    static std::tuple<int, int, Date> rank(const model::Box& b) { return life_rank(b.life); }
};

template <>
struct Kind<model::Link> {
    static constexpr const char* name = "link";
    static constexpr bool merge_into_one = true;
    static bool same(const model::Link& a, const model::Link& b, double within) {
        if (a.kind != b.kind) {
            return false;
        }
        if (a.geometry.size() >= 2 && b.geometry.size() >= 2) {
            const auto& a0 = a.geometry.front();
            const auto& a1 = a.geometry.back();
            const auto& b0 = b.geometry.front();
            const auto& b1 = b.geometry.back();
            return (distance(a0, b0) <= within && distance(a1, b1) <= within) ||
                   (distance(a0, b1) <= within && distance(a1, b0) <= within);
        }
        return (a.node1 == b.node1 && a.node2 == b.node2) || (a.node1 == b.node2 && a.node2 == b.node1);
    }
    static std::optional<model::Point> at(const model::Link& l) {
        return l.geometry.empty() ? std::nullopt : std::optional(l.geometry.front());
    }
    static std::string difference(const model::Link& a, const model::Link& b) {
        auto d = life_difference(a.life, b.life);
        if (a.level != b.level) {
            d += fmt::format("{}level {} against {}", d.empty() ? "" : ", ", a.level, b.level);
        }
        return d;
    }
    static std::tuple<int, int, Date> rank(const model::Link& l) { return life_rank(l.life); }
};

template <>
struct Kind<model::Zone> {
    static constexpr const char* name = "zone";
    static constexpr bool merge_into_one = false;
    // Each delivery draws its own part of a zone, and its owner's code is a per-delivery code:
    // zones are told apart, never joined.
    static bool same(const model::Zone&, const model::Zone&, double) { return false; }
    static std::optional<model::Point> at(const model::Zone&) { return std::nullopt; }
    static std::string difference(const model::Zone&, const model::Zone&) { return {}; }
    static std::tuple<int, int, Date> rank(const model::Zone&) { return {0, 0, Date::always()}; }
};

const char* link_name(const model::Link& l) {
    return l.kind == model::LinkKind::cable ? "cable" : "path";
}
template <typename T>
const char* what(const T&) {
    return Kind<T>::name;
}
const char* what(const model::Link& l) {
    return link_name(l);
}
const char* what(const model::Site& s) {
    return s.is_nro() ? "NRO" : (s.is_pm() ? "PM" : "site");
}

/// Scopes one kind of element: keys for its codes, duplicates of shared elements dropped (or,
/// for nodes, joined to the first through same_as), conflicts between them recorded. With
/// @p referenced, also how references to them resolve (the codes returned).
template <typename T>
ScopedCodes scope(std::vector<T>& items, const std::unordered_map<std::int32_t, std::string>& labels,
                  double within, DeliveryScope& out, bool referenced = true) {
    ScopedCodes codes;
    codes.set_labels(labels);
    // Each code a group; a group that more than one delivery uses is scoped, the others belong
    // to their one delivery.
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> group_of(items.size(), none);
    std::vector<std::size_t> group_first; // an item of each group
    std::vector<char> group_colliding;
    {
        std::unordered_map<std::string_view, std::uint32_t> group; // views of the items' codes
        group.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (items[i].code.empty()) {
                continue;
            }
            const auto [it, inserted] =
                group.emplace(items[i].code, static_cast<std::uint32_t>(group_first.size()));
            if (inserted) {
                group_first.push_back(i);
                group_colliding.push_back(0);
            } else if (items[group_first[it->second]].delivery != items[i].delivery) {
                group_colliding[it->second] = 1;
            }
            group_of[i] = it->second;
        }
    }
    // Items of the colliding groups, group by group (a counting sort).
    std::vector<std::uint32_t> start(group_first.size() + 1, 0);
    bool any = false;
    for (std::size_t g = 0; g < group_first.size(); ++g) {
        if (group_colliding[g] == 0) {
            if (referenced) {
                codes.own(items[group_first[g]].code, items[group_first[g]].delivery);
            }
        } else {
            any = true;
        }
    }
    if (!any) {
        return codes;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (group_of[i] != none && group_colliding[group_of[i]] != 0) {
            ++start[group_of[i] + 1];
        }
    }
    for (std::size_t g = 0; g < group_first.size(); ++g) {
        start[g + 1] += start[g];
    }
    std::vector<std::size_t> members(start.back());
    {
        auto fill = start;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (group_of[i] != none && group_colliding[group_of[i]] != 0) {
                members[fill[group_of[i]]++] = i;
            }
        }
    }
    group_of.clear();
    group_of.shrink_to_fit();
    std::vector<char> drop(items.size(), 0);
    // Codes in a fixed order, for the same defects in the same order whatever the import order.
    std::vector<std::uint32_t> order;
    for (std::size_t g = 0; g < group_first.size(); ++g) {
        if (group_colliding[g] != 0) {
            order.push_back(static_cast<std::uint32_t>(g));
        }
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return items[group_first[a]].code < items[group_first[b]].code;
    });
    std::vector<std::size_t> list;
    std::vector<std::vector<std::size_t>> clusters;
    for (const std::uint32_t g : order) {
        const std::string code = items[group_first[g]].code;
        list.assign(members.begin() + start[g], members.begin() + start[g + 1]);
        // Deliveries in label order, so that keys do not depend on which was imported first.
        std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
            return label_of(labels, items[a].delivery) < label_of(labels, items[b].delivery);
        });
        // One element per cluster: an instance joins the first cluster whose first instance is
        // the same element from another delivery that the cluster does not hold yet.
        clusters.clear();
        for (const std::size_t i : list) {
            std::vector<std::size_t>* home = nullptr;
            for (auto& c : clusters) {
                if (Kind<T>::same(items[i], items[c.front()], within) &&
                    std::none_of(c.begin(), c.end(),
                                 [&](std::size_t j) { return items[j].delivery == items[i].delivery; })) {
                    home = &c;
                    break;
                }
            }
            if (home == nullptr) {
                clusters.emplace_back();
                home = &clusters.back();
            }
            home->push_back(i);
        }
        for (auto& c : clusters) {
            // The one furthest in its life answers for all: a delivery that still shows a shared
            // element to build predates its commissioning.
            std::stable_sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) {
                return Kind<T>::rank(items[a]) < Kind<T>::rank(items[b]);
            });
            const std::size_t first = c.front();
            const std::string key =
                clusters.size() == 1 ? code : keyed(code, label_of(labels, items[first].delivery));
            if (c.size() > 1) {
                ++out.shared;
            } else if (clusters.size() > 1) {
                ++out.told_apart;
            }
            for (const std::size_t m : c) {
                if (m == first) {
                    if (referenced) {
                        codes.add(code, items[m].delivery, key);
                    }
                    continue;
                }
                if constexpr (Kind<T>::merge_into_one) {
                    if (referenced) {
                        codes.add(code, items[m].delivery, key);
                    }
                    drop[m] = 1;
                    const auto diff = Kind<T>::difference(items[first], items[m]);
                    if (!diff.empty()) {
                        const auto& a = label_of(labels, items[first].delivery);
                        const auto& b = label_of(labels, items[m].delivery);
                        out.defects.push_back(
                            {"SHARED_ELEMENT_CONFLICT", model::Severity::warning, key,
                             Kind<T>::at(items[first]),
                             fmt::format("The {} {} is delivered by {} and by {}, which disagree on it ({}); "
                                         "the one of {}, further in its life, is used.",
                                         what(items[first]), code, a, b, diff, a)});
                    }
                } else {
                    auto own = keyed(code, label_of(labels, items[m].delivery));
                    if (own == key) {
                        own += "~";
                    }
                    if (referenced) {
                        codes.add(code, items[m].delivery, own);
                    }
                    if constexpr (std::is_same_v<T, model::Node>) {
                        items[m].same_as = key;
                    }
                    items[m].code = std::move(own);
                }
            }
            items[first].code = key; // the dropped ones go below
        }
    }
    if (std::find(drop.begin(), drop.end(), 1) != drop.end()) {
        std::size_t w = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (drop[i] == 0) {
                if (w != i) {
                    items[w] = std::move(items[i]);
                }
                ++w;
            }
        }
        items.resize(w);
    }
    return codes;
}

} // namespace

DeliveryScope scope_deliveries(std::vector<model::Node>& nodes, std::vector<model::Link>& links,
                               std::vector<model::Site>& sites, std::vector<model::Box>& boxes,
                               std::vector<model::Zone>& zones,
                               const std::unordered_map<std::int32_t, std::string>& labels,
                               const DeliveryScopeOptions& options) {
    DeliveryScope out;
    std::unordered_set<std::int32_t> seen;
    const auto note = [&](const auto& items) {
        for (const auto& item : items) {
            seen.insert(item.delivery);
            if (seen.size() > 1) {
                return;
            }
        }
    };
    note(nodes);
    note(links);
    note(sites);
    note(boxes);
    note(zones);
    if (seen.size() < 2) {
        out.deliveries = seen.size();
        return out;
    }
    {
        // The number of distinct deliveries, for the analysis' log.
        std::unordered_set<std::int32_t> all;
        for (const auto& n : nodes) {
            all.insert(n.delivery);
        }
        for (const auto& l : links) {
            all.insert(l.delivery);
        }
        out.deliveries = all.size();
    }
    const double within = options.shared_within_m;
    // Cables and paths are scoped apart: a path and a cable may share a code.
    std::vector<model::Link> cables;
    std::vector<model::Link> paths;
    for (auto& l : links) {
        (l.kind == model::LinkKind::cable ? cables : paths).push_back(std::move(l));
    }
    out.nodes = scope(nodes, labels, within, out);
    out.sites = scope(sites, labels, within, out);
    out.boxes = scope(boxes, labels, within, out);
    out.zones = scope(zones, labels, within, out);
    // Nothing the analysis reads names a link: their codes need keys, not a way to be resolved.
    (void)scope(cables, labels, within, out, false);
    (void)scope(paths, labels, within, out, false);
    links.clear();
    links.reserve(cables.size() + paths.size());
    for (auto* part : {&cables, &paths}) {
        for (auto& l : *part) {
            links.push_back(std::move(l));
        }
    }
    // References are resolved inside the delivery that makes them.
    for (auto& l : links) {
        l.node1 = out.nodes.resolve(l.delivery, l.node1);
        l.node2 = out.nodes.resolve(l.delivery, l.node2);
        l.box1 = out.boxes.resolve(l.delivery, l.box1);
        l.box2 = out.boxes.resolve(l.delivery, l.box2);
    }
    for (auto& s : sites) {
        s.node_code = out.nodes.resolve(s.delivery, s.node_code);
    }
    for (auto& b : boxes) {
        b.node_code = out.nodes.resolve(b.delivery, b.node_code);
    }
    for (auto& z : zones) {
        z.owner_code = z.kind == "zpbo" ? out.boxes.resolve(z.delivery, z.owner_code)
                                        : out.sites.resolve(z.delivery, z.owner_code);
    }
    // Only boxes and zones are named later (by premises and IPE lines).
    out.nodes.clear();
    out.sites.clear();
    return out;
}

void scope_premises(std::vector<model::Premise>& premises, const DeliveryScope& scope) {
    if (scope.boxes.empty() && scope.zones.empty()) {
        return;
    }
    for (auto& p : premises) {
        p.declared_pbo = scope.box(p.delivery, p.declared_pbo);
        p.pbo_zone = scope.zone(p.delivery, p.pbo_zone);
    }
}

void scope_drops(std::vector<model::Drop>& drops, const DeliveryScope& scope) {
    if (scope.boxes.empty()) {
        return;
    }
    for (auto& d : drops) {
        d.pbo_code = scope.box(d.delivery, d.pbo_code);
    }
}

} // namespace fibre::graph
