#include "engine/graph/service_dates.hpp"

namespace fibre::graph {

ServiceStart service_start(const model::Lifecycle& life) {
    const std::string& avct = life.avct;
    if (avct == "A" || avct == "H" || life.out_of_service) {
        return {};
    }
    if (avct == "C" || avct == "T") {
        return {};
    }
    const bool built =
        avct == "E" || avct == "S" || (avct.empty() && (life.statut == "REC" || life.statut == "MCO"));
    if (!built) {
        return {};
    }
    if (life.in_service) {
        return {*life.in_service, false};
    }
    if (life.built) {
        return {*life.built, false};
    }
    return {Date::always(), true};
}

} // namespace fibre::graph
