#include "engine/rollout/lifecycle_rules.hpp"

#include "engine/support/text.hpp"

namespace fibre::rollout {

bool is_dropped(const model::Lifecycle& life) {
    const auto avct = text::upper(text::trim(life.avct));
    return avct == "A" || avct == "H" || life.out_of_service.has_value();
}

bool is_unfinished(const model::Lifecycle& life) {
    const auto avct = text::upper(text::trim(life.avct));
    return avct == "C" || avct == "T";
}

Date service_start(const model::Lifecycle& life) {
    if (is_dropped(life) || is_unfinished(life)) {
        return Date::never();
    }
    const auto avct = text::upper(text::trim(life.avct));
    const auto statut = text::upper(text::trim(life.statut));
    const bool built = avct == "E" || avct == "S" || (avct.empty() && (statut == "REC" || statut == "MCO"));
    if (!built) {
        return Date::never();
    }
    if (life.in_service) {
        return *life.in_service;
    }
    if (life.built) {
        return *life.built;
    }
    return Date::always();
}

} // namespace fibre::rollout
