#pragma once
/// @file lifecycle.hpp
/// The declared life of a network element (GraceTHD status, progress and dates),
/// from which the graph engine derives when it is in service.

#include "engine/support/date.hpp"

#include <optional>
#include <string>

namespace fibre::model {

struct Lifecycle {
    std::string statut;             ///< project phase, l_statut: PRE DIA AVP PRO ACT EXE TVX REC MCO
    std::string avct;               ///< progress, l_avancement: E C T S H A
    std::optional<Date> built;      ///< construction/installation date (cb_dateins, cm_datcons, *_dateins)
    std::optional<Date> in_service; ///< commissioning date (*_datemes)
    std::optional<Date> out_of_service; ///< date it went out of service or was abandoned, when known
    friend bool operator==(const Lifecycle&, const Lifecycle&) = default;
};

} // namespace fibre::model
