#include "engine/rollout/lifecycle_rules.hpp"

#include "engine/graph/service_dates.hpp"
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
    return graph::service_start(life).from;
}

} // namespace fibre::rollout
