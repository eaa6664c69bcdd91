#pragma once
/// @file service_dates.hpp
/// When a network element is in service, from its declared status, progress and dates.
/// The rules are those of docs/figures.md ("When a network element is in service").

#include "engine/model/lifecycle.hpp"
#include "engine/support/date.hpp"

namespace fibre::graph {

/// The date from which an element counts as in service.
struct ServiceStart {
    Date from = Date::never(); ///< never() when it is never in service; always() when built with no date
    bool built_without_date = false; ///< rule 4: built, but no date at all
    bool dropped = false;            ///< rule 1: abandoned or out of service (no works will build it)
    bool from_installation = false;  ///< rule 3: dated by its installation (*_dateins), no commissioning date
};

/// Applies the in-service rules to one element's lifecycle. Never throws.
ServiceStart service_start(const model::Lifecycle& life);

} // namespace fibre::graph
