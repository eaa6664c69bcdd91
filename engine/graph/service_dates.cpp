#include "engine/graph/service_dates.hpp"

#include "engine/support/text.hpp"

namespace fibre::graph {

ServiceStart service_start(const model::Lifecycle& life) {
    // Codes are compared as delivered modulo case and blanks ("e", " E ").
    const std::string avct = text::upper(text::trim(life.avct));
    const std::string statut = text::upper(text::trim(life.statut));
    if (avct == "A" || avct == "H" || life.out_of_service) {
        return {Date::never(), false, true};
    }
    if (avct == "C" || avct == "T") {
        return {};
    }
    const bool built = avct == "E" || avct == "S" || (avct.empty() && (statut == "REC" || statut == "MCO"));
    if (!built) {
        return {};
    }
    if (life.in_service) {
        return {*life.in_service, false};
    }
    if (life.built) {
        return {*life.built, false, false, true};
    }
    return {Date::always(), true};
}

} // namespace fibre::graph
