#pragma once
/// @file delivery_scope.hpp
/// Several deliveries in one store. Producers number codes per delivery (LC000000000001,
/// CM000000000001...), so two deliveries of one département reuse the same codes for
/// different things, while the elements both carry (the NRO, its node, shared transport)
/// keep their code and sit a metre or two apart in each. scope_deliveries() makes every code
/// unique before the analysis sees it: an element whose code no other delivery uses keeps
/// it; elements of one code and one kind within a couple of metres of each other in several
/// deliveries are one element; the others are told apart as "CODE@delivery". References
/// (a cable's end nodes and boxes, a site's node...) are resolved inside the delivery that
/// makes them. The rules are those of docs/figures.md ("Several deliveries in one store").

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/territory.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fibre::graph {

/// How near two elements of one code must be to be one element.
struct DeliveryScopeOptions {
    double shared_within_m = 2.0; ///< metres
};

/// The keys given to the codes of one kind of element that several deliveries use.
class ScopedCodes {
public:
    /// The key of the element that @p code names from @p delivery: @p code itself when no
    /// other delivery uses it.
    [[nodiscard]] std::string resolve(std::int32_t delivery, const std::string& code) const;
    /// Records that @p code, as @p delivery delivers it, is @p key.
    void add(const std::string& code, std::int32_t delivery, std::string key);
    /// Records that @p code is delivered by @p delivery alone: named from another delivery, it
    /// names nothing there.
    void own(std::string code, std::int32_t delivery) { owner_.emplace(std::move(code), delivery); }
    /// The label of each delivery, for keys of references that lead nowhere.
    void set_labels(std::unordered_map<std::int32_t, std::string> labels) { labels_ = std::move(labels); }
    [[nodiscard]] bool empty() const { return keys_.empty() && owner_.empty(); }
    /// Forgets everything (once the references that need it are resolved).
    void clear() {
        keys_.clear();
        owner_.clear();
    }

private:
    std::unordered_map<std::string, std::vector<std::pair<std::int32_t, std::string>>> keys_;
    std::unordered_map<std::string, std::int32_t> owner_; ///< codes a single delivery gives
    std::unordered_map<std::int32_t, std::string> labels_;
};

/// What scope_deliveries found and how it resolves references made later (premises).
struct DeliveryScope {
    ScopedCodes nodes;
    ScopedCodes sites;
    ScopedCodes boxes;
    ScopedCodes zones;
    std::size_t deliveries = 0;         ///< distinct deliveries among the network's elements
    std::size_t shared = 0;             ///< elements delivered by several deliveries, taken as one
    std::size_t told_apart = 0;         ///< elements whose code another delivery gives to something else
    std::vector<model::Defect> defects; ///< SHARED_ELEMENT_CONFLICT
    /// The key of the box a premise of @p delivery names (its declared PBO).
    [[nodiscard]] std::string box(std::int32_t delivery, const std::string& code) const {
        return boxes.resolve(delivery, code);
    }
    /// The key of the zone a premise of @p delivery names (its v2 PBO zone).
    [[nodiscard]] std::string zone(std::int32_t delivery, const std::string& code) const {
        return zones.resolve(delivery, code);
    }
};

/// Makes the codes of @p nodes, @p links, @p sites, @p boxes and @p zones unique across
/// deliveries, in place, and resolves their references to each other. Elements delivered by
/// several deliveries are kept once (nodes stay, each joined to the first: every delivery's
/// geometry is checked against its own node); when the deliveries disagree on them (status,
/// dates, type), the one most advanced in its life is kept and the conflict is a defect.
/// With a single delivery nothing changes. @p labels names each delivery. Never throws.
DeliveryScope scope_deliveries(std::vector<model::Node>& nodes, std::vector<model::Link>& links,
                               std::vector<model::Site>& sites, std::vector<model::Box>& boxes,
                               std::vector<model::Zone>& zones,
                               const std::unordered_map<std::int32_t, std::string>& labels,
                               const DeliveryScopeOptions& options = {});

/// Resolves the boxes and zones @p premises name (declared PBO, v2 PBO zone) inside each
/// premise's delivery, in place. Premises keep their own codes: (delivery, code) tells them
/// apart. Never throws.
void scope_premises(std::vector<model::Premise>& premises, const DeliveryScope& scope);

/// Resolves the PBO each drop names inside the drop's delivery, in place. Never throws.
void scope_drops(std::vector<model::Drop>& drops, const DeliveryScope& scope);

} // namespace fibre::graph
